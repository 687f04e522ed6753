"""What a person types about their week: clock times, their working hours and their peak
hours, parsed into values, with every problem found at once by row and field.

The goals page and the API both call these (through the preferences service), so the two
accept exactly the same input and refuse it with the same words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import time

from planning.scheduler.types import DAY_NAMES, WEEKDAYS, PeakWindow, WorkingWindow

MAX_WORKING_WINDOWS = 50
MAX_PEAK_WINDOWS = 6
DEFAULT_WORKING_HOURS = {day: ({"start": "08:00", "end": "20:00"},) for day in WEEKDAYS}
_CLOCK = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*$")
_WEEK_MINUTES = 7 * 24 * 60


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input: `row` is 1-based, `day` a weekday code when the
    input is kept by day (working hours)."""

    message: str
    row: int | None = None
    field: str | None = None
    day: str | None = None


class InputError(ValueError):
    """Input that cannot be saved. `problems` holds every problem found; `message`, `row`
    and `field` repeat the first, for callers that show one."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        if not problems:
            raise ValueError("InputError needs at least one problem")
        first = problems[0]
        super().__init__(first.message)
        self.problems = tuple(problems)
        self.message = first.message
        self.row = first.row
        self.field = first.field


def parse_clock(value: object, *, what: str, field: str, row: int | None = None, day: str | None = None) -> time:
    """HH:MM on the 24-hour clock; "24:00" only as an end, meaning the midnight that ends
    the day (the same as 00:00). Raises InputError naming `what` ("Commitment 2")."""
    if value in (None, ""):
        raise InputError(
            [Problem(f"{what}: the {field} time is missing; write it as HH:MM, e.g. 09:00.", row, field, day)]
        )
    match = _CLOCK.match(value) if isinstance(value, str) else None
    hour, minute = (int(match[1]), int(match[2])) if match else (-1, -1)
    if field == "end" and (hour, minute) == (24, 0):
        return time(0)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise InputError(
            [
                Problem(
                    f'{what}: the {field} time "{value}" is not a time of day written '
                    f"as HH:MM on the 24-hour clock, e.g. 09:00 or 17:30.",
                    row,
                    field,
                    day,
                )
            ]
        )
    return time(hour, minute)


def week_span(day: int, start: time, end: time) -> tuple[int, int]:
    """Minutes from Monday 00:00; a slot past midnight may run past the week's end."""
    begin = day * 1440 + start.hour * 60 + start.minute
    length = (end.hour * 60 + end.minute - begin % 1440) % 1440
    return begin, begin + length


def spans_overlap(one: tuple[int, int], other: tuple[int, int]) -> bool:
    # The week wraps: Sunday 23:00-01:00 overlaps Monday 00:00-02:00.
    return any(one[0] < other[1] + shift and other[0] + shift < one[1] for shift in (-_WEEK_MINUTES, 0, _WEEK_MINUTES))


def _window(row: object, *, what: str, row_number: int, day: str | None) -> tuple[time, time]:
    if not isinstance(row, Mapping):
        raise InputError([Problem(f"{what} is not a window with a start and an end.", row_number, "start", day)])
    problems: list[Problem] = []
    times: dict[str, time] = {}
    for field in ("start", "end"):
        try:
            times[field] = parse_clock(row.get(field), what=what, field=field, row=row_number, day=day)
        except InputError as error:
            problems.extend(error.problems)
    if problems:
        raise InputError(problems)
    if times["start"] == times["end"]:
        message = f"{what}: it starts and ends at {times['start']:%H:%M}; a window must have some length."
        raise InputError([Problem(message, row_number, "end", day)])
    return times["start"], times["end"]


def parse_working_hours(raw: object) -> tuple[WorkingWindow, ...]:
    """Working hours from `{"mon": [{"start": "08:00", "end": "20:00"}], ...}`. A day that
    is left out keeps the default 08:00-20:00; an empty list means no sessions that day; an
    end at or before the start runs past midnight. Raises InputError with every problem."""
    if raw in (None, {}):
        raw = DEFAULT_WORKING_HOURS
    if not isinstance(raw, Mapping):
        raise InputError([Problem("Working hours must map each day (mon..sun) to a list of {start, end} windows.")])
    problems: list[Problem] = []
    unknown = [str(key) for key in raw if key not in WEEKDAYS]
    if unknown:
        problems.append(
            Problem(f'Working hours: "{unknown[0]}" is not a day; use {", ".join(WEEKDAYS)}.', field="day", day=None)
        )
    windows: list[tuple[WorkingWindow, str, int]] = []
    for index, day in enumerate(WEEKDAYS):
        rows = raw.get(day, DEFAULT_WORKING_HOURS[day])
        if not isinstance(rows, Sequence) or isinstance(rows, (str, bytes)):
            problems.append(Problem(f"Working hours on {DAY_NAMES[index]} must be a list of windows.", day=day))
            continue
        for number, row in enumerate(rows, start=1):
            what = f"Working hours, {DAY_NAMES[index]} window {number}"
            try:
                start, end = _window(row, what=what, row_number=number, day=day)
            except InputError as error:
                problems.extend(error.problems)
                continue
            windows.append((WorkingWindow(day=index, start=start, end=end), day, number))
    if len(windows) > MAX_WORKING_WINDOWS:
        problems.append(
            Problem(f"Keep at most {MAX_WORKING_WINDOWS} working windows a week; there are {len(windows)}.")
        )
    problems.extend(_overlapping_windows(windows))
    if problems:
        raise InputError(problems)
    return tuple(window for window, _, _ in windows)


def _overlapping_windows(windows: Sequence[tuple[WorkingWindow, str, int]]) -> list[Problem]:
    problems = []
    spans = [week_span(window.day, window.start, window.end) for window, _, _ in windows]
    for later in range(len(spans)):
        for earlier in range(later):
            if spans_overlap(spans[earlier], spans[later]):
                (first, _, _), (second, day, number) = windows[earlier], windows[later]
                problems.append(
                    Problem(
                        f"Working hours: {DAY_NAMES[second.day]} {second.start:%H:%M}-{second.end:%H:%M} overlaps "
                        f"{DAY_NAMES[first.day]} {first.start:%H:%M}-{first.end:%H:%M}. Merge them into one window.",
                        number,
                        "start",
                        day,
                    )
                )
                break
    return problems


def working_hours_as_json(windows: Sequence[WorkingWindow]) -> dict[str, list[dict[str, str]]]:
    """The stored form: every day, in order, with its windows (an empty list: a day off)."""
    stored: dict[str, list[dict[str, str]]] = {day: [] for day in WEEKDAYS}
    for window in windows:
        stored[WEEKDAYS[window.day]].append({"start": f"{window.start:%H:%M}", "end": f"{window.end:%H:%M}"})
    return stored


def parse_peak_hours(raw: object) -> tuple[PeakWindow, ...]:
    """The person's own energy windows, `[{"start": "07:00", "end": "10:00"}]`: whole hours
    on one day (an end of 24:00 is midnight), at most MAX_PEAK_WINDOWS, not overlapping."""
    if raw in (None, ""):
        return ()
    if not isinstance(raw, Sequence) or isinstance(raw, (str, bytes)):
        raise InputError([Problem("Peak hours must be a list of {start, end} windows.")])
    if len(raw) > MAX_PEAK_WINDOWS:
        raise InputError([Problem(f"Name at most {MAX_PEAK_WINDOWS} peak windows; there are {len(raw)}.")])
    problems: list[Problem] = []
    peaks: list[tuple[PeakWindow, int]] = []
    for number, row in enumerate(raw, start=1):
        what = f"Peak window {number}"
        try:
            start, end = _window(row, what=what, row_number=number, day=None)
        except InputError as error:
            problems.extend(error.problems)
            continue
        end_hour = 24 if end == time(0) else end.hour
        if start.minute or end.minute:
            problems.append(
                Problem(f"{what}: use whole hours, e.g. 07:00-10:00.", number, "start" if start.minute else "end")
            )
        elif end_hour <= start.hour:
            problems.append(Problem(f"{what}: it must end after it starts on the same day.", number, "end"))
        else:
            peaks.append((PeakWindow(start.hour, end_hour), number))
    for later in range(len(peaks)):
        for earlier in range(later):
            one, other = peaks[earlier][0], peaks[later][0]
            if one.start_hour < other.end_hour and other.start_hour < one.end_hour:
                message = f"Peak window {peaks[later][1]} overlaps peak window {peaks[earlier][1]}; merge them."
                problems.append(Problem(message, peaks[later][1], "start"))
    if problems:
        raise InputError(problems)
    return tuple(peak for peak, _ in peaks)


def peak_hours_as_json(peaks: Sequence[PeakWindow]) -> list[dict[str, str]]:
    return [{"start": f"{peak.start_hour:02d}:00", "end": f"{peak.end_hour:02d}:00"} for peak in peaks]
