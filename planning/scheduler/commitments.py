"""Weekly commitments: validating what a person typed, and expanding the slots onto
the absolute time line of a month (or around one task being moved by hand)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from planning.scheduler.localtime import (
    ONE_DAY,
    epoch_minutes,
    load_zone,
    month_bounds,
    month_days,
    to_local,
    wall_to_epoch_minutes,
)
from planning.scheduler.types import DAY_NAMES, WEEKDAYS, BusyInterval, Commitment

MAX_COMMITMENTS = 50
MAX_LABEL_LENGTH = 80
_CLOCK = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*$")
_WEEK_MINUTES = 7 * 24 * 60


class CommitmentError(ValueError):
    """A commitment list that cannot be saved; `row` (1-based) and `field` say where."""

    def __init__(self, message: str, *, row: int | None = None, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.row = row
        self.field = field


def parse_commitments(raw: Sequence[Mapping]) -> tuple[Commitment, ...]:
    """Commitments from the stored JSON `[{"day": "mon", "start": "09:00", "end": "17:00",
    "label": "Work"}]`; raises CommitmentError on the first problem found."""
    if isinstance(raw, (str, bytes)) or not isinstance(raw, Sequence):
        raise CommitmentError("Commitments must be a list of weekly time slots.")
    if len(raw) > MAX_COMMITMENTS:
        raise CommitmentError(
            f"You can keep at most {MAX_COMMITMENTS} weekly commitments; this list has "
            f"{len(raw)}. Merge some of them into longer slots."
        )
    commitments = tuple(_parse_row(row, number) for number, row in enumerate(raw, start=1))
    _refuse_overlaps(commitments)
    return commitments


def _parse_row(row: object, number: int) -> Commitment:
    if not isinstance(row, Mapping):
        raise CommitmentError(f"Commitment {number} is not a slot with a day, a start and an end.", row=number)
    day = row.get("day")
    if not isinstance(day, str) or day.strip().lower() not in WEEKDAYS:
        shown = "missing" if day in (None, "") else f'"{day}", which is not a day'
        raise CommitmentError(
            f"Commitment {number}: the day is {shown}; use one of {', '.join(WEEKDAYS)}.",
            row=number,
            field="day",
        )
    start = _parse_clock(row.get("start"), number, "start")
    end = _parse_clock(row.get("end"), number, "end")
    if start == end:
        raise CommitmentError(
            f"Commitment {number}: it starts and ends at {start:%H:%M}; a commitment must have some length.",
            row=number,
            field="end",
        )
    label = row.get("label") or ""
    if not isinstance(label, str):
        raise CommitmentError(f"Commitment {number}: the label must be text.", row=number, field="label")
    label = label.strip()
    if len(label) > MAX_LABEL_LENGTH:
        raise CommitmentError(
            f"Commitment {number}: the label is {len(label)} characters long; keep it to {MAX_LABEL_LENGTH} or fewer.",
            row=number,
            field="label",
        )
    return Commitment(day=WEEKDAYS.index(day.strip().lower()), start=start, end=end, label=label)


def _parse_clock(value: object, number: int, field: str) -> time:
    if value in (None, ""):
        raise CommitmentError(
            f"Commitment {number}: the {field} time is missing; write it as HH:MM, e.g. 09:00.",
            row=number,
            field=field,
        )
    match = _CLOCK.match(value) if isinstance(value, str) else None
    hour, minute = (int(match[1]), int(match[2])) if match else (-1, -1)
    # "24:00" is accepted as an end: it means the same as 00:00, the midnight ending the day.
    if field == "end" and (hour, minute) == (24, 0):
        return time(0)
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise CommitmentError(
            f'Commitment {number}: the {field} time "{value}" is not a time of day written '
            f"as HH:MM on the 24-hour clock, e.g. 09:00 or 17:30.",
            row=number,
            field=field,
        )
    return time(hour, minute)


def describe(commitment: Commitment) -> str:
    text = f"{DAY_NAMES[commitment.day]} {commitment.start:%H:%M}-{commitment.end:%H:%M}"
    return f"{text} ({commitment.label})" if commitment.label else text


def _week_span(commitment: Commitment) -> tuple[int, int]:
    """Minutes from Monday 00:00; an overnight slot may run past the week's end."""
    start = commitment.day * 1440 + commitment.start.hour * 60 + commitment.start.minute
    end_of_day = commitment.end.hour * 60 + commitment.end.minute
    length = (end_of_day - start % 1440) % 1440
    return start, start + length


def _refuse_overlaps(commitments: Sequence[Commitment]) -> None:
    spans = [_week_span(commitment) for commitment in commitments]
    for later in range(len(spans)):
        for earlier in range(later):
            if _spans_overlap(spans[earlier], spans[later]):
                first, second = commitments[earlier], commitments[later]
                raise CommitmentError(
                    f"Commitments {earlier + 1} and {later + 1} overlap: {describe(first)} "
                    f"and {describe(second)}. Merge them into one slot or change the times.",
                    row=later + 1,
                    field="start",
                )


def _spans_overlap(one: tuple[int, int], other: tuple[int, int]) -> bool:
    # The week wraps: Sunday 23:00-01:00 overlaps Monday 00:00-02:00.
    return any(one[0] < other[1] + shift and other[0] + shift < one[1] for shift in (-_WEEK_MINUTES, 0, _WEEK_MINUTES))


def occurrences(
    commitments: Sequence[Commitment], zone: ZoneInfo, first_day: date, last_day: date
) -> list[tuple[int, int, Commitment]]:
    """Occurrences that start on local dates first_day..last_day, as [start, end) epoch
    minutes, sorted. Each is placed on the wall clock of its own day, so 09:00-17:00 is
    09:00-17:00 local on both sides of a daylight-saving change."""
    by_weekday: list[list[Commitment]] = [[] for _ in range(7)]
    for commitment in commitments:
        by_weekday[commitment.day].append(commitment)
    found: list[tuple[int, int, Commitment]] = []
    day = first_day
    while day <= last_day:
        for commitment in by_weekday[day.weekday()]:
            start = wall_to_epoch_minutes(day, commitment.start, zone, is_end=False)
            end_day = day + ONE_DAY if commitment.overnight else day
            end = wall_to_epoch_minutes(end_day, commitment.end, zone, is_end=True)
            # A slot lying wholly inside a spring-forward gap does not happen that day.
            if end > start:
                found.append((start, end, commitment))
        day += ONE_DAY
    found.sort(key=lambda occurrence: (occurrence[0], occurrence[1], occurrence[2].day))
    return found


def commitment_intervals(
    *, year: int, month: int, timezone: str, commitments: Sequence[Commitment]
) -> list[BusyInterval]:
    """Every occurrence of the weekly commitments that overlaps the month, as absolute
    aware intervals (overnight ones included, including one that starts on the last day
    of the previous month and runs into the 1st). Occurrences are not clipped."""
    zone = load_zone(timezone)
    days = month_days(year, month)
    month_start, month_end = month_bounds(year, month, zone)
    return [
        BusyInterval(to_local(start, zone), to_local(end, zone), commitment.label)
        for start, end, commitment in occurrences(commitments, zone, days[0] - ONE_DAY, days[-1])
        if start < month_end and end > month_start
    ]


def find_conflict(
    *,
    start: datetime,
    end: datetime,
    timezone: str,
    commitments: Sequence[Commitment],
    busy: Sequence[BusyInterval],
) -> BusyInterval | None:
    """For moving one task by hand: the first (earliest-starting) commitment occurrence or
    busy interval that [start, end) overlaps, or None. On a tie the commitment wins."""
    zone = load_zone(timezone)
    # Compare in UTC: two datetimes sharing a ZoneInfo compare by wall clock, which is
    # wrong across a fall-back hour.
    start_utc, end_utc = start.astimezone(UTC), end.astimezone(UTC)
    if not start_utc < end_utc:
        raise ValueError("find_conflict needs start < end")
    first_day = start.astimezone(zone).date() - ONE_DAY
    last_day = end.astimezone(zone).date()
    candidates: list[tuple[datetime, int, int, BusyInterval]] = []
    low, high = epoch_minutes(start_utc), epoch_minutes(end_utc, round_up=True)
    for index, (occ_start, occ_end, commitment) in enumerate(occurrences(commitments, zone, first_day, last_day)):
        if occ_start < high and occ_end > low:
            interval = BusyInterval(to_local(occ_start, zone), to_local(occ_end, zone), commitment.label)
            candidates.append((interval.start.astimezone(UTC), 0, index, interval))
    for index, interval in enumerate(busy):
        busy_start, busy_end = interval.start.astimezone(UTC), interval.end.astimezone(UTC)
        if busy_start < end_utc and busy_end > start_utc:
            candidates.append((busy_start, 1, index, interval))
    if not candidates:
        return None
    return min(candidates, key=lambda candidate: candidate[:3])[3]
