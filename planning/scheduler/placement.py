"""Placing a month of drafted tasks into free time.

How a month is built (all times in absolute epoch minutes, see localtime.py):
- each local date gets its working window, minus `not_before`, the commitment
  occurrences (from that date and the evening before), and busy intervals widened by the
  buffer;
- tasks are spread over weeks: a `week` hint is kept when that week has room, and the
  tasks of one focus area without a hint are dealt out evenly over the weeks left;
- tasks are placed hard first (they compete for peak windows), longest first within a
  difficulty, each on the least-loaded day of its preferred week that has room, at the
  earliest free minute of the right kind (peak for hard, off-peak for easy);
- a placed task takes its minutes plus `buffer_minutes` on each side out of the free
  time, so two tasks are always at least a buffer apart. Commitments get no buffer: they
  are the person's own fixed slots, and a task may end as a lecture starts.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterator, Mapping
from datetime import time
from zoneinfo import ZoneInfo

from planning.scheduler.commitments import occurrences
from planning.scheduler.localtime import (
    ONE_DAY,
    epoch_minutes,
    grid_down,
    grid_up,
    is_real_local_time,
    load_zone,
    month_days,
    to_local,
    wall_to_epoch_minutes,
)
from planning.scheduler.reasons import nothing_left_reason, placement_reason, unplaced_reason
from planning.scheduler.types import (
    DAY_NAMES,
    MONTH_NAMES,
    MULTIPLIER_BOUNDS,
    Day,
    DraftTask,
    Interval,
    PeakWindow,
    Placement,
    Schedule,
    ScheduleRequest,
    SizedTask,
    Unplaced,
)

# Minutes of task time per weekday. Buffers and commitments do not count.
WEEKDAY_CAPACITY = {"simple": 120, "balanced": 240, "ambitious": 360}
# A Mixed weekend day carries a quarter of a weekday's load, and one task at most.
MIXED_WEEKEND_DIVISOR = 4
MIXED_WEEKEND_MAX_TASKS = 1
DEFAULT_PEAK_WINDOWS = (PeakWindow(9, 12),)
_WEEKEND_PREFERENCES = ("work", "rest", "mixed")
_DIFFICULTY_ORDER = {"hard": 0, "medium": 1, "easy": 2}


def _choice(value: str, allowed: Collection[str], what: str) -> str:
    key = value.strip().lower()
    if key not in allowed:
        expected = ", ".join(name.capitalize() for name in allowed)
        raise ValueError(f"Unknown {what} {value!r}; expected one of {expected}")
    return key


def daily_capacity_minutes(complexity: str, *, weekend: bool, weekend_preference: str) -> int:
    """Task minutes a day may hold: Simple 120, Balanced 240, Ambitious 360 on weekdays;
    weekends the same under Work, nothing under Rest, a quarter under Mixed."""
    weekday = WEEKDAY_CAPACITY[_choice(complexity, WEEKDAY_CAPACITY, "complexity")]
    preference = _choice(weekend_preference, _WEEKEND_PREFERENCES, "weekend preference")
    if not weekend or preference == "work":
        return weekday
    if preference == "rest":
        return 0
    return weekday // MIXED_WEEKEND_DIVISOR


def _subtract(free: list[Interval], start: int, end: int) -> list[Interval]:
    if not free or end <= free[0][0] or start >= free[-1][1]:
        return free
    result: list[Interval] = []
    for low, high in free:
        if high <= start or low >= end:
            result.append((low, high))
            continue
        if low < start:
            result.append((low, start))
        if high > end:
            result.append((end, high))
    return result


def _earliest(candidates: Iterator[tuple[int, int, str]], minutes: int) -> tuple[int, str] | None:
    for low, high, label in candidates:
        start = grid_up(low)
        if start + minutes <= high:
            return start, label
    return None


def _any_time(day: Day) -> Iterator[tuple[int, int, str]]:
    for low, high in day.free:
        yield low, high, ""


def _peak_time(day: Day) -> Iterator[tuple[int, int, str]]:
    # Peaks are sorted and disjoint, so this walks the free time in order.
    for peak_start, peak_end, label in day.peaks:
        for low, high in day.free:
            if high > peak_start and low < peak_end:
                yield max(low, peak_start), min(high, peak_end), label


def _off_peak_time(day: Day) -> Iterator[tuple[int, int, str]]:
    for low, high in day.free:
        cursor = low
        for peak_start, peak_end, _ in day.peaks:
            if peak_end <= cursor:
                continue
            if peak_start >= high:
                break
            if peak_start > cursor:
                yield cursor, peak_start, ""
            cursor = peak_end
            if cursor >= high:
                break
        if cursor < high:
            yield cursor, high, ""


_SLOT_KINDS = {"any": _any_time, "peak": _peak_time, "off-peak": _off_peak_time}


def _peak_hours(windows: tuple[PeakWindow, ...], weekday: int) -> list[tuple[int, int]]:
    hours = sorted((w.start_hour, w.end_hour) for w in windows if w.weekday is None or w.weekday == weekday)
    merged: list[tuple[int, int]] = []
    for start, end in hours:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _build_days(request: ScheduleRequest, zone: ZoneInfo) -> list[Day]:
    dates = month_days(request.year, request.month)
    peak_windows = request.peak_windows or DEFAULT_PEAK_WINDOWS
    not_before = grid_up(epoch_minutes(request.not_before, round_up=True))
    buffer = request.buffer_minutes
    mixed = _choice(request.weekend_preference, _WEEKEND_PREFERENCES, "weekend preference") == "mixed"
    blocked = [(start, end) for start, end, _ in occurrences(request.commitments, zone, dates[0] - ONE_DAY, dates[-1])]
    busy = sorted((epoch_minutes(b.start), epoch_minutes(b.end, round_up=True)) for b in request.busy)
    window_start, window_end = request.working_window
    days: list[Day] = []
    for index, day_date in enumerate(dates):
        weekend = day_date.weekday() >= 5
        capacity = daily_capacity_minutes(
            request.complexity, weekend=weekend, weekend_preference=request.weekend_preference
        )
        opens = grid_up(wall_to_epoch_minutes(day_date, window_start, zone, is_end=False))
        closes = grid_down(wall_to_epoch_minutes(day_date, window_end, zone, is_end=True))
        first_start = max(opens, not_before)
        free = [(first_start, closes)] if capacity > 0 and first_start < closes else []
        # Occurrences from the evening before included: an overnight slot reaches into
        # this morning.
        for start, end in blocked:
            if start >= closes:
                break
            if end > opens:
                free = _subtract(free, start, end)
        # Busy time is normally the plan's other tasks, so it counts toward the day's load.
        load = count = 0
        for start, end in busy:
            if start < closes and end > opens:
                load += min(end, closes) - max(start, opens)
                count += 1
            free = _subtract(free, start - buffer, end + buffer)
        peaks = []
        for start_hour, end_hour in _peak_hours(peak_windows, day_date.weekday()):
            peak_start = wall_to_epoch_minutes(day_date, time(start_hour), zone, is_end=False)
            end_date = day_date + ONE_DAY if end_hour == 24 else day_date
            peak_end = wall_to_epoch_minutes(end_date, time(end_hour % 24), zone, is_end=True)
            peaks.append((peak_start, peak_end, f"{start_hour:02d}:00-{end_hour:02d}:00"))
        days.append(
            Day(
                index=index,
                weekday=day_date.weekday(),
                week=(day_date.day - 1) // 7 + 1,
                label=f"{DAY_NAMES[day_date.weekday()]} {day_date.day} {MONTH_NAMES[day_date.month - 1]}",
                capacity=capacity,
                max_tasks=MIXED_WEEKEND_MAX_TASKS if weekend and mixed else None,
                free=free,
                peaks=peaks,
                load=load,
                count=count,
            )
        )
    return days


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
    sized = []
    for index, task in enumerate(request.tasks):
        minutes, applied, measured = _real_minutes(task, request.duration_multipliers)
        hinted = index not in dealt
        difficulty = task.difficulty.strip().lower()
        sized.append(
            SizedTask(
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
        )
    return sized


def _search_plan(sized: SizedTask, weeks: list[int]) -> list[tuple[str, list[int]]]:
    order = _nearest(weeks, sized.target_week)
    if sized.difficulty == "hard":
        # Peak energy is scarce and matters most for hard work: a peak window in another
        # week beats an ordinary slot in the preferred one.
        return [("peak", order), ("any", order)]
    if sized.difficulty == "easy":
        # Off-peak time is plentiful: the week wins over the kind of slot.
        return [(kind, [week]) for week in order for kind in ("off-peak", "any")]
    return [("any", order)]


def _find_slot(sized: SizedTask, weeks: list[int], by_week: dict[int, list[Day]]) -> tuple[Day, int, str, str] | None:
    for kind, search_weeks in _search_plan(sized, weeks):
        slots = _SLOT_KINDS[kind]
        for week in search_weeks:
            # The least-loaded day first (relative to what it may carry), so a week fills
            # evenly rather than front to back; between equals a weekday before a weekend
            # day, then the earlier date.
            candidates = [day for day in by_week[week] if day.free and day.takes(sized.minutes)]
            candidates.sort(key=lambda day: (day.load / day.capacity, day.weekday >= 5, day.index))
            for day in candidates:
                found = _earliest(slots(day), sized.minutes)
                if found is not None:
                    return day, found[0], kind, found[1]
    return None


def schedule_month(request: ScheduleRequest) -> Schedule:
    """Place the drafted tasks into the month; whatever does not fit is returned in
    `unplaced` with a reason. Deterministic: no clock, no randomness."""
    zone = load_zone(request.timezone)
    days = _build_days(request, zone)
    weeks = sorted({day.week for day in days if day.free})
    if not weeks:
        reason = nothing_left_reason(request)
        return Schedule(placements=(), unplaced=tuple(Unplaced(task, reason) for task in request.tasks))
    by_week: dict[int, list[Day]] = {week: [day for day in days if day.free and day.week == week] for week in weeks}
    placed: list[tuple[int, int, Placement]] = []
    missed: dict[int, Unplaced] = {}
    sized_tasks = _size_tasks(request, weeks)
    sized_tasks.sort(key=lambda sized: (_DIFFICULTY_ORDER[sized.difficulty], -sized.minutes, sized.index))
    for sized in sized_tasks:
        if sized.task.duration_minutes <= 0:
            missed[sized.index] = Unplaced(sized.task, "The task has no duration to schedule.")
            continue
        slot = _find_slot(sized, weeks, by_week)
        if slot is None:
            missed[sized.index] = Unplaced(sized.task, _unplaced_reason(sized, days, request))
            continue
        day, start, kind, peak_label = slot
        end = start + sized.minutes
        alone = day.takes_alone(sized.minutes)
        day.load += sized.minutes
        day.count += 1
        # The buffer applies on the neighbouring days too, for a window reaching midnight.
        for neighbour in days[max(day.index - 1, 0) : day.index + 2]:
            neighbour.free = _subtract(neighbour.free, start - request.buffer_minutes, end + request.buffer_minutes)
        local_start, local_end = to_local(start, zone), to_local(end, zone)
        # Belt and braces: times that come from UTC always exist on the local clock.
        if not (is_real_local_time(local_start) and is_real_local_time(local_end)):
            raise AssertionError(f"Non-existent local time produced for task {sized.task.key}")
        reason = placement_reason(
            sized,
            day,
            start=start,
            local_start=local_start,
            kind=kind,
            peak_label=peak_label,
            alone=alone,
            request=request,
        )
        placed.append((start, sized.index, Placement(sized.task, local_start, local_end, reason)))
    placed.sort(key=lambda entry: (entry[0], entry[1]))
    return Schedule(
        placements=tuple(placement for _, _, placement in placed),
        unplaced=tuple(missed[index] for index in sorted(missed)),
    )


def _unplaced_reason(sized: SizedTask, days: list[Day], request: ScheduleRequest) -> str:
    return unplaced_reason(
        minutes=sized.minutes,
        slot_left=any(_earliest(_any_time(day), sized.minutes) is not None for day in days),
        weekday_load=daily_capacity_minutes(
            request.complexity, weekend=False, weekend_preference=request.weekend_preference
        ),
        request=request,
    )
