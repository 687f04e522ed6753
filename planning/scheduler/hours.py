"""The person's working hours, expanded onto the absolute time line of a month.

A window belongs to the day it opens on, like a commitment: a 22:00-06:00 night window
opening on Monday is Monday's working time, and its sessions count toward Monday's load
and cap even when they start after midnight. Each window is placed on the wall clock of
its own day, so 22:00-06:00 stays 22:00-06:00 local on both sides of a daylight-saving
change (the night of the change is an hour shorter or longer in real minutes).
"""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from planning.scheduler.intervals import clip, merge, subtract
from planning.scheduler.localtime import ONE_DAY, grid_down, grid_up, month_bounds, wall_to_epoch_minutes
from planning.scheduler.types import DAY_NAMES, Interval, ScheduleRequest, WorkingWindow


def weekly_windows(request: ScheduleRequest) -> tuple[WorkingWindow, ...]:
    """The person's windows; without any, `working_window` on every day."""
    if request.working_hours is not None:
        return request.working_hours
    start, end = request.working_window
    return tuple(WorkingWindow(day, start, end) for day in range(7))


def _spans_on(day: date, windows: list[WorkingWindow], zone: ZoneInfo) -> list[Interval]:
    spans = []
    for window in windows:
        start = wall_to_epoch_minutes(day, window.start, zone, is_end=False)
        end_day = day + ONE_DAY if window.overnight else day
        end = wall_to_epoch_minutes(end_day, window.end, zone, is_end=True)
        # On the 5-minute grid; a window lying wholly inside a spring-forward gap is empty.
        spans.append((grid_up(start), grid_down(end)))
    return merge(spans)


def working_spans(request: ScheduleRequest, zone: ZoneInfo, dates: list[date]) -> list[list[Interval]]:
    """For each date of the month, the working time that opens on it, clipped to the month.

    Where two windows overlap (Monday 20:00-06:00 and Tuesday 05:00-09:00) the earlier day
    owns the shared time, so no minute is counted twice. Early hours of the 1st that
    belong to a window opening on the last day of the previous month are that month's.
    """
    by_weekday: list[list[WorkingWindow]] = [[] for _ in range(7)]
    for window in weekly_windows(request):
        by_weekday[window.day].append(window)
    month_start, month_end = month_bounds(request.year, request.month, zone)
    previous = _spans_on(dates[0] - ONE_DAY, by_weekday[(dates[0] - ONE_DAY).weekday()], zone)
    found = []
    for day in dates:
        spans = _spans_on(day, by_weekday[day.weekday()], zone)
        for start, end in previous:
            spans = subtract(spans, start, end)
        previous = spans
        found.append(clip(spans, month_start, month_end))
    return found


def describe_hours(request: ScheduleRequest) -> str:
    """ "08:00-20:00" for one window every day, else "your working hours"."""
    if request.working_hours is None:
        start, end = request.working_window
        return f"{start:%H:%M}-{end:%H:%M}"
    windows = {(window.start, window.end) for window in request.working_hours}
    days = {window.day for window in request.working_hours}
    if len(windows) == 1 and len(days) == 7 and len(request.working_hours) == 7:
        start, end = next(iter(windows))
        return f"{start:%H:%M}-{end:%H:%M}"
    return "your working hours"


def day_part(weekday: int, request: ScheduleRequest) -> str:
    """Where to add hours on a weekday, in words: "Tuesday evening", or "Tuesday" when it
    has no window at all."""
    windows = [window for window in weekly_windows(request) if window.day == weekday]
    if not windows:
        return DAY_NAMES[weekday]
    latest_end = max((24 * 60 if window.overnight else window.end.hour * 60 + window.end.minute) for window in windows)
    return f"{DAY_NAMES[weekday]} {'evening' if latest_end <= 21 * 60 else 'morning'}"
