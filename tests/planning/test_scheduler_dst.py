"""Daylight-saving months on purpose: commitments stay at local wall-clock time, no task
starts or ends at a local time that does not exist, and durations are real minutes."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from planning.scheduler import (
    Commitment,
    DraftTask,
    Placement,
    ScheduleRequest,
    commitment_intervals,
    schedule_month,
)

# (zone, year, month): the months with a change, and Kolkata (no DST) as the control.
DST_MONTHS = [
    ("America/New_York", 2026, 3),
    ("America/New_York", 2026, 11),
    ("Europe/London", 2026, 3),
    ("Europe/London", 2026, 10),
    ("Australia/Sydney", 2026, 4),
    ("Australia/Sydney", 2026, 10),
    ("Asia/Kolkata", 2026, 3),
    ("Australia/Lord_Howe", 2026, 4),  # its change is 30 minutes
    ("Australia/Lord_Howe", 2026, 10),
]
WEEKDAYS_ONLY = tuple(range(5))
EVERY_DAY = tuple(range(7))
# Only Sundays stay free: every change below happens on a Sunday, which pins the task there.
ALL_BUT_SUNDAY = tuple(Commitment(day, time(0), time(23, 59), "Elsewhere") for day in range(6))
ALL_DAY = (time(0), time(23, 59))

# The repeated (fall-back) hour and the skipped (spring-forward) hour, in local time.
FALL_BACK = [
    ("America/New_York", date(2026, 11, 1), time(1, 0)),
    ("Europe/London", date(2026, 10, 25), time(1, 0)),
    ("Australia/Sydney", date(2026, 4, 5), time(2, 0)),
    ("Australia/Lord_Howe", date(2026, 4, 5), time(1, 30)),
]
SPRING_FORWARD = [  # (zone, day, first missing wall time, first wall time after the gap)
    ("America/New_York", date(2026, 3, 8), time(2, 0), time(3, 0)),
    ("Europe/London", date(2026, 3, 29), time(1, 0), time(2, 0)),
    ("Australia/Sydney", date(2026, 10, 4), time(2, 0), time(3, 0)),
    ("Australia/Lord_Howe", date(2026, 10, 4), time(2, 0), time(2, 30)),
]


def exists(moment: datetime) -> bool:
    round_trip = moment.astimezone(UTC).astimezone(moment.tzinfo)
    return round_trip.replace(tzinfo=None) == moment.replace(tzinfo=None) and round_trip.fold == moment.fold


def real_minutes(placement: Placement) -> float:
    return (placement.end.timestamp() - placement.start.timestamp()) / 60


def local_minutes(placement: Placement):
    """Every minute of the placement, as the local clock shows it."""
    moment = placement.start.astimezone(UTC)
    while moment < placement.end:
        yield moment.astimezone(placement.start.tzinfo)
        moment += timedelta(minutes=1)


def drafted(count: int, minutes: int = 60) -> tuple[DraftTask, ...]:
    return tuple(
        DraftTask(f"t{index}", f"Task {index}", ("writing", "fitness", "music")[index % 3],
                  minutes + 30 * (index % 2), ("hard", "medium", "easy")[index % 3])
        for index in range(count)
    )  # fmt: skip


def sunday_request(zone: str, day: date, not_before: datetime, commitments=(), minutes: int = 60, **fields):
    return ScheduleRequest(
        year=day.year,
        month=day.month,
        timezone=zone,
        not_before=not_before,
        tasks=(DraftTask("only", "The one task", "writing", minutes, "medium"),),
        commitments=ALL_BUT_SUNDAY + tuple(commitments),
        weekend_preference="Work",
        **({"working_window": ALL_DAY} | fields),
    )


@pytest.mark.parametrize("window", [(time(8), time(20)), ALL_DAY], ids=["8-20", "all-day"])
@pytest.mark.parametrize("days", [WEEKDAYS_ONLY, EVERY_DAY], ids=["mon-fri", "every-day"])
@pytest.mark.parametrize(("zone", "year", "month"), DST_MONTHS)
def test_a_nine_to_five_is_respected_at_local_time_all_month(zone, year, month, days, window) -> None:
    nine_to_five = tuple(Commitment(day, time(9), time(17), "Work") for day in days)

    schedule = schedule_month(
        ScheduleRequest(year=year, month=month, timezone=zone, not_before=datetime(2026, 1, 1, tzinfo=UTC),
                        tasks=drafted(120), commitments=nine_to_five, weekend_preference="Work",
                        complexity="Ambitious", working_window=window)
    )  # fmt: skip

    # 60 at least: every day has room for two sessions, even with the 9-to-5 and its buffers.
    assert len(schedule.placements) >= 60
    assert len(schedule.placements) + len(schedule.unplaced) == 120
    for placement in schedule.placements:
        assert exists(placement.start) and exists(placement.end), placement
        assert real_minutes(placement) == placement.task.duration_minutes
        assert (placement.start.year, placement.start.month) == (year, month)
        for clock in local_minutes(placement):
            assert clock.weekday() not in days or not time(9) <= clock.time() < time(17), (placement, clock)


@pytest.mark.parametrize(("zone", "year", "month"), DST_MONTHS)
def test_commitment_occurrences_keep_their_wall_clock_times_through_the_change(zone, year, month) -> None:
    every_day = [Commitment(day, time(9), time(17), "Work") for day in EVERY_DAY]

    intervals = commitment_intervals(year=year, month=month, timezone=zone, commitments=every_day)

    assert [interval.start.date() for interval in intervals] == [
        date(year, month, day) for day in range(1, len(intervals) + 1)
    ]
    for interval in intervals:
        assert (interval.start.time(), interval.end.time()) == (time(9), time(17))
        assert interval.end.timestamp() - interval.start.timestamp() == 8 * 3600


@pytest.mark.parametrize(("zone", "day", "repeated"), FALL_BACK)
def test_a_sixty_minute_task_over_the_fall_back_hour_lasts_sixty_real_minutes(zone, day, repeated) -> None:
    tz = ZoneInfo(zone)
    first_pass = datetime.combine(day, repeated, tzinfo=tz)  # fold=0: the first time the clock shows it

    schedule = schedule_month(sunday_request(zone, day, first_pass))

    [placement] = schedule.placements
    assert placement.start == first_pass and placement.start.fold == 0
    assert real_minutes(placement) == 60
    assert exists(placement.start) and exists(placement.end)
    # On the wall clock it looks shorter: the hour (or half hour) ran twice.
    wall_minutes = (placement.end.replace(tzinfo=None) - placement.start.replace(tzinfo=None)).total_seconds() / 60
    assert wall_minutes < 60


@pytest.mark.parametrize(("zone", "day", "repeated"), FALL_BACK)
def test_a_commitment_ending_inside_the_repeated_hour_covers_both_passes(zone, day, repeated) -> None:
    tz = ZoneInfo(zone)
    starts = datetime.combine(day, repeated) - timedelta(minutes=30)
    ends = datetime.combine(day, repeated) + timedelta(minutes=15)
    overlapping_the_change = Commitment(6, starts.time(), ends.time(), "Night class")

    schedule = schedule_month(
        sunday_request(zone, day, datetime.combine(day, time(0), tzinfo=tz), [overlapping_the_change])
    )

    [placement] = schedule.placements
    for clock in local_minutes(placement):
        assert not starts.time() <= clock.time() < ends.time(), clock
    assert real_minutes(placement) == 60


@pytest.mark.parametrize(("zone", "day", "missing", "after_gap"), SPRING_FORWARD)
def test_a_task_over_the_spring_forward_gap_lasts_its_real_minutes(zone, day, missing, after_gap) -> None:
    tz = ZoneInfo(zone)
    before_gap = datetime.combine(day, missing, tzinfo=tz) - timedelta(minutes=30)

    schedule = schedule_month(sunday_request(zone, day, before_gap))

    [placement] = schedule.placements
    assert placement.start == before_gap
    assert real_minutes(placement) == 60
    assert exists(placement.start) and exists(placement.end)
    assert placement.end.time() > after_gap


@pytest.mark.parametrize(("zone", "day", "missing", "after_gap"), SPRING_FORWARD)
def test_a_working_day_starting_in_the_gap_starts_when_the_clock_resumes(zone, day, missing, after_gap) -> None:
    tz = ZoneInfo(zone)
    inside_gap = (datetime.combine(day, missing) + timedelta(minutes=15)).time()

    schedule = schedule_month(
        sunday_request(zone, day, datetime.combine(day, time(0), tzinfo=tz), working_window=(inside_gap, time(20)))
    )

    [placement] = schedule.placements
    assert placement.start.date() == day
    assert placement.start.time() == after_gap
    assert exists(placement.start)


@pytest.mark.parametrize(("zone", "day", "missing", "after_gap"), SPRING_FORWARD)
def test_a_commitment_starting_in_the_gap_blocks_from_when_the_clock_resumes(zone, day, missing, after_gap) -> None:
    tz = ZoneInfo(zone)
    inside_gap = (datetime.combine(day, missing) + timedelta(minutes=10)).time()
    from_the_gap_to_six = Commitment(6, inside_gap, time(6), "Early shift")

    schedule = schedule_month(
        sunday_request(zone, day, datetime.combine(day, after_gap, tzinfo=tz), [from_the_gap_to_six], minutes=30)
    )

    [placement] = schedule.placements
    assert placement.start == datetime.combine(day, time(6, 15), tzinfo=tz)  # its end plus the buffer
    intervals = commitment_intervals(year=day.year, month=day.month, timezone=zone, commitments=[from_the_gap_to_six])
    on_the_day = [interval for interval in intervals if interval.start.date() == day]
    assert [(interval.start.time(), interval.end.time()) for interval in on_the_day] == [(after_gap, time(6))]


def test_a_working_window_ending_in_the_skipped_hour_closes_at_the_change():
    # Found by the property test: New York, 9 March 2025, window 00:00-02:00. 02:00 does
    # not exist that day, so the window closes at the change itself: a session may run
    # 01:45 EST to 03:00 EDT (a real 15 minutes), never past it.
    request = ScheduleRequest(
        year=2025,
        month=3,
        timezone="America/New_York",
        not_before=datetime(2025, 3, 1, 5, 0, tzinfo=UTC),
        tasks=tuple(
            DraftTask(
                key=f"t{n}", description=f"Task {n}", focus_area="Writing", duration_minutes=15, difficulty="easy"
            )
            for n in range(31 * 8)  # enough to fill every night of the month
        ),
        weekend_preference="Work",
        complexity="Simple",
        working_window=(time(0), time(2)),
        buffer_minutes=0,
        max_sessions_per_day=8,
    )
    on_the_day = [
        placement for placement in schedule_month(request).placements if placement.start.date() == date(2025, 3, 9)
    ]
    assert on_the_day
    change = datetime(2025, 3, 9, 7, 0, tzinfo=UTC)  # 02:00 EST = 03:00 EDT
    assert max(placement.end for placement in on_the_day).astimezone(UTC) == change
    assert all(placement.end.astimezone(UTC) <= change for placement in on_the_day)
