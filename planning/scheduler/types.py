"""What goes into the scheduler and what comes out: plain frozen dataclasses.

The services convert models to these and back; nothing here knows about Django.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, time

from planning.scheduler.habit_spec import HabitSpec

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
)  # fmt: skip
DIFFICULTIES = ("easy", "medium", "hard")
COMPLEXITIES = ("Simple", "Balanced", "Ambitious")
WEEKEND_PREFERENCES = ("Work", "Rest", "Mixed")
# A session's target ("1,250 words"): PlanTask.target's length, and the draft schema's.
TARGET_MAX_LENGTH = 80
# A session's words: PlanTask.task_description's length (a split part's "(part 1 of 2)" included).
DESCRIPTION_MAX_LENGTH = 300
# Measured overrun is trusted within these bounds: one bad week must not halve or
# triple every session.
MULTIPLIER_BOUNDS = (0.5, 2.0)


def _require_aware(moment: datetime, name: str) -> None:
    # A naive datetime has no place on the time line; guessing a zone for it is how
    # tasks end up an hour off after a daylight-saving change.
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{name} must be an aware datetime, got {moment!r}")


@dataclass(frozen=True)
class Commitment:
    """A weekly recurring busy slot in the person's local wall-clock time."""

    day: int  # 0=Monday .. 6=Sunday
    start: time
    end: time  # end <= start: the slot runs past midnight into the next day
    label: str = ""

    def __post_init__(self) -> None:
        if not 0 <= self.day <= 6:
            raise ValueError(f"Commitment day must be 0 (Monday) to 6 (Sunday), got {self.day}")
        if self.start == self.end:
            raise ValueError("A commitment must have some length (start == end)")

    @property
    def overnight(self) -> bool:
        return self.end <= self.start

    def as_json(self) -> dict[str, str]:
        """The stored form: `{"day": "mon", "start": "09:00", "end": "17:00", "label": "Work"}`."""
        start, end = f"{self.start:%H:%M}", f"{self.end:%H:%M}"
        return {"day": WEEKDAYS[self.day], "start": start, "end": end, "label": self.label}


@dataclass(frozen=True)
class DraftTask:
    key: str  # stable identifier from the draft (e.g. "w1-t3")
    description: str
    focus_area: str
    duration_minutes: int  # planned duration before multipliers
    difficulty: str  # "easy" | "medium" | "hard"; anything else is treated as medium
    week: int | None = None  # preferred week of the month 1..5: a hint, not a rule
    target: str = ""  # what the session aims to get done ("1,250 words"); "" for none
    habit: int | None = None  # the habit (its id) whose occurrence this is; None for drafted work


@dataclass(frozen=True)
class PeakWindow:
    """Local hours where the person does their best work."""

    start_hour: int  # 0..23
    end_hour: int  # 1..24, > start_hour
    weekday: int | None = None  # None = every day

    def __post_init__(self) -> None:
        if not (0 <= self.start_hour < self.end_hour <= 24):
            raise ValueError(
                f"Peak window hours must satisfy 0 <= start < end <= 24, got {self.start_hour}-{self.end_hour}"
            )
        if self.weekday is not None and not 0 <= self.weekday <= 6:
            raise ValueError(f"Peak window weekday must be 0..6 or None, got {self.weekday}")


@dataclass(frozen=True)
class BusyInterval:
    """An already-occupied absolute interval, e.g. another task of the plan."""

    start: datetime  # aware
    end: datetime  # aware
    label: str = ""

    def __post_init__(self) -> None:
        _require_aware(self.start, "BusyInterval.start")
        _require_aware(self.end, "BusyInterval.end")


@dataclass(frozen=True)
class WorkingWindow:
    """A weekly window of local wall-clock time in which sessions may be placed."""

    day: int  # 0=Monday .. 6=Sunday: the day the window starts
    start: time
    end: time  # end <= start: the window runs past midnight into the next day

    def __post_init__(self) -> None:
        if not 0 <= self.day <= 6:
            raise ValueError(f"Working window day must be 0 (Monday) to 6 (Sunday), got {self.day}")
        if self.start == self.end:
            raise ValueError("A working window must have some length (start == end)")

    @property
    def overnight(self) -> bool:
        return self.end <= self.start


PEAK_SOURCES = ("learned", "stated", "derived")


@dataclass(frozen=True)
class ScheduleRequest:
    year: int
    month: int
    timezone: str  # IANA name
    not_before: datetime  # aware; nothing starts before it (the current month: "now")
    tasks: tuple[DraftTask, ...]
    commitments: tuple[Commitment, ...] = ()
    weekend_preference: str = "Mixed"  # "Work" | "Rest" | "Mixed"
    complexity: str = "Balanced"  # "Simple" | "Balanced" | "Ambitious"
    working_window: tuple[time, time] = (time(8), time(20))  # local, same day, start < end
    peak_windows: tuple[PeakWindow, ...] = ()  # empty: derived from the free time (peaks.py)
    duration_multipliers: Mapping[str, float] = field(default_factory=dict)
    buffer_minutes: int = 15  # gap kept around every commitment and busy interval and between two tasks
    busy: tuple[BusyInterval, ...] = ()  # the plan's own sessions: they count as the day's load
    # Busy time from the person's own calendars: like commitments, never overlapped, buffer
    # kept, named in reasons, and no part of the day's load of sessions.
    events: tuple[BusyInterval, ...] = ()
    # The person's own hours, by weekday; None: `working_window` every day. A day with no
    # window gets no sessions.
    working_hours: tuple[WorkingWindow, ...] | None = None
    # Where `peak_windows` came from: "learned" (insights) or "stated" (the person). With
    # no peak windows the scheduler derives them ("derived") from the free time.
    peak_source: str = "learned"
    # Drafted work longer than the max is split into parts on different days, none shorter
    # than the min; None: no splitting.
    session_minutes: tuple[int, int] | None = None
    # Sessions a day at most; None: by complexity.
    max_sessions_per_day: int | None = None
    # Routines placed in their own windows: high priority before the tasks, normal after
    # them (planning.scheduler.habits); their occurrences count toward the day's load.
    habits: tuple[HabitSpec, ...] = ()

    def __post_init__(self) -> None:
        if not 1 <= self.month <= 12:
            raise ValueError(f"month must be 1..12, got {self.month}")
        _require_aware(self.not_before, "not_before")
        window_start, window_end = self.working_window
        if not window_start < window_end:
            raise ValueError(
                f"The working window must start before it ends on the same day, "
                f"got {window_start:%H:%M}-{window_end:%H:%M}"
            )
        if self.buffer_minutes < 0:
            raise ValueError(f"buffer_minutes must be >= 0, got {self.buffer_minutes}")


@dataclass(frozen=True)
class Placement:
    task: DraftTask
    start: datetime  # aware, in ZoneInfo(request.timezone)
    end: datetime
    reason: str  # a sentence for the person: why here, why this long


@dataclass(frozen=True)
class Unplaced:
    task: DraftTask
    reason: str


@dataclass(frozen=True)
class Advice:
    """What would make the month fit, for the person to read."""

    kind: str  # "week_full" | "working_hours" | "complexity" | "daily_cap"
    message: str


@dataclass(frozen=True)
class Schedule:
    placements: tuple[Placement, ...]
    unplaced: tuple[Unplaced, ...]
    advice: tuple[Advice, ...] = ()  # empty when everything was placed


Interval = tuple[int, int]  # [start, end) in epoch minutes


@dataclass(slots=True)
class Day:
    """One local date of the month, and what is still free on it."""

    index: int  # 0-based position in the month
    weekday: int
    week: int  # days 1-7 are week 1, 8-14 week 2, ..., 29-31 week 5
    label: str  # "Tuesday 5 May"
    capacity: int
    max_tasks: int | None  # 1 on a Mixed weekend day
    free: list[Interval]  # sorted and disjoint
    peaks: list[tuple[int, int, str]]  # sorted and disjoint, with an "09:00-12:00" label
    load: int = 0
    count: int = 0
    session_cap: int | None = None  # sessions a day at most
    spans: list[Interval] = field(default_factory=list)  # the working windows opening on this day
    hard: list[Interval] = field(default_factory=list)  # hard sessions placed on it

    def takes(self, minutes: int) -> bool:
        if self.max_tasks is not None and self.count >= self.max_tasks:
            return False
        if self.session_cap is not None and self.count >= self.session_cap:
            return False
        return self.load + minutes <= self.capacity or self.takes_alone(minutes)

    def takes_alone(self, minutes: int) -> bool:
        # A session longer than the daily load would otherwise never fit anywhere; it
        # may have a full-capacity day to itself (never a light Mixed weekend day).
        return minutes > self.capacity > 0 and self.load == 0 and self.count == 0 and self.max_tasks is None


@dataclass(slots=True)
class SizedTask:
    """A drafted task with its real length and the week it would like."""

    index: int  # position in the draft
    task: DraftTask
    difficulty: str  # normalised; unknown values count as medium
    minutes: int  # after the measured overrun, on the 5-minute grid
    multiplier: float  # as applied, after clamping
    measured: float | None  # the person's multiplier when clamping changed it
    target_week: int
    hinted: bool  # the draft asked for a week
    hint_available: bool  # ...and that week still has days to plan in
    part: int = 0  # 1..parts for a part of a split task, 0 when whole
    parts: int = 1
    whole_minutes: int = 0  # the split task's real minutes, all parts together
