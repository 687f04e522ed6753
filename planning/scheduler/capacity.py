"""How much a day may carry: minutes of sessions and sessions a day, by complexity and
weekend preference."""

from __future__ import annotations

from collections.abc import Collection

from planning.scheduler.types import ScheduleRequest

# Minutes of session time per weekday. Buffers and commitments do not count.
WEEKDAY_CAPACITY = {"simple": 120, "balanced": 240, "ambitious": 360}
# Sessions a day when the person has not said: enough for the daily load in sessions of
# an hour or more, few enough that a day is not chopped into short pieces.
SESSIONS_A_DAY = {"simple": 2, "balanced": 3, "ambitious": 4}
# A Mixed weekend day carries a quarter of a weekday's load, and one session at most.
MIXED_WEEKEND_DIVISOR = 4
MIXED_WEEKEND_MAX_TASKS = 1
WEEKEND_PREFERENCE_KEYS = ("work", "rest", "mixed")
# The next step up, for advice; Ambitious has none.
MORE_AMBITIOUS = {"simple": "Balanced", "balanced": "Ambitious"}


def choice(value: str, allowed: Collection[str], what: str) -> str:
    key = value.strip().lower()
    if key not in allowed:
        expected = ", ".join(name.capitalize() for name in allowed)
        raise ValueError(f"Unknown {what} {value!r}; expected one of {expected}")
    return key


def daily_capacity_minutes(complexity: str, *, weekend: bool, weekend_preference: str) -> int:
    """Session minutes a day may hold: Simple 120, Balanced 240, Ambitious 360 on weekdays;
    weekends the same under Work, nothing under Rest, a quarter under Mixed."""
    weekday = WEEKDAY_CAPACITY[choice(complexity, WEEKDAY_CAPACITY, "complexity")]
    preference = choice(weekend_preference, WEEKEND_PREFERENCE_KEYS, "weekend preference")
    if not weekend or preference == "work":
        return weekday
    if preference == "rest":
        return 0
    return weekday // MIXED_WEEKEND_DIVISOR


def sessions_a_day(request: ScheduleRequest) -> int:
    """The most sessions a day: the person's own number, else Simple 2, Balanced 3,
    Ambitious 4."""
    if request.max_sessions_per_day is not None:
        if request.max_sessions_per_day < 1:
            raise ValueError(f"max_sessions_per_day must be >= 1, got {request.max_sessions_per_day}")
        return request.max_sessions_per_day
    return SESSIONS_A_DAY[choice(request.complexity, SESSIONS_A_DAY, "complexity")]


def more_ambitious(complexity: str) -> str | None:
    return MORE_AMBITIOUS.get(complexity.strip().lower())
