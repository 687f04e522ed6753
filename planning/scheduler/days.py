"""A month of Days: what each working day still has free, and its peak windows.

How a day's free time is made (all in absolute epoch minutes, see localtime.py): the
working windows that open on it (hours.py), minus every commitment occurrence widened by
`buffer_minutes` on both sides, minus `not_before`, minus busy intervals widened by the
buffer. Peak windows are derived (peaks.py) from the month before `not_before` and busy
time are taken out, so the same month keeps the same peaks whenever it is re-planned.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from planning.scheduler.capacity import (
    MIXED_WEEKEND_MAX_TASKS,
    WEEKEND_PREFERENCE_KEYS,
    choice,
    daily_capacity_minutes,
    sessions_a_day,
)
from planning.scheduler.commitments import occurrences
from planning.scheduler.hours import working_spans
from planning.scheduler.intervals import subtract
from planning.scheduler.localtime import ONE_DAY, epoch_minutes, grid_up, month_days
from planning.scheduler.peaks import derive_peak_windows, peak_source, peak_spans
from planning.scheduler.types import DAY_NAMES, MONTH_NAMES, Day, Interval, PeakWindow, ScheduleRequest

Labelled = tuple[int, int, str]  # [start, end) epoch minutes and a label


@dataclass(frozen=True)
class Month:
    days: list[Day]
    peak_windows: tuple[PeakWindow, ...]  # as used: given, or derived
    peak_source: str  # "learned" | "stated" | "derived"
    # When a commitment or busy interval starts or ends, and its label: for the reasons.
    blocked_starts: dict[int, str]
    blocked_ends: dict[int, str]


def _blocked(request: ScheduleRequest, zone: ZoneInfo) -> tuple[list[Labelled], list[Labelled]]:
    dates = month_days(request.year, request.month)
    # From the evening before the 1st (an overnight slot reaches into it) to the day after
    # the last (a night window of the last day reaches into it).
    found = occurrences(request.commitments, zone, dates[0] - ONE_DAY, dates[-1] + ONE_DAY)
    commitments = [(start, end, commitment.label) for start, end, commitment in found]
    if request.events:
        events = [(epoch_minutes(e.start), epoch_minutes(e.end, round_up=True), e.label) for e in request.events]
        commitments = sorted(commitments + events)
    busy = sorted((epoch_minutes(b.start), epoch_minutes(b.end, round_up=True), b.label) for b in request.busy)
    return commitments, busy


def _open_time(spans: list[Interval], commitments: list[Labelled], buffer: int) -> list[Interval]:
    free = spans
    if not spans:
        return free
    for start, end, _ in commitments:
        if start - buffer >= spans[-1][1]:
            break
        if end + buffer > spans[0][0]:
            free = subtract(free, start - buffer, end + buffer)
    return free


def _day(request: ScheduleRequest, day_date: date, index: int, **fields: object) -> Day:
    weekend = day_date.weekday() >= 5
    mixed = choice(request.weekend_preference, WEEKEND_PREFERENCE_KEYS, "weekend preference") == "mixed"
    return Day(
        index=index,
        weekday=day_date.weekday(),
        week=(day_date.day - 1) // 7 + 1,
        label=f"{DAY_NAMES[day_date.weekday()]} {day_date.day} {MONTH_NAMES[day_date.month - 1]}",
        capacity=daily_capacity_minutes(
            request.complexity, weekend=weekend, weekend_preference=request.weekend_preference
        ),
        max_tasks=MIXED_WEEKEND_MAX_TASKS if weekend and mixed else None,
        session_cap=sessions_a_day(request),
        **fields,  # type: ignore[arg-type]
    )


def _free_and_busy(opened: list[Interval], spans: list[Interval], busy: list[Labelled], not_before: int,
                   buffer: int) -> tuple[list[Interval], int, int]:  # fmt: skip
    """The day's free time after `not_before` and busy time, and the load and count the
    busy time already puts on it (it is normally the plan's other sessions)."""
    free = [(max(low, not_before), high) for low, high in opened if high > not_before]
    load = count = 0
    for start, end, _ in busy:
        if spans and start < spans[-1][1] and end > spans[0][0]:
            load += min(end, spans[-1][1]) - max(start, spans[0][0])
            count += 1
        free = subtract(free, start - buffer, end + buffer)
    return free, load, count


def build_month(request: ScheduleRequest, zone: ZoneInfo) -> Month:
    dates = month_days(request.year, request.month)
    commitments, busy = _blocked(request, zone)
    spans = working_spans(request, zone, dates)
    days = [_day(request, day_date, i, free=[], peaks=[], spans=spans[i]) for i, day_date in enumerate(dates)]
    opened = [_open_time(day.spans, commitments, request.buffer_minutes) if day.capacity else [] for day in days]
    windows = request.peak_windows or derive_peak_windows(opened, zone)
    not_before = grid_up(epoch_minutes(request.not_before, round_up=True))
    for day, day_date in zip(days, dates, strict=True):
        day.free, day.load, day.count = _free_and_busy(
            opened[day.index], day.spans, busy, not_before, request.buffer_minutes
        )
        day.peaks = peak_spans(windows, day_date, day.spans, zone)
    source = peak_source(request.peak_windows, request.peak_source)
    starts = {start: label for start, _, label in reversed(commitments + busy)}
    ends = {end: label for _, end, label in reversed(commitments + busy)}
    return Month(days, windows, source, starts, ends)
