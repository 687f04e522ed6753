"""Plan quality of the scheduler on varied month profiles (bench/profiles.py).

Exit status: 0 always, EXCEPT 1 when any hard-constraint violation is found (or the
engine raises). Timings never fail the run: this machine is shared and noisy.

    .venv/bin/python bench/bench_plan_quality.py [--runs 5] [--only NAME] [--cpsat [--cpsat-seconds 2]]

No Django: the scheduler is pure Python. For each profile the engine (`schedule_month`)
runs once to be judged and `--runs` more times to be timed; per profile and in total:

- violations of the hard constraints, checked here independently of the engine, on the
  local wall clock (every commitment and window boundary in the profiles lies on a
  5-minute mark, so a 5-minute grid of absolute time is exact): a session overlapping a
  commitment occurrence (`commit`), inside the buffer around one (`cbuf`), overlapping
  another session (`overlap`) or closer to one than the buffer (`sbuf`), outside working
  hours (`hours`), outside the month or before `not_before` (`month`), on a Rest weekend
  day (`rest`); and the rules of the newer request fields: more sessions on a day than
  `max_sessions_per_day` (`cap`), two parts of one task on one day (`split`), a session
  longer than `session_minutes`' max (`len`). A session belongs to the day its working
  window opened (a 22:00-06:00 window's small hours belong to the evening before);
- placed %: drafted minutes placed / drafted minutes (a split task counts its parts);
- peak %: hard sessions starting inside a peak window, out of those the month has room
  for there. "Room" is how many of the placed hard sessions could start in a peak window
  at once, given working hours, commitments and buffers (shortest first, earliest fit;
  daily minutes ignored, so it errs high and the % errs low). Peaks are the request's;
  with none ("derived"), the ones the engine used, marked `d`: from the Schedule if it
  exposes `peak_windows`, else from the engine's month builder
  (planning.scheduler.days.build_month, internal); failing both, 09:00-12:00, marked `*`;
- max sessions on one day, and days with no slack: days whose usable working time (not
  commitments or their buffers) the sessions and their buffers take up entirely;
- time: the median of `--runs` runs, and as the floor the median time of
  `commitment_intervals` for the same month (expanding the commitments), as a ratio.

`--cpsat` also runs bench/cpsat_placer.py (needs `pip install ortools==9.15.*`) on the
same profiles, judged by the same checks, and prints the comparison (`--cpsat-hint`
starts it from the greedy schedule). Results and the recommendation: bench/PLAN_QUALITY.md.
"""

from __future__ import annotations

import argparse
import math
import re
import statistics
import sys
import time as clock
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from profiles import Profile, profiles

from planning.scheduler import PeakWindow, Schedule, ScheduleRequest, commitment_intervals, schedule_month

STEP = 5  # minutes: the grid the checks run on
DEFAULT_PEAKS = (PeakWindow(9, 12),)  # types.py: "empty: 09:00-12:00 every day"
TARGET_PLACED, TARGET_PEAK = 98.0, 95.0
VIOLATION_KINDS = ("commit", "cbuf", "overlap", "sbuf", "hours", "month", "rest", "cap", "split", "len")
_PART = re.compile(r"-p\d+$")


def _epoch(moment: datetime, *, up: bool = False) -> int:
    seconds = moment.timestamp()
    return math.ceil(seconds / 60) if up else math.floor(seconds / 60)


def _weekly(slots, weekday: int, minute: int, day: date) -> date | None:
    """The date the weekly slot containing this wall time started on, or None.

    `slots` are (day, start minute, end minute); end <= start runs past midnight."""
    for slot_day, start, end in slots:
        if end > start:
            if slot_day == weekday and start <= minute < end:
                return day
        elif slot_day == weekday and minute >= start:
            return day
        elif (slot_day + 1) % 7 == weekday and minute < end:
            return day - timedelta(days=1)
    return None


def _minutes(moment) -> int:
    return moment.hour * 60 + moment.minute


@dataclass
class MonthGrid:
    """The month (and a day either side) on a 5-minute grid of absolute time, read on the
    local wall clock: which points are committed, usable, and whose working day."""

    request: ScheduleRequest
    zone: ZoneInfo
    t0: int
    local: list[datetime]
    commit: bytearray  # inside a commitment occurrence
    work_day: list[date | None]  # the date the working window holding the point opened
    rest: bytearray  # that working day is a weekend day under Rest
    usable: bytearray  # in a window, not rest, in the month, not before not_before
    near_commit: bytearray = field(default_factory=bytearray)  # commitment or its buffer

    @classmethod
    def build(cls, request: ScheduleRequest) -> MonthGrid:
        zone = ZoneInfo(request.timezone)
        first = datetime(request.year, request.month, 1, tzinfo=UTC) - timedelta(days=2)
        last = datetime(request.year + request.month // 12, request.month % 12 + 1, 1, tzinfo=UTC) + timedelta(days=2)
        t0, t1 = _epoch(first), _epoch(last)
        commitments = [(c.day, _minutes(c.start), _minutes(c.end)) for c in request.commitments]
        if request.working_hours is None:
            start, end = request.working_window
            windows = [(day, _minutes(start), _minutes(end)) for day in range(7)]
        else:
            windows = [(w.day, _minutes(w.start), _minutes(w.end)) for w in request.working_hours]
        resting = request.weekend_preference.strip().lower() == "rest"
        not_before = _epoch(request.not_before, up=True)
        grid = cls(request, zone, t0, [], bytearray(), [], bytearray(), bytearray())
        for t in range(t0, t1, STEP):
            local = datetime.fromtimestamp(t * 60, tz=zone)
            day, weekday, minute = local.date(), local.weekday(), _minutes(local)
            work_day = _weekly(windows, weekday, minute, day)
            in_month = (day.year, day.month) == (request.year, request.month)
            is_rest = resting and work_day is not None and work_day.weekday() >= 5
            grid.local.append(local)
            grid.commit.append(_weekly(commitments, weekday, minute, day) is not None)
            grid.work_day.append(work_day)
            grid.rest.append(is_rest)
            grid.usable.append(work_day is not None and not is_rest and in_month and t >= not_before)
        grid.near_commit = grid.widen(grid.commit, request.buffer_minutes)
        return grid

    def index(self, minute: int) -> int:
        return (minute - self.t0) // STEP

    def widen(self, marks: bytearray, buffer: int) -> bytearray:
        """Points within `buffer` minutes of a marked point (the marked ones included)."""
        reach = -(-buffer // STEP)
        wide = bytearray(len(marks))
        for i in (i for i, mark in enumerate(marks) if mark):
            wide[max(i - reach, 0) : i + reach + 1] = b"\x01" * (min(i + reach + 1, len(marks)) - max(i - reach, 0))
        return wide

    def free_runs(self, taken: bytearray | None = None) -> list[tuple[date, int, int]]:
        """Maximal runs of usable points away from commitments (and `taken`), one working
        day each: (working day, start, end) in epoch minutes."""
        runs: list[tuple[date, int, int]] = []
        start = None
        for i in range(len(self.usable) + 1):
            ok = i < len(self.usable) and self.usable[i] and not self.near_commit[i] and not (taken and taken[i])
            if start is not None and (not ok or self.work_day[i] != self.work_day[start]):
                runs.append((self.work_day[start], self.t0 + start * STEP, self.t0 + i * STEP))
                start = None
            if ok and start is None:
                start = i
        return runs


def in_peak(local: datetime, peaks: tuple[PeakWindow, ...]) -> bool:
    weekday, hour = local.weekday(), local.hour
    return any(p.start_hour <= hour < p.end_hour and p.weekday in (None, weekday) for p in peaks)


def peaks_for(request: ScheduleRequest, schedule: Schedule | None) -> tuple[tuple[PeakWindow, ...], str]:
    """The peak windows to judge by, and a mark: "" given, "d" derived by the engine (from
    the Schedule, else from its month builder), "*" the 09:00-12:00 fallback."""
    if request.peak_windows:
        return tuple(request.peak_windows), ""
    exposed = getattr(schedule, "peak_windows", None) if schedule is not None else None
    if exposed:
        return tuple(exposed), "d"
    try:  # the engine's own month, with the peaks as used (an internal module: may move)
        from planning.scheduler.days import build_month

        derived = build_month(request, ZoneInfo(request.timezone)).peak_windows
    except (ImportError, AttributeError, TypeError):
        derived = ()
    return (tuple(derived), "d") if derived else (DEFAULT_PEAKS, "*")


@dataclass
class Session:
    key: str  # the drafted task's key (a part's "-pN" removed)
    difficulty: str
    drafted: int  # drafted minutes this session carries
    start: int  # epoch minutes
    end: int
    day: date  # working day


@dataclass
class Quality:
    drafted: int = 0
    placed: int = 0
    tasks: int = 0
    sessions: int = 0
    unplaced: int = 0
    hard: int = 0
    hard_in_peak: int = 0
    peak_room: int = 0  # min(hard sessions, room for them in peaks)
    peak_mark: str = ""  # "d": derived by the engine, "*": fallback 09:00-12:00
    max_per_day: int = 0
    no_slack_days: int = 0
    violations: Counter = field(default_factory=Counter)
    ms: float = 0.0
    floor_ms: float = 0.0
    note: str = ""

    @property
    def placed_pct(self) -> float:
        return 100.0 * self.placed / self.drafted if self.drafted else 100.0

    @property
    def peak_pct(self) -> float | None:
        return 100.0 * min(self.hard_in_peak, self.peak_room) / self.peak_room if self.peak_room else None


def _sessions(request: ScheduleRequest, grid: MonthGrid, schedule: Schedule) -> list[Session]:
    keys = {task.key for task in request.tasks}
    found = []
    for placement in schedule.placements:
        key = placement.task.key if placement.task.key in keys else _PART.sub("", placement.task.key)
        start, end = _epoch(placement.start), _epoch(placement.end, up=True)
        i = grid.index(start)
        day = grid.work_day[i] if 0 <= i < len(grid.work_day) and grid.work_day[i] else placement.start.date()
        difficulty = placement.task.difficulty.strip().lower()
        found.append(Session(key, difficulty, placement.task.duration_minutes, start, end, day))
    return sorted(found, key=lambda session: (session.start, session.end))


def _points(grid: MonthGrid, start: int, end: int) -> range:
    return range(max(grid.index(start), 0), min(grid.index(end - 1) + 1, len(grid.local)))


def _check_session(grid: MonthGrid, session: Session, violations: Counter) -> None:
    request, buffer = grid.request, grid.request.buffer_minutes
    inside = _points(grid, session.start, session.end)
    around = [i for i in _points(grid, session.start - buffer, session.end + buffer) if i not in inside]
    in_range = session.start >= grid.t0 and grid.index(session.end - 1) < len(grid.local)
    if any(grid.commit[i] for i in inside):
        violations["commit"] += 1
    elif any(grid.commit[i] for i in around):
        violations["cbuf"] += 1
    resting = request.weekend_preference.strip().lower() == "rest"
    if (resting and session.day.weekday() >= 5) or any(grid.rest[i] for i in inside):
        violations["rest"] += 1
    elif not in_range or any(grid.work_day[i] is None for i in inside):
        violations["hours"] += 1
    in_month = all((grid.local[i].year, grid.local[i].month) == (request.year, request.month) for i in inside)
    if not in_range or not in_month or session.start < _epoch(request.not_before, up=True):
        violations["month"] += 1
    if request.session_minutes and session.end - session.start > request.session_minutes[1]:
        violations["len"] += 1


def _check_together(request: ScheduleRequest, sessions: list[Session], violations: Counter) -> None:
    latest_end = None
    for session in sessions:  # sorted by start
        if latest_end is not None and session.start < latest_end:
            violations["overlap"] += 1
        elif latest_end is not None and session.start < latest_end + request.buffer_minutes:
            violations["sbuf"] += 1
        latest_end = session.end if latest_end is None else max(latest_end, session.end)
    per_day = Counter(session.day for session in sessions)
    if request.max_sessions_per_day is not None:
        violations["cap"] += sum(1 for count in per_day.values() if count > request.max_sessions_per_day)
    parts = Counter((session.key, session.day) for session in sessions)
    violations["split"] += sum(count - 1 for count in parts.values() if count > 1)


def _taken(grid: MonthGrid, sessions: list[Session], buffer: int) -> bytearray:
    marks = bytearray(len(grid.local))
    for session in sessions:
        for i in _points(grid, session.start, session.end):
            marks[i] = 1
    return grid.widen(marks, buffer)


def _no_slack_days(grid: MonthGrid, sessions: list[Session]) -> int:
    before = {day for day, _, _ in grid.free_runs()}
    after = {day for day, _, _ in grid.free_runs(_taken(grid, sessions, grid.request.buffer_minutes))}
    return len(before - after)


def peak_room(grid: MonthGrid, minutes: list[int], peaks: tuple[PeakWindow, ...]) -> int:
    """How many sessions of these lengths could start inside peak windows at once (on
    a Mixed weekend day one, on any day `max_sessions_per_day` at most)."""
    request = grid.request
    buffer = request.buffer_minutes
    mixed = request.weekend_preference.strip().lower() == "mixed"
    count: Counter = Counter()
    free = bytearray(grid.usable[i] and not grid.near_commit[i] for i in range(len(grid.local)))
    starts = [i for i in range(len(free)) if free[i] and in_peak(grid.local[i], peaks)]
    reach = -(-buffer // STEP)
    room = 0
    for length in sorted(minutes):
        need = -(-length // STEP)
        for i in starts:
            day = grid.work_day[i]
            limit = 1 if mixed and day.weekday() >= 5 else request.max_sessions_per_day
            if limit is not None and count[day] >= limit:
                continue
            if free[i] and free[i : i + need].count(0) == 0 and len(free[i : i + need]) == need:
                count[day] += 1
                low, high = max(i - reach, 0), min(i + need + reach, len(free))
                free[low:high] = bytes(high - low)
                room += 1
                break
    return room


def judge(profile: Profile, grid: MonthGrid, schedule: Schedule, peaks: tuple[PeakWindow, ...]) -> Quality:
    request = profile.request
    sessions = _sessions(request, grid, schedule)
    quality = Quality(tasks=len(request.tasks), sessions=len(sessions), unplaced=len(schedule.unplaced))
    quality.drafted = sum(task.duration_minutes for task in request.tasks)
    by_key: dict[str, int] = defaultdict(int)
    for session in sessions:
        by_key[session.key] += session.drafted
    drafted = {task.key: task.duration_minutes for task in request.tasks}
    quality.placed = sum(min(minutes, drafted.get(key, 0)) for key, minutes in by_key.items())
    for session in sessions:
        _check_session(grid, session, quality.violations)
    _check_together(request, sessions, quality.violations)
    hard = [session for session in sessions if session.difficulty == "hard"]
    quality.hard = len(hard)
    quality.hard_in_peak = sum(in_peak(datetime.fromtimestamp(s.start * 60, tz=grid.zone), peaks) for s in hard)
    quality.peak_room = min(len(hard), peak_room(grid, [s.end - s.start for s in hard], peaks))
    quality.max_per_day = max(Counter(session.day for session in sessions).values(), default=0)
    quality.no_slack_days = _no_slack_days(grid, sessions)
    return quality


def _median_ms(action: Callable[[], object], runs: int) -> float:
    timings = []
    for _ in range(runs):
        started = clock.perf_counter()
        action()
        timings.append((clock.perf_counter() - started) * 1000)
    return statistics.median(timings)


def _floor_ms(request: ScheduleRequest, runs: int) -> float:
    def expand() -> object:
        return commitment_intervals(
            year=request.year, month=request.month, timezone=request.timezone, commitments=request.commitments
        )

    expand()
    return _median_ms(expand, max(runs, 20))


def run_greedy(profile: Profile, grid: MonthGrid, runs: int) -> tuple[Quality, tuple[PeakWindow, ...], Schedule | None]:
    request = profile.request
    try:
        schedule = schedule_month(request)
    except Exception as exc:  # the engine under test may be mid-change: report, do not hide
        quality = Quality(tasks=len(request.tasks), note=f"ERROR {type(exc).__name__}: {exc}")
        quality.violations["error"] += 1
        return quality, DEFAULT_PEAKS, None
    peaks, mark = peaks_for(request, schedule)
    quality = judge(profile, grid, schedule, peaks)
    quality.peak_mark = mark
    quality.ms = _median_ms(lambda: schedule_month(request), runs)
    quality.floor_ms = _floor_ms(request, runs)
    advice = getattr(schedule, "advice", None)
    if advice:
        quality.note = f"{len(advice)} advice"
    return quality, peaks, schedule


def run_cpsat(
    profile: Profile, grid: MonthGrid, peaks: tuple[PeakWindow, ...], seconds: float, hint: Schedule | None
) -> Quality:
    from cpsat_placer import place  # optional: ortools is not a project dependency

    started = clock.perf_counter()
    runs, local_of = grid.free_runs(), lambda minute: grid.local[grid.index(minute)]
    schedule, status = place(profile.request, runs, peaks, local_of, seconds=seconds, hint=hint)
    elapsed = (clock.perf_counter() - started) * 1000
    quality = judge(profile, grid, schedule, peaks)
    quality.ms, quality.note = elapsed, status
    quality.floor_ms = _floor_ms(profile.request, 20)
    return quality


HEADER = (
    f"{'profile':27} {'tasks':>5} {'sess':>4} {'placed%':>7} {'peak (in/room)':>15} {'max/d':>5} "
    f"{'noslack':>7} {'viol':>4} {'ms':>8} {'floor':>6} {'ratio':>6}  note"
)


def row(name: str, quality: Quality) -> str:
    peak = quality.peak_pct
    peak_text = "n/a" if peak is None else f"{peak:5.1f}"
    peak_text = f"{peak_text}{quality.peak_mark or ' '}({quality.hard_in_peak}/{quality.peak_room})"
    ratio = quality.ms / quality.floor_ms if quality.floor_ms else 0.0
    return (
        f"{name:27} {quality.tasks:5} {quality.sessions:4} {quality.placed_pct:7.1f} {peak_text:>15} "
        f"{quality.max_per_day:5} {quality.no_slack_days:7} {sum(quality.violations.values()):4} "
        f"{quality.ms:8.1f} {quality.floor_ms:6.2f} {ratio:6.0f}  {quality.note}"
    )


def total(results: list[Quality]) -> Quality:
    combined = Quality()
    for quality in results:
        for name in ("drafted", "placed", "tasks", "sessions", "unplaced", "hard", "no_slack_days", "ms", "floor_ms"):
            setattr(combined, name, getattr(combined, name) + getattr(quality, name))
        combined.hard_in_peak += min(quality.hard_in_peak, quality.peak_room)
        combined.peak_room += quality.peak_room
        combined.max_per_day = max(combined.max_per_day, quality.max_per_day)
        combined.violations.update(quality.violations)
    return combined


def print_table(title: str, names: list[str], results: list[Quality]) -> Quality:
    print(f"\n{title}")
    print(HEADER)
    for name, quality in zip(names, results, strict=True):
        print(row(name, quality))
    combined = total(results)
    print(row("TOTAL", combined))
    peak = combined.peak_pct
    print(
        f"placed {combined.placed_pct:.1f}% of drafted minutes (target >= {TARGET_PLACED:.0f}%), "
        f"hard sessions in peak {'n/a' if peak is None else f'{peak:.1f}%'} of those with room "
        f"(target >= {TARGET_PEAK:.0f}%), violations {sum(combined.violations.values())} (must be 0)"
    )
    _print_violations(names, results)
    return combined


def _print_violations(names: list[str], results: list[Quality]) -> None:
    kinds = [kind for kind in (*VIOLATION_KINDS, "error") if any(q.violations[kind] for q in results)]
    if not kinds:
        return
    print("violations by kind (sessions; cap: days; split: extra parts on a day):")
    print(f"  {'profile':27} " + " ".join(f"{kind:>7}" for kind in kinds))
    for name, quality in zip(names, results, strict=True):
        if sum(quality.violations.values()):
            print(f"  {name:27} " + " ".join(f"{quality.violations[kind]:7}" for kind in kinds))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="timed runs per profile (median)")
    parser.add_argument("--only", default="", help="profiles whose name contains this")
    parser.add_argument("--cpsat", action="store_true", help="also run the CP-SAT placer (needs ortools)")
    parser.add_argument("--cpsat-seconds", type=float, default=2.0, help="CP-SAT time limit per profile")
    parser.add_argument("--cpsat-hint", action="store_true", help="start CP-SAT from the greedy schedule")
    args = parser.parse_args()
    chosen = [profile for profile in profiles() if args.only in profile.name]
    names, greedy, cpsat = [], [], []
    for profile in chosen:
        grid = MonthGrid.build(profile.request)
        quality, peaks, schedule = run_greedy(profile, grid, args.runs)
        names.append(profile.name)
        greedy.append(quality)
        if args.cpsat:
            hint = schedule if args.cpsat_hint else None
            cpsat.append(run_cpsat(profile, grid, peaks, args.cpsat_seconds, hint))
    print(f"plan quality: {len(chosen)} profiles; d = peaks derived by the engine, * = fallback 09-12; ms = median")
    combined = print_table("greedy engine (planning.scheduler.schedule_month)", names, greedy)
    failed = sum(combined.violations.values())
    if args.cpsat:
        cp_combined = print_table(
            f"CP-SAT placer (bench/cpsat_placer.py, {args.cpsat_seconds:g} s limit"
            f"{', hinted with the greedy schedule' if args.cpsat_hint else ''}; ms includes building the model)",
            names,
            cpsat,
        )
        failed += sum(cp_combined.violations.values())
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
