"""The sentences a person reads about where a session went (`scheduling_reason`)."""

from __future__ import annotations

from datetime import datetime

from planning.scheduler.days import Month
from planning.scheduler.hours import describe_hours
from planning.scheduler.peaks import PEAK_SOURCE_WORDS
from planning.scheduler.types import DAY_NAMES, MONTH_NAMES, Day, ScheduleRequest, SizedTask


def _source(month: Month) -> str:
    return PEAK_SOURCE_WORDS[month.peak_source]


def _overlapping_peak(day: Day, start: int, end: int) -> str:
    for peak_start, peak_end, label in day.peaks:
        if start < peak_end and end > peak_start:
            return label
    return ""


def _when(local_start: datetime) -> str:
    date_words = f"{DAY_NAMES[local_start.weekday()]} {local_start.day} {MONTH_NAMES[local_start.month - 1]}"
    return f"{date_words} at {local_start:%H:%M}"


def _where(sized: SizedTask, day: Day, start: int, local_start: datetime, kind: str, label: str, month: Month) -> str:
    when = _when(local_start)
    if sized.difficulty == "hard":
        if kind == "peak":
            return f"Hard task placed in your peak window ({label}) on {when}, in your peak hours ({_source(month)})."
        if kind == "overlap":
            longest = max(end - begin for begin, end, _ in day.peaks)
            than = "your peak windows" if sized.minutes > longest else "the free part of them"
            return (
                f"Hard task placed on {when}, covering as much of your peak window ({label}, {_source(month)}) "
                f"as it can: at {sized.minutes} min it is longer than {than}."
            )
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


def _buffer_note(start: int, end: int, month: Month, buffer: int) -> str:
    """Says so when the session sits right at the buffer of a commitment or busy time."""
    if buffer <= 0:
        return ""
    if end + buffer in month.blocked_starts:
        label = month.blocked_starts[end + buffer] or "a commitment"
        return f"It ends {buffer} min before {label}, keeping your buffer."
    if start - buffer in month.blocked_ends:
        label = month.blocked_ends[start - buffer] or "a commitment"
        return f"It starts {buffer} min after {label} ends, keeping your buffer."
    return ""


def _duration_notes(sized: SizedTask, day: Day, alone: bool, request: ScheduleRequest) -> list[str]:
    task, notes = sized.task, []
    if sized.parts > 1:
        notes.append(
            f"One of {sized.parts} parts of a {sized.whole_minutes}-minute task (your sessions are at most "
            f"{request.session_minutes[1] if request.session_minutes else sized.minutes} min), each on its own day."
        )
    if sized.multiplier != 1.0:
        capped = ""
        if sized.measured is not None:
            capped = f" (your measured x{sized.measured:g} is capped at x{sized.multiplier:g})"
        if sized.parts > 1:
            notes.append(
                f"The {sized.whole_minutes} min include your x{sized.multiplier:g} measured overrun for "
                f"{task.focus_area}{capped}."
            )
        else:
            notes.append(
                f"{task.duration_minutes} min planned x{sized.multiplier:g} measured overrun for "
                f"{task.focus_area} = {sized.minutes} min{capped}."
            )
    if alone:
        notes.append(
            f"It is longer than your usual daily load ({day.capacity} min for {request.complexity}), "
            f"so it has the day to itself."
        )
    if day.max_tasks is not None:
        notes.append(f"Light weekend: the only task this {DAY_NAMES[day.weekday]}.")
    return notes


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
    month: Month,
) -> str:
    sentences = [
        _where(sized, day, start, local_start, kind, peak_label, month),
        _which_week(sized, day, kind),
        *_duration_notes(sized, day, alone, request),
        _buffer_note(start, start + sized.minutes, month, request.buffer_minutes),
    ]
    return " ".join(sentence for sentence in sentences if sentence)


def nothing_left_reason(request: ScheduleRequest) -> str:
    return (
        f"No working time is left in {MONTH_NAMES[request.month - 1]} {request.year} to schedule "
        f"into: the days ahead are past, outside your working hours ({describe_hours(request)}), taken "
        f"by commitments, or weekends you keep free."
    )
