"""persona_signals: what the app has learned about how a person works, for the coach.

Stored on ``User.persona_signals`` as {"version", "traits", "counts", "updated_at"}.
Only the traits go into the coach's context (and so into the cache key): counts move with
every ticked task, and putting them in the prompt would make every answer a cache miss.
From the person's insights the coach also gets their best hours and how much longer their
sessions really take, rounded (to 0.1) so that a small drift does not miss the cache either.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from accounts.models import User
from coaching.models import Task
from insights.models import Insight, InsightType
from insights.selectors import insights_of

SIGNALS_VERSION = 1
LOW_CONFIDENCE = 4  # ratings at or below this count as “low confidence”
HIGH_IMPORTANCE = 7  # ratings at or above this count as “important”
OPEN_TOO_LONG = timedelta(days=14)
# Sessions that take this much longer (or shorter) than planned are worth a word.
DURATION_DRIFT = 0.1
# Time passes without any task changing (an important task grows stale): recompute
# signals older than this when the coach is asked.
SIGNALS_MAX_AGE = timedelta(days=1)

# trait -> the sentence the coach is given.
TRAITS: dict[str, str] = {
    "underrates_confidence": (
        "Often finishes tasks they rated low in confidence: their doubts tend to be bigger than the task."
    ),
    "leaves_important_open": ("Tends to leave high-importance tasks open for weeks: help them start, not just plan."),
    "finishes_what_matters": "Usually completes the tasks they rate as important.",
}


def _counts(*, user: User, now: datetime) -> dict[str, int]:
    low = Q(confidence__lte=LOW_CONFIDENCE)
    important = Q(importance__gte=HIGH_IMPORTANCE)
    done = Q(is_completed=True)
    return Task.objects.filter(user=user).aggregate(
        tasks=Count("id"),
        completed=Count("id", filter=done),
        low_confidence=Count("id", filter=low),
        low_confidence_completed=Count("id", filter=low & done),
        important=Count("id", filter=important),
        important_completed=Count("id", filter=important & done),
        important_open_long=Count("id", filter=important & Q(is_completed=False, created_at__lte=now - OPEN_TOO_LONG)),
    )


def _traits(counts: dict[str, int]) -> list[str]:
    traits = []
    if counts["low_confidence_completed"] >= 3 and 2 * counts["low_confidence_completed"] >= counts["low_confidence"]:
        traits.append("underrates_confidence")
    if counts["important_open_long"] >= 2:
        traits.append("leaves_important_open")
    if counts["important_completed"] >= 3 and 3 * counts["important_completed"] >= 2 * counts["important"]:
        traits.append("finishes_what_matters")
    return sorted(traits)


def persona_signals_update(*, user: User) -> dict[str, Any]:
    """Recomputes the person's signals from their tasks (one aggregate query) and stores them."""
    now = timezone.now()
    counts = _counts(user=user, now=now)
    signals = {
        "version": SIGNALS_VERSION,
        "traits": _traits(counts),
        "counts": counts,
        "updated_at": now.isoformat(),
    }
    User.objects.filter(pk=user.pk).update(persona_signals=signals)
    user.persona_signals = signals
    return signals


def persona_signals_current(*, user: User) -> dict[str, Any]:
    """The stored signals, recomputed first when missing, from an older version or stale."""
    signals = user.persona_signals or {}
    updated_at = parse_datetime(str(signals.get("updated_at") or ""))
    if signals.get("version") != SIGNALS_VERSION or updated_at is None or updated_at < timezone.now() - SIGNALS_MAX_AGE:
        return persona_signals_update(user=user)
    return signals


def persona_context(signals: dict[str, Any]) -> dict[str, str]:
    """The part of the signals the coach sees: each known trait with its sentence."""
    return {trait: TRAITS[trait] for trait in signals.get("traits", ()) if trait in TRAITS}


def _best_hours(peak: Insight | None) -> dict[str, str]:
    windows = (peak.insight_value if peak else {}).get("best_windows")
    first = windows[0] if isinstance(windows, list) and windows and isinstance(windows[0], dict) else {}
    label = first.get("label")
    return {"best_hours": label} if isinstance(label, str) and label else {}


def _sessions_take(duration: Insight | None) -> dict[str, float]:
    overall = (duration.insight_value if duration else {}).get("overall")
    factor = overall.get("multiplier") if isinstance(overall, dict) else None
    if isinstance(factor, int | float) and not isinstance(factor, bool) and abs(factor - 1) >= DURATION_DRIFT:
        return {"sessions_take": round(factor, 1)}
    return {}


def coach_signals(*, user: User) -> dict[str, Any]:
    """What the coach is told about how the person works: their traits (each with its
    sentence), their best hours ("best_hours": "08:00\u201311:00") and, when it is off, how
    long their sessions really take against the plan ("sessions_take": 1.3)."""
    stored = insights_of(user=user)
    return {
        **persona_context(persona_signals_current(user=user)),
        **_best_hours(stored.get(InsightType.PEAK_ENERGY)),
        **_sessions_take(stored.get(InsightType.SESSION_DURATION)),
    }
