"""The Monthwise scheduler: pure Python, no Django.

Dataclasses in, dataclasses out. The parts: types (the dataclasses and the vocabulary),
localtime (wall clock <-> absolute time around DST changes), commitments (validation and
expansion of weekly slots), hours (working windows), days (a month's free time), peaks
(given or derived peak windows), capacity (daily load and sessions a day), splitting
(long work into parts), slots (where one session goes), free_time (minutes by week),
reasons and advice (the sentences a person reads), placement (the algorithm) and habits
(routines in their own windows: habit_spec, habits, habit_reasons).
Import from here; the modules are the scheduler's own business.
"""

from planning.scheduler.commitments import (
    MAX_COMMITMENTS,
    MAX_LABEL_LENGTH,
    CommitmentError,
    commitment_intervals,
    commitment_rows_as_json,
    find_conflict,
    parse_commitments,
)
from planning.scheduler.free_time import free_minutes_by_week
from planning.scheduler.habit_spec import HABIT_PRIORITIES, HabitSpec
from planning.scheduler.hand_moves import inside_working_hours, move_warnings
from planning.scheduler.localtime import is_real_local_time
from planning.scheduler.placement import daily_capacity_minutes, schedule_month
from planning.scheduler.types import (
    COMPLEXITIES,
    DAY_NAMES,
    DIFFICULTIES,
    MONTH_NAMES,
    MULTIPLIER_BOUNDS,
    PEAK_SOURCES,
    TARGET_MAX_LENGTH,
    WEEKDAYS,
    WEEKEND_PREFERENCES,
    Advice,
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
from planning.scheduler.weekly_input import (
    DEFAULT_WORKING_HOURS,
    MAX_PEAK_WINDOWS,
    MAX_WORKING_WINDOWS,
    InputError,
    Problem,
    parse_clock,
    parse_peak_hours,
    parse_working_hours,
    peak_hours_as_json,
    working_hours_as_json,
)

__all__ = [
    "COMPLEXITIES",
    "DAY_NAMES",
    "DEFAULT_WORKING_HOURS",
    "DIFFICULTIES",
    "HABIT_PRIORITIES",
    "MAX_COMMITMENTS",
    "MAX_LABEL_LENGTH",
    "MAX_PEAK_WINDOWS",
    "MAX_WORKING_WINDOWS",
    "MONTH_NAMES",
    "MULTIPLIER_BOUNDS",
    "PEAK_SOURCES",
    "TARGET_MAX_LENGTH",
    "WEEKDAYS",
    "WEEKEND_PREFERENCES",
    "Advice",
    "BusyInterval",
    "Commitment",
    "CommitmentError",
    "DraftTask",
    "HabitSpec",
    "InputError",
    "PeakWindow",
    "Placement",
    "Problem",
    "Schedule",
    "ScheduleRequest",
    "Unplaced",
    "WorkingWindow",
    "commitment_intervals",
    "commitment_rows_as_json",
    "daily_capacity_minutes",
    "find_conflict",
    "free_minutes_by_week",
    "inside_working_hours",
    "is_real_local_time",
    "move_warnings",
    "parse_clock",
    "parse_commitments",
    "parse_peak_hours",
    "parse_working_hours",
    "peak_hours_as_json",
    "schedule_month",
    "working_hours_as_json",
]
