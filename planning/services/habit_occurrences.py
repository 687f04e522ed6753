"""A habit's occurrences: the scheduler's view of a habit, and keeping the occurrences of the
person's active plans in step when a habit is added, changed, paused or deleted.

An occurrence is a PlanTask with `habit` set; its task_key names the habit and the date it
belongs to ("habit-12-2026-12-07"), so a re-planned month keeps the same calendar event and
a kept occurrence is never placed twice. A change touches the future only: occurrences that
are done, logged, running or already started stay as they are (the record of the habit), and
so do the ones the person pinned or moved by hand, unless the habit is paused or deleted.
"""

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import Exists, OuterRef, Q

from accounts.models import User
from insights.models import ActivityLog
from insights.selectors import planning_signals
from planning.models import Habit, MonthlyPlan, PlanState, PlanTask
from planning.months import days_in_month, local_month_of, month_end, month_key, month_start
from planning.scheduler import HabitSpec, Placement, Schedule, schedule_month
from planning.selectors import plan_tasks_in_range
from planning.services.context import month_window, schedule_request
from planning.services.replacing import busy_of, plan_task_of

_OCCURRENCE_KEY = re.compile(r"habit-(\d+)-(\d{4}-\d{2}-\d{2})")


def habit_spec(habit: Habit, *, placed_on: Iterable[dt.date] = ()) -> HabitSpec:
    return HabitSpec(
        id=habit.pk,
        name=habit.name,
        focus_area=habit.focus_area,
        window_start=habit.window_start,
        window_end=habit.window_end,
        ideal_minutes=habit.ideal_minutes,
        min_minutes=habit.min_minutes,
        priority=habit.priority,
        days=habit.weekdays,
        times_per_week=habit.times_per_week,
        starts_on=habit.starts_on,
        ends_on=habit.ends_on,
        placed_on=tuple(sorted(set(placed_on))),
    )


def occurrence_date(task: PlanTask, zone: ZoneInfo) -> dt.date:
    """The date an occurrence belongs to: its key's (moved by hand to another day, it is still
    that date's), else the local date it starts on."""
    match = _OCCURRENCE_KEY.fullmatch(task.task_key)
    return dt.date.fromisoformat(match[2]) if match else task.start_time.astimezone(zone).date()


def habits_for_month(*, user: User, year: int, month: int, kept: Iterable[PlanTask]) -> tuple[HabitSpec, ...]:
    """The active habits that have days in the month, oldest first, each knowing the dates its
    kept occurrences hold (one query)."""
    first, last = dt.date(year, month, 1), dt.date(year, month, days_in_month(year, month))
    habits = Habit.objects.filter(user=user, is_active=True, starts_on__lte=last).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=first)
    )
    zone = ZoneInfo(user.timezone)
    placed: dict[int, list[dt.date]] = {}
    for task in kept:
        if task.habit_id is not None:
            placed.setdefault(task.habit_id, []).append(occurrence_date(task, zone))
    return tuple(habit_spec(habit, placed_on=placed.get(habit.pk, ())) for habit in habits.order_by("id"))


def occurrence_rows(*, plan: MonthlyPlan, placements: Iterable[Placement], now: dt.datetime) -> list[PlanTask]:
    return [plan_task_of(placement, plan=plan, now=now) for placement in placements if placement.task.habit is not None]


def missed_rows(schedule: Schedule) -> list[dict]:
    """The habit days that got no occurrence, as rows of the plan's unplaced list."""
    return [
        {
            "task_key": item.task.key,
            "task_description": item.task.description,
            "focus_area": item.task.focus_area,
            "duration_minutes": item.task.duration_minutes,
            "difficulty_level": item.task.difficulty,
            "reason": item.reason,
        }
        for item in schedule.unplaced
        if item.task.habit is not None
    ]


@dataclass(frozen=True)
class HabitSync:
    removed: int  # future occurrences taken out of the active plans
    placed: list[PlanTask]  # new occurrences
    missed: int  # days reported with no occurrence


def _future_occurrences(habit: Habit, plans: list[MonthlyPlan], now: dt.datetime, *, keep_chosen: bool):
    has_log = Exists(ActivityLog.objects.filter(task_id=OuterRef("pk")))
    future = PlanTask.objects.filter(
        habit=habit, plan__in=plans, start_time__gte=now, is_completed=False, started_at__isnull=True
    ).exclude(has_log)
    return future.exclude(Q(is_pinned=True) | Q(moved_by_hand=True)) if keep_chosen else future


def habit_occurrences_sync(*, habit: Habit, now: dt.datetime, keep_chosen: bool = True) -> HabitSync:
    """Brings the habit's future occurrences in the person's active plans (this month and
    later) in line with the habit: the future ones that are not done, logged or running go,
    and an active habit's are placed again around everything else in each plan's month.
    Call it inside the transaction that changed the habit, with the person's row locked."""
    user = habit.user
    this_month = month_key(*local_month_of(now, user.timezone))
    plans = list(
        MonthlyPlan.objects.filter(user=user, state=PlanState.ACTIVE, month_year__gte=this_month)
        .select_related("preference")
        .only("id", "user_id", "month_year", "unplaced", "preference")
        .order_by("month_year")
    )
    removed, _ = _future_occurrences(habit, plans, now, keep_chosen=keep_chosen).delete()
    placed: list[PlanTask] = []
    missed = 0
    signals = planning_signals(user=user) if habit.is_active and plans else None
    for plan in plans:
        schedule = _place_in(habit, plan, now, signals) if signals is not None else None
        rows = occurrence_rows(plan=plan, placements=schedule.placements, now=now) if schedule else []
        placed += PlanTask.objects.bulk_create(rows)
        reported = missed_rows(schedule) if schedule else []
        missed += len(reported)
        prefix = f"habit-{habit.pk}-"
        plan.unplaced = [row for row in plan.unplaced if not str(row.get("task_key", "")).startswith(prefix)]
        plan.unplaced += reported
        plan.save(update_fields=["unplaced"])
    return HabitSync(removed=removed, placed=placed, missed=missed)


def _place_in(habit: Habit, plan: MonthlyPlan, now: dt.datetime, signals) -> Schedule | None:  # type: ignore[no-untyped-def]
    user = habit.user
    year, month = (int(part) for part in plan.month_year.split("-"))
    zone = ZoneInfo(user.timezone)
    # Every session of the active plans around the month is busy time, as when it was planned.
    day = dt.timedelta(days=1)
    start, end = month_start(year, month, user.timezone) - day, month_end(year, month, user.timezone) + day
    others = list(plan_tasks_in_range(user=user, start=start, end=end).select_related(None))
    spec = habit_spec(habit, placed_on=[occurrence_date(task, zone) for task in others if task.habit_id == habit.pk])
    if habit.starts_on > dt.date(year, month, days_in_month(year, month)) or (
        habit.ends_on is not None and habit.ends_on < dt.date(year, month, 1)
    ):
        return None
    request = schedule_request(
        preference=plan.preference,
        window=month_window(year=year, month=month, timezone=user.timezone, now=now),
        signals=signals,
        tasks=(),
        busy=busy_of(others),
        habits=(spec,),
    )
    return schedule_month(request)
