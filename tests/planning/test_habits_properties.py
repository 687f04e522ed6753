"""Whatever the habits and the month, their occurrences keep the scheduler's promises: no
overlap with each other or with the sessions, inside the habit's window or else in the
working hours (and said so), or reported missed for that day; never on a commitment, an
event or busy time, buffer kept; between the shortest and the ideal length; never twice on a
day that already holds one; nothing in the past; the sessions a day respected."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planning.scheduler import BusyInterval, HabitSpec, Placement, ScheduleRequest, WorkingWindow, schedule_month
from tests.planning.test_scheduler_properties import (
    crosses_a_commitment,
    exists,
    in_window,
    local_minutes,
    minute_of_day,
    requests,
    seconds,
    working_day,
)


def days_of_the_month(first: date) -> st.SearchStrategy[date]:
    return st.integers(0, 27).map(lambda offset: first + timedelta(days=offset))


@st.composite
def habits(draw, year: int, month: int) -> tuple[HabitSpec, ...]:
    found = []
    first = date(year, month, 1)
    for number in range(draw(st.integers(1, 5))):
        start = draw(st.integers(0, 287)) * 5
        length = draw(st.one_of(st.integers(1, 48), st.integers(1, 287))) * 5
        ideal = draw(st.integers(1, 36)) * 5
        explicit = draw(st.booleans())
        starts_on = first + timedelta(days=draw(st.integers(-10, 20)))
        found.append(
            HabitSpec(
                id=number + 1,
                name=f"Habit {number + 1}",
                focus_area="Health",
                window_start=minute_of_day(start),
                window_end=minute_of_day((start + length) % 1440),
                ideal_minutes=ideal,
                min_minutes=draw(st.integers(5, ideal)),
                priority=draw(st.sampled_from(("high", "normal"))),
                days=tuple(sorted(draw(st.sets(st.integers(0, 6), min_size=1)))) if explicit else (),
                times_per_week=None if explicit else draw(st.integers(1, 7)),
                starts_on=starts_on,
                ends_on=draw(st.one_of(st.none(), st.just(starts_on + timedelta(days=draw(st.integers(0, 40)))))),
                placed_on=tuple(sorted(draw(st.sets(days_of_the_month(first), max_size=3)))),
            )
        )
    return tuple(found)


@st.composite
def requests_with_habits(draw) -> ScheduleRequest:
    request = draw(requests())
    tasks = request.tasks[: draw(st.integers(0, 60))]
    first = request.not_before.astimezone(ZoneInfo(request.timezone))
    events = tuple(
        BusyInterval(start, start + timedelta(minutes=draw(st.integers(15, 600))), "Dentist")
        for start in draw(st.lists(st.integers(0, 31 * 1440).map(lambda m: first + timedelta(minutes=m)), max_size=6))
    )
    return replace(request, tasks=tasks, events=events, habits=draw(habits(request.year, request.month)))


def occurrence_day(placement: Placement) -> date:
    return date.fromisoformat(placement.task.key.split("-", 2)[2])


def in_habit_window(placement: Placement, spec: HabitSpec) -> bool:
    window = WorkingWindow(occurrence_day(placement).weekday(), spec.window_start, spec.window_end)
    return all(in_window(clock, occurrence_day(placement), window) for clock in local_minutes(placement))


def apart(one_start, one_end, other_start, other_end, gap: int) -> bool:
    return seconds(one_end) + gap <= seconds(other_start) or seconds(other_end) + gap <= seconds(one_start)


def assert_occurrence_kept_its_promises(placement: Placement, spec: HabitSpec, request: ScheduleRequest) -> None:
    gap = request.buffer_minutes * 60
    day = occurrence_day(placement)
    assert exists(placement.start) and exists(placement.end)
    assert seconds(placement.start) >= seconds(request.not_before)
    assert (day.year, day.month) == (request.year, request.month) and spec.is_active_on(day)
    assert day not in spec.placed_on
    minutes = round((seconds(placement.end) - seconds(placement.start)) / 60)
    assert spec.min_minutes <= minutes <= spec.ideal_minutes
    assert not crosses_a_commitment(placement, request.commitments), placement
    for blocked in (*request.busy, *request.events):
        assert apart(placement.start, placement.end, blocked.start, blocked.end, gap), (placement, blocked)
    if in_habit_window(placement, spec):
        assert placement.reason.startswith(f"Your {spec.name} window, {spec.window_label}")
    else:
        assert "placed at the nearest free time" in placement.reason, placement
        assert working_day(placement, request) == day, placement


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(requests_with_habits())
def test_habit_occurrences_keep_every_promise(request: ScheduleRequest) -> None:
    schedule = schedule_month(request)
    specs = {spec.id: spec for spec in request.habits}
    assert schedule_month(request) == schedule

    ordered = sorted(schedule.placements, key=lambda placement: seconds(placement.start))
    for earlier, later in pairwise(ordered):
        assert seconds(later.start) - seconds(earlier.end) >= request.buffer_minutes * 60, (earlier, later)

    per_day: Counter = Counter()
    seen: set[tuple[int, date]] = set()
    for placement in schedule.placements:
        if placement.task.habit is None:
            per_day[working_day(placement, request)] += 1
            continue
        spec = specs[placement.task.habit]
        assert_occurrence_kept_its_promises(placement, spec, request)
        assert (spec.id, occurrence_day(placement)) not in seen, "two occurrences of a habit on one day"
        seen.add((spec.id, occurrence_day(placement)))
        per_day[occurrence_day(placement)] += 1
    cap = request.max_sessions_per_day or {"Simple": 2, "Balanced": 3, "Ambitious": 4}[request.complexity]
    assert all(count <= cap for count in per_day.values()), per_day

    reported: dict[int, set[date]] = defaultdict(set)
    for item in schedule.unplaced:
        if item.task.habit is not None:
            assert item.reason.strip()
            reported[item.task.habit].add(date.fromisoformat(item.task.key.split("-", 2)[2]))
    for spec in request.habits:
        placed = {day for habit, day in seen if habit == spec.id}
        assert not placed & reported[spec.id]
        if spec.days:
            # Every open day of the habit is placed or reported: none quietly dropped.
            zone = ZoneInfo(request.timezone)
            for day in placed | reported[spec.id]:
                assert day.weekday() in spec.days
            for day in _open_days(spec, request, zone):
                assert day in placed | reported[spec.id], (spec, day)


def _open_days(spec: HabitSpec, request: ScheduleRequest, zone: ZoneInfo) -> list[date]:
    """Days of the month the habit is due and whose window has not closed by `not_before`
    (its end on the wall clock, read with the offset after a change; a day whose window ends
    within two hours of `not_before` is left out, as the DST edge could go either way)."""
    day = date(request.year, request.month, 1)
    found = []
    while day.month == request.month:
        end_day = day + timedelta(days=1) if spec.window_end <= spec.window_start else day
        end = datetime.combine(end_day, spec.window_end, tzinfo=zone).astimezone(UTC)
        if (day.weekday() in spec.days and spec.is_active_on(day) and day not in spec.placed_on
                and end - timedelta(hours=2) > request.not_before):  # fmt: skip
            found.append(day)
        day += timedelta(days=1)
    return found

