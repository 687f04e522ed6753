"""How much time sessions could use, week by week: the number the drafter is told so
that a packed week gets fewer sessions."""

from __future__ import annotations

from collections.abc import Callable

from planning.scheduler.days import build_month
from planning.scheduler.habits import habit_run, place_habits
from planning.scheduler.intervals import total
from planning.scheduler.localtime import load_zone
from planning.scheduler.types import Day, ScheduleRequest

WEEKS = (1, 2, 3, 4, 5)  # days 1-7 are week 1, ..., 29-31 week 5


def day_usable_minutes(day: Day, capacity: int | None = None) -> int:
    """Free minutes of the day that its daily load still allows (0 when its sessions a day
    are used up)."""
    room = (day.capacity if capacity is None else capacity) - day.load
    if day.session_cap is not None and day.count >= day.session_cap:
        return 0
    return max(0, min(total(day.free), room))


def minutes_by_week(days: list[Day], usable: Callable[[Day], int] = day_usable_minutes) -> dict[int, int]:
    found = dict.fromkeys(WEEKS, 0)
    for day in days:
        found[day.week] += usable(day)
    return found


def free_minutes_by_week(request: ScheduleRequest) -> dict[int, int]:
    """Minutes sessions could use in each week 1..5 of the month: inside working hours and
    after `not_before`, minus commitments, busy time and the buffers around them, and at
    most each day's load for the complexity and weekend preference (less what busy time
    and the habits' occurrences already fill)."""
    zone = load_zone(request.timezone)
    month = build_month(request, zone)
    if request.habits:
        # The habits take their time first, whatever their priority: the draft is sized
        # to what they leave.
        run = habit_run(request, month, zone)
        place_habits(run, priority="high")
        place_habits(run, priority="normal")
    return minutes_by_week(month.days)
