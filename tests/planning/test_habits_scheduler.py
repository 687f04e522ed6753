"""Habits in the pure scheduler: occurrences in their window on the local clock, spread over the
week, before or after the plan's sessions by priority, shrunk or reported when a day is full."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise

import pytest

from planning.scheduler import BusyInterval, Commitment, DraftTask, HabitSpec, ScheduleRequest, schedule_month


def run(**fields) -> HabitSpec:
    values = {
        "id": 7,
        "name": "Morning run",
        "focus_area": "Fitness",
        "window_start": time(6),
        "window_end": time(9),
        "ideal_minutes": 45,
        "min_minutes": 30,
        "times_per_week": 3,
    }
    return HabitSpec(**{**values, **fields})


def month(year: int, month_number: int, zone: str = "Europe/London", **fields) -> ScheduleRequest:
    values = {
        "year": year,
        "month": month_number,
        "timezone": zone,
        "not_before": datetime(year, month_number, 1, tzinfo=UTC) - timedelta(days=5),
        "tasks": (),
        "habits": (run(),),
    }
    return ScheduleRequest(**{**values, **fields})


def occurrences(schedule, habit_id: int = 7):
    return [placement for placement in schedule.placements if placement.task.habit == habit_id]


def weeks_of(placements) -> Counter:
    return Counter(placement.start.date() - timedelta(days=placement.start.weekday()) for placement in placements)


@pytest.mark.parametrize(
    ("zone", "year", "month_number"),
    [("Europe/London", 2027, 3), ("America/New_York", 2027, 3), ("America/New_York", 2027, 11),
     ("Australia/Sydney", 2027, 4)],
)  # fmt: skip
def test_three_runs_a_week_land_in_the_window_on_the_local_clock_across_a_dst_change(zone, year, month_number):
    schedule = schedule_month(month(year, month_number, zone))

    placed = occurrences(schedule)
    assert placed, "no occurrence placed"
    offsets = {placement.start.utcoffset() for placement in placed}
    assert len(offsets) == 2, "the month has a clock change and occurrences on both sides"
    for placement in placed:
        assert placement.start.time() == time(6), placement  # 06:00 local, summer and winter alike
        assert placement.end - placement.start == timedelta(minutes=45)
        assert placement.reason.startswith("Your Morning run window, 06:00-09:00: ")
    # Every whole week inside the month gets exactly three, on Monday, Wednesday and Friday.
    whole = [monday for monday, count in weeks_of(placed).items() if monday.month == month_number and
             (monday + timedelta(days=6)).month == month_number]  # fmt: skip
    assert whole and all(weeks_of(placed)[monday] == 3 for monday in whole)
    assert {placement.start.weekday() for placement in placed if placement.start.date() - timedelta(
        days=placement.start.weekday()) in whole} == {0, 2, 4}  # fmt: skip
    assert schedule.unplaced == ()


def test_a_week_cut_by_the_month_end_shares_its_times_with_the_next_month():
    spec = run(times_per_week=3)
    march = occurrences(schedule_month(month(2027, 3, habits=(spec,))))
    april = occurrences(schedule_month(month(2027, 4, habits=(spec,))))

    # Monday 29 March to Sunday 4 April: three runs between the two months.
    week = [p for p in (*march, *april) if date(2027, 3, 29) <= p.start.date() <= date(2027, 4, 4)]
    assert len(week) == 3


def test_explicit_days_and_an_overnight_window():
    spec = run(times_per_week=None, days=(1, 3), window_start=time(23), window_end=time(1), ideal_minutes=60,
               min_minutes=60)  # fmt: skip
    schedule = schedule_month(month(2027, 2, "Europe/Berlin", habits=(spec,)))

    placed = occurrences(schedule)
    assert [p.start.weekday() for p in placed] == [1, 3] * 4
    assert all(p.start.time() == time(23) and p.end.time() == time(0) for p in placed)
    assert [p.task.key for p in placed][:2] == ["habit-7-2027-02-02", "habit-7-2027-02-04"]


def test_a_window_taken_by_a_commitment_goes_to_the_nearest_free_time_that_day():
    work = tuple(Commitment(day, time(6), time(17), "Work") for day in range(5))
    schedule = schedule_month(month(2027, 2, commitments=work, buffer_minutes=15))

    placed = occurrences(schedule)
    assert placed
    first = placed[0]
    # The working hours (08:00-20:00) start after Work ends at 17:00 and its buffer.
    assert (first.start.date(), first.start.time()) == (date(2027, 2, 1), time(17, 15))
    assert "had no free 45 min that day (Work is in it); placed at the nearest free time" in first.reason


def test_a_crowded_window_shrinks_the_occurrence_toward_its_minimum():
    # Only 06:00-06:40 is free in the window on weekdays (Work from 06:55, 15 min buffer).
    work = tuple(Commitment(day, time(6, 55), time(23), "Work") for day in range(7))
    early = tuple(Commitment(day, time(0), time(5, 45), "Sleep") for day in range(7))
    schedule = schedule_month(month(2027, 2, commitments=work + early, buffer_minutes=15))

    placed = occurrences(schedule)
    assert placed and all(p.end - p.start == timedelta(minutes=40) for p in placed)
    assert all(p.start.time() == time(6) for p in placed)
    assert "Shortened from 45 to 40 min (your shortest is 30): no longer stretch was free that day." in placed[0].reason


def test_a_day_without_room_reports_the_occurrence_missed_with_why():
    busy_week = tuple(Commitment(day, time(5), time(4), "Away") for day in range(7))
    schedule = schedule_month(month(2027, 2, commitments=busy_week, habits=(run(times_per_week=None, days=(0,)),)))

    assert occurrences(schedule) == []
    assert [u.task.key for u in schedule.unplaced] == [f"habit-7-2027-02-{day:02d}" for day in (1, 8, 15, 22)]
    assert schedule.unplaced[0].reason == (
        "Monday 1 February: no Morning run that day: not even the shortest 30 min was free in its window "
        "(06:00-09:00; Away is in it) or elsewhere in your hours that day, after commitments and other sessions."
    )


def test_a_high_priority_habit_takes_its_window_before_the_sessions_and_a_normal_one_after():
    tasks = tuple(
        DraftTask(key=f"t{n}", description=f"Write {n}", focus_area="Writing", duration_minutes=120,
                  difficulty="medium", week=1)
        for n in range(7)
    )  # fmt: skip
    hours = dict(working_window=(time(6), time(10)), complexity="Ambitious", max_sessions_per_day=4)
    high = schedule_month(month(2027, 2, tasks=tasks, habits=(run(priority="high"),), **hours))
    normal = schedule_month(month(2027, 2, tasks=tasks, habits=(run(priority="normal"),), **hours))

    monday = date(2027, 2, 1)
    high_run = next(p for p in occurrences(high) if p.start.date() == monday)
    assert high_run.start.time() == time(6)
    assert "A high-priority habit: placed before the plan's sessions." in high_run.reason
    normal_run = next(p for p in occurrences(normal) if p.start.date() == monday)
    # The session took 06:00-08:00; the run goes in what is left of its window.
    first_session = min((p for p in normal.placements if p.task.habit is None and p.start.date() == monday),
                        key=lambda p: p.start)  # fmt: skip
    assert first_session.start.time() == time(6)
    assert normal_run.start.time() == time(8, 15)
    assert "Placed after the plan's sessions, in the time they left." in normal_run.reason


def test_occurrences_count_toward_the_sessions_a_day():
    busy = tuple(
        BusyInterval(datetime(2027, 2, day, 12, tzinfo=UTC), datetime(2027, 2, day, 13, tzinfo=UTC), "Session")
        for day in range(1, 29)
    )
    spec = run(times_per_week=None, days=(0,))
    schedule = schedule_month(month(2027, 2, busy=busy, max_sessions_per_day=1, habits=(spec,)))

    assert occurrences(schedule) == []
    assert schedule.unplaced[0].reason == (
        "Monday 1 February: no Morning run that day: the day already has 1 session, the most a day you allow."
    )
    tasks = (DraftTask(key="t1", description="Write", focus_area="Writing", duration_minutes=60, difficulty="easy"),)
    with_task = schedule_month(month(2027, 2, tasks=tasks, max_sessions_per_day=1, habits=(run(priority="high"),)))
    task_day = next(p for p in with_task.placements if p.task.habit is None).start.date()
    assert task_day not in {p.start.date() for p in occurrences(with_task)}


def test_a_habit_on_a_weekend_kept_free_is_still_placed():
    spec = run(times_per_week=None, days=(6,), name="Long walk", window_start=time(10), window_end=time(13),
               ideal_minutes=90, min_minutes=60)  # fmt: skip
    schedule = schedule_month(month(2027, 2, weekend_preference="Rest", habits=(spec,)))

    assert [p.start.date() for p in occurrences(schedule)] == [date(2027, 2, day) for day in (7, 14, 21, 28)]


def test_days_already_holding_an_occurrence_are_not_placed_again_and_count_toward_their_week():
    spec = run(placed_on=(date(2027, 2, 1), date(2027, 2, 3)))
    placed = occurrences(schedule_month(month(2027, 2, habits=(spec,))))

    first_week = [p.start.date() for p in placed if p.start.date() <= date(2027, 2, 7)]
    assert len(first_week) == 1 and first_week[0] not in spec.placed_on


def test_nothing_is_placed_in_the_past_or_outside_the_habits_dates():
    spec = run(starts_on=date(2027, 2, 10), ends_on=date(2027, 2, 20))
    now = datetime(2027, 2, 12, 7, tzinfo=UTC)  # Friday 12, during that morning's window
    placed = occurrences(schedule_month(month(2027, 2, habits=(spec,), not_before=now)))

    assert all(date(2027, 2, 12) <= p.start.date() <= date(2027, 2, 20) for p in placed)
    assert all(p.start >= now for p in placed)
    # Wednesday 10 to Sunday 14 is five days of the week: its share of three is two, on the days
    # still open (Friday from now on, the weekend); Monday 15 to Saturday 20 gets all three.
    assert [p.start.date().day for p in placed] == [12, 13, 15, 17, 19]
    assert placed[0].start.time() == time(7)


def test_occurrences_never_overlap_each_other_or_the_sessions():
    habits = (run(priority="high"), run(id=8, name="Spanish", window_start=time(6, 30), window_end=time(8),
              ideal_minutes=30, min_minutes=15, times_per_week=None, days=(0, 1, 2, 3, 4)))  # fmt: skip
    tasks = tuple(DraftTask(key=f"t{n}", description="Write", focus_area="Writing", duration_minutes=90,
                            difficulty="hard") for n in range(30))  # fmt: skip
    schedule = schedule_month(month(2027, 2, tasks=tasks, habits=habits, working_window=(time(6), time(12))))

    ordered = sorted(schedule.placements, key=lambda p: p.start)
    for earlier, later in pairwise(ordered):
        assert later.start - earlier.end >= timedelta(minutes=15), (earlier, later)
    assert schedule_month(replace(month(2027, 2, tasks=tasks, habits=habits, working_window=(time(6), time(12))))) \
        == schedule  # fmt: skip
