"""A session moved by hand: what is allowed but worth a warning. Commitments and other
sessions are refused by the service (find_conflict); leaving the person's working hours or
coming closer to a commitment than their buffer is their call, so it is only said."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from planning.scheduler.commitments import find_conflict, occurrences
from planning.scheduler.localtime import ONE_DAY, epoch_minutes, load_zone
from planning.scheduler.types import Commitment, WorkingWindow


def inside_working_hours(*, start: datetime, end: datetime, timezone: str, hours: Sequence[WorkingWindow]) -> bool:
    """Whether [start, end) lies inside one occurrence of a working window (the windows are
    placed on the wall clock of their own day, like commitments)."""
    zone = load_zone(timezone)
    as_slots = [Commitment(day=window.day, start=window.start, end=window.end) for window in hours]
    low, high = epoch_minutes(start.astimezone(UTC)), epoch_minutes(end.astimezone(UTC), round_up=True)
    first_day = start.astimezone(zone).date() - ONE_DAY
    last_day = end.astimezone(zone).date()
    return any(
        slot_start <= low and high <= slot_end
        for slot_start, slot_end, _ in occurrences(as_slots, zone, first_day, last_day)
    )


def move_warnings(
    *,
    start: datetime,
    end: datetime,
    timezone: str,
    commitments: Sequence[Commitment],
    hours: Sequence[WorkingWindow],
    buffer_minutes: int,
) -> list[str]:
    """Sentences for the person; empty when the new time fits their day as a plan would."""
    warnings = []
    if not inside_working_hours(start=start, end=end, timezone=timezone, hours=hours):
        warnings.append("This is outside your working hours; the session stays where you put it.")
    if buffer_minutes:
        gap = timedelta(minutes=buffer_minutes)
        near = find_conflict(start=start - gap, end=end + gap, timezone=timezone, commitments=commitments, busy=())
        if near is not None:
            label = f"“{near.label}”" if near.label else "a commitment"
            warnings.append(f"This leaves less than {buffer_minutes} minutes between the session and {label}.")
    return warnings
