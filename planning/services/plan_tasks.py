"""Changing single plan tasks by hand: a tick, a pin, a focus area, a move.

Every refusal raises TaskChangeRefused before anything is written. Moves and re-placements
lock the person's row first: two moves of different tasks into the same free hour, or a
move racing "re-place missed tasks" (planning.services.missed), would otherwise both see
the hour as free.
"""

import datetime as dt
import re
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from config.refusal import Refusal
from planning.extensions import sessions_changed
from planning.models import PlanTask
from planning.months import add_months, local_month_of, month_end, month_key, month_start
from planning.scheduler import (
    DAY_NAMES,
    MONTH_NAMES,
    BusyInterval,
    find_conflict,
    is_real_local_time,
    move_warnings,
)
from planning.selectors import plan_tasks_in_range
from planning.services.context import calendar_events

UTC = dt.UTC
# A hand-moved task's reason starts with this sentence; moving it again replaces the
# sentence instead of stacking one per move. The sentence itself contains no full stop.
_MOVED_BY_HAND = re.compile(r"^Moved by hand to [^.]*\. ")


class TaskChangeRefused(Refusal):
    """A change to a task that was not made; `message` is for the person, `field` names the input."""


def short_when(moment: dt.datetime, zone: ZoneInfo) -> str:
    """The moment on the person's clock, as in "Tue 3 Nov 09:00" (no locale: the same on every server)."""
    local = moment.astimezone(zone)
    return f"{DAY_NAMES[local.weekday()][:3]} {local.day} {MONTH_NAMES[local.month - 1][:3]} {local:%H:%M}"


def plan_task_set_completed(*, task: PlanTask, is_completed: bool, now: dt.datetime | None = None) -> PlanTask:
    if task.is_completed == is_completed:
        return task  # ticking a ticked task keeps when it was first done
    task.is_completed = is_completed
    task.completed_at = (now or timezone.now()) if is_completed else None
    # `now` may be when the work ended (a log's end); the change itself is made now, and
    # calendar apps compare LAST-MODIFIED with their own clock.
    task.save(update_fields=["is_completed", "completed_at", *task.mark_changed(timezone.now())])
    sessions_changed(user_id=task.user_id)
    return task


def plan_task_set_pinned(*, task: PlanTask, is_pinned: bool, now: dt.datetime | None = None) -> PlanTask:
    """A pinned session keeps its time when the month is planned again."""
    if task.is_pinned != is_pinned:
        task.is_pinned = is_pinned
        task.save(update_fields=["is_pinned", *task.mark_changed(now or timezone.now())])
    return task


def plan_task_change_focus_area(*, task: PlanTask, focus_area: str) -> PlanTask:
    allowed = list(task.plan.preference.focus_areas)
    wanted = (focus_area or "").strip()
    canonical = next((area for area in allowed if area.strip().casefold() == wanted.casefold()), None)
    if canonical is None:
        raise TaskChangeRefused(
            f"“{wanted}” is not one of this plan's focus areas; choose one of {', '.join(allowed)}.",
            field="focus_area",
        )
    if canonical != task.focus_area:
        task.focus_area = canonical
        task.save(update_fields=["focus_area", *task.mark_changed(timezone.now())])
    return task


def _current_tasks_around(
    *, user: User, start: dt.datetime, end: dt.datetime, plan_month: tuple[int, int]
) -> list[PlanTask]:
    """Tasks of the person's current plans that overlap [start, end). A task never leaves
    its plan's month, so one starting before the previous month's first day cannot reach it."""
    earliest = month_start(*add_months(*plan_month, -1), user.timezone)
    overlapping = plan_tasks_in_range(user=user, start=earliest, end=end).filter(end_time__gt=start)
    return list(overlapping.select_related(None).only("id", "task_description", "start_time", "end_time"))


def _refuse_if_unreal(moment: dt.datetime, field: str, zone: ZoneInfo) -> None:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise TaskChangeRefused("Give the time with its UTC offset, e.g. 2026-11-03T09:00:00+00:00.", field=field)
    if not is_real_local_time(moment):
        raise TaskChangeRefused(
            f"{moment:%H:%M} on {moment:%Y-%m-%d} does not exist in {getattr(moment.tzinfo, 'key', zone.key)}: "
            f"the clocks skip that hour for daylight saving. Pick a time before or after the change.",
            field=field,
        )


def _describe_interval(interval: BusyInterval, zone: ZoneInfo) -> str:
    start, end = interval.start.astimezone(zone), interval.end.astimezone(zone)
    if start.date() == end.date():
        return f"{short_when(start, zone)}-{end:%H:%M}"
    return f"{short_when(start, zone)} to {short_when(end, zone)}"


def _refuse_outside_month(
    *, start: dt.datetime, end: dt.datetime, month_year: str, user: User, now: dt.datetime
) -> tuple[int, int]:
    """A task stays in its plan's month and in the future; the month as (year, month)."""
    year, month = (int(part) for part in month_year.split("-"))
    first, after_last = month_start(year, month, user.timezone), month_end(year, month, user.timezone)
    month_name = f"{MONTH_NAMES[month - 1]} {year}"
    if not first <= start < after_last:
        raise TaskChangeRefused(
            f"This task belongs to the {month_name} plan; pick a time in {month_name}.", field="start_time"
        )
    if end > after_last:
        raise TaskChangeRefused(
            f"The task would run past the end of {month_name}; end it by midnight.", field="end_time"
        )
    if start < now:
        raise TaskChangeRefused("That time has already passed. Pick a time from now on.", field="start_time")
    return year, month


def _refuse_if_busy(
    *, task: PlanTask, start: dt.datetime, end: dt.datetime, plan_month: tuple[int, int], zone: ZoneInfo
) -> None:
    """Refuses a time on one of the plan's commitments or another current task."""
    user = task.user
    commitments = task.plan.preference.commitments
    clash = find_conflict(start=start, end=end, timezone=user.timezone, commitments=commitments, busy=())
    if clash is not None:
        label = f"“{clash.label}”" if clash.label else "a fixed commitment"
        raise TaskChangeRefused(
            f"That time overlaps your commitment {label} ({_describe_interval(clash, zone)}). Pick a time outside it.",
            field="start_time",
        )
    event = find_conflict(
        start=start,
        end=end,
        timezone=user.timezone,
        commitments=(),
        busy=calendar_events(user_id=user.pk, start=start, end=end),
    )
    if event is not None:
        label = f"“{event.label}”" if event.label else "an event"
        raise TaskChangeRefused(
            f"That time overlaps {label} in your calendar ({_describe_interval(event, zone)}). Pick a free time.",
            field="start_time",
        )
    others = [
        other
        for other in _current_tasks_around(user=user, start=start, end=end, plan_month=plan_month)
        if other.pk != task.pk
    ]
    if others:
        other = min(others, key=lambda candidate: (candidate.start_time, candidate.pk))
        raise TaskChangeRefused(
            f"That time overlaps “{other.task_description}” "
            f"({_describe_interval(BusyInterval(other.start_time, other.end_time), zone)}). "
            f"Pick a free time.",
            field="start_time",
        )


def plan_task_move(
    *, task: PlanTask, start_time: dt.datetime, end_time: dt.datetime | None = None, now: dt.datetime | None = None
) -> PlanTask:
    """Moves the task to [start_time, end_time) (end defaults to keeping its duration), or
    refuses with TaskChangeRefused and changes nothing."""
    now = now or timezone.now()
    user, plan = task.user, task.plan
    zone = ZoneInfo(user.timezone)
    _refuse_if_unreal(start_time, "start_time", zone)
    if end_time is not None:
        _refuse_if_unreal(end_time, "end_time", zone)
    # Compare in UTC: two datetimes that share a ZoneInfo compare by wall clock, which is
    # wrong across a fall-back hour.
    start = start_time.astimezone(UTC)
    end = end_time.astimezone(UTC) if end_time is not None else start + (task.end_time - task.start_time)
    if end <= start:
        raise TaskChangeRefused("The end must be after the start.", field="end_time")

    # A carried-over session waits in the month after its plan's: it moves within that month.
    month_year = month_key(*local_month_of(task.start_time, user.timezone)) if task.is_carried_over else plan.month_year
    year, month = _refuse_outside_month(start=start, end=end, month_year=month_year, user=user, now=now)
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        _refuse_if_busy(task=task, start=start, end=end, plan_month=(year, month), zone=zone)
        original = _MOVED_BY_HAND.sub("", task.scheduling_reason, count=1)
        task.start_time, task.end_time = start, end
        task.scheduling_reason = f"Moved by hand to {short_when(start, zone)}. {original}"
        task.moved_by_hand = True
        changed = task.mark_changed(now)
        task.save(update_fields=["start_time", "end_time", "scheduling_reason", "moved_by_hand", *changed])
        sessions_changed(user_id=user.pk)
    return task


def plan_task_move_warnings(*, task: PlanTask) -> list[str]:
    """What the task's time breaks that a move by hand may break: the plan's working hours
    and the buffer around commitments (a plan itself never does)."""
    preference = task.plan.preference
    return move_warnings(
        start=task.start_time,
        end=task.end_time,
        timezone=task.user.timezone,
        commitments=preference.commitments,
        hours=preference.working_windows,
        buffer_minutes=preference.buffer_minutes,
    )


def plan_task_update(
    *,
    task: PlanTask,
    focus_area: str | None = None,
    start_time: dt.datetime | None = None,
    end_time: dt.datetime | None = None,
    is_completed: bool | None = None,
    is_pinned: bool | None = None,
) -> PlanTask:
    """Any of: a new focus area, a move, a tick, a pin. All or nothing: when one part is
    refused, none is made."""
    with transaction.atomic():
        if focus_area is not None:
            task = plan_task_change_focus_area(task=task, focus_area=focus_area)
        if start_time is not None or end_time is not None:
            task = plan_task_move(task=task, start_time=start_time or task.start_time, end_time=end_time)
        if is_completed is not None:
            task = plan_task_set_completed(task=task, is_completed=is_completed)
        if is_pinned is not None:
            task = plan_task_set_pinned(task=task, is_pinned=is_pinned)
    return task
