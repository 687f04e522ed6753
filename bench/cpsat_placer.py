"""A CP-SAT (OR-Tools) placer for the scheduler's problem, to compare with the greedy
engine in bench_plan_quality.py (`--cpsat`). An experiment, not product code: it needs
`pip install ortools==9.15.*`, which the project does not depend on.

The model, on the 5-minute grid of absolute time:
- the free time comes in as runs (working day, start, end): working hours minus Rest
  weekend days, commitments widened by the buffer, and time outside the month or before
  `not_before` (bench_plan_quality.MonthGrid.free_runs, the same reading of the request
  the checks use);
- each session (a drafted task, or a part of one longer than `session_minutes`' max, as
  equal parts on different days) gets one optional interval per run it fits in; its
  length is the drafted minutes times the focus area's clamped multiplier, half-up to the
  grid, as in the engine; the interval is padded by the buffer at its end and all of them
  sit in NoOverlap (one per stretch of touching runs), so sessions keep the buffer apart;
- per working day: task minutes <= the engine's daily capacity (Simple 120, Balanced
  240, Ambitious 360; Rest 0, Mixed weekend a quarter and one session), except that a
  session longer than the capacity may have a full day to itself; sessions <=
  `max_sessions_per_day`, else the engine's default (Simple 2, Balanced 3, Ambitious 4);
  two parts of one task never share a day;
- objective, lexicographic by weights: drafted minutes placed, then hard sessions that
  start in a peak window, then sessions in their drafted week.

Deterministic settings: one worker, a fixed seed; the wall-clock limit can still stop
two runs at different points on a loaded machine.
"""

from __future__ import annotations

import math
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from ortools.sat.python import cp_model

from planning.scheduler import (
    MULTIPLIER_BOUNDS,
    DraftTask,
    PeakWindow,
    Placement,
    Schedule,
    ScheduleRequest,
    Unplaced,
    daily_capacity_minutes,
)

GRID = 5
# Sessions a day when the request does not say, as the engine (capacity.SESSIONS_A_DAY).
SESSIONS_A_DAY = {"simple": 2, "balanced": 3, "ambitious": 4}
Run = tuple[date, int, int]  # working day, [start, end) in epoch minutes


@dataclass(frozen=True)
class Part:
    task: DraftTask
    number: int  # 1-based; 0 when the task is not split
    of: int
    units: int  # length in grid steps
    drafted: int  # drafted minutes this part carries

    @property
    def hard(self) -> bool:
        return self.task.difficulty.strip().lower() == "hard"


def _real_minutes(task: DraftTask, multipliers) -> int:
    try:
        measured = float(multipliers.get(task.focus_area, 1.0))
    except (TypeError, ValueError):
        measured = 1.0
    measured = measured if math.isfinite(measured) else 1.0
    applied = min(max(measured, MULTIPLIER_BOUNDS[0]), MULTIPLIER_BOUNDS[1])
    return max(GRID, int(task.duration_minutes * applied / GRID + 0.5) * GRID)


def parts(request: ScheduleRequest) -> list[Part]:
    found = []
    longest = request.session_minutes[1] if request.session_minutes else None
    for task in request.tasks:
        if task.duration_minutes <= 0:
            continue
        units = _real_minutes(task, request.duration_multipliers) // GRID
        count = math.ceil(units * GRID / longest) if longest else 1
        if count <= 1:
            found.append(Part(task, 0, 1, units, task.duration_minutes))
            continue
        sizes = [units // count + (index < units % count) for index in range(count)]
        shares = [task.duration_minutes * size // units for size in sizes]
        shares[-1] += task.duration_minutes - sum(shares)
        found += [Part(task, n + 1, count, sizes[n], shares[n]) for n in range(count)]
    return found


def _groups(runs: Sequence[Run], buffer: int) -> list[list[int]]:
    """Runs close enough that a padded session could reach the next one."""
    order = sorted(range(len(runs)), key=lambda index: runs[index][1])
    groups: list[list[int]] = []
    last_end = None
    for index in order:
        if last_end is None or runs[index][1] >= last_end + buffer:
            groups.append([])
        groups[-1].append(index)
        last_end = runs[index][2]
    return groups


def _week(day: date, request: ScheduleRequest) -> int:
    return (day.day - 1) // 7 + 1 if (day.year, day.month) == (request.year, request.month) else 0


@dataclass
class _Candidate:
    part: int
    run: int
    start: cp_model.IntVar
    present: cp_model.IntVar
    peak: bool  # may only start in a peak window
    starts: range | frozenset[int]  # the start's domain, in grid steps


class _Model:
    def __init__(self, request: ScheduleRequest, runs: Sequence[Run], peak_starts: Callable[[int, int], list[int]]):
        self.request, self.runs = request, runs
        self.model = cp_model.CpModel()
        self.parts = parts(request)
        self.pad = -(-request.buffer_minutes // GRID)
        self.candidates: list[_Candidate] = []
        self.by_run: dict[int, list[_Candidate]] = defaultdict(list)
        self.intervals: dict[int, list] = defaultdict(list)
        self.capacity = {
            day: daily_capacity_minutes(
                request.complexity, weekend=day.weekday() >= 5, weekend_preference=request.weekend_preference
            )
            for day, _, _ in runs
        }
        for part_index, part in enumerate(self.parts):
            for run_index, (day, low, high) in enumerate(runs):
                self._candidate(part_index, part, run_index, day, low // GRID, high // GRID, peak_starts)

    def _candidate(self, part_index, part, run_index, day, low, high, peak_starts) -> None:
        if part.units > high - low or self.capacity[day] <= 0:
            return
        if part.units * GRID > self.capacity[day] and self._mixed_weekend(day):
            return
        domains = [(range(low, high - part.units + 1), False)]
        if part.hard:
            # A hard session gets a second candidate per run that may only start in a peak
            # window: the objective then counts presences, which the solver reasons about
            # far better than a start-in-domain literal.
            values = [value // GRID for value in peak_starts(low * GRID, (high - part.units) * GRID)]
            if values:
                domains.append((frozenset(values), True))
        for domain, peak in domains:
            if peak:
                start = self.model.NewIntVarFromDomain(cp_model.Domain.FromValues(sorted(domain)), "")
            else:
                start = self.model.NewIntVar(domain.start, domain.stop - 1, "")
            present = self.model.NewBoolVar("")
            interval = self.model.NewOptionalFixedSizeIntervalVar(start, part.units + self.pad, present, "")
            self.intervals[run_index].append(interval)
            candidate = _Candidate(part_index, run_index, start, present, peak, domain)
            self.candidates.append(candidate)
            self.by_run[run_index].append(candidate)

    def _mixed_weekend(self, day: date) -> bool:
        return day.weekday() >= 5 and self.request.weekend_preference.strip().lower() == "mixed"

    def constrain(self) -> None:
        model, request = self.model, self.request
        by_part: dict[int, list[_Candidate]] = defaultdict(list)
        by_day: dict[date, list[_Candidate]] = defaultdict(list)
        for candidate in self.candidates:
            by_part[candidate.part].append(candidate)
            by_day[self.runs[candidate.run][0]].append(candidate)
        for found in by_part.values():
            model.AddAtMostOne(candidate.present for candidate in found)
        for group in _groups(self.runs, request.buffer_minutes):
            intervals = [interval for run_index in group for interval in self.intervals[run_index]]
            if len(intervals) > 1:
                model.AddNoOverlap(intervals)
        for day, found in by_day.items():
            self._constrain_day(day, found)

    def _constrain_day(self, day: date, found: list[_Candidate]) -> None:
        model, capacity = self.model, self.capacity[day]
        normal = [c for c in found if self.parts[c.part].units * GRID <= capacity]
        model.Add(sum(self.parts[c.part].units * GRID * c.present for c in normal) <= capacity)
        for big in (c for c in found if self.parts[c.part].units * GRID > capacity):
            # A session longer than the day's load has the day to itself.
            model.Add(sum(c.present for c in found if c is not big) == 0).OnlyEnforceIf(big.present)
        limit = self.request.max_sessions_per_day or SESSIONS_A_DAY[self.request.complexity.strip().lower()]
        model.Add(sum(c.present for c in found) <= (1 if self._mixed_weekend(day) else limit))
        split: dict[str, list[_Candidate]] = defaultdict(list)
        for candidate in found:
            part = self.parts[candidate.part]
            if part.of > 1:
                split[part.task.key].append(candidate)
        for same_task in split.values():
            model.AddAtMostOne(candidate.present for candidate in same_task)

    def objective(self) -> None:
        hinted = [
            c for c in self.candidates if self.parts[c.part].task.week == _week(self.runs[c.run][0], self.request)
        ]
        peaks = [c.present for c in self.candidates if c.peak]
        week_weight = 1
        peak_weight = week_weight * (len(self.parts) + 1)
        minute_weight = peak_weight * (sum(part.hard for part in self.parts) + 1)
        self.model.Maximize(
            minute_weight * sum(self.parts[c.part].drafted * c.present for c in self.candidates)
            + peak_weight * sum(peaks)
            + week_weight * sum(c.present for c in hinted)
        )


def place(
    request: ScheduleRequest,
    runs: Sequence[Run],
    peaks: tuple[PeakWindow, ...],
    local_of: Callable[[int], datetime],
    *,
    seconds: float = 2.0,
    hint: Schedule | None = None,
) -> tuple[Schedule, str]:
    """Place the request's tasks in the free `runs`; `local_of(minute)` reads an epoch
    minute on the local clock (to tell peak starts). `hint`: a schedule (the greedy
    engine's) to start the search from. Returns the Schedule and a status."""

    def peak_starts(low: int, high: int) -> list[int]:
        found = []
        for minute in range(low, high + 1, GRID):
            local = local_of(minute)
            if any(p.start_hour <= local.hour < p.end_hour and p.weekday in (None, local.weekday()) for p in peaks):
                found.append(minute)
        return found

    started = time.perf_counter()
    built = _Model(request, runs, peak_starts)
    built.constrain()
    built.objective()
    if hint is not None:
        _hint(built, hint)
    build_ms = (time.perf_counter() - started) * 1000
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 0
    status = solver.Solve(built.model)
    name = solver.StatusName(status)
    size = f"{len(built.candidates)} cand, build {build_ms:.0f} ms"
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return Schedule((), tuple(Unplaced(task, f"CP-SAT: {name}") for task in request.tasks)), f"{name} {size}"
    bound, value = solver.BestObjectiveBound(), solver.ObjectiveValue()
    gap = 0.0 if not bound else 100.0 * (bound - value) / abs(bound)
    return _schedule(request, built, solver), f"{name} gap {gap:.3f}% {size}"


def _hint(built: _Model, schedule: Schedule) -> None:
    """Hint each session's candidate from a schedule; the solver repairs what breaks."""
    starts = {placement.task.key: int(placement.start.timestamp()) // 60 for placement in schedule.placements}
    hinted: set[int] = set()
    # Peak candidates first: where a hinted start is a peak start, hint that variant.
    for candidate in sorted(built.candidates, key=lambda c: not c.peak):
        part = built.parts[candidate.part]
        key = part.task.key if part.of == 1 else f"{part.task.key}-p{part.number}"
        start = starts.get(key)
        fits = (
            start is not None
            and candidate.part not in hinted
            and start % GRID == 0
            and start // GRID in candidate.starts
        )
        built.model.AddHint(candidate.present, bool(fits))
        if fits:
            built.model.AddHint(candidate.start, start // GRID)
            hinted.add(candidate.part)


def _schedule(request: ScheduleRequest, built: _Model, solver: cp_model.CpSolver) -> Schedule:
    placements, placed_parts = [], set()
    for candidate in built.candidates:
        if not solver.BooleanValue(candidate.present):
            continue
        part = built.parts[candidate.part]
        start = solver.Value(candidate.start) * GRID
        task = part.task
        if part.of > 1:
            task = DraftTask(
                key=f"{task.key}-p{part.number}",
                description=f"{task.description} (part {part.number} of {part.of})",
                focus_area=task.focus_area,
                duration_minutes=part.drafted,
                difficulty=task.difficulty,
                week=task.week,
            )
        placed_parts.add(candidate.part)
        placements.append((start, part.units * GRID, task))
    zone = ZoneInfo(request.timezone)
    result = tuple(
        Placement(task, _local(start, zone), _local(start + length, zone), "Placed by CP-SAT.")
        for start, length, task in sorted(placements, key=lambda entry: entry[0])
    )
    missed = {built.parts[i].task.key: built.parts[i].task for i in range(len(built.parts)) if i not in placed_parts}
    unplaced = tuple(Unplaced(task, "CP-SAT found no room.") for task in missed.values())
    return Schedule(result, unplaced)


def _local(minute: int, zone: ZoneInfo) -> datetime:
    return datetime.fromtimestamp(minute * 60, tz=zone)
