"""How each habit is going: its streak and its completion rate week by week, for the habits
page, read for all of a person's habits in one query.

Only occurrences that have ended count (a run later today is not a miss yet), in the active
plans (a kept occurrence moves to the new plan with the month). One is done when ticked or
logged as finished. Weeks run Monday to Sunday on the person's own clock.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from accounts.models import User
from planning.models import Habit, PlanState, PlanTask

PROGRESS_WEEKS = 8


@dataclass(frozen=True)
class HabitWeek:
    monday: dt.date
    ended: int
    done: int

    @property
    def percent(self) -> int | None:
        return round(self.done * 100 / self.ended) if self.ended else None


@dataclass(frozen=True)
class HabitProgress:
    streak: int  # ended occurrences done in a row, counting back from the latest (within the weeks read)
    weeks: list[HabitWeek] = field(default_factory=list)  # oldest first, PROGRESS_WEEKS of them
    ended: int = 0
    done: int = 0

    @property
    def percent(self) -> int | None:
        return round(self.done * 100 / self.ended) if self.ended else None


def habits_progress(*, user: User, habits: Iterable[Habit], now: dt.datetime) -> dict[int, HabitProgress]:
    """{habit id: HabitProgress} for these habits of the person, one query."""
    ids = [habit.pk for habit in habits]
    zone = ZoneInfo(user.timezone)
    today = now.astimezone(zone).date()
    mondays = [today - dt.timedelta(days=today.weekday(), weeks=back) for back in range(PROGRESS_WEEKS - 1, -1, -1)]
    since = dt.datetime.combine(mondays[0], dt.time(0), tzinfo=zone)
    rows = (
        PlanTask.objects.filter(
            user=user, habit_id__in=ids, plan__state=PlanState.ACTIVE, end_time__lte=now, start_time__gte=since
        )
        .values_list("habit_id", "start_time", "is_completed", "activity_logs__was_completed")
        .order_by("-start_time", "-id")
    )
    outcomes: dict[int, list[tuple[dt.date, bool]]] = defaultdict(list)
    for habit_id, start, ticked, logged_done in rows:
        outcomes[habit_id].append((start.astimezone(zone).date(), bool(ticked or logged_done)))
    return {habit_id: _progress(outcomes.get(habit_id, []), mondays) for habit_id in ids}


def _progress(newest_first: list[tuple[dt.date, bool]], mondays: list[dt.date]) -> HabitProgress:
    streak = 0
    for _, done in newest_first:
        if not done:
            break
        streak += 1
    by_week: dict[dt.date, list[bool]] = defaultdict(list)
    for day, done in newest_first:
        by_week[day - dt.timedelta(days=day.weekday())].append(done)
    weeks = [HabitWeek(monday, len(by_week[monday]), sum(by_week[monday])) for monday in mondays]
    return HabitProgress(
        streak=streak,
        weeks=weeks,
        ended=len(newest_first),
        done=sum(done for _, done in newest_first),
    )
