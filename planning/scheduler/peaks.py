"""Peak windows: the hours for hard work, given (learned or stated) or derived.

Derived peaks, for a person with none yet: every whole local hour of the day is scored
by the minutes it is free (inside working hours, outside commitments and their buffers)
over the month's working days; the window is the best-scoring run of three hours (the
earliest on a tie), trimmed to two when an end hour is free less than half as often as
the best hour in it. For a Monday-Friday 09:00-17:00 job and 08:00-20:00 hours that is
17:00-20:00: the evening is open every day, the 08:00 hour alone is too short, and the
job's hours score nothing on weekdays.
"""

from __future__ import annotations

from datetime import date, time
from zoneinfo import ZoneInfo

from planning.scheduler.intervals import merge
from planning.scheduler.localtime import ONE_DAY, to_local, wall_to_epoch_minutes
from planning.scheduler.types import Interval, PeakWindow

DERIVED_PEAK_HOURS = 3
SHORTEST_DERIVED_PEAK_HOURS = 2
PEAK_SOURCE_WORDS = {
    "learned": "learned from your logged sessions",
    "stated": "the hours you said you work best",
    "derived": "your free hours around your commitments, derived",
}

PeakSpan = tuple[int, int, str]  # [start, end) epoch minutes and its "09:00-12:00" label


def peak_source(given: tuple[PeakWindow, ...], source: str) -> str:
    if not given:
        return "derived"
    return source if source in PEAK_SOURCE_WORDS and source != "derived" else "learned"


def _hours_by_weekday(windows: tuple[PeakWindow, ...], weekday: int) -> list[Interval]:
    return merge((w.start_hour, w.end_hour) for w in windows if w.weekday is None or w.weekday == weekday)


def peak_spans(windows: tuple[PeakWindow, ...], day: date, spans: list[Interval], zone: ZoneInfo) -> list[PeakSpan]:
    """The peak windows that meet a day's working time: those of its own date and, for a
    window running past midnight, of the next date."""
    if not spans:
        return []
    found = []
    for on_date in (day, day + ONE_DAY):
        for start_hour, end_hour in _hours_by_weekday(windows, on_date.weekday()):
            start = wall_to_epoch_minutes(on_date, time(start_hour), zone, is_end=False)
            end_date = on_date + ONE_DAY if end_hour == 24 else on_date
            end = wall_to_epoch_minutes(end_date, time(end_hour % 24), zone, is_end=True)
            if end > start and start < spans[-1][1] and end > spans[0][0]:
                found.append((start, end, f"{start_hour:02d}:00-{end_hour:02d}:00"))
    found.sort()
    return found


def hour_scores(days_open: list[list[Interval]], zone: ZoneInfo) -> list[int]:
    """Free minutes in each local hour of the day (0..23), summed over the days."""
    scores = [0] * 24
    for intervals in days_open:
        for low, high in intervals:
            cursor = low
            while cursor < high:
                local = to_local(cursor, zone)
                # The next local hour boundary; absolute minutes, so a DST hour counts once.
                boundary = min(cursor + 60 - local.minute, high)
                scores[local.hour] += boundary - cursor
                cursor = boundary
    return scores


def derive_peak_windows(days_open: list[list[Interval]], zone: ZoneInfo) -> tuple[PeakWindow, ...]:
    """The free block of the working day that commitments leave open most often."""
    scores = hour_scores(days_open, zone)
    if not any(scores):
        return ()
    best_start = max(
        range(24 - DERIVED_PEAK_HOURS + 1),
        key=lambda hour: (sum(scores[hour : hour + DERIVED_PEAK_HOURS]), -hour),
    )
    start, end = best_start, best_start + DERIVED_PEAK_HOURS
    strongest = max(scores[start:end])
    while end - start > SHORTEST_DERIVED_PEAK_HOURS:
        weaker_is_first = scores[start] < scores[end - 1]
        weaker = scores[start] if weaker_is_first else scores[end - 1]
        if weaker * 2 >= strongest:
            break
        start, end = (start + 1, end) if weaker_is_first else (start, end - 1)
    return (PeakWindow(start, end),)
