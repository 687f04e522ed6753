"""The Monthwise scheduler: pure Python, no Django.

Dataclasses in, dataclasses out; see planning/scheduling/ for the parts:
types (the dataclasses), localtime (wall clock <-> absolute time around DST changes),
commitments (validation and expansion of weekly slots) and placement (the algorithm).
"""

from planning.scheduling.commitments import (
    CommitmentError,
    commitment_intervals,
    find_conflict,
    parse_commitments,
)
from planning.scheduling.placement import daily_capacity_minutes, schedule_month
from planning.scheduling.types import (
    WEEKDAYS,
    BusyInterval,
    Commitment,
    DraftTask,
    PeakWindow,
    Placement,
    Schedule,
    ScheduleRequest,
    Unplaced,
)

__all__ = [
    "WEEKDAYS",
    "BusyInterval",
    "Commitment",
    "CommitmentError",
    "DraftTask",
    "PeakWindow",
    "Placement",
    "Schedule",
    "ScheduleRequest",
    "Unplaced",
    "commitment_intervals",
    "daily_capacity_minutes",
    "find_conflict",
    "parse_commitments",
    "schedule_month",
]
