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


@dataclass(frozen=True)
class DayPiece:
    """The part of a session or commitment that falls on one local day, in wall-clock minutes."""

    day: dt.date
    from_minute: int
    to_minute: int
    label: str  # "23:30–24:00": this day's part, as the day's column shows it
    is_continuation: bool  # it began on an earlier day


def _clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def day_pieces(start: dt.datetime, end: dt.datetime, zone: ZoneInfo) -> list[DayPiece]:
    """[start, end) cut at local midnights: Sat 23:30-01:00 is Sat 23:30-24:00 and Sun 00:00-01:00.

    Minutes are read off the wall clock, so a day when clocks change still lines up with its
    hour labels. A session inside the hour that is repeated when clocks go back can end
    "before" it starts on the wall clock; it keeps its start and is drawn one slot tall.
    """
    local_start, local_end = start.astimezone(zone), end.astimezone(zone)
    pieces = []
    day = local_start.date()
    while day <= local_end.date():
        to_minute = local_end.hour * 60 + local_end.minute if day == local_end.date() else 24 * 60
        if day == local_start.date():
            from_minute = local_start.hour * 60 + local_start.minute
            until = f"{local_end:%H:%M}" if day == local_end.date() else "24:00"
            label = f"{local_start:%H:%M}–{until}"
            pieces.append(DayPiece(day, from_minute, max(to_minute, from_minute), label, False))
        elif to_minute > 0:  # ending at midnight leaves nothing on the next day
            pieces.append(DayPiece(day, 0, to_minute, f"00:00–{_clock(to_minute)}", True))
        day += dt.timedelta(days=1)
    return pieces


@dataclass
class Block:
    """A positioned item in the week grid: a task or a busy commitment (one day's part of it)."""

    css_id: str
    column: int  # 1..7, Monday first
    row_start: int  # grid rows of SLOT_MINUTES, 1-based, from the grid's first hour
    row_end: int
    title: str
    time_label: str
    task: PlanTask | None = None
    colour: int = 0
    whole_label: str = ""  # the whole session, when this block is one day's part of it


@dataclass
class AgendaEntry:
    task: PlanTask
    piece: DayPiece


@dataclass
class WeekLayout:
    first_hour: int
    blocks: list[Block]
    agenda: list[tuple[dt.date, list[AgendaEntry]]]


def _whole_label(task: PlanTask, zone: ZoneInfo) -> str:
    start, end = task.start_time.astimezone(zone), task.end_time.astimezone(zone)
    return f"{start:%a %H:%M}–{end:%a %H:%M}" if start.date() != end.date() else ""


def week_layout(
    *, monday: dt.date, zone: ZoneInfo, tasks: list[PlanTask], busy: list[BusyInterval], earliest_hour: int
) -> WeekLayout:
    """Blocks for the week grid and entries for the phone's agenda, from the same day pieces.

    The grid starts at `earliest_hour`, or earlier when a session (or the part of one that
    runs past midnight) does."""
    days = [monday + dt.timedelta(days=offset) for offset in range(7)]
    task_pieces = [(task, piece) for task in tasks for piece in day_pieces(task.start_time, task.end_time, zone)]
    task_pieces = [(task, piece) for task, piece in task_pieces if monday <= piece.day <= days[-1]]
    first_hour = min([earliest_hour] + [piece.from_minute // 60 for _, piece in task_pieces])
    offset = first_hour * 60

    def rows(piece: DayPiece) -> tuple[int, int]:
        start_row = max(piece.from_minute - offset, 0) // SLOT_MINUTES + 1
        end_row = max(-(-(piece.to_minute - offset) // SLOT_MINUTES) + 1, start_row + 1)
        return start_row, end_row

    blocks: list[Block] = []
    for index, interval in enumerate(busy):
        for piece in day_pieces(interval.start, interval.end, zone):
            column = (piece.day - monday).days + 1
            if not 1 <= column <= 7 or piece.to_minute <= offset:
                continue
            blocks.append(Block(f"busy-{index}-{column}", column, *rows(piece), interval.label or "Busy", piece.label))
    for task, piece in task_pieces:
        column = (piece.day - monday).days + 1
        block = Block(f"task-{task.pk}-{column}", column, *rows(piece), task.task_description, piece.label, task)
        block.colour, block.whole_label = focus_colour(task), _whole_label(task, zone)
        blocks.append(block)
    agenda = [(day, [AgendaEntry(task, piece) for task, piece in task_pieces if piece.day == day]) for day in days]
    return WeekLayout(first_hour, blocks, agenda)


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
