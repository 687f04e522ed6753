"""Re-placing the sessions a person missed: into free time from now up to 14 days ahead,
across the month's end.

A session placed in the next month joins that month's active plan; when the next month has
no plan yet, it stays with its own plan, marked carried over, and the next month's first
plan is placed around it and adopts it (planning.services.generation_worker). The person's
row is locked first: re-placing races every move by hand and the plan writes otherwise.
"""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from accounts.models import User
from insights.models import ActivityLog
from insights.selectors import planning_signals
from planning.extensions import sessions_changed
from planning.models import MonthlyPlan, PlanState, PlanTask, Preferences
from planning.months import add_months, local_month_of, month_key, month_start
from planning.scheduler import MONTH_NAMES, BusyInterval
from planning.selectors import plan_tasks_in_range
from planning.services.context import month_window
from planning.services.plan_tasks import short_when
from planning.services.replacing import busy_of, tasks_place_again

UTC = dt.UTC
# How far ahead a missed session may go, and how far back "missed" reaches.
CARRY_DAYS = dt.timedelta(days=14)
MISSED_DAYS = dt.timedelta(days=14)
# The scheduler plans a month at a time; time past the horizon is handed to it as busy.
_BEYOND = dt.timedelta(days=62)


@dataclass(frozen=True)
class MovedTask:
    task: PlanTask
    old_start: dt.datetime
    reason: str
    carried_over: bool = False  # moved past its plan's month, waiting for that month's plan


@dataclass(frozen=True)
class RescheduleOutcome:
    moved: list[MovedTask]
    unplaced: list[tuple[PlanTask, str]]


def missed_tasks_in(*, user: User, start: dt.datetime, now: dt.datetime) -> list[PlanTask]:
    """Active plans' sessions that started from `start` and ended before `now`, neither
    ticked, logged nor skipped (deleted in the person's calendar)."""
    has_log = Exists(ActivityLog.objects.filter(task_id=OuterRef("pk")))
    return list(
        plan_tasks_in_range(user=user, start=start, end=now)
        .filter(end_time__lt=now, is_completed=False, skipped_at__isnull=True)
        .exclude(has_log)
    )


def plan_tasks_reschedule_missed(*, user: User, now: dt.datetime | None = None) -> RescheduleOutcome:
    """Moves each missed session of the last 14 days (and of this month) to the first free
    time the scheduler finds between now and 14 days ahead, this month first; what fits
    nowhere stays where it is, with the true reason."""
    now = now or timezone.now()
    zone = ZoneInfo(user.timezone)
    horizon = now + CARRY_DAYS
    year, month = local_month_of(now, user.timezone)
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        since = min(month_start(year, month, user.timezone), now - MISSED_DAYS)
        missed = missed_tasks_in(user=user, start=since, now=now)
        if not missed:
            return RescheduleOutcome(moved=[], unplaced=[])
        ahead = list(plan_tasks_in_range(user=user, start=now - dt.timedelta(days=1), end=horizon).select_related(None))
        busy = [*busy_of(task for task in ahead if task.end_time > now)]
        busy.append(BusyInterval(horizon, horizon + _BEYOND, "beyond the next 14 days"))
        months = [(year, month), add_months(year, month, 1)]
        active = _active_plans(user=user, months=months)
        signals = planning_signals(user=user)
        moved: list[MovedTask] = []
        why: dict[int, str] = {}
        remaining = missed
        for target_year, target_month in months:
            window = month_window(year=target_year, month=target_month, timezone=user.timezone, now=now)
            if not remaining or window.not_before >= horizon:
                break
            target = active.get(month_key(target_year, target_month))
            left: list[PlanTask] = []
            for preference, group in _by_preference(remaining, target).items():
                result = tasks_place_again(
                    tasks=group, preference=preference, window=window, signals=signals, busy=tuple(busy), zone=zone
                )
                for placed in result.placed:
                    moved.append(_settle(placed.task, placed.old_start, placed.reason, target, zone, now))
                    busy.append(BusyInterval(placed.task.start_time, placed.task.end_time, ""))
                left.extend(task for task, _ in result.unplaced)
                why.update((task.pk, reason) for task, reason in result.unplaced)
            remaining = left
        changed = [item.task for item in moved]
        fields = ["plan", "start_time", "end_time", "scheduling_reason", "is_carried_over", "sequence", "updated_at"]
        PlanTask.objects.bulk_update(changed, fields)
        if changed:
            sessions_changed(user_id=user.pk)
    moved.sort(key=lambda item: (item.task.start_time, item.task.pk))
    unplaced = [(task, _nowhere_reason(task, why.get(task.pk, ""), horizon, zone)) for task in remaining]
    return RescheduleOutcome(moved=moved, unplaced=unplaced)


def _active_plans(*, user: User, months: list[tuple[int, int]]) -> dict[str, MonthlyPlan]:
    keys = [month_key(*month) for month in months]
    plans = MonthlyPlan.objects.filter(user=user, month_year__in=keys, state=PlanState.ACTIVE)
    return {plan.month_year: plan for plan in plans.select_related("preference").only("id", "month_year", "preference")}


def _by_preference(tasks: list[PlanTask], target: MonthlyPlan | None) -> dict[Preferences, list[PlanTask]]:
    """The target month's plan decides hours and commitments there; with no plan yet, each
    session keeps its own plan's."""
    groups: dict[Preferences, list[PlanTask]] = {}
    for task in tasks:
        preference = target.preference if target is not None else task.plan.preference
        groups.setdefault(preference, []).append(task)
    return groups


def _settle(
    task: PlanTask, old_start: dt.datetime, reason: str, target: MonthlyPlan | None, zone: ZoneInfo, now: dt.datetime
) -> MovedTask:
    """Gives the moved session its plan: the target month's active plan, or its own plan
    with the carried-over mark when that month has none yet."""
    local = task.start_time.astimezone(zone)
    if target is not None:
        task.plan, task.is_carried_over = target, False
    else:
        task.is_carried_over = True
    if task.is_carried_over:
        month_name = MONTH_NAMES[local.month - 1]
        task.scheduling_reason = (
            f"Carried over into {month_name} from {short_when(old_start, zone)}, which was missed; it waits here "
            f"for your {month_name} plan, which will be placed around it. {reason}"
        )
    else:
        task.scheduling_reason = f"Moved from {short_when(old_start, zone)} because it was missed; {reason}"
    task.mark_changed(now)
    return MovedTask(task=task, old_start=old_start, reason=task.scheduling_reason, carried_over=task.is_carried_over)


def _nowhere_reason(task: PlanTask, scheduler_reason: str, horizon: dt.datetime, zone: ZoneInfo) -> str:
    """The scheduler's reason for the last month it tried, with the horizon it searched."""
    searched = f"Nothing fits between now and {short_when(horizon, zone)} (the next 14 days)."
    stays = f"It stays at {short_when(task.start_time, zone)}; move it by hand if you find the time."
    return " ".join(part for part in (searched, scheduler_reason, stays) if part)
