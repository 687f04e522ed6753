"""The calendar's shape: month grid and week columns, in the person's wall-clock time."""

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from planning.models import PlanTask, Preferences
from planning.months import weeks_in_month
from planning.scheduler import BusyInterval, commitment_intervals

PALETTE_SIZE = 8
SLOT_MINUTES = 15


def focus_colour(task: PlanTask) -> int:
    """A palette index for the task's focus area: its position among the plan's areas."""
    areas = [area.casefold() for area in task.plan.preference.focus_areas]
    area = task.focus_area.casefold()
    if area in areas:
        return areas.index(area) % PALETTE_SIZE
    return sum(map(ord, area)) % PALETTE_SIZE


@dataclass
class Day:
    date: dt.date
    in_month: bool
    is_today: bool
    tasks: list[PlanTask] = field(default_factory=list)


def month_grid(*, year: int, month: int, zone: ZoneInfo, tasks: list[PlanTask], today: dt.date) -> list[list[Day]]:
    first = dt.date(year, month, 1)
    start = first - dt.timedelta(days=first.weekday())
    by_date: dict[dt.date, list[PlanTask]] = {}
    for task in tasks:
        by_date.setdefault(task.start_time.astimezone(zone).date(), []).append(task)
    days = [start + dt.timedelta(days=offset) for offset in range(7 * weeks_in_month(year, month))]
    cells = [Day(day, day.month == month, day == today, by_date.get(day, [])) for day in days]
    return [cells[row : row + 7] for row in range(0, len(cells), 7)]


@dataclass
class Block:
    """A positioned item in the week grid: a task or a busy commitment."""

    css_id: str
    column: int  # 1..7, Monday first
    row_start: int  # grid rows of SLOT_MINUTES, 1-based, from the grid's first hour
    row_end: int
    title: str
    time_label: str
    task: PlanTask | None = None
    colour: int = 0


def _clip_to_days(start: dt.datetime, end: dt.datetime, zone: ZoneInfo, monday: dt.date) -> list[tuple[int, int, int]]:
    """(column, start minute, end minute) pieces of [start, end) in local wall time, one per day."""
    pieces = []
    local_start, local_end = start.astimezone(zone), end.astimezone(zone)
    day = local_start.date()
    while day <= local_end.date():
        column = (day - monday).days
        if 0 <= column < 7:
            from_minute = local_start.hour * 60 + local_start.minute if day == local_start.date() else 0
            to_minute = local_end.hour * 60 + local_end.minute if day == local_end.date() else 24 * 60
            if to_minute > from_minute:
                pieces.append((column + 1, from_minute, to_minute))
        day += dt.timedelta(days=1)
    return pieces


def week_blocks(
    *, monday: dt.date, zone: ZoneInfo, tasks: list[PlanTask], busy: list[BusyInterval], first_hour: int
) -> list[Block]:
    blocks: list[Block] = []
    offset = first_hour * 60

    def rows(from_minute: int, to_minute: int) -> tuple[int, int]:
        start_row = max(from_minute - offset, 0) // SLOT_MINUTES + 1
        end_row = max(-(-(to_minute - offset) // SLOT_MINUTES) + 1, start_row + 1)
        return start_row, end_row

    for index, interval in enumerate(busy):
        for column, from_minute, to_minute in _clip_to_days(interval.start, interval.end, zone, monday):
            if to_minute <= offset:
                continue
            start_row, end_row = rows(from_minute, to_minute)
            label = f"{interval.start.astimezone(zone):%H:%M}–{interval.end.astimezone(zone):%H:%M}"
            blocks.append(Block(f"busy-{index}-{column}", column, start_row, end_row, interval.label or "Busy", label))
    for task in tasks:
        for column, from_minute, to_minute in _clip_to_days(task.start_time, task.end_time, zone, monday):
            start_row, end_row = rows(from_minute, to_minute)
            label = f"{task.start_time.astimezone(zone):%H:%M}–{task.end_time.astimezone(zone):%H:%M}"
            blocks.append(
                Block(
                    f"task-{task.pk}-{column}",
                    column,
                    start_row,
                    end_row,
                    task.task_description,
                    label,
                    task,
                    focus_colour(task),
                )
            )
    return blocks


def week_commitments(*, preferences: Preferences | None, monday: dt.date, timezone: str) -> list[BusyInterval]:
    """The occurrences of the current weekly commitments that touch the week, by start."""
    if preferences is None:
        return []
    commitments = preferences.commitments
    sunday = monday + dt.timedelta(days=6)
    busy: list[BusyInterval] = []
    for year, month in sorted({(monday.year, monday.month), (sunday.year, sunday.month)}):
        busy += commitment_intervals(year=year, month=month, timezone=timezone, commitments=commitments)
    zone = ZoneInfo(timezone)
    week_start = dt.datetime.combine(monday, dt.time(), tzinfo=zone)
    week_end = dt.datetime.combine(monday + dt.timedelta(days=7), dt.time(), tzinfo=zone)
    unique = {(b.start, b.end): b for b in busy if b.end > week_start and b.start < week_end}
    return sorted(unique.values(), key=lambda b: b.start)
