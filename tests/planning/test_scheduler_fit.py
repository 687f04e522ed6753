"""Schedules that fit the person (issue 10): their working hours, buffers, peak hours,
session lengths and the slack in a day; and when the month cannot hold the goals, a true
reason and advice that says what would make it fit."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest

from planning.scheduler import (
    BusyInterval,
    Commitment,
    DraftTask,
    PeakWindow,
    Placement,
    Schedule,
    ScheduleRequest,
    WorkingWindow,
    free_minutes_by_week,
    schedule_month,
)

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
LONG_AGO = datetime(2026, 1, 1, tzinfo=UTC)
NINE_TO_FIVE = tuple(Commitment(day, time(9), time(17), "Work") for day in range(5))
EVERY_DAY = range(7)


def task(key: str, *, area: str = "writing", minutes: int = 60, difficulty: str = "medium", week=None) -> DraftTask:
    return DraftTask(key=key, description=f"Do {key}", focus_area=area, duration_minutes=minutes,
                     difficulty=difficulty, week=week)  # fmt: skip


def tasks(count: int, **fields) -> tuple[DraftTask, ...]:
    return tuple(task(f"t{index}", **fields) for index in range(count))


def hours(start: time, end: time, days=EVERY_DAY) -> tuple[WorkingWindow, ...]:
    return tuple(WorkingWindow(day, start, end) for day in days)


def june(**fields) -> ScheduleRequest:
    """June 2026 in London (the 1st is a Monday), planned well in advance."""
    defaults = dict(year=2026, month=6, timezone="Europe/London", not_before=LONG_AGO, tasks=())
    return ScheduleRequest(**(defaults | fields))


def wall(placement: Placement) -> tuple[time, time]:
    return placement.start.time(), placement.end.time()


def real_minutes(placement: Placement) -> int:
    return round((placement.end.timestamp() - placement.start.timestamp()) / 60)


def by_date(schedule: Schedule) -> dict[date, list[Placement]]:
    days: dict[date, list[Placement]] = defaultdict(list)
    for placement in sorted(schedule.placements, key=lambda placement: placement.start.timestamp()):
        days[placement.start.date()].append(placement)
    return days


def local_minutes(placement: Placement):
    moment = placement.start.astimezone(UTC)
    while moment < placement.end:
        yield moment.astimezone(placement.start.tzinfo)
        moment += timedelta(minutes=1)


def everything_said(schedule: Schedule) -> str:
    return " ".join([u.reason for u in schedule.unplaced] + [a.message for a in schedule.advice])


# Working hours


def test_sessions_stay_inside_the_person_s_working_hours() -> None:
    evenings = hours(time(18), time(21), days=range(5))

    schedule = schedule_month(june(tasks=tasks(30), working_hours=evenings, weekend_preference="Work"))

    assert len(schedule.placements) == 30
    for placement in schedule.placements:
        start, end = wall(placement)
        assert placement.start.weekday() < 5
        assert time(18) <= start and end <= time(21), placement


def test_a_weekday_without_working_hours_gets_nothing() -> None:
    no_wednesday = hours(time(8), time(20), days=(0, 1, 3, 4))

    schedule = schedule_month(june(tasks=tasks(40), working_hours=no_wednesday, weekend_preference="Work"))

    assert len(schedule.placements) == 40
    assert {placement.start.weekday() for placement in schedule.placements} == {0, 1, 3, 4}


def test_a_rest_weekend_still_applies_on_top_of_weekend_working_hours() -> None:
    schedule = schedule_month(june(tasks=tasks(30), working_hours=hours(time(8), time(20)), weekend_preference="Rest"))

    assert all(placement.start.weekday() < 5 for placement in schedule.placements)


@pytest.mark.parametrize("month", [3, 11], ids=["spring-forward", "fall-back"])
def test_a_night_worker_gets_sessions_at_night_through_a_clock_change(month: int) -> None:
    nights = hours(time(22), time(6))

    schedule = schedule_month(
        ScheduleRequest(year=2026, month=month, timezone="America/New_York", not_before=LONG_AGO,
                        tasks=tasks(100, minutes=90), working_hours=nights, weekend_preference="Work",
                        complexity="Ambitious")
    )  # fmt: skip

    assert len(schedule.placements) > 90
    assert any(placement.start.time() < time(6) for placement in schedule.placements), "after midnight too"
    for placement in schedule.placements:
        assert real_minutes(placement) == 90
        assert placement.start.tzinfo == NEW_YORK
        for clock in local_minutes(placement):
            assert clock.time() >= time(22) or clock.time() < time(6), (placement, clock)


def test_the_night_of_the_spring_forward_change_is_an_hour_shorter() -> None:
    # Saturday 7 March 2026 22:00 to Sunday 8 March 06:00 in New York: 02:00-03:00 never
    # happens, so the night holds seven real hours; sessions may use all of them.
    saturday_night = (WorkingWindow(5, time(22), time(6)),)

    schedule = schedule_month(
        ScheduleRequest(year=2026, month=3, timezone="America/New_York",
                        not_before=datetime(2026, 3, 7, 12, tzinfo=NEW_YORK), tasks=tasks(6, week=1),
                        working_hours=saturday_night, weekend_preference="Work", complexity="Ambitious",
                        buffer_minutes=0, max_sessions_per_day=10)
    )  # fmt: skip

    assert len(schedule.placements) == 6  # the Ambitious load of 360 minutes fits in the 7 hours
    assert min(placement.start for placement in schedule.placements) == datetime(2026, 3, 7, 22, tzinfo=NEW_YORK)
    assert max(placement.end for placement in schedule.placements) == datetime(2026, 3, 8, 5, tzinfo=NEW_YORK)
    assert all(placement.start.date() != date(2026, 3, 14) for placement in schedule.placements)


# Buffers


def test_a_session_keeps_the_buffer_before_the_next_commitment() -> None:
    # Tuesday 17:00-20:00 free, choir 18:30-19:30: Spanish 17:00-18:25 would leave five
    # minutes to get there, so an 85-minute session does not fit; 75 minutes does.
    tuesday_evening = (WorkingWindow(1, time(17), time(20)),)
    choir = (Commitment(1, time(18, 30), time(19, 30), "Choir"),)
    spanish = (task("spanish", area="spanish", minutes=85),)

    with_buffer = schedule_month(june(tasks=spanish, working_hours=tuesday_evening, commitments=choir))
    shorter = schedule_month(june(tasks=(task("spanish", minutes=75),), working_hours=tuesday_evening,
                                  commitments=choir))  # fmt: skip
    without_buffer = schedule_month(june(tasks=spanish, working_hours=tuesday_evening, commitments=choir,
                                         buffer_minutes=0))  # fmt: skip

    assert with_buffer.placements == ()
    assert with_buffer.unplaced[0].reason.startswith("No free 85-minute slot left in the month's working hours")
    assert "with 15 min kept clear around each" in with_buffer.unplaced[0].reason
    assert wall(shorter.placements[0]) == (time(17), time(18, 15))
    assert "It ends 15 min before Choir, keeping your buffer." in shorter.placements[0].reason
    assert wall(without_buffer.placements[0]) == (time(17), time(18, 25))


def test_a_session_starts_a_buffer_after_busy_time_ends() -> None:
    meeting = tuple(
        BusyInterval(datetime(2026, 6, day, 8, tzinfo=LONDON), datetime(2026, 6, day, 19, tzinfo=LONDON), "Meeting")
        for day in range(1, 31)
    )

    schedule = schedule_month(june(tasks=tasks(5, minutes=30), busy=meeting, buffer_minutes=20))

    for placement in schedule.placements:
        assert wall(placement)[0] >= time(19, 20)


# Peak windows


def test_a_nine_to_five_person_s_hard_sessions_land_in_a_derived_evening_not_at_five_sharp() -> None:
    schedule = schedule_month(
        june(tasks=tasks(10, difficulty="hard"), commitments=NINE_TO_FIVE, working_hours=hours(time(8), time(20)),
             weekend_preference="Rest")
    )  # fmt: skip

    assert len(schedule.placements) == 10
    for placement in schedule.placements:
        start, end = wall(placement)
        assert time(17, 15) <= start and end <= time(20), placement
        assert placement.reason.startswith("Hard task placed in your peak window (17:00-20:00) on ")
        assert "in your peak hours (your free hours around your commitments, derived)" in placement.reason


def test_an_early_shift_worker_s_derived_peak_is_the_free_morning() -> None:
    afternoons = tuple(Commitment(day, time(12), time(20), "Shift") for day in range(7))

    schedule = schedule_month(june(tasks=tasks(5, difficulty="hard"), commitments=afternoons,
                                   working_hours=hours(time(7), time(22))))  # fmt: skip

    for placement in schedule.placements:
        start, end = wall(placement)
        assert time(7) <= start and end <= time(11, 45)
        assert "peak window (07:00-10:00)" in placement.reason


@pytest.mark.parametrize(
    ("source", "said"),
    [("learned", "learned from your logged sessions"), ("stated", "the hours you said you work best")],
)
def test_given_peak_windows_are_used_and_their_source_named(source: str, said: str) -> None:
    schedule = schedule_month(june(tasks=tasks(4, difficulty="hard"), peak_windows=(PeakWindow(14, 17),),
                                   peak_source=source))  # fmt: skip

    for placement in schedule.placements:
        assert time(14) <= wall(placement)[0] and wall(placement)[1] <= time(17)
        assert f"in your peak window (14:00-17:00) on {placement.start:%A} " in placement.reason
        assert f", in your peak hours ({said})." in placement.reason


def test_a_hard_session_longer_than_the_peak_covers_as_much_of_it_as_it_can() -> None:
    gym = tuple(Commitment(day, time(6), time(9), "Gym") for day in range(7))

    schedule = schedule_month(june(tasks=tasks(1, difficulty="hard", minutes=180), commitments=gym,
                                   peak_windows=(PeakWindow(9, 11),)))  # fmt: skip

    [placement] = schedule.placements
    assert wall(placement) == (time(9, 15), time(12, 15))
    assert (
        "covering as much of your peak window (09:00-11:00, learned from your logged sessions) as it can: at 180 "
        "min it is longer than your peak windows." in placement.reason
    )


def test_hard_sessions_fill_the_peak_room_of_the_whole_month_before_any_other_time() -> None:
    # A one-hour peak every day holds one hour-long hard session a day: 30 of them.
    schedule = schedule_month(june(tasks=tasks(30, difficulty="hard"), peak_windows=(PeakWindow(9, 10),),
                                   weekend_preference="Work", complexity="Ambitious"))  # fmt: skip

    assert {wall(placement) for placement in schedule.placements} == {(time(9), time(10))}


# Splitting


def test_long_work_is_split_into_equal_parts_on_different_days() -> None:
    essay = DraftTask("essay", "Write the essay", "writing", 180, "hard", week=2)

    schedule = schedule_month(june(tasks=(essay,), session_minutes=(25, 120)))

    first, second = schedule.placements
    assert [p.task.key for p in schedule.placements] == ["essay-p1", "essay-p2"]
    assert [p.task.description for p in schedule.placements] == [
        "Write the essay (part 1 of 2)",
        "Write the essay (part 2 of 2)",
    ]
    assert [real_minutes(first), real_minutes(second)] == [90, 90]
    assert first.start.date() != second.start.date()
    assert {(p.task.focus_area, p.task.difficulty, p.task.duration_minutes) for p in schedule.placements} == {
        ("writing", "hard", 90)
    }
    assert "One of 2 parts of a 180-minute task" in first.reason


def test_split_parts_add_up_to_the_real_minutes_on_the_five_minute_grid() -> None:
    drafted = (task("long", minutes=250),)

    schedule = schedule_month(june(tasks=drafted, session_minutes=(30, 90), duration_multipliers={"writing": 1.2}))

    assert sorted(map(real_minutes, schedule.placements)) == [75, 75, 75, 75]  # 300 real minutes
    assert len({placement.start.date() for placement in schedule.placements}) == 4


def test_work_within_the_longest_session_is_not_split() -> None:
    schedule = schedule_month(june(tasks=(task("short", minutes=120),), session_minutes=(25, 120)))

    [placement] = schedule.placements
    assert placement.task.key == "short"


# Slack in a day


def test_sessions_a_day_are_capped_by_complexity() -> None:
    schedule = schedule_month(june(tasks=tasks(120, minutes=30), complexity="Balanced", weekend_preference="Work"))

    assert max(len(placed) for placed in by_date(schedule).values()) == 3
    assert len(schedule.placements) == 90


def test_sessions_a_day_follow_the_person_s_own_cap() -> None:
    schedule = schedule_month(june(tasks=tasks(40, minutes=30), max_sessions_per_day=1, weekend_preference="Work"))

    assert max(len(placed) for placed in by_date(schedule).values()) == 1
    assert len(schedule.unplaced) == 10
    assert "already has 1 session, the most a day you allow" in schedule.unplaced[0].reason


def test_two_hard_sessions_on_a_day_are_never_back_to_back() -> None:
    schedule = schedule_month(june(tasks=tasks(60, difficulty="hard", minutes=45), complexity="Ambitious",
                                   weekend_preference="Work"))  # fmt: skip

    assert len(schedule.placements) == 60
    for placed in by_date(schedule).values():
        hard = [placement for placement in placed if placement.task.difficulty == "hard"]
        for earlier, later in pairwise(hard):
            assert later.start.timestamp() - earlier.end.timestamp() >= 60 * 60, (earlier, later)


# When the month cannot hold the goals


def test_an_ambitious_person_is_never_told_to_be_more_ambitious() -> None:
    schedule = schedule_month(june(tasks=tasks(200), complexity="Ambitious", weekend_preference="Rest"))

    assert schedule.unplaced
    said = everything_said(schedule)
    assert "more ambitious" not in said
    assert "choose" not in said
    assert schedule.advice


def test_short_hours_get_advice_to_add_hours_never_a_lighter_complexity() -> None:
    one_evening_hour = hours(time(19), time(20), days=range(5))

    schedule = schedule_month(june(tasks=tasks(30), working_hours=one_evening_hour, complexity="Ambitious"))

    assert len(schedule.placements) == 22
    assert {advice.kind for advice in schedule.advice} == {"week_full"}
    assert schedule.advice[0].message == (
        "Week 1 has 5 h free inside your working hours and your goals need 6 h: add working hours on Monday evening."
    )
    said = everything_said(schedule)
    assert "Simple" not in said and "Balanced" not in said


def test_a_light_complexity_that_caps_the_week_gets_advice_to_step_up() -> None:
    schedule = schedule_month(june(tasks=tasks(60), complexity="Simple", weekend_preference="Rest"))

    assert len(schedule.unplaced) == 16
    assert schedule.advice
    for advice in schedule.advice:
        assert advice.kind == "week_full"
        assert advice.message.endswith(": choose Balanced.")
        assert "add working hours" not in advice.message


def test_a_session_longer_than_any_free_stretch_gets_advice_about_hours() -> None:
    two_hours = hours(time(18), time(20))

    schedule = schedule_month(june(tasks=(task("marathon", minutes=180),), working_hours=two_hours))

    [unplaced] = schedule.unplaced
    assert unplaced.reason.startswith("No free 180-minute slot left in the month's working hours (18:00-20:00)")
    [advice] = schedule.advice
    assert advice.kind == "working_hours"
    assert advice.message.startswith("Your longest free stretch inside working hours is 2 h, and a session needs 3 h")


def test_everything_placed_means_no_advice() -> None:
    assert schedule_month(june(tasks=tasks(5))).advice == ()


# Free minutes by week


def test_free_minutes_by_week_shows_a_packed_week() -> None:
    # Weekdays 08:00-08:45 and 17:15-20:00 are free around the 9-to-5 (210 minutes); a
    # conference fills the evenings of week 2 and counts toward those days' load.
    conference = tuple(
        BusyInterval(datetime(2026, 6, day, 17, tzinfo=LONDON), datetime(2026, 6, day, 20, tzinfo=LONDON), "Conf")
        for day in range(8, 13)
    )

    free = free_minutes_by_week(june(commitments=NINE_TO_FIVE, busy=conference, weekend_preference="Rest"))

    assert free == {1: 5 * 210, 2: 5 * 45, 3: 5 * 210, 4: 5 * 210, 5: 2 * 210}


def test_free_minutes_by_week_are_capped_by_the_daily_load() -> None:
    free = free_minutes_by_week(june(complexity="Simple", weekend_preference="Mixed"))

    # Weekdays 120 minutes, Mixed weekend days a quarter of that; June 29-30 are weekdays.
    assert free == {1: 5 * 120 + 2 * 30, 2: 660, 3: 660, 4: 660, 5: 240}
