"""Weekly commitments: validating what a person typed, and expanding the slots onto
the absolute time line of a month (or around one task being moved by hand)."""

from __future__ import annotations

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
from planning.scheduler.weekly_input import InputError, Problem, parse_clock, spans_overlap, week_span

MAX_COMMITMENTS = 50
MAX_LABEL_LENGTH = 80


class CommitmentError(InputError):
    """A commitment list that cannot be saved; every problem, by row (1-based) and field."""


def parse_commitments(raw: Sequence[Mapping]) -> tuple[Commitment, ...]:
    """Commitments from the stored JSON `[{"day": "mon", "start": "09:00", "end": "17:00",
    "label": "Work"}]`; a row may name several days, `{"days": ["mon", "tue"], ...}`.
    Raises CommitmentError with every problem found, by row and field."""
    if isinstance(raw, (str, bytes)) or not isinstance(raw, Sequence):
        raise CommitmentError([Problem("Commitments must be a list of weekly time slots.")])
    if len(raw) > MAX_COMMITMENTS:
        raise CommitmentError(
            [
                Problem(
                    f"You can keep at most {MAX_COMMITMENTS} weekly commitments; this list has "
                    f"{len(raw)}. Merge some of them into longer slots."
                )
            ]
        )
    problems: list[Problem] = []
    rows: list[tuple[int, Commitment]] = []
    for number, row in enumerate(raw, start=1):
        try:
            rows += [(number, commitment) for commitment in _parse_row(row, number)]
        except InputError as error:
            problems.extend(error.problems)
    problems.extend(_overlaps(rows))
    if problems:
        raise CommitmentError(problems)
    return tuple(commitment for _, commitment in rows)


def commitment_rows_as_json(raw: Sequence[Mapping]) -> list[dict]:
    """The stored form of rows that parse_commitments accepted: one row per row typed, with
    "day" for one day and "days" for several, times as HH:MM, labels trimmed."""
    rows = []
    for number, row in enumerate(raw, start=1):
        days = [WEEKDAYS[day] for day in _days(row, number)]
        start = parse_clock(row.get("start"), what=f"Commitment {number}", field="start")
        end = parse_clock(row.get("end"), what=f"Commitment {number}", field="end")
        stored: dict = {"day": days[0]} if len(days) == 1 else {"days": days}
        rows.append(
            {**stored, "start": f"{start:%H:%M}", "end": f"{end:%H:%M}", "label": str(row.get("label") or "").strip()}
        )
    return rows


def _days(row: Mapping, number: int) -> list[int]:
    raw = row.get("days") if row.get("days") not in (None, "", []) else row.get("day")
    values = raw if isinstance(raw, (list, tuple)) else [raw]
    days: list[int] = []
    for value in values:
        if not isinstance(value, str) or value.strip().lower() not in WEEKDAYS:
            shown = "missing" if value in (None, "") else f'"{value}", which is not a day'
            raise InputError(
                [Problem(f"Commitment {number}: the day is {shown}; use one of {', '.join(WEEKDAYS)}.", number, "day")]
            )
        day = WEEKDAYS.index(value.strip().lower())
        if day not in days:
            days.append(day)
    return sorted(days)


def _parse_row(row: object, number: int) -> list[Commitment]:
    if not isinstance(row, Mapping):
        raise InputError([Problem(f"Commitment {number} is not a slot with a day, a start and an end.", number)])
    problems: list[Problem] = []
    days: list[int] = []
    try:
        days = _days(row, number)
    except InputError as error:
        problems.extend(error.problems)
    times: dict[str, time] = {}
    for field in ("start", "end"):
        try:
            times[field] = parse_clock(row.get(field), what=f"Commitment {number}", field=field, row=number)
        except InputError as error:
            problems.extend(error.problems)
    if len(times) == 2 and times["start"] == times["end"]:
        problems.append(
            Problem(
                f"Commitment {number}: it starts and ends at {times['start']:%H:%M}; "
                "a commitment must have some length.",
                number,
                "end",
            )
        )
    label = row.get("label") or ""
    if not isinstance(label, str):
        problems.append(Problem(f"Commitment {number}: the label must be text.", number, "label"))
        label = ""
    label = label.strip()
    if len(label) > MAX_LABEL_LENGTH:
        problems.append(
            Problem(
                f"Commitment {number}: the label is {len(label)} characters long; "
                f"keep it to {MAX_LABEL_LENGTH} or fewer.",
                number,
                "label",
            )
        )
    if problems:
        raise InputError(problems)
    return [Commitment(day=day, start=times["start"], end=times["end"], label=label) for day in days]


def describe(commitment: Commitment) -> str:
    text = f"{DAY_NAMES[commitment.day]} {commitment.start:%H:%M}-{commitment.end:%H:%M}"
    return f"{text} ({commitment.label})" if commitment.label else text


def _overlaps(rows: Sequence[tuple[int, Commitment]]) -> list[Problem]:
    """One problem per row that overlaps an earlier one (each row named once)."""
    spans = [week_span(commitment.day, commitment.start, commitment.end) for _, commitment in rows]
    problems: list[Problem] = []
    named: set[int] = set()
    for later in range(len(spans)):
        for earlier in range(later):
            (first_row, first), (second_row, second) = rows[earlier], rows[later]
            if first_row != second_row and second_row not in named and spans_overlap(spans[earlier], spans[later]):
                named.add(second_row)
                problems.append(
                    Problem(
                        f"Commitments {first_row} and {second_row} overlap: {describe(first)} "
                        f"and {describe(second)}. Merge them into one slot or change the times.",
                        second_row,
                        "start",
                    )
                )
    return problems


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
