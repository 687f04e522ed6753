"""Placing existing sessions again through the scheduler: missed ones, ones a kept session now
overlaps, ones a time-zone move put on a commitment. One home for turning PlanTask rows into
the scheduler's dataclasses and back."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, replace
from zoneinfo import ZoneInfo

from planning.learning import PlanningSignals
from planning.models import MonthlyPlan, PlanTask, Preferences
from planning.scheduler import BusyInterval, DraftTask, Placement, schedule_month
from planning.services.context import MonthWindow, schedule_request

UTC = dt.UTC


def slot_minutes(task: PlanTask) -> int:
    """The task's length rounded up to the scheduler's 5-minute grid, so the slot it is
    given always holds the exact length (hand-set lengths need not be on the grid)."""
    minutes = -(-(task.end_time - task.start_time) // dt.timedelta(minutes=1))
    return -(-minutes // 5) * 5


def draft_of_task(task: PlanTask, zone: ZoneInfo) -> DraftTask:
    # The key is the row id, to find the task again in the schedule. The week of its current
    # date is the hint: the scheduler then takes the nearest week with room, i.e. soon.
    return DraftTask(
        key=str(task.pk),
        description=task.task_description,
        focus_area=task.focus_area,
        duration_minutes=slot_minutes(task),
        difficulty=task.difficulty_level,
        week=(task.start_time.astimezone(zone).day - 1) // 7 + 1,
    )


def plan_task_of(placement: Placement, *, plan: MonthlyPlan, now: dt.datetime) -> PlanTask:
    """A new session of `plan` where the scheduler placed it (not saved)."""
    task = placement.task
    return PlanTask(
        plan=plan,
        user_id=plan.user_id,
        habit_id=task.habit,
        task_key=task.key,
        task_description=task.description,
        target=task.target,
        focus_area=task.focus_area,
        start_time=placement.start,
        end_time=placement.end,
        difficulty_level=task.difficulty,
        scheduling_reason=placement.reason,
        updated_at=now,
    )


def busy_of(tasks: Iterable[PlanTask]) -> tuple[BusyInterval, ...]:
    return tuple(BusyInterval(task.start_time, task.end_time, task.task_description) for task in tasks)


@dataclass(frozen=True)
class Replaced:
    task: PlanTask  # its start and end already set to the new place (not saved)
    old_start: dt.datetime
    reason: str  # the scheduler's reason for the new place


@dataclass(frozen=True)
class Replacement:
    placed: list[Replaced]
    unplaced: list[tuple[PlanTask, str]]


def tasks_place_again(
    *,
    tasks: list[PlanTask],
    preference: Preferences,
    window: MonthWindow,
    signals: PlanningSignals,
    busy: tuple[BusyInterval, ...],
    zone: ZoneInfo,
) -> Replacement:
    """Finds each task a new place in `window` around `busy`, keeping its length. Measured
    overrun was applied when the tasks were first placed, so nothing is multiplied again, and
    a session is placed whole: it was already split to size when planned."""
    request = schedule_request(
        preference=preference, window=window, signals=signals, tasks=tuple(draft_of_task(task, zone) for task in tasks)
    )
    schedule = schedule_month(replace(request, busy=busy, duration_multipliers={}, session_minutes=None))
    by_key = {str(task.pk): task for task in tasks}
    placed = []
    for placement in schedule.placements:
        task = by_key[placement.task.key]
        old_start, duration = task.start_time, task.end_time - task.start_time
        task.start_time = placement.start.astimezone(UTC)
        task.end_time = task.start_time + duration
        placed.append(Replaced(task=task, old_start=old_start, reason=placement.reason))
    unplaced = [(by_key[item.task.key], item.reason) for item in schedule.unplaced]
    return Replacement(placed=placed, unplaced=unplaced)
