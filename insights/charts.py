"""Chart geometry for the insights page, from stored insight values. No Django import.

The page draws these as inline SVG and HTML tables with CSS classes: no script, no CDN,
no style attributes (the CSP forbids inline styles), so the numbers become SVG attributes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from insights.maths import MIN_DURATION_SESSIONS, WEEKDAY_NAMES, hour_label

HEAT_LEVELS = 5  # heat-0 (nothing finished) .. heat-4 (all finished)
DEFAULT_HOURS = (7, 22)  # the heatmap always shows at least this part of the day


@dataclass(frozen=True)
class HeatCell:
    hour: int
    logged: int
    completed: int
    level: str  # a CSS class: heat-none, heat-0 .. heat-4
    label: str  # "Monday 09:00: 3 of 4 finished"


@dataclass(frozen=True)
class HeatRow:
    name: str
    short: str
    cells: tuple[HeatCell, ...]


@dataclass(frozen=True)
class HeatColumn:
    heading: str  # "09"
    label: str  # "09:00"
    in_peak: bool  # inside one of the person's peak windows


@dataclass(frozen=True)
class Heatmap:
    columns: tuple[HeatColumn, ...]
    rows: tuple[HeatRow, ...]
    has_data: bool


def heat_level(logged: int, completed: int) -> str:
    if not logged:
        return "heat-none"
    return f"heat-{min(int(completed / logged * HEAT_LEVELS), HEAT_LEVELS - 1)}"


def heatmap(peak_energy: dict[str, Any] | None) -> Heatmap:
    peak_energy = peak_energy or {}
    cells = {(c["weekday"], c["hour"]): c for c in peak_energy.get("cells", [])}
    peak_hours = {
        hour
        for window in peak_energy.get("best_windows", [])
        for hour in range(window["start_hour"], window["end_hour"])
    }
    hours_with_data = [hour for _, hour in cells]
    first = min([DEFAULT_HOURS[0], *hours_with_data])
    last = max([DEFAULT_HOURS[1] - 1, *hours_with_data])
    rows = []
    for weekday, name in enumerate(WEEKDAY_NAMES):
        row = []
        for hour in range(first, last + 1):
            cell = cells.get((weekday, hour), {})
            logged, completed = int(cell.get("logged", 0)), int(cell.get("completed", 0))
            label = (
                f"{name} {hour_label(hour)}: {completed} of {logged} finished"
                if logged
                else f"{name} {hour_label(hour)}: nothing logged"
            )
            row.append(HeatCell(hour, logged, completed, heat_level(logged, completed), label))
        rows.append(HeatRow(name, name[:3], tuple(row)))
    columns = tuple(HeatColumn(f"{hour:02d}", hour_label(hour), hour in peak_hours) for hour in range(first, last + 1))
    return Heatmap(columns, tuple(rows), bool(cells))


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str  # axis label (may be empty)
    title: str  # the exact figure, shown on hover and read by screen readers
    empty: bool = False


@dataclass(frozen=True)
class WeeklyChart:
    width: int
    height: int
    plot_top: int
    plot_bottom: int
    bars: tuple[Bar, ...]
    gridlines: tuple[tuple[float, str], ...]  # (y, "50%")
    has_data: bool


def _short_date(iso_day: str) -> str:
    day = date.fromisoformat(iso_day)
    return f"{day.day} {day:%b}"


def weekly_chart(completion_rate: dict[str, Any] | None, *, width: int = 420, height: int = 180) -> WeeklyChart:
    weeks = (completion_rate or {}).get("weekly", [])
    top, bottom, left = 12, height - 28, 40
    plot_height = bottom - top
    slot = (width - left) / max(len(weeks), 1)
    bars = []
    for index, week in enumerate(weeks):
        logged, rate = week.get("logged", 0), week.get("completion_rate")
        start = _short_date(week["week_start"])
        label = start if index % 2 == len(weeks) % 2 else ""
        x = left + index * slot + slot * 0.15
        if not logged or rate is None:
            bars.append(Bar(x, bottom - 2, slot * 0.7, 2, label, f"Week of {start}: nothing logged", empty=True))
            continue
        bar_height = max(rate * plot_height, 2)
        title = f"Week of {start}: {week['completed']} of {logged} finished ({round(rate * 100)}%)"
        bars.append(
            Bar(round(x, 1), round(bottom - bar_height, 1), round(slot * 0.7, 1), round(bar_height, 1), label, title)
        )
    gridlines = tuple((round(bottom - share * plot_height, 1), f"{round(share * 100)}%") for share in (0, 0.5, 1))
    return WeeklyChart(width, height, top, bottom, tuple(bars), gridlines, any(not bar.empty for bar in bars))


@dataclass(frozen=True)
class DurationRow:
    focus_area: str
    y: float
    planned: Bar
    actual: Bar
    multiplier: float | None
    verdict: str  # "x1.5: plans now run longer"


@dataclass(frozen=True)
class DurationChart:
    width: int
    height: int
    label_width: int
    rows: tuple[DurationRow, ...]


def duration_chart(session_duration: dict[str, Any] | None, *, width: int = 420) -> DurationChart:
    """Per focus area: a heading line (area and verdict), then the planned and actual bars."""
    areas = (session_duration or {}).get("by_focus_area", [])
    row_height, bar_height, heading = 66, 14, 18
    longest = max([1.0, *(max(a["avg_planned_minutes"], a["avg_actual_minutes"]) for a in areas)])
    scale = (width - 110) / longest  # room on the right for the "90 min actual" label
    rows = []
    for index, area in enumerate(areas):
        y = index * row_height
        planned, actual = area["avg_planned_minutes"], area["avg_actual_minutes"]
        multiplier = area.get("multiplier")
        if multiplier is None:
            verdict = f"{area['sessions']} finished so far; {MIN_DURATION_SESSIONS} needed to adjust plans"
        elif abs(multiplier - 1) < 0.05:
            verdict = "about as planned"
        else:
            verdict = f"x{multiplier:g} in your next plan"
        name = area["focus_area"]
        rows.append(
            DurationRow(
                focus_area=name,
                y=y,
                planned=Bar(
                    0,
                    y + heading,
                    round(max(planned * scale, 2), 1),
                    bar_height,
                    f"{round(planned)} min planned",
                    f"{name}: {round(planned)} min planned on average",
                ),
                actual=Bar(
                    0,
                    y + heading + bar_height + 4,
                    round(max(actual * scale, 2), 1),
                    bar_height,
                    f"{round(actual)} min actual",
                    f"{name}: {round(actual)} min actually spent",
                ),
                multiplier=multiplier,
                verdict=verdict,
            )
        )
    return DurationChart(width, max(len(rows) * row_height - 10, 0), 0, tuple(rows))


@dataclass(frozen=True)
class RateRow:
    name: str
    logged: int
    completed: int
    percent: int
    width: float  # of 100


def rate_rows(rows: list[dict[str, Any]], name_key: str) -> tuple[RateRow, ...]:
    result = []
    for row in rows:
        rate = row.get("completion_rate") or 0.0
        result.append(
            RateRow(
                str(row[name_key]).capitalize() if name_key == "difficulty" else str(row[name_key]),
                row["logged"],
                row["completed"],
                round(rate * 100),
                round(max(rate * 100, 1), 1),
            )
        )
    return tuple(result)
