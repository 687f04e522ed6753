"""Habits, learned from what happened to their occurrences: completion by local hour, and
when a habit's window keeps failing, a better window to offer.

An occurrence counts once it has ended. Its hour is when it was really started (the
activity log's start) or, without a log, when it was planned; it is done when ticked or
logged as finished. The hours are taken in the person's zone by the database (one grouped
query for all their habits), as insights.computation does for sessions; the suggestion is
pure maths on those counts (`window_suggestion`).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import Count, Q
from django.db.models.functions import Coalesce, ExtractHour

from accounts.models import User
from planning.models import Habit, PlanState, PlanTask

# How far back the habit's hours are read, and how many ended occurrences a suggestion needs.
HABIT_HOURS_WEEKS = 8
MIN_SUGGESTION_SAMPLES = 6
MIN_SIDE_SAMPLES = 3
# The better side must finish at least this often, and this much more often than the other.
MIN_BETTER_RATE = 0.6
MIN_RATE_GAP = 0.4

DONE = Q(is_completed=True) | Q(activity_logs__was_completed=True)


@dataclass(frozen=True)
class HourCount:
    ended: int
    done: int


def habit_hours(*, user: User, habits: Iterable[Habit], now: dt.datetime) -> dict[int, dict[int, HourCount]]:
    """{habit id: {local hour: HourCount}} over the last HABIT_HOURS_WEEKS weeks, one query."""
    ids = [habit.pk for habit in habits]
    if not ids:
        return {}
    zone = ZoneInfo(user.timezone)
    since = now - dt.timedelta(weeks=HABIT_HOURS_WEEKS)
    ended = PlanTask.objects.filter(user=user, habit_id__in=ids, plan__state=PlanState.ACTIVE, end_time__lte=now)
    rows = (
        ended.filter(start_time__gte=since)
        .annotate(hour=ExtractHour(Coalesce("activity_logs__actual_start_time", "start_time"), tzinfo=zone))
        .values("habit_id", "hour")
        .annotate(ended=Count("id"), done=Count("id", filter=DONE))
        .order_by()
    )
    found: dict[int, dict[int, HourCount]] = defaultdict(dict)
    for row in rows:
        found[row["habit_id"]][row["hour"]] = HourCount(row["ended"], row["done"])
    return dict(found)


@dataclass(frozen=True)
class WindowSuggestion:
    start: dt.time
    end: dt.time
    message: str

    @property
    def label(self) -> str:
        return f"{self.start:%H:%M}–{self.end:%H:%M}"


@dataclass(frozen=True)
class _Split:
    hour: int  # the boundary: before it, and from it on
    before: float
    after: float
    better_samples: int

    @property
    def gap(self) -> float:
        return abs(self.before - self.after)


def _rate(counts: list[HourCount]) -> tuple[float, int]:
    ended = sum(count.ended for count in counts)
    return (sum(count.done for count in counts) / ended if ended else 0.0), ended


def _best_split(by_hour: Mapping[int, HourCount]) -> _Split | None:
    hours = sorted(hour for hour, count in by_hour.items() if count.ended)
    best: _Split | None = None
    for index in range(len(hours) - 1):
        before, before_n = _rate([by_hour[hour] for hour in hours[: index + 1]])
        after, after_n = _rate([by_hour[hour] for hour in hours[index + 1 :]])
        if min(before_n, after_n) < MIN_SIDE_SAMPLES:
            continue
        # The boundary hugs the better side: a window ending after its last hour, or starting at its first.
        boundary = hours[index] + 1 if before > after else hours[index + 1]
        split = _Split(boundary, before, after, before_n if before > after else after_n)
        if best is None or (split.gap, split.better_samples) > (best.gap, best.better_samples):
            best = split
    return best


def _minutes(moment: dt.time) -> int:
    return moment.hour * 60 + moment.minute


def _clock(minutes: int) -> dt.time:
    return dt.time(minutes // 60 % 24, minutes % 60)


def window_suggestion(habit: Habit, by_hour: Mapping[int, HourCount]) -> WindowSuggestion | None:
    """A window of the same length on the side of the hours where the habit gets done, when
    that is clearly more often than on the other side and the current window holds hours where
    it failed; None otherwise (too few ended occurrences, no clear split, a window past
    midnight, or the suggestion is the window already)."""
    start, end = _minutes(habit.window_start), _minutes(habit.window_end)
    if end <= start or sum(count.ended for count in by_hour.values()) < MIN_SUGGESTION_SAMPLES:
        return None
    split = _best_split(by_hour)
    if split is None or split.gap < MIN_RATE_GAP or max(split.before, split.after) < MIN_BETTER_RATE:
        return None
    length, boundary = end - start, split.hour * 60
    earlier = split.before > split.after
    new_start, new_end = (max(boundary - length, 0), boundary) if earlier else (boundary, min(boundary + length, 1440))
    # A move helps only when the window holds hours on the failing side where it did fail.
    failing = [hour for hour, count in by_hour.items() if count.ended and (hour >= split.hour) == earlier]
    if (new_start, new_end) == (start, end) or not any(start <= hour * 60 < end for hour in failing):
        return None
    side = "before" if earlier else "from"
    first, second = (split.before, split.after) if earlier else (split.after, split.before)
    other = "after" if earlier else "before"
    message = (
        f"You finish your {habit.name} {round(first * 100)}% of the time {side} {split.hour:02d}:00 and "
        f"{round(second * 100)}% {other}: move the window to {_clock(new_start):%H:%M}–{_clock(new_end):%H:%M}?"
    )
    return WindowSuggestion(_clock(new_start), _clock(new_end), message)
