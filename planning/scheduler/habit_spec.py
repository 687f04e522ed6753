"""A habit as the scheduler sees it: a routine that recurs every week, in a window of local
wall-clock time the person chose, with an ideal and a shortest length.

Its own module so that types.py (the ScheduleRequest carries habits) and habits.py (the
placement) can both import it without importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time

HABIT_PRIORITIES = ("high", "normal")  # high: placed before the plan's sessions; normal: after them


@dataclass(frozen=True)
class HabitSpec:
    id: int  # the habit's id: occurrences carry it (DraftTask.habit), the scheduler only passes it on
    name: str
    focus_area: str
    window_start: time  # local wall-clock time; the window overrides the working hours
    window_end: time  # end <= start: the window runs past midnight into the next day
    ideal_minutes: int
    min_minutes: int  # an occurrence is shrunk toward this before it is reported missed
    priority: str = "normal"
    days: tuple[int, ...] = ()  # explicit weekdays 0=Monday..6; empty: `times_per_week`
    times_per_week: int | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    # Dates that already hold an occurrence (kept when a month is re-planned): not placed
    # again, and they count toward their week's times.
    placed_on: tuple[date, ...] = ()

    def __post_init__(self) -> None:
        if self.window_start == self.window_end:
            raise ValueError("A habit's window must have some length (start == end)")
        if not 0 < self.min_minutes <= self.ideal_minutes:
            raise ValueError(f"Habit minutes need 0 < min <= ideal, got {self.min_minutes} and {self.ideal_minutes}")
        if self.priority not in HABIT_PRIORITIES:
            raise ValueError(f"Habit priority must be one of {HABIT_PRIORITIES}, got {self.priority!r}")
        if bool(self.days) == (self.times_per_week is not None):
            raise ValueError("A habit has either explicit days or a number of times a week, not both or neither")
        if any(not 0 <= day <= 6 for day in self.days):
            raise ValueError(f"Habit days must be 0 (Monday) to 6 (Sunday), got {self.days}")
        if self.times_per_week is not None and not 1 <= self.times_per_week <= 7:
            raise ValueError(f"times_per_week must be 1..7, got {self.times_per_week}")

    @property
    def overnight(self) -> bool:
        return self.window_end <= self.window_start

    @property
    def window_label(self) -> str:
        return f"{self.window_start:%H:%M}-{self.window_end:%H:%M}"

    def is_active_on(self, day: date) -> bool:
        return (self.starts_on is None or day >= self.starts_on) and (self.ends_on is None or day <= self.ends_on)
