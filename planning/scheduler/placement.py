"""Placing a month of drafted tasks into free time.

How a month is built: days.py (working hours, commitments and buffers, peaks) and
slots.py (which slot a session takes). Here:
- tasks are sized (the measured overrun) and, with `session_minutes`, split into parts
  (splitting.py), each part on a different day;
- tasks are spread over weeks: a `week` hint is kept when that week has room, and the
  tasks of one focus area without a hint are dealt out evenly over the weeks left;
- sessions are placed hard first (they compete for peak windows), longest first within
  a difficulty, each on the least-loaded day of its preferred week that has room;
- a placed session takes its minutes plus `buffer_minutes` on each side out of the free
  time, so two sessions are always at least a buffer apart; commitments and busy time
  were widened by the same buffer when the days were built.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from zoneinfo import ZoneInfo

from planning.scheduler.advice import month_advice, unplaced_reason
from planning.scheduler.capacity import daily_capacity_minutes
from planning.scheduler.days import Month, build_month
from planning.scheduler.habits import habit_run, place_habits
from planning.scheduler.intervals import subtract
from planning.scheduler.localtime import is_real_local_time, load_zone, to_local
from planning.scheduler.reasons import nothing_left_reason, placement_reason
from planning.scheduler.slots import Slot, find_slot
from planning.scheduler.splitting import part_task, session_bounds, split
from planning.scheduler.types import (
    MULTIPLIER_BOUNDS,
    DraftTask,
    Placement,
    Schedule,
    ScheduleRequest,
    SizedTask,
    Unplaced,
)

__all__ = ["daily_capacity_minutes", "schedule_month"]

_DIFFICULTY_ORDER = {"hard": 0, "medium": 1, "easy": 2}


def _measured_multiplier(raw: object) -> float:
    # A missing, non-numeric or infinite measurement means "no measurement", not "x0".
    try:
        value = float(raw)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 1.0
    return value if math.isfinite(value) else 1.0


def _real_minutes(task: DraftTask, multipliers: Mapping[str, float]) -> tuple[int, float, float | None]:
    measured = _measured_multiplier(multipliers.get(task.focus_area, 1.0))
    low, high = MULTIPLIER_BOUNDS
    applied = min(max(measured, low), high)
    # Half-up to the 5-minute grid (round() would take 2.5 down to 2).
    minutes = max(5, int(task.duration_minutes * applied / 5 + 0.5) * 5)
    return minutes, applied, (measured if applied != measured else None)


def _nearest(weeks: list[int], target: int) -> list[int]:
    # Closest first; on a tie the later week, so a slipping task slips forward.
    return sorted(weeks, key=lambda week: (abs(week - target), week < target))


def _size_tasks(request: ScheduleRequest, weeks: list[int]) -> list[SizedTask]:
    area_order: dict[str, int] = {}
    unhinted: dict[str, list[int]] = {}
    for index, task in enumerate(request.tasks):
        area_order.setdefault(task.focus_area, len(area_order))
        if task.week is None or not 1 <= task.week <= 5:
            unhinted.setdefault(task.focus_area, []).append(index)
    # Deal each area's unhinted tasks out evenly over the weeks left, in draft order (a
    # draft usually builds up), each area starting one week later than the one before so
    # that many one-task areas do not all pile into week 1.
    dealt: dict[int, int] = {}
    for area, indexes in unhinted.items():
        for position, index in enumerate(indexes):
            dealt[index] = weeks[(position * len(weeks) // len(indexes) + area_order[area]) % len(weeks)]
    bounds = session_bounds(request)
    sized = []
    for index, task in enumerate(request.tasks):
        minutes, applied, measured = _real_minutes(task, request.duration_multipliers)
        hinted = index not in dealt
        difficulty = task.difficulty.strip().lower()
        whole = SizedTask(
            index=index,
            task=task,
            difficulty=difficulty if difficulty in _DIFFICULTY_ORDER else "medium",
            minutes=minutes,
            multiplier=applied,
            measured=measured,
            target_week=_nearest(weeks, task.week)[0] if hinted else dealt[index],
            hinted=hinted,
            hint_available=hinted and task.week in weeks,
        )
        sized.extend(split(whole, bounds))
    return sized


def _take(slot: Slot, sized: SizedTask, month: Month, buffer: int) -> tuple[int, int, bool]:
    day, start, _, _ = slot
    end = start + sized.minutes
    alone = day.takes_alone(sized.minutes)
    day.load += sized.minutes
    day.count += 1
    if sized.difficulty == "hard":
        day.hard.append((start, end))
    # The buffer applies on the neighbouring days too, for a window reaching midnight.
    for neighbour in month.days[max(day.index - 1, 0) : day.index + 2]:
        neighbour.free = subtract(neighbour.free, start - buffer, end + buffer)
    return start, end, alone


def _place(sized: SizedTask, slot: Slot, month: Month, request: ScheduleRequest, zone: ZoneInfo) -> Placement:
    start, end, alone = _take(slot, sized, month, request.buffer_minutes)
    local_start, local_end = to_local(start, zone), to_local(end, zone)
    # Belt and braces: times that come from UTC always exist on the local clock.
    if not (is_real_local_time(local_start) and is_real_local_time(local_end)):
        raise AssertionError(f"Non-existent local time produced for task {sized.task.key}")
    day, _, kind, peak_label = slot
    reason = placement_reason(
        sized, day, start=start, local_start=local_start, kind=kind, peak_label=peak_label, alone=alone,
        request=request, month=month,
    )  # fmt: skip
    return Placement(sized.task, local_start, local_end, reason)


def schedule_month(request: ScheduleRequest) -> Schedule:
    """Place the drafted tasks into the month, and the habits' occurrences into their windows
    (high priority before the tasks, normal after them); whatever does not fit is returned in
    `unplaced` with a reason, and `advice` says what would make the tasks fit. Deterministic:
    no clock, no randomness."""
    zone = load_zone(request.timezone)
    month = build_month(request, zone)
    if not request.habits:
        return _schedule_tasks(request, month, zone)
    run = habit_run(request, month, zone)
    first = place_habits(run, priority="high")
    tasks = _schedule_tasks(request, month, zone)
    run.occupy(tasks.placements)
    later = place_habits(run, priority="normal")
    placements = [*first.placements, *tasks.placements, *later.placements]
    return Schedule(
        placements=tuple(sorted(placements, key=lambda placement: placement.start.timestamp())),
        unplaced=(*tasks.unplaced, *first.unplaced, *later.unplaced),
        advice=tasks.advice,
    )


def _schedule_tasks(request: ScheduleRequest, month: Month, zone: ZoneInfo) -> Schedule:
    weeks = sorted({day.week for day in month.days if day.free})
    if not weeks:
        session_bounds(request)
        reason = nothing_left_reason(request)
        return Schedule(placements=(), unplaced=tuple(Unplaced(task, reason) for task in request.tasks))
    by_week = {week: [day for day in month.days if day.free and day.week == week] for week in weeks}
    placed: dict[tuple[int, int], Placement] = {}  # by (draft index, part)
    missed: dict[tuple[int, int], Unplaced] = {}
    taken: dict[int, set[int]] = {}  # task index -> days holding one of its parts
    sized_tasks = _size_tasks(request, weeks)
    for sized in sorted(sized_tasks, key=lambda s: (_DIFFICULTY_ORDER[s.difficulty], -s.minutes, s.index, s.part)):
        key = (sized.index, sized.part)
        if sized.task.duration_minutes <= 0:
            missed[key] = Unplaced(sized.task, "The task has no duration to schedule.")
            continue
        used = taken.setdefault(sized.index, set())
        slot = find_slot(sized, weeks, by_week, used)
        if slot is None:
            missed[key] = Unplaced(sized.task, unplaced_reason(sized, month, request, used))
            continue
        used.add(slot[0].index)
        placed[key] = _place(sized, slot, month, request, zone)
    placed, missed = _number_parts(request, sized_tasks, placed, missed)
    placements = sorted(placed.items(), key=lambda entry: (entry[1].start.timestamp(), entry[0]))
    unplaced = [sized for sized in sized_tasks if (sized.index, sized.part) in missed]
    return Schedule(
        placements=tuple(placement for _, placement in placements),
        unplaced=tuple(missed[sized.index, sized.part] for sized in unplaced),
        advice=month_advice(request, zone, sized_tasks, [(s, missed[s.index, s.part].reason) for s in unplaced])
        if unplaced
        else (),
    )


def _number_parts(
    request: ScheduleRequest,
    sized_tasks: list[SizedTask],
    placed: dict[tuple[int, int], Placement],
    missed: dict[tuple[int, int], Unplaced],
) -> tuple[dict[tuple[int, int], Placement], dict[tuple[int, int], Unplaced]]:
    """Parts are numbered in the order the person meets them: placed ones by start, then
    the unplaced; the planned minutes travel with the part's length."""
    by_task: dict[int, list[SizedTask]] = {}
    for sized in sized_tasks:
        if sized.parts > 1:
            by_task.setdefault(sized.index, []).append(sized)

    def meets(sized: SizedTask) -> tuple[bool, float, int]:
        key = (sized.index, sized.part)
        return (key not in placed, placed[key].start.timestamp() if key in placed else 0.0, sized.part)

    for index, parts in by_task.items():
        for number, sized in enumerate(sorted(parts, key=meets), start=1):
            task = part_task(request.tasks[index], number, sized.parts, sized.task.duration_minutes)
            key = (sized.index, sized.part)
            if key in placed:
                placed[key] = Placement(task, placed[key].start, placed[key].end, placed[key].reason)
            else:
                missed[key] = Unplaced(task, missed[key].reason)
    return placed, missed
