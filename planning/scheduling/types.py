"""What goes into the scheduler and what comes out: plain frozen dataclasses.

The services convert models to these and back; nothing here knows about Django.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, time

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DIFFICULTIES = ("easy", "medium", "hard")
COMPLEXITIES = ("Simple", "Balanced", "Ambitious")
WEEKEND_PREFERENCES = ("Work", "Rest", "Mixed")


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


@dataclass(frozen=True)
class DraftTask:
    key: str  # stable identifier from the draft (e.g. "w1-t3")
    description: str
    focus_area: str
    duration_minutes: int  # planned duration before multipliers
    difficulty: str  # "easy" | "medium" | "hard"; anything else is treated as medium
    week: int | None = None  # preferred week of the month 1..5: a hint, not a rule


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
    peak_windows: tuple[PeakWindow, ...] = ()  # empty: 09:00-12:00 every day
    duration_multipliers: Mapping[str, float] = field(default_factory=dict)
    buffer_minutes: int = 15  # gap kept between two tasks (not next to commitments)
    busy: tuple[BusyInterval, ...] = ()

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
class Schedule:
    placements: tuple[Placement, ...]
    unplaced: tuple[Unplaced, ...]
