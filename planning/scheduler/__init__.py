"""The Monthwise scheduler: pure Python, no Django.

Dataclasses in, dataclasses out. The parts: types (the dataclasses and the vocabulary),
localtime (wall clock <-> absolute time around DST changes), commitments (validation and
expansion of weekly slots), reasons (the sentences a person reads) and placement (the
algorithm). Import from here; the modules are the scheduler's own business.
"""

from planning.scheduler.commitments import (
    MAX_COMMITMENTS,
    MAX_LABEL_LENGTH,
    CommitmentError,
    commitment_intervals,
    find_conflict,
    parse_commitments,
)
from planning.scheduler.localtime import is_real_local_time
from planning.scheduler.placement import daily_capacity_minutes, schedule_month
from planning.scheduler.types import (
    COMPLEXITIES,
    DAY_NAMES,
    DIFFICULTIES,
    MONTH_NAMES,
    MULTIPLIER_BOUNDS,
    PEAK_SOURCES,
    WEEKDAYS,
    WEEKEND_PREFERENCES,
    BusyInterval,
    Commitment,
    DraftTask,
    PeakWindow,
    Placement,
    Schedule,
    ScheduleRequest,
    Unplaced,
    WorkingWindow,
)

__all__ = [
    "COMPLEXITIES",
    "DAY_NAMES",
    "DIFFICULTIES",
    "MAX_COMMITMENTS",
    "MAX_LABEL_LENGTH",
    "MONTH_NAMES",
    "MULTIPLIER_BOUNDS",
    "PEAK_SOURCES",
    "WEEKDAYS",
    "WEEKEND_PREFERENCES",
    "BusyInterval",
    "Commitment",
    "CommitmentError",
    "DraftTask",
    "PeakWindow",
    "Placement",
    "Schedule",
    "ScheduleRequest",
    "Unplaced",
    "WorkingWindow",
    "commitment_intervals",
    "daily_capacity_minutes",
    "find_conflict",
    "is_real_local_time",
    "parse_commitments",
    "schedule_month",
]
