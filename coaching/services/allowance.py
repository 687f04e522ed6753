"""The coaching allowance: calls that reach the model, per person and period.

``User.coaching_count`` counts the answers the model gave this person in the current period
(delivered and recorded), which ends at ``User.coaching_reset_at`` (empty until the first
charge). A call takes a *hold* before it reaches the model and is charged only in the
transaction that records its answer; every failure gives the hold back, and a hold whose
process died expires (``AllowanceHold``). So a unit is spent only on an answer the person got.

Race: reservations for one person are serialised by a row lock on their user row, held for
a few statements (never during the model call). Each reservation counts the charged units
plus the live holds after taking the lock, so it sees every hold committed before it: any
number of simultaneous requests yields at most the allowance.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import dateformat, timezone
from django.utils.translation import ngettext

from accounts.models import User
from coaching.models import AllowanceHold
from config.refusal import Refusal

_RESET_FORMAT = r"j F Y \a\t H:i"
log = logging.getLogger(__name__)
# Longer than the provider's whole call (45 s deadline by default) with room to record it.
DEFAULT_HOLD_SECONDS = 120


def reset_time_text(moment: datetime, timezone_name: str) -> str:
    """“3 December 2026 at 14:05 (Europe/London)”: in the person's zone, named."""
    local = timezone.localtime(moment, ZoneInfo(timezone_name))
    return f"{dateformat.format(local, _RESET_FORMAT)} ({timezone_name})"


class CoachingAllowanceSpent(Refusal):
    """The person has asked the model as often as the period allows (429 until it resets)."""

    def __init__(self, *, allowance: int, resets_at: datetime | None, timezone_name: str = "UTC") -> None:
        when = f" It resets on {reset_time_text(resets_at, timezone_name)}." if resets_at is not None else ""
        used = ngettext("You have used your %d coach question", "You have used all %d coach questions", allowance)
        message = (
            f"{used % allowance} for this period.{when} "
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
    """One unit held for a model call: charged with its answer, else given back or left to expire."""

    user_id: object
    hold_id: object
    expires_at: datetime


def hold_lifetime() -> timedelta:
    return timedelta(seconds=getattr(settings, "COACHING_HOLD_SECONDS", DEFAULT_HOLD_SECONDS))


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
    """Holds one call of the allowance, or raises CoachingAllowanceSpent. Commits at once.

    Call it outside ``transaction.atomic``: the hold must be visible to the person's other
    requests while the model is asked, and the row lock must end before that call.
    """
    now = timezone.now()
    allowance = settings.COACHING_ALLOWANCE
    with transaction.atomic():
        # The lock serialises this person's reservations (see the module docstring).
        person = User.objects.select_for_update().only("coaching_count", "coaching_reset_at").get(pk=user.pk)
        AllowanceHold.objects.filter(user_id=user.pk, expires_at__lte=now).delete()
        running = person.coaching_reset_at is not None and person.coaching_reset_at > now
        charged = person.coaching_count if running else 0
        if charged + AllowanceHold.objects.filter(user_id=user.pk).count() >= allowance:
            user.coaching_count, user.coaching_reset_at = person.coaching_count, person.coaching_reset_at
            raise CoachingAllowanceSpent(
                allowance=allowance,
                resets_at=person.coaching_reset_at if running else None,
                timezone_name=user.timezone,
            )
        hold = AllowanceHold.objects.create(user_id=user.pk, expires_at=now + hold_lifetime())
    return Reservation(user_id=user.pk, hold_id=hold.pk, expires_at=hold.expires_at)


def coaching_allowance_charge(*, user: User, reservation: Reservation) -> None:
    """Turns the hold into a charge. Call it inside the transaction that records the answer.

    A period that has ended (or never started) is restarted here: the count becomes 1 and
    the new period ends COACHING_PERIOD_DAYS from now, so only a delivered answer starts
    anyone's clock. Charged within the allowance only: a hold that expired during a very
    slow call may have been taken by another request, and then the answer goes uncharged.
    """
    now = timezone.now()
    AllowanceHold.objects.filter(pk=reservation.hold_id).delete()
    over = _period_over(now)
    charged = User.objects.filter(
        Q(pk=reservation.user_id) & (over | Q(coaching_count__lt=settings.COACHING_ALLOWANCE))
    ).update(
        coaching_count=Case(When(over, then=Value(1)), default=F("coaching_count") + 1),
        coaching_reset_at=Case(
            When(over, then=Value(now + timedelta(days=settings.COACHING_PERIOD_DAYS))),
            default=F("coaching_reset_at"),
        ),
    )
    if not charged:
        log.warning("Coach answer for user %s delivered uncharged: its hold had expired", reservation.user_id)
    user.refresh_from_db(fields=["coaching_count", "coaching_reset_at"])


def coaching_allowance_refund(*, user: User, reservation: Reservation) -> None:
    """Gives a held call back: nothing was charged, so only the hold goes."""
    AllowanceHold.objects.filter(pk=reservation.hold_id).delete()
    user.refresh_from_db(fields=["coaching_count", "coaching_reset_at"])
