"""The scheduler, by example: each test states one rule a person would notice."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest

from planning.scheduler import (
    WEEKDAYS,
    BusyInterval,
    Commitment,
    CommitmentError,
    DraftTask,
    PeakWindow,
    Placement,
    Schedule,
    ScheduleRequest,
    commitment_intervals,
    daily_capacity_minutes,
    find_conflict,
    parse_commitments,
    schedule_month,
)
from planning.scheduler.splitting import part_task
from planning.scheduler.types import DESCRIPTION_MAX_LENGTH

LONDON = ZoneInfo("Europe/London")
LONG_AGO = datetime(2026, 1, 1, tzinfo=UTC)
WEEKDAY_NINE_TO_FIVE = tuple(Commitment(day, time(9), time(17), "Work") for day in range(5))


def task(key: str, *, area: str = "writing", minutes: int = 60, difficulty: str = "medium", week=None) -> DraftTask:
    return DraftTask(key=key, description=f"Do {key}", focus_area=area, duration_minutes=minutes,
                     difficulty=difficulty, week=week)  # fmt: skip


def tasks(count: int, **fields) -> tuple[DraftTask, ...]:
    return tuple(task(f"t{index}", **fields) for index in range(count))


def june(**fields) -> ScheduleRequest:
    """June 2026 in London (the 1st is a Monday), planned well in advance."""
    defaults = dict(year=2026, month=6, timezone="Europe/London", not_before=LONG_AGO, tasks=())
    return ScheduleRequest(**(defaults | fields))


def real_minutes(placement: Placement) -> int:
    # Absolute time: subtracting two datetimes that share a ZoneInfo uses the wall clock.
    return round((placement.end.timestamp() - placement.start.timestamp()) / 60)


def by_date(schedule: Schedule) -> dict[date, list[Placement]]:
    days: dict[date, list[Placement]] = defaultdict(list)
    for placement in schedule.placements:
        days[placement.start.date()].append(placement)
    return days


def gaps_in_minutes(schedule: Schedule) -> list[float]:
    ordered = sorted(schedule.placements, key=lambda placement: placement.start.timestamp())
    return [(later.start.timestamp() - earlier.end.timestamp()) / 60 for earlier, later in pairwise(ordered)]


def wall(placement: Placement) -> tuple[time, time]:
    return placement.start.time(), placement.end.time()


# Weekends and daily load


def test_a_rest_weekend_gets_no_tasks() -> None:
    schedule = schedule_month(june(tasks=tasks(60), weekend_preference="Rest", complexity="Ambitious"))

    assert len(schedule.placements) == 60
    assert all(placement.start.weekday() < 5 for placement in schedule.placements)


def test_a_mixed_weekend_carries_at_most_one_light_task_a_day() -> None:
    schedule = schedule_month(june(tasks=tasks(80, minutes=45), weekend_preference="Mixed", complexity="Balanced"))

    weekend_days = {day: placed for day, placed in by_date(schedule).items() if day.weekday() >= 5}
    assert weekend_days, "a Mixed weekend is not a Rest weekend"
    for placed in weekend_days.values():
        assert len(placed) == 1
        assert sum(map(real_minutes, placed)) <= 240 // 4
        assert "Light weekend: the only task this" in placed[0].reason


def test_a_work_weekend_is_loaded_like_a_weekday() -> None:
    schedule = schedule_month(june(tasks=tasks(80), weekend_preference="Work", complexity="Simple"))

    loads = {day: sum(map(real_minutes, placed)) for day, placed in by_date(schedule).items()}
    assert max(load for day, load in loads.items() if day.weekday() >= 5) == 120
    assert max(loads.values()) == 120


@pytest.mark.parametrize(
    ("complexity", "weekday", "work", "rest", "mixed"),
    [("Simple", 120, 120, 0, 30), ("Balanced", 240, 240, 0, 60), ("Ambitious", 360, 360, 0, 90)],
)
def test_the_daily_load_grows_with_complexity(complexity: str, weekday: int, work: int, rest: int, mixed: int) -> None:
    assert daily_capacity_minutes(complexity, weekend=False, weekend_preference="Rest") == weekday
    assert daily_capacity_minutes(complexity, weekend=True, weekend_preference="Work") == work
    assert daily_capacity_minutes(complexity, weekend=True, weekend_preference="Rest") == rest
    assert daily_capacity_minutes(complexity, weekend=True, weekend_preference="Mixed") == mixed

    # Two-hour sessions, so that the load fills before the sessions a day (2, 3, 4) do.
    schedule = schedule_month(june(tasks=tasks(200, minutes=120), complexity=complexity, weekend_preference="Rest"))

    loads = [sum(map(real_minutes, placed)) for placed in by_date(schedule).values()]
    assert max(loads) == weekday
    assert len(schedule.placements) == 22 * weekday // 120  # June 2026 has 22 weekdays


def test_unknown_complexity_or_weekend_preference_is_refused() -> None:
    with pytest.raises(ValueError, match="complexity"):
        daily_capacity_minutes("Heroic", weekend=False, weekend_preference="Work")
    with pytest.raises(ValueError, match="weekend preference"):
        schedule_month(june(tasks=tasks(1), weekend_preference="Sometimes"))


def test_a_session_longer_than_the_daily_load_gets_a_day_to_itself() -> None:
    schedule = schedule_month(june(tasks=(task("long", minutes=180), *tasks(12)), complexity="Simple"))

    [long] = [placement for placement in schedule.placements if placement.task.key == "long"]
    assert real_minutes(long) == 180
    assert by_date(schedule)[long.start.date()] == [long]
    assert "longer than your usual daily load (120 min for Simple), so it has the day to itself" in long.reason


# Commitments


def test_tasks_never_sit_on_a_commitment() -> None:
    schedule = schedule_month(
        june(tasks=tasks(40), commitments=WEEKDAY_NINE_TO_FIVE, complexity="Ambitious", weekend_preference="Rest")
    )

    assert len(schedule.placements) == 40
    for placement in schedule.placements:
        start, end = wall(placement)
        assert end <= time(8, 45) or start >= time(17, 15), placement


def test_an_overnight_commitment_blocks_the_next_morning() -> None:
    friday_night = Commitment(4, time(22), time(2), "Night shift")
    saturday_midnight = datetime(2026, 6, 6, tzinfo=LONDON)

    schedule = schedule_month(
        june(
            tasks=(task("early"),),
            commitments=(friday_night,),
            not_before=saturday_midnight,
            working_window=(time(0), time(23, 59)),
            weekend_preference="Work",
        )
    )

    [placement] = schedule.placements
    assert placement.start == datetime(2026, 6, 6, 2, 15, tzinfo=LONDON)  # the shift ends at 02:00, plus the buffer


def test_an_overnight_commitment_on_the_last_evening_of_the_previous_month_blocks_the_first() -> None:
    # 31 July 2026 is a Friday; its night shift runs into Saturday 1 August.
    friday_night = Commitment(4, time(22), time(3), "Night shift")

    schedule = schedule_month(
        june(
            month=8,
            tasks=tasks(150, minutes=60),
            commitments=(friday_night,),
            working_window=(time(0), time(23, 59)),
            weekend_preference="Work",
            complexity="Ambitious",
        )
    )

    first_of_august = by_date(schedule)[date(2026, 8, 1)]
    assert first_of_august, "the 1st has room after 03:00"
    assert min(placement.start for placement in first_of_august) == datetime(2026, 8, 1, 3, 15, tzinfo=LONDON)


def test_a_task_ends_a_buffer_before_a_commitment_starts() -> None:
    # The buffer is kept around the person's commitments too, not only between tasks.
    busy_days = tuple(Commitment(day, time(9), time(20), "Busy") for day in range(7))

    schedule = schedule_month(
        june(tasks=(task("fits", minutes=45), task("too long")), commitments=busy_days, weekend_preference="Work")
    )

    [placement] = schedule.placements
    assert wall(placement) == (time(8), time(8, 45))
    assert "It ends 15 min before Busy, keeping your buffer." in placement.reason
    assert [unplaced.task.key for unplaced in schedule.unplaced] == ["too long"]


def test_commitment_intervals_cover_the_month_edges() -> None:
    friday_night = Commitment(4, time(22), time(3), "Night shift")
    monday_late = Commitment(0, time(23), time(1), "Late call")

    intervals = commitment_intervals(year=2026, month=8, timezone="Europe/London",
                                     commitments=[friday_night, monday_late])  # fmt: skip

    night_shifts = [interval for interval in intervals if interval.label == "Night shift"]
    late_calls = [interval for interval in intervals if interval.label == "Late call"]
    assert (night_shifts[0].start, night_shifts[0].end) == (
        datetime(2026, 7, 31, 22, tzinfo=LONDON),
        datetime(2026, 8, 1, 3, tzinfo=LONDON),
    )
    assert [interval.start.day for interval in night_shifts] == [31, 7, 14, 21, 28]
    # The last Monday of August runs into September and is returned whole.
    assert (late_calls[-1].start, late_calls[-1].end) == (
        datetime(2026, 8, 31, 23, tzinfo=LONDON),
        datetime(2026, 9, 1, 1, tzinfo=LONDON),
    )
    assert len(late_calls) == 5  # Mondays 3, 10, 17, 24, 31; 27 July's ends on the 28th
    assert [interval.start for interval in intervals] == sorted(interval.start for interval in intervals)


def test_commitment_intervals_are_at_local_wall_clock_time_in_every_season() -> None:
    intervals = commitment_intervals(year=2026, month=3, timezone="Europe/London", commitments=WEEKDAY_NINE_TO_FIVE)

    assert len(intervals) == 22
    assert {(interval.start.time(), interval.end.time()) for interval in intervals} == {(time(9), time(17))}
    assert {interval.start.utcoffset() for interval in intervals} == {timedelta(0), timedelta(hours=1)}


# Peak windows


def test_hard_tasks_land_in_peak_windows() -> None:
    afternoons = (PeakWindow(14, 17),)

    schedule = schedule_month(june(tasks=tasks(8, difficulty="hard", minutes=90), peak_windows=afternoons))

    assert len(schedule.placements) == 8
    for placement in schedule.placements:
        start, end = wall(placement)
        assert time(14) <= start and end <= time(17)
        assert placement.reason.startswith("Hard task placed in your peak window (14:00-17:00) on ")
        assert ", in your peak hours (learned from your logged sessions)." in placement.reason


def test_a_weekday_peak_window_only_applies_on_that_day() -> None:
    tuesday_mornings = (PeakWindow(7, 9, weekday=1),)

    schedule = schedule_month(june(tasks=tasks(4, difficulty="hard"), peak_windows=tuesday_mornings,
                                   working_window=(time(7), time(20))))  # fmt: skip

    for placement in schedule.placements:
        assert placement.start.weekday() == 1
        assert time(7) <= placement.start.time() and placement.end.time() <= time(9)


def test_easy_tasks_stay_out_of_peak_windows() -> None:
    mornings = (PeakWindow(9, 12),)

    schedule = schedule_month(june(tasks=tasks(20, difficulty="easy"), peak_windows=mornings))

    for placement in schedule.placements:
        start, end = wall(placement)
        assert end <= time(9) or start >= time(12)
        assert placement.reason.startswith("Easy task placed outside your peak hours on ")


def test_a_hard_task_goes_elsewhere_when_no_peak_window_has_room() -> None:
    mornings_taken = tuple(Commitment(day, time(9), time(12), "Gym") for day in range(7))

    schedule = schedule_month(june(tasks=tasks(1, difficulty="hard"), commitments=mornings_taken,
                                   peak_windows=(PeakWindow(9, 12),)))  # fmt: skip

    [placement] = schedule.placements
    assert "no peak window had room left for it" in placement.reason


def test_a_hard_task_longer_than_the_peak_windows_says_so() -> None:
    schedule = schedule_month(june(tasks=tasks(1, difficulty="hard", minutes=240), peak_windows=(PeakWindow(9, 12),)))

    [placement] = schedule.placements
    assert "at 240 min it is longer than your peak windows." in placement.reason


def test_without_peak_windows_they_are_derived_from_the_free_time_and_said() -> None:
    # Nothing committed: every hour is equally free, so the earliest three hours win.
    schedule = schedule_month(june(tasks=tasks(3, difficulty="hard")))

    for placement in schedule.placements:
        start, end = wall(placement)
        assert time(8) <= start and end <= time(11)
        assert placement.reason.startswith("Hard task placed in your peak window (08:00-11:00) on ")
        assert "in your peak hours (your free hours around your commitments, derived)" in placement.reason


# Durations


def test_writing_sessions_are_lengthened_by_the_measured_overrun() -> None:
    drafted = (task("essay", area="writing", minutes=90, difficulty="hard"), task("novel", area="reading"))

    schedule = schedule_month(june(tasks=drafted, duration_multipliers={"writing": 1.5}))

    lengths = {placement.task.key: real_minutes(placement) for placement in schedule.placements}
    assert lengths == {"essay": 135, "novel": 60}
    essay, novel = sorted(schedule.placements, key=lambda placement: placement.task.key)
    assert "90 min planned x1.5 measured overrun for writing = 135 min." in essay.reason
    assert "overrun" not in novel.reason


@pytest.mark.parametrize(
    ("multiplier", "planned", "expected", "said"),
    [
        (3.0, 60, 120, "x2 measured overrun for writing = 120 min (your measured x3 is capped at x2)"),
        (0.1, 60, 30, "x0.5 measured overrun for writing = 30 min (your measured x0.1 is capped at x0.5)"),
        (1.3, 50, 65, "50 min planned x1.3 measured overrun for writing = 65 min."),
        (1.1, 45, 50, "45 min planned x1.1 measured overrun for writing = 50 min."),
        (float("nan"), 60, 60, None),
    ],
)
def test_a_measured_overrun_is_clamped_and_rounded_to_five_minutes(multiplier, planned, expected, said) -> None:
    schedule = schedule_month(june(tasks=(task("t", minutes=planned),), duration_multipliers={"writing": multiplier}))

    [placement] = schedule.placements
    assert real_minutes(placement) == expected
    if said:
        assert said in placement.reason
    else:
        assert "overrun" not in placement.reason


# Time: the present, buffers, other busy time


def test_the_current_month_places_nothing_in_the_past() -> None:
    now = datetime(2026, 6, 17, 14, 7, 31, tzinfo=LONDON)

    schedule = schedule_month(june(tasks=tasks(30), not_before=now))

    assert len(schedule.placements) == 30
    assert all(placement.start >= now for placement in schedule.placements)
    assert min(placement.start for placement in schedule.placements) >= datetime(2026, 6, 17, 14, 10, tzinfo=LONDON)


def test_a_month_already_over_places_nothing_and_says_why() -> None:
    schedule = schedule_month(june(tasks=tasks(3), not_before=datetime(2026, 7, 1, 9, tzinfo=LONDON)))

    assert schedule.placements == ()
    assert [unplaced.task.key for unplaced in schedule.unplaced] == ["t0", "t1", "t2"]
    assert schedule.unplaced[0].reason.startswith("No working time is left in June 2026 to schedule into")


@pytest.mark.parametrize("buffer", [0, 15, 30])
def test_tasks_keep_a_buffer_between_them(buffer: int) -> None:
    schedule = schedule_month(
        june(tasks=tasks(120, minutes=45), buffer_minutes=buffer, complexity="Ambitious", weekend_preference="Work")
    )

    assert min(gaps_in_minutes(schedule)) == buffer


def test_the_buffer_holds_across_midnight() -> None:
    # Free only 00:00-01:00 and 22:55-23:55 (the commitment's buffers included): a late
    # task pushes the next early one back.
    days_out = tuple(Commitment(day, time(1, 15), time(22, 40), "Out") for day in range(7))

    schedule = schedule_month(
        june(tasks=tasks(40), commitments=days_out, working_window=(time(0), time(23, 59)),
             weekend_preference="Work", complexity="Ambitious", buffer_minutes=15)
    )  # fmt: skip

    assert len(schedule.placements) > 20
    assert min(gaps_in_minutes(schedule)) >= 15


def test_busy_time_is_avoided_with_a_buffer_and_counts_toward_the_day() -> None:
    already_placed = tuple(
        BusyInterval(datetime(2026, 6, day, 8, tzinfo=LONDON), datetime(2026, 6, day, 10, tzinfo=LONDON), "Other task")
        for day in range(1, 31)
    )

    schedule = schedule_month(june(tasks=tasks(40), busy=already_placed, complexity="Balanced"))

    for placement in schedule.placements:
        assert placement.start.time() >= time(10, 15)
    loads = [sum(map(real_minutes, placed)) for placed in by_date(schedule).values()]
    assert max(loads) <= 240 - 120


# Weeks and focus areas


def week_of(placement: Placement) -> int:
    return (placement.start.day - 1) // 7 + 1


def test_focus_areas_are_spread_across_the_weeks() -> None:
    drafted = tasks(8, area="writing") + tuple(task(f"f{index}", area="fitness") for index in range(8))

    schedule = schedule_month(june(tasks=drafted))

    for area in ("writing", "fitness"):
        weeks = [week_of(placement) for placement in schedule.placements if placement.task.focus_area == area]
        assert sorted(set(weeks)) == [1, 2, 3, 4, 5]
        assert max(weeks.count(week) for week in set(weeks)) == 2


def test_a_week_hint_is_respected_when_there_is_room() -> None:
    schedule = schedule_month(june(tasks=tasks(6, week=3)))

    for placement in schedule.placements:
        assert week_of(placement) == 3
        assert "Week 3 as drafted." in placement.reason


def test_a_week_hint_without_room_moves_to_the_nearest_week_and_says_so() -> None:
    # Simple with Rest weekends: week 2 (8-14 June) has five weekdays of 120 minutes.
    schedule = schedule_month(june(tasks=tasks(12, week=2), complexity="Simple", weekend_preference="Rest"))

    weeks = sorted(week_of(placement) for placement in schedule.placements)
    assert weeks == [2] * 10 + [3] * 2
    moved = [placement for placement in schedule.placements if week_of(placement) == 3]
    assert all("Moved from week 2 to week 3: week 2 had no room left." in placement.reason for placement in moved)


def test_a_week_hint_for_a_week_already_past_lands_in_the_nearest_week_left() -> None:
    schedule = schedule_month(june(tasks=tasks(1, week=1), not_before=datetime(2026, 6, 16, tzinfo=LONDON)))

    [placement] = schedule.placements
    assert week_of(placement) == 3
    assert "Drafted for week 1, which has no days left to plan in; placed in week 3." in placement.reason


# Nothing is dropped


def test_what_cannot_be_placed_is_reported_with_a_reason() -> None:
    hourly = tuple(
        Commitment(day, time(hour), time(hour + 1), "Lessons") for day in range(7) for hour in range(9, 20, 2)
    )  # free hours only: 08-09, 10-11, ..., 18-19

    schedule = schedule_month(
        june(tasks=(task("short"), task("long", minutes=120)), commitments=hourly, buffer_minutes=0)
    )

    assert [placement.task.key for placement in schedule.placements] == ["short"]
    [unplaced] = schedule.unplaced
    assert unplaced.task.key == "long"
    assert unplaced.reason == (
        "No free 120-minute slot left in the month's working hours (08:00-20:00) after your commitments and other "
        "sessions."
    )


def test_a_month_full_to_its_daily_load_says_so() -> None:
    schedule = schedule_month(june(tasks=tasks(60), complexity="Simple", weekend_preference="Rest"))

    assert len(schedule.placements) == 44
    assert len(schedule.unplaced) == 16
    assert schedule.unplaced[0].reason.startswith(
        "Every day that still has a free 60-minute slot already carries its full load (120 min of tasks a weekday "
        "for Simple)"
    )


def test_a_task_without_a_duration_is_reported() -> None:
    schedule = schedule_month(june(tasks=(task("nothing", minutes=0),)))

    assert schedule.placements == ()
    assert schedule.unplaced[0].reason == "The task has no duration to schedule."


def test_the_same_request_gives_the_same_schedule() -> None:
    drafted = tuple(
        task(f"t{index}", area=("writing", "fitness", "spanish")[index % 3], minutes=15 * (index % 8 + 1),
             difficulty=("hard", "medium", "easy")[index % 3], week=(index % 5 + 1) if index % 2 else None)
        for index in range(90)
    )  # fmt: skip
    request = june(tasks=drafted, commitments=WEEKDAY_NINE_TO_FIVE, duration_multipliers={"writing": 1.4,
                   "fitness": 0.8})  # fmt: skip
    reordered = replace(request, duration_multipliers={"fitness": 0.8, "writing": 1.4})

    first, second, third = schedule_month(request), schedule_month(request), schedule_month(reordered)

    assert first == second == third
    assert len(first.placements) + len(first.unplaced) == 90


def test_placements_are_in_the_person_s_time_zone_and_in_order() -> None:
    schedule = schedule_month(june(tasks=tasks(10), timezone="Asia/Kolkata"))

    assert {placement.start.tzinfo for placement in schedule.placements} == {ZoneInfo("Asia/Kolkata")}
    assert all(placement.start.utcoffset() == timedelta(hours=5, minutes=30) for placement in schedule.placements)
    starts = [placement.start.timestamp() for placement in schedule.placements]
    assert starts == sorted(starts)


def test_a_request_is_checked_before_scheduling() -> None:
    with pytest.raises(ValueError, match="aware"):
        june(not_before=datetime(2026, 6, 1))
    with pytest.raises(ValueError, match="working window"):
        june(working_window=(time(20), time(8)))
    with pytest.raises(ValueError, match="Unknown time zone"):
        schedule_month(june(timezone="Mars/Olympus_Mons"))
    with pytest.raises(ValueError, match="Peak window"):
        PeakWindow(12, 9)


# parse_commitments


def test_commitments_are_parsed_from_the_stored_json() -> None:
    parsed = parse_commitments(
        [
            {"day": "mon", "start": "09:00", "end": "17:00", "label": "Work"},
            {"day": "FRI", "start": "22:00", "end": "02:00"},
            {"day": "sun", "start": "20:00", "end": "24:00", "label": "  Call home  "},
        ]
    )

    assert parsed == (
        Commitment(0, time(9), time(17), "Work"),
        Commitment(4, time(22), time(2), ""),
        Commitment(6, time(20), time(0), "Call home"),
    )
    assert [commitment.overnight for commitment in parsed] == [False, True, True]


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        ({"day": "funday", "start": "09:00", "end": "10:00"}, "day",
         'Commitment 2: the day is "funday", which is not a day; use one of mon, tue, wed, thu, fri, sat, sun.'),
        ({"start": "09:00", "end": "10:00"}, "day",
         "Commitment 2: the day is missing; use one of mon, tue, wed, thu, fri, sat, sun."),
        ({"day": "tue", "start": "9am", "end": "10:00"}, "start",
         'Commitment 2: the start time "9am" is not a time of day written as HH:MM on the 24-hour clock, e.g. 09:00 '
         "or 17:30."),
        ({"day": "tue", "start": "09:00", "end": "25:00"}, "end",
         'Commitment 2: the end time "25:00" is not a time of day written as HH:MM on the 24-hour clock, e.g. 09:00 '
         "or 17:30."),
        ({"day": "tue", "start": "09:00"}, "end",
         "Commitment 2: the end time is missing; write it as HH:MM, e.g. 09:00."),
        ({"day": "tue", "start": "09:00", "end": "09:00"}, "end",
         "Commitment 2: it starts and ends at 09:00; a commitment must have some length."),
        ({"day": "tue", "start": "09:00", "end": "10:00", "label": "x" * 81}, "label",
         "Commitment 2: the label is 81 characters long; keep it to 80 or fewer."),
        ("tue 09:00-10:00", None, "Commitment 2 is not a slot with a day, a start and an end."),
    ],
)  # fmt: skip
def test_a_bad_commitment_is_refused_naming_the_row_and_field(row, field, message) -> None:
    with pytest.raises(CommitmentError) as refused:
        parse_commitments([{"day": "mon", "start": "09:00", "end": "17:00"}, row])

    assert str(refused.value) == message
    assert (refused.value.row, refused.value.field) == (2, field)
    assert isinstance(refused.value, ValueError)


def test_more_than_fifty_commitments_are_refused() -> None:
    slots = [{"day": WEEKDAYS[n % 7], "start": f"{n // 7:02d}:00", "end": f"{n // 7:02d}:30"} for n in range(51)]

    parse_commitments(slots[:50])
    with pytest.raises(CommitmentError, match="at most 50 weekly commitments; this list has 51") as refused:
        parse_commitments(slots)
    assert refused.value.row is None


def test_overlapping_commitments_are_refused_naming_both_rows() -> None:
    with pytest.raises(CommitmentError) as refused:
        parse_commitments(
            [
                {"day": "mon", "start": "09:00", "end": "17:00", "label": "Work"},
                {"day": "tue", "start": "12:00", "end": "13:00"},
                {"day": "mon", "start": "12:00", "end": "13:00", "label": "Lunch"},
            ]
        )

    assert str(refused.value) == (
        "Commitments 1 and 3 overlap: Monday 09:00-17:00 (Work) and Monday 12:00-13:00 (Lunch). "
        "Merge them into one slot or change the times."
    )
    assert refused.value.row == 3


def test_an_overnight_commitment_overlaps_the_next_morning_even_across_the_week_end() -> None:
    with pytest.raises(CommitmentError, match="Commitments 1 and 2 overlap: Sunday 23:00-01:00"):
        parse_commitments(
            [{"day": "sun", "start": "23:00", "end": "01:00"}, {"day": "mon", "start": "00:30", "end": "02:00"}]
        )


def test_back_to_back_commitments_do_not_overlap() -> None:
    parsed = parse_commitments(
        [
            {"day": "mon", "start": "09:00", "end": "12:00"},
            {"day": "mon", "start": "12:00", "end": "13:00"},
            {"day": "sun", "start": "22:00", "end": "00:00"},
            {"day": "mon", "start": "00:00", "end": "01:00"},
        ]
    )

    assert len(parsed) == 4


def test_commitments_must_be_a_list() -> None:
    with pytest.raises(CommitmentError, match="must be a list"):
        parse_commitments("mon 09:00-17:00")  # type: ignore[arg-type]


# find_conflict


def test_find_conflict_names_the_commitment_a_moved_task_would_hit() -> None:
    conflict = find_conflict(
        start=datetime(2026, 6, 3, 16, 30, tzinfo=LONDON),
        end=datetime(2026, 6, 3, 17, 30, tzinfo=LONDON),
        timezone="Europe/London",
        commitments=WEEKDAY_NINE_TO_FIVE,
        busy=(),
    )

    assert conflict == BusyInterval(
        datetime(2026, 6, 3, 9, tzinfo=LONDON), datetime(2026, 6, 3, 17, tzinfo=LONDON), "Work"
    )


def test_find_conflict_sees_last_night_s_overnight_commitment() -> None:
    conflict = find_conflict(
        start=datetime(2026, 6, 6, 1, 0, tzinfo=LONDON),
        end=datetime(2026, 6, 6, 1, 30, tzinfo=LONDON),
        timezone="Europe/London",
        commitments=[Commitment(4, time(22), time(2), "Night shift")],
        busy=(),
    )

    assert conflict is not None and conflict.label == "Night shift"
    assert conflict.start == datetime(2026, 6, 5, 22, tzinfo=LONDON)


def test_find_conflict_reports_busy_time_and_picks_the_earliest() -> None:
    other_task = BusyInterval(datetime(2026, 6, 3, 7, 0, tzinfo=UTC), datetime(2026, 6, 3, 8, 30, tzinfo=UTC), "Run")

    conflict = find_conflict(
        start=datetime(2026, 6, 3, 8, 0, tzinfo=LONDON),
        end=datetime(2026, 6, 3, 10, 0, tzinfo=LONDON),
        timezone="Europe/London",
        commitments=WEEKDAY_NINE_TO_FIVE,
        busy=[other_task],
    )

    assert conflict == other_task


def test_find_conflict_is_none_for_free_time_and_touching_edges() -> None:
    other_task = BusyInterval(datetime(2026, 6, 3, 17, 0, tzinfo=LONDON), datetime(2026, 6, 3, 18, 0, tzinfo=LONDON))

    assert (
        find_conflict(
            start=datetime(2026, 6, 3, 18, 0, tzinfo=LONDON),
            end=datetime(2026, 6, 3, 19, 0, tzinfo=LONDON),
            timezone="Europe/London",
            commitments=WEEKDAY_NINE_TO_FIVE,
            busy=[other_task],
        )
        is None
    )
    assert (
        find_conflict(
            start=datetime(2026, 6, 3, 8, 0, tzinfo=LONDON),
            end=datetime(2026, 6, 3, 9, 0, tzinfo=LONDON),
            timezone="Europe/London",
            commitments=WEEKDAY_NINE_TO_FIVE,
            busy=[],
        )
        is None
    )


def test_a_split_session_with_the_longest_description_still_fits_its_column():
    long = DraftTask(key="w1-t1", description="x" * DESCRIPTION_MAX_LENGTH, focus_area="Writing",
                     duration_minutes=240, difficulty="medium", week=1)  # fmt: skip
    part = part_task(long, 2, 3, 80)
    assert len(part.description) == DESCRIPTION_MAX_LENGTH
    assert part.description.endswith("\u2026 (part 2 of 3)")
