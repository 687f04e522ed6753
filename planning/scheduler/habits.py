"""Placing habits: each habit's occurrences for the month, in the window the person chose.

Which days, week by week (Monday to Sunday, local): the habit's own weekdays, or
`times_per_week` days spread evenly over the week (Monday, Wednesday, Friday for three),
each moving to the nearest day with room when its own has none. A week cut by the month's
edge, `starts_on` or `ends_on` gets its share of the times (the months on both sides of
the cut add up to the whole), less the occurrences it already holds (`placed_on`). A day
whose window has already passed is skipped: nothing is placed in the past.

On each day, in this order: the window at the ideal length; else the nearest free working
time that day at the ideal length; else the window, then the nearest free time, shrunk
toward the shortest length; else the occurrence is reported missed for that day, with why.

The window is wall-clock time on its own date (06:00-09:00 is 06:00-09:00 local on both
sides of a daylight-saving change) and overrides the working hours: the person said when.
Commitments, calendar events, busy time and every session placed so far keep their buffer.
An occurrence counts toward its day's load and sessions a day, held to the weekday load
even on a weekend kept light or free (the habit's day was the person's choice).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from planning.scheduler.capacity import daily_capacity_minutes
from planning.scheduler.commitments import occurrences
from planning.scheduler.days import Month
from planning.scheduler.habit_reasons import Miss, missed_reason, occurrence_reason
from planning.scheduler.habit_spec import HabitSpec
from planning.scheduler.intervals import subtract
from planning.scheduler.localtime import (
    ONE_DAY,
    epoch_minutes,
    grid_down,
    grid_up,
    month_bounds,
    month_days,
    to_local,
    wall_to_epoch_minutes,
)
from planning.scheduler.types import Day, DraftTask, Interval, Placement, ScheduleRequest, Unplaced

Labelled = tuple[int, int, str]


@dataclass
class HabitRun:
    """What placing habits needs to know about the month, built once per schedule."""

    request: ScheduleRequest
    month: Month
    zone: ZoneInfo
    dates: list[date]
    bounds: tuple[int, int]  # the month, in epoch minutes
    not_before: int
    capacity: int  # the weekday load: what a habit's day is held to
    blocked: list[Labelled]  # commitments, calendar events and busy time
    taken: list[Interval] = field(default_factory=list)  # sessions and occurrences placed in this run

    def occupy(self, placements: tuple[Placement, ...] | list[Placement]) -> None:
        self.taken.extend((epoch_minutes(p.start), epoch_minutes(p.end, round_up=True)) for p in placements)


def habit_run(request: ScheduleRequest, month: Month, zone: ZoneInfo) -> HabitRun:
    dates = month_days(request.year, request.month)
    found = occurrences(request.commitments, zone, dates[0] - ONE_DAY, dates[-1] + ONE_DAY)
    blocked = [(start, end, commitment.label) for start, end, commitment in found]
    blocked += [(epoch_minutes(e.start), epoch_minutes(e.end, round_up=True), e.label) for e in request.events]
    blocked += [(epoch_minutes(b.start), epoch_minutes(b.end, round_up=True), b.label) for b in request.busy]
    return HabitRun(
        request=request,
        month=month,
        zone=zone,
        dates=dates,
        bounds=month_bounds(request.year, request.month, zone),
        not_before=grid_up(epoch_minutes(request.not_before, round_up=True)),
        capacity=daily_capacity_minutes(request.complexity, weekend=False, weekend_preference="Work"),
        blocked=sorted(blocked),
    )


@dataclass(frozen=True)
class HabitOutcome:
    placements: list[Placement]
    unplaced: list[Unplaced]


@dataclass(frozen=True)
class _Found:
    start: int
    minutes: int
    kind: str  # "window" | "nearest"
    why_shorter: str  # "" at the ideal length, else "load" or "room"


def window_span(spec: HabitSpec, day: date, run: HabitRun) -> Interval:
    """The habit's window opening on `day`, in epoch minutes on the 5-minute grid, inside the month."""
    start = wall_to_epoch_minutes(day, spec.window_start, run.zone, is_end=False)
    end = wall_to_epoch_minutes(day + ONE_DAY if spec.overnight else day, spec.window_end, run.zone, is_end=True)
    low, high = max(grid_up(start), run.bounds[0]), min(grid_down(end), run.bounds[1])
    return (low, max(low, high))


def _window_free(span: Interval, run: HabitRun) -> list[Interval]:
    buffer = run.request.buffer_minutes
    free = [(max(span[0], run.not_before), span[1])] if span[1] > max(span[0], run.not_before) else []
    for start, end, _ in run.blocked:
        if start - buffer >= span[1]:
            break
        free = subtract(free, start - buffer, end + buffer)
    for start, end in run.taken:
        free = subtract(free, start - buffer, end + buffer)
    return free


def _earliest(free: list[Interval], minutes: int) -> int | None:
    for low, high in free:
        start = grid_up(low)
        if start + minutes <= high:
            return start
    return None


def _distance(start: int, minutes: int, span: Interval) -> int:
    return max(span[0] - (start + minutes), start - span[1], 0)


def _nearest(free: list[Interval], minutes: int, span: Interval) -> int | None:
    """The start, in free time, of the `minutes` closest to the window (earlier on a tie)."""
    best: tuple[int, int] | None = None
    for low, high in free:
        first, last = grid_up(low), grid_down(high - minutes)
        if last < first:
            continue
        start = min(max(grid_up(span[0]), first), last)
        if best is None or _distance(start, minutes, span) < best[0]:
            best = (_distance(start, minutes, span), start)
    return None if best is None else best[1]


def _longest(free: list[Interval], low: int, high: int, span: Interval) -> tuple[int, int] | None:
    """(start, minutes): the longest stretch from `low` up to `high` minutes, nearest the window on a tie."""
    best: tuple[int, int, int] | None = None
    for start_free, end_free in free:
        start = grid_up(start_free)
        minutes = min(high, end_free - start)
        if minutes < low:
            continue
        key = (-minutes, _distance(start, minutes, span), start)
        if best is None or key < best:
            best = key
    return None if best is None else (best[2], -best[0])


def _find(spec: HabitSpec, day: Day, day_date: date, run: HabitRun) -> _Found | Miss:
    cap = day.session_cap
    if cap is not None and day.count >= cap:
        return Miss("cap", cap)
    allowance = run.capacity - day.load
    if allowance < spec.min_minutes:
        return Miss("load", run.capacity)
    span = window_span(spec, day_date, run)
    in_window = _window_free(span, run)
    if spec.ideal_minutes <= allowance:
        for kind, start in (
            ("window", _earliest(in_window, spec.ideal_minutes)),
            ("nearest", _nearest(day.free, spec.ideal_minutes, span)),
        ):
            if start is not None:
                return _Found(start, spec.ideal_minutes, kind, "")
    why = "load" if allowance < spec.ideal_minutes else "room"
    longest = min(spec.ideal_minutes, allowance)
    for kind, free in (("window", in_window), ("nearest", day.free)):
        found = _longest(free, spec.min_minutes, longest, span)
        if found is not None:
            return _Found(found[0], found[1], kind, why)
    return Miss("room", 0)


def _commit(found: _Found, day: Day, run: HabitRun) -> None:
    buffer = run.request.buffer_minutes
    end = found.start + found.minutes
    day.load += found.minutes
    day.count += 1
    # The buffer applies on the neighbouring days too, as for a session (placement._take).
    for neighbour in run.month.days[max(day.index - 1, 0) : day.index + 2]:
        neighbour.free = subtract(neighbour.free, found.start - buffer, end + buffer)
    run.taken.append((found.start, end))


def occurrence_task(spec: HabitSpec, day: date, minutes: int) -> DraftTask:
    """The key names the habit and the date, so a re-planned month keeps the same calendar event."""
    return DraftTask(
        key=f"habit-{spec.id}-{day:%Y-%m-%d}",
        description=spec.name,
        focus_area=spec.focus_area,
        duration_minutes=minutes,
        difficulty="medium",
        habit=spec.id,
    )


def _try_days(spec: HabitSpec, order: list[date], run: HabitRun) -> tuple[date, Placement | Unplaced]:
    """The occurrence on the first day of `order` with room; else missed, on the first of them."""
    first_miss: Miss | None = None
    for day_date in order:
        day = run.month.days[day_date.day - 1]
        found = _find(spec, day, day_date, run)
        if isinstance(found, Miss):
            first_miss = first_miss or found
            continue
        _commit(found, day, run)
        start, end = to_local(found.start, run.zone), to_local(found.start + found.minutes, run.zone)
        reason = occurrence_reason(
            spec, start, found.minutes, kind=found.kind, why_shorter=found.why_shorter,
            blocker=_blocker(spec, day_date, run), request=run.request, capacity=run.capacity,
        )  # fmt: skip
        return day_date, Placement(occurrence_task(spec, day_date, found.minutes), start, end, reason)
    day = run.month.days[order[0].day - 1]
    miss = first_miss or Miss("room", 0)
    reason = missed_reason(spec, day, miss, blocker=_blocker(spec, order[0], run), request=run.request)
    return order[0], Unplaced(occurrence_task(spec, order[0], spec.ideal_minutes), reason)


def _blocker(spec: HabitSpec, day: date, run: HabitRun) -> str:
    """The label of a commitment, event or busy time in the window that day, for the reasons."""
    low, high = window_span(spec, day, run)
    buffer = run.request.buffer_minutes
    for start, end, label in run.blocked:
        if start - buffer < high and end + buffer > low and label:
            return label
    return ""


def _open(spec: HabitSpec, day: date, run: HabitRun) -> bool:
    """Active that day, not already holding an occurrence, and its window not yet over."""
    return spec.is_active_on(day) and day not in spec.placed_on and window_span(spec, day, run)[1] > run.not_before


def _weeks(run: HabitRun) -> list[list[date]]:
    weeks: dict[date, list[date]] = {}
    for day in run.dates:
        weeks.setdefault(day - timedelta(days=day.weekday()), []).append(day)
    return list(weeks.values())


def _share(times: int, days: list[date]) -> int:
    """This run of days' share of a week's `times`: shares of the runs of one week add up to `times`."""

    def upto(weekday: int) -> int:
        return int(times * weekday / 7 + 0.5)

    return upto(days[-1].weekday() + 1) - upto(days[0].weekday())


def _by_nearness(ideal: date, candidates: list[date]) -> list[date]:
    # The day itself, then the nearest; on a tie the later day, so a full day slips forward.
    return sorted(candidates, key=lambda day: (abs((day - ideal).days), day < ideal))


def _weekly(spec: HabitSpec, times: int, run: HabitRun) -> list[Placement | Unplaced]:
    outcomes: list[Placement | Unplaced] = []
    for week in _weeks(run):
        active = [day for day in week if spec.is_active_on(day)]
        if not active:
            continue
        held = sum(1 for day in active if day in spec.placed_on)
        candidates = [day for day in active if _open(spec, day, run)]
        wanted = min(_share(times, active) - held, len(candidates))
        used: set[date] = set()
        for number in range(max(wanted, 0)):
            # Evenly over the open days (Monday, Wednesday, Friday of a whole week for three).
            ideal = candidates[number * len(candidates) // wanted]
            day, outcome = _try_days(spec, _by_nearness(ideal, [d for d in candidates if d not in used]), run)
            used.add(day)
            outcomes.append(outcome)
    return outcomes


def _on_days(spec: HabitSpec, run: HabitRun) -> list[Placement | Unplaced]:
    days = [day for day in run.dates if day.weekday() in spec.days and _open(spec, day, run)]
    return [_try_days(spec, [day], run)[1] for day in days]


def place_habits(run: HabitRun, *, priority: str) -> HabitOutcome:
    """Places the occurrences of the habits of this priority, in the order given."""
    placements: list[Placement] = []
    unplaced: list[Unplaced] = []
    for spec in run.request.habits:
        if spec.priority != priority:
            continue
        times = spec.times_per_week
        for outcome in _weekly(spec, times, run) if times is not None else _on_days(spec, run):
            if isinstance(outcome, Placement):
                placements.append(outcome)
            else:
                unplaced.append(outcome)
    return HabitOutcome(placements, unplaced)


__all__ = ["HabitOutcome", "HabitRun", "habit_run", "occurrence_task", "place_habits", "window_span"]
