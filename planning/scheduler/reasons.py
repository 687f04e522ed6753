"""The sentences a person reads about where a task went (`scheduling_reason`) or why it
could not go anywhere."""

from __future__ import annotations

from datetime import datetime

from planning.scheduler.types import DAY_NAMES, MONTH_NAMES, Day, ScheduleRequest, SizedTask


def _window(request: ScheduleRequest) -> str:
    start, end = request.working_window
    return f"{start:%H:%M}-{end:%H:%M}"


def _overlapping_peak(day: Day, start: int, end: int) -> str:
    for peak_start, peak_end, label in day.peaks:
        if start < peak_end and end > peak_start:
            return label
    return ""


def _where(sized: SizedTask, day: Day, start: int, local_start: datetime, kind: str, peak_label: str) -> str:
    when = f"{day.label} at {local_start:%H:%M}"
    if sized.difficulty == "hard":
        if kind == "peak":
            return f"Hard task placed in your peak window ({peak_label}) on {when}."
        if day.peaks and sized.minutes > max(end - begin for begin, end, _ in day.peaks):
            return f"Hard task placed on {when}: at {sized.minutes} min it is longer than your peak windows."
        return f"Hard task placed on {when}: no peak window had room left for it."
    if sized.difficulty == "easy":
        overlapping = _overlapping_peak(day, start, start + sized.minutes)
        if overlapping:
            return f"Easy task placed on {when}, in your peak hours ({overlapping}): no time outside them was free."
        return f"Easy task placed outside your peak hours on {when}, keeping those for harder work."
    return f"Medium task placed on {when}."


def _which_week(sized: SizedTask, day: Day, kind: str) -> str:
    drafted = sized.task.week
    if sized.hinted and day.week == drafted:
        return f"Week {day.week} as drafted."
    if sized.hinted and not sized.hint_available:
        return f"Drafted for week {drafted}, which has no days left to plan in; placed in week {day.week}."
    if sized.hinted and kind == "peak":
        return f"Moved from week {drafted} to week {day.week}, where a peak window was free."
    if sized.hinted:
        return f"Moved from week {drafted} to week {day.week}: week {drafted} had no room left."
    if day.week == sized.target_week:
        return f"Week {day.week}, spreading {sized.task.focus_area} across the month."
    if kind == "peak":
        return f"Week {day.week}, where a peak window was free."
    return f"Week {day.week}: the week planned for it was full."


def placement_reason(
    sized: SizedTask,
    day: Day,
    *,
    start: int,
    local_start: datetime,
    kind: str,
    peak_label: str,
    alone: bool,
    request: ScheduleRequest,
) -> str:
    task = sized.task
    sentences = [_where(sized, day, start, local_start, kind, peak_label), _which_week(sized, day, kind)]
    if sized.multiplier != 1.0:
        capped = ""
        if sized.measured is not None:
            capped = f" (your measured x{sized.measured:g} is capped at x{sized.multiplier:g})"
        sentences.append(
            f"{task.duration_minutes} min planned x{sized.multiplier:g} measured overrun for "
            f"{task.focus_area} = {sized.minutes} min{capped}."
        )
    if alone:
        sentences.append(
            f"It is longer than your usual daily load ({day.capacity} min for {request.complexity}), "
            f"so it has the day to itself."
        )
    if day.max_tasks is not None:
        sentences.append(f"Light weekend: the only task this {DAY_NAMES[day.weekday]}.")
    if not request.peak_windows and sized.difficulty != "medium":
        sentences.append("Peak hours are assumed to be 09:00-12:00 until you set your own.")
    return " ".join(sentences)


def nothing_left_reason(request: ScheduleRequest) -> str:
    return (
        f"No working time is left in {MONTH_NAMES[request.month - 1]} {request.year} to schedule "
        f"into: the days ahead are past, outside your working hours ({_window(request)}), taken "
        f"by commitments, or weekends you keep free."
    )


def unplaced_reason(*, minutes: int, slot_left: bool, weekday_load: int, request: ScheduleRequest) -> str:
    """`slot_left`: some day still has a free slot that long, only its daily load is full."""
    if slot_left:
        return (
            f"Every day that still has a free {minutes}-minute slot already carries its full load "
            f"({weekday_load} min of tasks a weekday for {request.complexity}); choose a more "
            f"ambitious complexity or fewer tasks."
        )
    return (
        f"No free {minutes}-minute slot left in the month's working hours ({_window(request)}) "
        f"after your commitments and other tasks."
    )
