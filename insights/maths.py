"""The insight maths that needs no database: rates, peak windows, multipliers.

No Django import: counts go in (as `Tally`), plain JSON-ready values come out, so every
rule here can be tested and read on its own. computation.py does the SQL and calls these;
the Challenges insight, built on the same counts, has its own module (challenges.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from planning.scheduler import DAY_NAMES as WEEKDAY_NAMES
from planning.scheduler import DIFFICULTIES as DIFFICULTY_ORDER
from planning.scheduler import MULTIPLIER_BOUNDS

# A window must hold at least this many logged sessions before it may be called a peak:
# two lucky mornings are not a pattern.
MIN_WINDOW_SAMPLES = 5
# A weekday or a focus area needs this many logs before it is ranked or blamed.
MIN_GROUP_SAMPLES = 4
# Peak windows are this many hours long: long enough to hold a hard session (up to two
# hours, more after an overrun multiplier), short enough to mean "your best hours".
WINDOW_HOURS = 3
MAX_PEAK_WINDOWS = 2
# A peak must finish at least half of what is planned in it, and not clearly less than the
# person does overall (a little less is allowed: the peak may hold most of the sessions).
MIN_PEAK_RATE = 0.5
PEAK_TOLERANCE = 0.05
# A session counts as on time when it started no later than this after the planned start.
ON_TIME_GRACE_MINUTES = 15
# A duration multiplier needs this many finished sessions in the focus area.
MIN_DURATION_SESSIONS = 3
# A weekday is one of the best when it finishes clearly more than the person does overall.
BEST_DAY_MARGIN = 0.1
WEEKLY_SERIES_WEEKS = 12


@dataclass(frozen=True)
class Tally:
    """How many sessions were logged, finished and started on time."""

    logged: int = 0
    completed: int = 0
    on_time: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.logged + other.logged, self.completed + other.completed, self.on_time + other.on_time)

    @property
    def completion_rate(self) -> float | None:
        return self.completed / self.logged if self.logged else None

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.logged if self.logged else None

    @property
    def smoothed_rate(self) -> float:
        # Laplace smoothing: 5 of 5 ranks below 49 of 50, so a small lucky sample does not
        # outrank a long, steady record.
        return (self.completed + 1) / (self.logged + 2)

    def as_dict(self) -> dict[str, int | float | None]:
        return {
            "logged": self.logged,
            "completed": self.completed,
            "completion_rate": rate(self.completion_rate),
            "on_time_rate": rate(self.on_time_rate),
        }


def rate(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def percent(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100)}%"


def total(tallies: Iterable[Tally]) -> Tally:
    result = Tally()
    for tally in tallies:
        result = result + tally
    return result


def hour_label(hour: int) -> str:
    return f"{hour % 24:02d}:00"


def window_label(start_hour: int, end_hour: int) -> str:
    return f"{hour_label(start_hour)}–{hour_label(end_hour)}"


def part_of_day(start_hour: int, end_hour: int) -> str:
    middle = (start_hour + end_hour) / 2
    if 5 <= middle < 12:
        return "morning"
    if 12 <= middle < 17:
        return "afternoon"
    if 17 <= middle < 22:
        return "evening"
    return "night"


def duration_deviation_minutes(
    *, planned_start: datetime, planned_end: datetime, actual_start: datetime, actual_end: datetime
) -> int:
    """Actual minus planned minutes, rounded to the minute (positive: it ran over)."""
    actual = (actual_end - actual_start).total_seconds()
    planned = (planned_end - planned_start).total_seconds()
    return round((actual - planned) / 60)


# --- PeakEnergy ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    start_hour: int
    end_hour: int
    tally: Tally

    def as_dict(self) -> dict[str, object]:
        return {
            "start_hour": self.start_hour,
            "end_hour": self.end_hour,
            "label": window_label(self.start_hour, self.end_hour),
            **self.tally.as_dict(),
        }


def centre_offset(by_hour: Mapping[int, Tally], start: int, end: int) -> float:
    # How far the window's sessions sit from its middle: between windows that hold the same
    # sessions, the one centred on them wins (09:00 sessions -> 08:00-11:00, not 09:00-12:00).
    logged = sum(by_hour.get(hour, Tally()).logged for hour in range(start, end))
    if not logged:
        return float(WINDOW_HOURS)
    mean = sum((hour + 0.5) * by_hour.get(hour, Tally()).logged for hour in range(start, end)) / logged
    return abs(mean - (start + end) / 2)


def candidate_windows(by_hour: Mapping[int, Tally], *, hours: int = WINDOW_HOURS) -> list[Window]:
    """Every `hours`-long window of the day (not across midnight) with its pooled tally."""
    return [
        Window(start, start + hours, total(by_hour.get(hour, Tally()) for hour in range(start, start + hours)))
        for start in range(0, 24 - hours + 1)
    ]


def best_windows(
    by_hour: Mapping[int, Tally],
    *,
    hours: int = WINDOW_HOURS,
    min_samples: int = MIN_WINDOW_SAMPLES,
    max_windows: int = MAX_PEAK_WINDOWS,
) -> list[Window]:
    """The person's peak windows: the best-finishing, non-overlapping windows of the day.

    A window qualifies with at least `min_samples` logged sessions and a completion rate of
    at least MIN_PEAK_RATE and no more than PEAK_TOLERANCE below the person's overall rate. Windows rank by smoothed
    completion rate, then on-time rate, then how well they are centred on their sessions.
    """
    overall = total(by_hour.values()).completion_rate or 0.0
    threshold = max(overall - PEAK_TOLERANCE, MIN_PEAK_RATE)
    eligible = [
        window
        for window in candidate_windows(by_hour, hours=hours)
        if window.tally.logged >= min_samples and (window.tally.completion_rate or 0.0) >= threshold
    ]
    eligible.sort(
        key=lambda w: (
            -round(w.tally.smoothed_rate, 6),
            -(w.tally.on_time_rate or 0.0),
            centre_offset(by_hour, w.start_hour, w.end_hour),
            w.start_hour,
        )
    )
    chosen: list[Window] = []
    for window in eligible:
        if len(chosen) == max_windows:
            break
        if all(window.end_hour <= other.start_hour or window.start_hour >= other.end_hour for other in chosen):
            chosen.append(window)
    return sorted(chosen, key=lambda w: w.start_hour)


def ranked_groups(tallies: Mapping[str, Tally], *, min_samples: int = MIN_GROUP_SAMPLES) -> list[tuple[str, Tally]]:
    """Groups with enough logs, best-finishing first."""
    groups = [(name, tally) for name, tally in tallies.items() if tally.logged >= min_samples]
    return sorted(groups, key=lambda item: (-item[1].smoothed_rate, -item[1].logged, item[0]))


def peak_energy_value(cells: Mapping[tuple[int, int], Tally]) -> dict[str, object]:
    """cells: (weekday 0=Mon..6, local hour 0..23) -> tally."""
    by_hour: dict[int, Tally] = {}
    by_weekday: dict[int, Tally] = {}
    for (weekday, hour), tally in cells.items():
        by_hour[hour] = by_hour.get(hour, Tally()) + tally
        by_weekday[weekday] = by_weekday.get(weekday, Tally()) + tally
    overall = total(cells.values())
    windows = best_windows(by_hour)
    weekdays = ranked_groups({WEEKDAY_NAMES[day]: tally for day, tally in by_weekday.items()})
    overall_rate = overall.completion_rate or 0.0
    best_days = [
        name for name, tally in weekdays if (tally.completion_rate or 0.0) >= max(overall_rate + BEST_DAY_MARGIN, 0.5)
    ][:2]
    if windows:
        first = windows[0]
        summary = (
            f"You finish most of what you start between {hour_label(first.start_hour)} and "
            f"{hour_label(first.end_hour)}: "
            f"{first.tally.completed} of {first.tally.logged} sessions ({percent(first.tally.completion_rate)})."
        )
    else:
        summary = (
            f"Not enough yet to name your peak hours: log at least {MIN_WINDOW_SAMPLES} sessions started "
            f"within the same {WINDOW_HOURS} hours of the day."
        )
    return {
        "summary": summary,
        "sample_size": overall.logged,
        "overall": overall.as_dict(),
        "min_samples": MIN_WINDOW_SAMPLES,
        "window_hours": WINDOW_HOURS,
        "on_time_grace_minutes": ON_TIME_GRACE_MINUTES,
        "best_windows": [window.as_dict() for window in windows],
        "best_weekdays": best_days,
        "by_weekday": [
            {"weekday": day, "name": WEEKDAY_NAMES[day], **by_weekday[day].as_dict()} for day in sorted(by_weekday)
        ],
        "by_hour": [{"hour": hour, **by_hour[hour].as_dict()} for hour in sorted(by_hour)],
        "cells": [
            {"weekday": day, "hour": hour, "logged": tally.logged, "completed": tally.completed}
            for (day, hour), tally in sorted(cells.items())
        ],
    }


# --- CompletionRate -----------------------------------------------------------------------


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weekly_series(by_week: Mapping[date, Tally], *, today: date, weeks: int = WEEKLY_SERIES_WEEKS) -> list[dict]:
    """The last `weeks` weeks (Monday starts) up to today's, gaps filled with empty weeks."""
    current = week_start(today)
    series = []
    for back in range(weeks - 1, -1, -1):
        start = current - timedelta(weeks=back)
        tally = by_week.get(start, Tally())
        series.append({"week_start": start.isoformat(), **tally.as_dict()})
    return series


def completion_rate_value(
    *,
    by_area: Mapping[str, Tally],
    by_difficulty: Mapping[str, Tally],
    recent: Tally,
    by_week: Mapping[date, Tally],
    today: date,
) -> dict[str, object]:
    overall = total(by_area.values())
    if recent.logged:
        summary = (
            f"In the last 30 days you finished {recent.completed} of {recent.logged} "
            f"logged session{'s' * (recent.logged != 1)} "
            f"({percent(recent.completion_rate)}); {percent(overall.completion_rate)} overall."
        )
    else:
        summary = (
            f"Nothing logged in the last 30 days; {overall.completed} of {overall.logged} "
            f"session{'s' * (overall.logged != 1)} finished overall."
        )
    difficulties = sorted(
        by_difficulty, key=lambda d: (DIFFICULTY_ORDER.index(d) if d in DIFFICULTY_ORDER else len(DIFFICULTY_ORDER), d)
    )
    return {
        "summary": summary,
        "overall": overall.as_dict(),
        "last_30_days": recent.as_dict(),
        "by_focus_area": [
            {"focus_area": area, **tally.as_dict()}
            for area, tally in sorted(by_area.items(), key=lambda item: (-item[1].logged, item[0]))
        ],
        "by_difficulty": [{"difficulty": level, **by_difficulty[level].as_dict()} for level in difficulties],
        "weekly": weekly_series(by_week, today=today),
    }


# --- SessionDuration ----------------------------------------------------------------------


@dataclass(frozen=True)
class Durations:
    """Finished sessions of one focus area: how many, and their planned and actual minutes."""

    sessions: int = 0
    planned_minutes: float = 0.0
    actual_minutes: float = 0.0

    def __add__(self, other: Durations) -> Durations:
        return Durations(
            self.sessions + other.sessions,
            self.planned_minutes + other.planned_minutes,
            self.actual_minutes + other.actual_minutes,
        )


def duration_multiplier(durations: Durations, *, min_sessions: int = MIN_DURATION_SESSIONS) -> float | None:
    """Actual over planned minutes (a ratio of sums, so one long session weighs by its
    length), clamped to MULTIPLIER_BOUNDS; None until there are `min_sessions` sessions."""
    if durations.sessions < min_sessions or durations.planned_minutes <= 0:
        return None
    low, high = MULTIPLIER_BOUNDS
    return round(min(max(durations.actual_minutes / durations.planned_minutes, low), high), 2)


def session_duration_value(by_area: Mapping[str, Durations]) -> dict[str, object]:
    rows = []
    multipliers: dict[str, float] = {}
    for area, durations in sorted(by_area.items(), key=lambda item: (-item[1].sessions, item[0])):
        if not durations.sessions:
            continue
        multiplier = duration_multiplier(durations)
        if multiplier is not None:
            multipliers[area] = multiplier
        rows.append(
            {
                "focus_area": area,
                "sessions": durations.sessions,
                "avg_planned_minutes": round(durations.planned_minutes / durations.sessions, 1),
                "avg_actual_minutes": round(durations.actual_minutes / durations.sessions, 1),
                "multiplier": multiplier,
            }
        )
    overall = Durations()
    for durations in by_area.values():
        overall = overall + durations
    changed = {area: value for area, value in multipliers.items() if abs(value - 1) >= 0.05}
    if changed:
        area, value = max(changed.items(), key=lambda item: abs(item[1] - 1))
        direction = "longer" if value > 1 else "shorter"
        summary = (
            f"{area} sessions take {round(abs(value - 1) * 100)}% {direction} than planned; "
            f"future {area} sessions are planned x{value:g}."
        )
    elif multipliers:
        summary = "Your finished sessions take about as long as planned."
    else:
        summary = (
            f"Finish at least {MIN_DURATION_SESSIONS} sessions in a focus area to learn how long they really take."
        )
    return {
        "summary": summary,
        "min_sessions": MIN_DURATION_SESSIONS,
        "bounds": list(MULTIPLIER_BOUNDS),
        "overall": {
            "sessions": overall.sessions,
            "planned_minutes": round(overall.planned_minutes),
            "actual_minutes": round(overall.actual_minutes),
            "multiplier": duration_multiplier(overall),
        },
        "by_focus_area": rows,
        "multipliers": multipliers,
    }
