"""Whatever the input, the scheduler's promises hold: no overlap, inside the working hours,
a buffer from every commitment, nothing dropped or invented (split work adds up), the
sessions a day respected, no local time that does not exist."""

from __future__ import annotations

import calendar
from collections import defaultdict
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planning.scheduler import (
    BusyInterval,
    Commitment,
    DraftTask,
    PeakWindow,
    Placement,
    ScheduleRequest,
    WorkingWindow,
    commitment_intervals,
    daily_capacity_minutes,
    schedule_month,
)

ZONES = (
    "America/New_York",
    "Europe/London",
    "Australia/Sydney",
    "Asia/Kolkata",
    "Australia/Lord_Howe",
    "UTC",
    "Pacific/Chatham",
    "America/Santiago",  # changes at midnight, so a day can start at 01:00
    "America/St_Johns",
)
AREAS = ("writing", "fitness", "spanish", "guitar")


def minute_of_day(minutes: int) -> time:
    return time(minutes // 60, minutes % 60)


@st.composite
def commitments(draw) -> tuple[Commitment, ...]:
    found = []
    for _ in range(draw(st.integers(0, 20))):
        # Mostly realistic lengths so that some time stays free; overnight ones included.
        start = draw(st.integers(0, 1439))
        length = draw(st.one_of(st.integers(1, 240), st.integers(1, 1439)))
        end = (start + length) % 1440
        found.append(Commitment(draw(st.integers(0, 6)), minute_of_day(start), minute_of_day(end), "c"))
    return tuple(found)


@st.composite
def peak_windows(draw) -> tuple[PeakWindow, ...]:
    windows = []
    for _ in range(draw(st.integers(0, 3))):
        start = draw(st.integers(0, 23))
        end = draw(st.integers(start + 1, 24))
        windows.append(PeakWindow(start, end, draw(st.one_of(st.none(), st.integers(0, 6)))))
    return tuple(windows)


@st.composite
def working_windows(draw) -> tuple[time, time]:
    if draw(st.booleans()):
        return draw(st.sampled_from([(time(8), time(20)), (time(0), time(23, 59)), (time(6), time(22))]))
    start = draw(st.integers(0, 22 * 60))
    end = draw(st.integers(start + 30, 1439))
    return minute_of_day(start), minute_of_day(end)


@st.composite
def working_hours(draw) -> tuple[WorkingWindow, ...] | None:
    """None (the single window every day) or per-weekday windows: some days empty, some
    running past midnight, now and then two on one day."""
    if draw(st.integers(0, 3)) == 0:
        return None
    found = []
    for day in range(7):
        for _ in range(draw(st.sampled_from([0, 1, 1, 1, 2]))):
            start = draw(st.integers(0, 287)) * 5
            length = draw(st.one_of(st.integers(6, 36), st.integers(6, 200))) * 5  # 30 min .. 16 h 40
            found.append(WorkingWindow(day, minute_of_day(start), minute_of_day((start + length) % 1440)))
    return tuple(found)


@st.composite
def session_minutes(draw) -> tuple[int, int] | None:
    if draw(st.booleans()):
        return None
    shortest = draw(st.integers(10, 60))
    return shortest, draw(st.integers(shortest, 180))


@st.composite
def draft_tasks(draw) -> tuple[DraftTask, ...]:
    count = draw(st.integers(0, 150))
    return tuple(
        DraftTask(
            key=f"t{index}",
            description=f"Task {index}",
            focus_area=draw(st.sampled_from(AREAS)),
            duration_minutes=draw(st.integers(15, 240)),
            difficulty=draw(st.sampled_from(("easy", "medium", "hard"))),
            week=draw(st.one_of(st.none(), st.integers(0, 6))),
        )
        for index in range(count)
    )


@st.composite
def requests(draw) -> ScheduleRequest:
    year, month = draw(st.integers(2025, 2027)), draw(st.integers(1, 12))
    name = draw(st.sampled_from(ZONES))
    zone = ZoneInfo(name)
    first = datetime(year, month, 1, tzinfo=zone)
    days_in_month = calendar.monthrange(year, month)[1]
    # Mostly in advance, often "now" inside the month, now and then after it.
    when = draw(st.sampled_from(["ahead"] * 5 + ["inside"] * 4 + ["over"]))
    if when == "ahead":
        not_before = first - timedelta(days=10)
    elif when == "inside":
        not_before = first + timedelta(minutes=draw(st.integers(0, days_in_month * 1440 - 1)), seconds=17)
    else:
        not_before = first + timedelta(days=days_in_month, hours=1)
    busy = tuple(
        BusyInterval(start, start + timedelta(minutes=draw(st.integers(15, 300))), "busy")
        for start in draw(
            st.lists(st.integers(0, days_in_month * 1440).map(lambda minute: first + timedelta(minutes=minute)),
                     max_size=5)
        )
    )  # fmt: skip
    return ScheduleRequest(
        year=year,
        month=month,
        timezone=name,
        not_before=not_before.astimezone(UTC),
        tasks=draw(draft_tasks()),
        commitments=draw(commitments()),
        weekend_preference=draw(st.sampled_from(("Work", "Rest", "Mixed"))),
        complexity=draw(st.sampled_from(("Simple", "Balanced", "Ambitious"))),
        working_window=draw(working_windows()),
        peak_windows=draw(peak_windows()),
        duration_multipliers=draw(st.dictionaries(st.sampled_from(AREAS), st.floats(0.2, 3.0), max_size=4)),
        buffer_minutes=draw(st.integers(0, 30)),
        busy=busy,
        working_hours=draw(working_hours()),
        session_minutes=draw(session_minutes()),
        max_sessions_per_day=draw(st.one_of(st.none(), st.integers(1, 5))),
    )


def seconds(moment: datetime) -> float:
    return moment.timestamp()


def exists(moment: datetime) -> bool:
    round_trip = moment.astimezone(UTC).astimezone(moment.tzinfo)
    return round_trip.replace(tzinfo=None) == moment.replace(tzinfo=None) and round_trip.fold == moment.fold


def committed_at(wall: datetime, commitments: tuple[Commitment, ...]) -> bool:
    """Is the local wall-clock time `wall` inside a weekly commitment?"""
    weekday, clock = wall.weekday(), wall.time().replace(second=0, microsecond=0, fold=0)
    for commitment in commitments:
        if commitment.end > commitment.start:
            if commitment.day == weekday and commitment.start <= clock < commitment.end:
                return True
        elif (commitment.day == weekday and clock >= commitment.start) or (
            (commitment.day + 1) % 7 == weekday and clock < commitment.end
        ):
            return True
    return False


def crosses_a_commitment(placement: Placement, commitments: tuple[Commitment, ...]) -> bool:
    start = placement.start
    if start.utcoffset() == placement.end.utcoffset():
        # No clock change inside: the wall-clock interval is contiguous, so it is enough to
        # look at its start and at every commitment edge inside it.
        minutes = round((seconds(placement.end) - seconds(start)) / 60)
        day_minute = start.hour * 60 + start.minute
        edges = {commitment.start for commitment in commitments} | {commitment.end for commitment in commitments}
        probes = [start] + [
            start + timedelta(minutes=edge.hour * 60 + edge.minute - day_minute)
            for edge in edges
            if day_minute < edge.hour * 60 + edge.minute < day_minute + minutes
        ]
        return any(committed_at(probe, commitments) for probe in probes)
    # A clock change inside the task: walk it minute by minute in absolute time.
    moment = start.astimezone(UTC)
    while moment < placement.end:
        if committed_at(moment.astimezone(start.tzinfo), commitments):
            return True
        moment += timedelta(minutes=1)
    return False


def expected_minutes(task: DraftTask, request: ScheduleRequest) -> int:
    multiplier = min(max(request.duration_multipliers.get(task.focus_area, 1.0), 0.5), 2.0)
    return max(5, int(task.duration_minutes * multiplier / 5 + 0.5) * 5)


def windows_of(request: ScheduleRequest) -> tuple[WorkingWindow, ...]:
    if request.working_hours is not None:
        return request.working_hours
    return tuple(WorkingWindow(day, *request.working_window) for day in range(7))


def in_window(clock: datetime, opens_on: date, window: WorkingWindow) -> bool:
    """Is the local wall-clock time inside this window opening on `opens_on`?"""
    wall, on = clock.time().replace(second=0, microsecond=0, fold=0), clock.date()
    if window.day != opens_on.weekday():
        return False
    if not window.overnight:
        return on == opens_on and window.start <= wall < window.end
    return (on == opens_on and wall >= window.start) or (on == opens_on + timedelta(days=1) and wall < window.end)


def working_day(placement: Placement, request: ScheduleRequest) -> date | None:
    """The date the working time holding the whole session opens on (the earliest, where
    windows of two days overlap), or None when it is not all inside. Windows of one day
    that touch or overlap count as one stretch."""
    start = placement.start
    last = (placement.end.astimezone(UTC) - timedelta(minutes=1)).astimezone(start.tzinfo)
    for opens_on in (start.date() - timedelta(days=1), start.date()):
        windows = [window for window in windows_of(request) if window.day == opens_on.weekday()]
        if not windows or not any(in_window(start, opens_on, window) for window in windows):
            continue
        if len(windows) == 1 and start.utcoffset() == last.utcoffset():
            # One window, no clock change inside: its start and last minute are enough.
            if in_window(last, opens_on, windows[0]):
                return opens_on
            continue
        if all(any(in_window(clock, opens_on, window) for window in windows) for clock in local_minutes(placement)):
            return opens_on
    return None


def local_minutes(placement: Placement):
    moment = placement.start.astimezone(UTC)
    while moment < placement.end:
        yield moment.astimezone(placement.start.tzinfo)
        moment += timedelta(minutes=1)


def drafted_key(key: str) -> str:
    return key.rsplit("-p", 1)[0]


def real(placement: Placement) -> int:
    return round((seconds(placement.end) - seconds(placement.start)) / 60)


def assert_nothing_dropped_or_invented(request: ScheduleRequest, schedule) -> None:
    outcomes: dict[str, list] = defaultdict(list)
    for outcome in (*schedule.placements, *schedule.unplaced):
        outcomes[drafted_key(outcome.task.key)].append(outcome)
    assert sorted(outcomes) == sorted(task.key for task in request.tasks)
    by_key = {task.key: task for task in request.tasks}
    for key, found in outcomes.items():
        task, placed = by_key[key], [o for o in found if isinstance(o, Placement)]
        if len(found) == 1:
            assert found[0].task == task
            if placed:
                assert real(placed[0]) == expected_minutes(task, request)
            continue
        parts = len(found)
        assert request.session_minutes is not None and expected_minutes(task, request) > request.session_minutes[1]
        assert sorted(o.task.key for o in found) == sorted(f"{key}-p{n}" for n in range(1, parts + 1))
        assert sum(o.task.duration_minutes for o in found) == task.duration_minutes
        assert all((o.task.focus_area, o.task.difficulty) == (task.focus_area, task.difficulty) for o in found)
        assert all(o.task.description.endswith(f" of {parts})") for o in found)
        if len(placed) == parts:
            assert sum(map(real, placed)) == expected_minutes(task, request)
        assert all(real(p) >= request.session_minutes[0] for p in placed)
        assert len({working_day(p, request) for p in placed}) == len(placed), "parts on different days"


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(requests())
def test_the_schedule_keeps_every_promise(request: ScheduleRequest) -> None:
    schedule = schedule_month(request)
    zone = ZoneInfo(request.timezone)
    gap = request.buffer_minutes * 60

    # Nothing dropped, nothing invented, every decision explained, same answer twice.
    assert_nothing_dropped_or_invented(request, schedule)
    assert all(p.reason.strip() for p in schedule.placements)
    assert all(u.reason.strip() for u in schedule.unplaced)
    assert schedule_month(request) == schedule
    if request.complexity == "Ambitious":
        assert "more ambitious" not in " ".join([u.reason for u in schedule.unplaced] + [
            a.message for a in schedule.advice])  # fmt: skip

    per_day: dict[date, list[Placement]] = defaultdict(list)
    for placement in schedule.placements:
        start, end = placement.start, placement.end
        assert start.tzinfo == zone and end.tzinfo == zone
        assert exists(start) and exists(end), placement
        assert seconds(start) >= seconds(request.not_before)
        assert (start.year, start.month) == (request.year, request.month)
        # Inside one working window, on the wall clock of the day it opens; a window
        # ending in a skipped hour closes at the change (02:00 EST is 03:00 EDT).
        opens_on = working_day(placement, request)
        assert opens_on is not None, placement
        assert (opens_on.year, opens_on.month) == (request.year, request.month)
        assert not crosses_a_commitment(placement, request.commitments), placement
        for busy in request.busy:
            assert seconds(end) + gap <= seconds(busy.start) or seconds(busy.end) + gap <= seconds(start)
        per_day[opens_on].append(placement)

    ordered = sorted(schedule.placements, key=lambda placement: seconds(placement.start))
    for earlier, later in pairwise(ordered):
        assert seconds(later.start) - seconds(earlier.end) >= request.buffer_minutes * 60

    intervals = commitment_intervals(
        year=request.year, month=request.month, timezone=request.timezone, commitments=request.commitments
    )
    for placement in schedule.placements:
        for interval in intervals:
            # The buffer is kept around commitments too.
            assert seconds(placement.end) + gap <= seconds(interval.start) or seconds(interval.end) + gap <= seconds(
                placement.start
            ), (placement, interval)

    preference = request.weekend_preference
    cap = request.max_sessions_per_day or {"Simple": 2, "Balanced": 3, "Ambitious": 4}[request.complexity]
    for day, placed in per_day.items():
        weekend = day.weekday() >= 5
        capacity = daily_capacity_minutes(request.complexity, weekend=weekend, weekend_preference=preference)
        load = sum(map(real, placed))
        assert capacity > 0, "no task on a Rest weekend"
        assert len(placed) <= cap, (day, len(placed), cap)
        if weekend and preference == "Mixed":
            assert len(placed) == 1 and load <= capacity
        else:
            assert load <= capacity or len(placed) == 1, (day, load, capacity)
        hard = sorted((p for p in placed if p.task.difficulty == "hard"), key=lambda p: seconds(p.start))
        for earlier, later in pairwise(hard):
            assert seconds(later.start) - seconds(earlier.end) >= 3600, "two hard sessions back to back"


@settings(max_examples=60, deadline=None)
@given(requests())
def test_a_rest_weekend_is_always_empty(request: ScheduleRequest) -> None:
    request = replace(request, weekend_preference="Rest")

    schedule = schedule_month(request)

    assert all(working_day(placement, request).weekday() < 5 for placement in schedule.placements)
