"""The coaching allowance: calls that reach the model, per person and period.

``User.coaching_count`` counts the model calls made in the current period, which ends at
``User.coaching_reset_at`` (empty until the first call). A call reserves one unit *before*
it reaches the model, with a single conditional UPDATE, and gives it back if the model
fails. The UPDATE both checks and increments, so any number of simultaneous requests
yields at most the allowance: on PostgreSQL a concurrent UPDATE of the same row waits for
the first to commit and then re-checks the WHERE clause against the new row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Case, F, Q, Value, When
from django.utils import dateformat, timezone

from accounts.models import User
from config.refusal import Refusal

_RESET_FORMAT = r"j F Y \a\t H:i"


def reset_time_text(moment: datetime, timezone_name: str) -> str:
    """“3 December 2026 at 14:05 (Europe/London)”: in the person's zone, named."""
    local = timezone.localtime(moment, ZoneInfo(timezone_name))
    return f"{dateformat.format(local, _RESET_FORMAT)} ({timezone_name})"


class CoachingAllowanceSpent(Refusal):
    """The person has asked the model as often as the period allows (429 until it resets)."""

    def __init__(self, *, allowance: int, resets_at: datetime | None, timezone_name: str = "UTC") -> None:
        when = f" It resets on {reset_time_text(resets_at, timezone_name)}." if resets_at is not None else ""
        message = (
            f"You have used all {allowance} coach questions for this period.{when} "
            "Answers the coach has already given stay free to ask again."
        )
        wait = (resets_at - timezone.now()).total_seconds() if resets_at is not None else None
        super().__init__(message, status=429, retry_after=wait)
        self.allowance = allowance
        self.resets_at = resets_at


@dataclass(frozen=True)
class AllowanceStatus:
    allowance: int
    used: int
    resets_at: datetime | None  # None: the period starts with the next call

    @property
    def remaining(self) -> int:
        return max(self.allowance - self.used, 0)

    @property
    def period_days(self) -> int:
        return settings.COACHING_PERIOD_DAYS


@dataclass(frozen=True)
class Reservation:
    """One unit taken from the allowance, for the period ending at ``period_ends_at``."""

    user_id: object
    period_ends_at: datetime
    started_period: bool  # this call opened the period (the count went from nothing to 1)


def _period_over(now: datetime) -> Q:
    return Q(coaching_reset_at__isnull=True) | Q(coaching_reset_at__lte=now)


def coaching_allowance_status(*, user: User, now: datetime | None = None) -> AllowanceStatus:
    """What the person has left, as the next reservation would see it (no write)."""
    now = now or timezone.now()
    allowance = settings.COACHING_ALLOWANCE
    if user.coaching_reset_at is None or user.coaching_reset_at <= now:
        return AllowanceStatus(allowance=allowance, used=0, resets_at=None)
    return AllowanceStatus(allowance=allowance, used=user.coaching_count, resets_at=user.coaching_reset_at)


def coaching_allowance_reserve(*, user: User) -> Reservation:
    """Takes one call from the allowance atomically, or raises CoachingAllowanceSpent.

    A period that has ended is restarted in the same statement: the count becomes 1 and
    the new period ends COACHING_PERIOD_DAYS from now. Commit (autocommit outside a
    transaction) before calling the model, so the row lock is not held during the call.
    """
    now = timezone.now()
    allowance = settings.COACHING_ALLOWANCE
    new_period_end = now + timedelta(days=settings.COACHING_PERIOD_DAYS)
    over = _period_over(now)
    updated = User.objects.filter(Q(pk=user.pk) & (over | Q(coaching_count__lt=allowance))).update(
        coaching_count=Case(When(over, then=Value(1)), default=F("coaching_count") + 1),
        coaching_reset_at=Case(When(over, then=Value(new_period_end)), default=F("coaching_reset_at")),
    )
    user.refresh_from_db(fields=["coaching_count", "coaching_reset_at"])
    if not updated:
        raise CoachingAllowanceSpent(allowance=allowance, resets_at=user.coaching_reset_at, timezone_name=user.timezone)
    assert user.coaching_reset_at is not None
    return Reservation(
        user_id=user.pk,
        period_ends_at=user.coaching_reset_at,
        started_period=user.coaching_reset_at == new_period_end,
    )


def coaching_allowance_refund(*, user: User, reservation: Reservation) -> None:
    """Gives a reserved call back, unless its period has ended meanwhile (then it is moot).

    If the failed call opened the period and nothing else used it, the period is closed
    again: a failure does not start anyone's clock.
    """
    reset_at: Case | F = F("coaching_reset_at")
    if reservation.started_period:
        reset_at = Case(When(coaching_count=1, then=Value(None)), default=F("coaching_reset_at"))
    User.objects.filter(
        pk=reservation.user_id, coaching_reset_at=reservation.period_ends_at, coaching_count__gt=0
    ).update(coaching_count=F("coaching_count") - 1, coaching_reset_at=reset_at)
    user.refresh_from_db(fields=["coaching_count", "coaching_reset_at"])
