"""The coach: advice on one task, from the shared cache or from the AI provider.

The cache key is a SHA-256 of everything the model sees (the normalised task text, its
ratings, the person's goals, the persona traits), the prompt version, the provider and
the model. Two people share an answer only when all of that is identical, so advice
written from one person's goals never reaches someone whose goals differ.

Transaction boundaries: a call of the allowance is held (and committed) before the provider
is called, and nothing is held open during the call, which can take many seconds. The cache
entry, the interaction and the charge are then written in one transaction: all of them
commit, or the hold is given back (and a process killed before either leaves a hold that
expires). A unit is spent only on an answer the person got. Do not call
``coaching_advice_get`` inside ``transaction.atomic``: the hold would not be visible to
the person's other requests, and the reservation's row lock would last the whole call.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import math
import time
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import User
from ai import AdviceResult, CoachingContext, Provider, ProviderError, ProviderUnavailable, get_provider
from ai.schemas import storable_text
from coaching.models import CacheEntry, Goal, Interaction, Task
from coaching.services.allowance import (
    Reservation,
    coaching_allowance_charge,
    coaching_allowance_refund,
    coaching_allowance_reserve,
)
from coaching.services.persona import coach_signals
from config.refusal import Refusal

log = logging.getLogger(__name__)

# Bump when the key's layout changes, so old entries are never read with a new meaning.
CACHE_KEY_VERSION = "coach-cache-v1"
DEFAULT_CACHE_DAYS = 7


class CoachingUnavailable(Refusal):
    """The provider failed; nothing was charged or cached. ``message`` is for the person."""

    def __init__(self, message: str, *, transient: bool, retry_after: float | None = None) -> None:
        # 503: try again later; 502: the service answered with something unusable.
        super().__init__(message, status=503 if transient else 502, retry_after=retry_after)
        self.transient = transient

    @property
    def status_code(self) -> int:
        return self.status


@dataclass(frozen=True)
class AdviceOutcome:
    interaction: Interaction

    @property
    def response(self) -> str:
        return self.interaction.response

    @property
    def cache_hit(self) -> bool:
        return self.interaction.cache_hit

    @property
    def latency(self) -> int:
        return self.interaction.latency

    @property
    def token_count(self) -> dict[str, int]:
        return self.interaction.token_count

    @property
    def cost(self) -> Decimal:
        return self.interaction.cost


def cache_lifetime() -> timedelta:
    return timedelta(days=getattr(settings, "COACHING_CACHE_DAYS", DEFAULT_CACHE_DAYS))


def normalise_task_text(text: str) -> str:
    """The task as the model sees it: Unicode NFC, surrounding and repeated whitespace removed."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def _goal_text(value: str) -> str:
    return " ".join(unicodedata.normalize("NFC", value).split())


def coaching_context_build(*, user: User, task: Task) -> CoachingContext:
    goals = tuple(
        {
            "what_matters": _goal_text(what_matters),
            "biggest_win": _goal_text(biggest_win),
            "worst_outcome": _goal_text(worst_outcome),
        }
        for what_matters, biggest_win, worst_outcome in Goal.objects.filter(user=user)
        .order_by("created_at", "id")
        .values_list("what_matters", "biggest_win", "worst_outcome")
    )
    return CoachingContext(
        task_text=normalise_task_text(task.text),
        importance=task.importance,
        confidence=task.confidence,
        goals=goals,
        persona_signals=coach_signals(user=user),
    )


def question_hash(*, context: CoachingContext, provider: Provider) -> str:
    """SHA-256 over the whole context, the prompt version, the provider and the model."""
    payload: dict[str, Any] = {
        "key": CACHE_KEY_VERSION,
        "provider": provider.name,
        "model": provider.model,
        "prompt_version": provider.prompt_version,
        "context": dataclasses.asdict(context),
    }
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _elapsed_ms(started: float) -> int:
    # Rounded up: a hit that took 0.4 ms is recorded as 1 ms, never as “no time”.
    return max(1, math.ceil((time.perf_counter() - started) * 1000))


def _record(
    *,
    user: User,
    task: Task,
    key: str,
    response: str,
    started: float,
    cache_hit: bool,
    input_tokens: int,
    output_tokens: int,
    cost: Decimal,
    provider: str,
    model: str,
) -> Interaction:
    return Interaction.objects.create(
        user=user,
        task=task,
        task_text=task.text,
        question_hash=key,
        response=response,
        latency=_elapsed_ms(started),
        token_count={"input": input_tokens, "output": output_tokens},
        cost=cost,
        cache_hit=cache_hit,
        provider=provider,
        model=model,
    )


def _cache_hit(*, key: str, now: datetime) -> tuple[str, str, str] | None:
    """Counts a hit on a fresh entry and returns (response, provider, model), or None.

    One statement (UPDATE ... RETURNING, PostgreSQL and SQLite 3.35+) instead of a read
    and a write: the hit path is the one a person waits on most often.
    """
    table = connection.ops.quote_name(CacheEntry._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET hit_count = hit_count + 1 "  # noqa: S608 - table name from the model
            "WHERE question_hash = %s AND expires_at > %s RETURNING response, provider, model",
            [key, connection.ops.adapt_datetimefield_value(now)],
        )
        row = cursor.fetchone()
    return (row[0], row[1], row[2]) if row else None


def coaching_advice_get(*, user: User, task: Task) -> AdviceOutcome:
    """Advice on the person's task: a fresh cache entry if there is one, else the provider.

    Raises CoachingAllowanceSpent when a model call is needed and none is left, and
    CoachingUnavailable when the provider fails. On any failure (the provider's, or
    recording the answer) the held call is given back and nothing is cached or recorded.
    """
    if task.user_id != user.pk:
        raise PermissionError("A person can only ask about their own tasks.")
    started = time.perf_counter()
    provider = get_provider()
    context = coaching_context_build(user=user, task=task)
    key = question_hash(context=context, provider=provider)

    cached = _advice_from_cache(user=user, task=task, key=key, started=started)
    if cached is not None:
        return cached
    reservation = coaching_allowance_reserve(user=user)
    try:
        result = _advice_from_provider(user=user, provider=provider, context=context)
        return _advice_store(user=user, task=task, key=key, started=started, result=result, reservation=reservation)
    except BaseException:
        # Also on KeyboardInterrupt/SystemExit (a worker being stopped); a hard kill leaves
        # the hold to expire instead.
        _give_back(user=user, reservation=reservation)
        raise


def _give_back(*, user: User, reservation: Reservation) -> None:
    try:
        coaching_allowance_refund(user=user, reservation=reservation)
    except Exception:  # the original failure matters more; the hold expires anyway
        log.exception("Could not give back coach call hold %s", reservation.hold_id)


def _advice_from_cache(*, user: User, task: Task, key: str, started: float) -> AdviceOutcome | None:
    # The hit count and the interaction are written together: one commit, not two.
    with transaction.atomic():
        hit = _cache_hit(key=key, now=timezone.now())
        if hit is None:
            return None
        response, provider_name, model_name = hit
        interaction = _record(
            user=user,
            task=task,
            key=key,
            response=response,
            started=started,
            cache_hit=True,
            input_tokens=0,
            output_tokens=0,
            cost=Decimal("0"),
            provider=provider_name,
            model=model_name,
        )
        return AdviceOutcome(interaction)


def _advice_from_provider(*, user: User, provider: Provider, context: CoachingContext) -> AdviceResult:
    """One model call; a provider failure becomes a CoachingUnavailable for the person."""
    if not connection.in_atomic_block:
        # The model may take up to the provider's deadline: hand the database connection
        # back to the pool meanwhile, so slow coach calls cannot take every connection.
        connection.close()
    try:
        return provider.advise(context)
    except ProviderError as error:
        log.warning("Coach call failed for user %s: %s", user.pk, error)
        raise CoachingUnavailable(
            f"{error.message} Your coaching allowance was not charged.",
            transient=isinstance(error, ProviderUnavailable),
            retry_after=getattr(error, "retry_after", None),
        ) from error


def _advice_store(
    *, user: User, task: Task, key: str, started: float, result: AdviceResult, reservation: Reservation
) -> AdviceOutcome:
    # Providers clean their answers; this guards the database (NUL) against one that did not.
    response = storable_text(result.text)
    # The cache, the record and the charge commit together, or none of them does.
    with transaction.atomic():
        # An upsert: a concurrent identical question, or an expired entry, is overwritten.
        CacheEntry.objects.bulk_create(
            [
                CacheEntry(
                    question_hash=key,
                    response=response,
                    expires_at=timezone.now() + cache_lifetime(),
                    provider=result.provider,
                    model=result.model,
                )
            ],
            update_conflicts=True,
            unique_fields=["question_hash"],
            update_fields=["response", "expires_at", "provider", "model", "updated_at"],
        )
        interaction = _record(
            user=user,
            task=task,
            key=key,
            response=response,
            started=started,
            cache_hit=False,
            input_tokens=result.usage.input_tokens,
            output_tokens=result.usage.output_tokens,
            cost=result.cost,
            provider=result.provider,
            model=result.model,
        )
        coaching_allowance_charge(user=user, reservation=reservation)
    return AdviceOutcome(interaction)


def coaching_cache_purge_expired(*, older_than: timedelta = timedelta(0)) -> int:
    """Deletes entries that expired more than ``older_than`` ago; returns how many."""
    deleted, _ = CacheEntry.objects.filter(expires_at__lte=timezone.now() - older_than).delete()
    return deleted


def coaching_cache_expire(*, entry_ids: list[Any]) -> int:
    """Marks entries expired now (an operator's action): the next question refreshes them."""
    return CacheEntry.objects.filter(pk__in=entry_ids).update(expires_at=timezone.now())


def coaching_cache_forget(*, user: User) -> int:
    """Deletes the cache entries this person's questions produced or used.

    Meant for account deletion, before the person's interactions are removed. Entries
    another person with an identical context also used go too: they will simply be asked
    afresh.
    """
    hashes = Interaction.objects.filter(user=user).values("question_hash")
    deleted, _ = CacheEntry.objects.filter(question_hash__in=hashes).delete()
    return deleted
