"""Moving time zones: future sessions keep their local times (the clashes placed again) or
their absolute times (the clashes listed); what is past, done, logged or started never moves."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from insights.models import ActivityLog
from planning.models import PlanState, PlanTask
from planning.scheduler import commitment_intervals
from planning.services.zone_move import (
    KEEP_ABSOLUTE_TIMES,
    KEEP_LOCAL_TIMES,
    ZoneMoveRefused,
    plan_tasks_follow_zone,
    same_wall_clock,
)
from tests.conftest import SUITE_NOW
from tests.factories import UserFactory
from tests.insights.factories import ActivityLogFactory
from tests.planning.factories import MonthlyPlanFactory, PlanTaskFactory, PreferencesFactory

pytestmark = pytest.mark.django_db

NEW_YORK, LONDON = ZoneInfo("America/New_York"), ZoneInfo("Europe/London")
ROW_FIELDS = ("id", "start_time", "end_time", "scheduling_reason", "sequence", "updated_at", "plan_id")


@pytest.fixture
def person():
    return UserFactory(timezone="America/New_York")


def plan_for(person, month: str = "2026-12", **preferences):
    preference = PreferencesFactory(user=person, **preferences)
    return MonthlyPlanFactory(user=person, preference=preference, month_year=month)


def session(plan, start: dt.datetime, minutes: int = 60, **fields) -> PlanTask:
    return PlanTaskFactory(plan=plan, start_time=start, end_time=start + dt.timedelta(minutes=minutes), **fields)


def follow(person, new: str, *, old: str = "America/New_York", mode: str = KEEP_LOCAL_TIMES):
    return plan_tasks_follow_zone(user=person, old_timezone=old, new_timezone=new, mode=mode, now=SUITE_NOW)


def rows(person) -> list[tuple]:
    return list(PlanTask.objects.filter(user=person).order_by("id").values_list(*ROW_FIELDS))


def wall(task: PlanTask, zone: ZoneInfo) -> dt.datetime:
    return task.start_time.astimezone(zone).replace(tzinfo=None)


def overlaps(task: PlanTask, start: dt.datetime, end: dt.datetime) -> bool:
    return task.start_time < end and task.end_time > start


def on_a_commitment(task: PlanTask, zone: str) -> bool:
    local = task.start_time.astimezone(ZoneInfo(zone))
    work = commitment_intervals(
        year=local.year, month=local.month, timezone=zone, commitments=task.plan.preference.commitments
    )
    return any(overlaps(task, interval.start, interval.end) for interval in work)


def test_new_york_to_london_keeps_every_future_session_at_its_wall_clock_time(person):
    plan = plan_for(person)
    starts = [
        dt.datetime(2026, 12, 1, 18, 0, tzinfo=NEW_YORK),
        dt.datetime(2026, 12, 2, 19, 30, tzinfo=NEW_YORK),
        dt.datetime(2026, 12, 5, 10, 0, tzinfo=NEW_YORK),
        dt.datetime(2026, 12, 31, 23, 0, tzinfo=NEW_YORK),
    ]
    tasks = [session(plan, start, minutes=45) for start in starts]

    outcome = follow(person, "Europe/London")

    assert [move.task.pk for move in outcome.moved] == [task.pk for task in tasks]
    assert outcome.re_placed == [] and outcome.unplaced == []
    for task, start in zip(tasks, starts, strict=True):
        task.refresh_from_db()
        assert wall(task, LONDON) == start.replace(tzinfo=None)
        assert task.end_time - task.start_time == dt.timedelta(minutes=45)
        assert not on_a_commitment(task, "Europe/London")
        assert (task.sequence, task.updated_at) == (1, SUITE_NOW)
        assert task.scheduling_reason == (
            f"Kept at {start:%H:%M} your time after you moved to Europe/London. Placed in free time after work."
        )


def test_a_session_kept_again_after_a_second_move_says_so_once(person):
    plan = plan_for(person)
    task = session(plan, dt.datetime(2026, 12, 1, 18, 0, tzinfo=NEW_YORK))
    follow(person, "Europe/London")

    follow(person, "Asia/Tokyo", old="Europe/London")

    task.refresh_from_db()
    assert wall(task, ZoneInfo("Asia/Tokyo")) == dt.datetime(2026, 12, 1, 18, 0)
    assert task.scheduling_reason == (
        "Kept at 18:00 your time after you moved to Asia/Tokyo. Placed in free time after work."
    )
    assert task.sequence == 2


def test_a_session_that_now_overlaps_a_done_one_is_placed_again_in_free_time(person):
    plan = plan_for(person)
    # Done early: it keeps its absolute time, 13:00 in New York, which is 18:00 in London.
    done = session(plan, dt.datetime(2026, 12, 1, 13, 0, tzinfo=NEW_YORK), is_completed=True, task_description="Run")
    clashing = session(plan, dt.datetime(2026, 12, 1, 18, 0, tzinfo=NEW_YORK), minutes=50)
    kept = session(plan, dt.datetime(2026, 12, 2, 18, 0, tzinfo=NEW_YORK))
    done_before = rows(person)[0]

    outcome = follow(person, "Europe/London")

    assert [move.task.pk for move in outcome.moved] == [kept.pk]
    assert [move.task.pk for move in outcome.re_placed] == [clashing.pk]
    assert outcome.unplaced == []
    assert outcome.re_placed[0].cause == "it now overlapped “Run” (Tue 1 Dec 18:00)"
    clashing.refresh_from_db()
    kept.refresh_from_db()
    assert clashing.end_time - clashing.start_time == dt.timedelta(minutes=50)
    assert clashing.start_time >= SUITE_NOW and clashing.start_time.astimezone(LONDON).month == 12
    for other in (done, kept):
        assert not overlaps(clashing, other.start_time, other.end_time)
    assert not on_a_commitment(clashing, "Europe/London")
    assert clashing.scheduling_reason.startswith(
        "Moved because it now overlapped “Run” (Tue 1 Dec 18:00) after you moved to Europe/London; "
    )
    assert clashing.sequence == 1
    assert rows(person)[0] == done_before


def test_a_session_whose_local_time_has_passed_in_the_new_zone_is_placed_later(person):
    november = plan_for(person, month="2026-11")
    plan_for(person, month="2026-12")
    # 08:00 in New York is still ahead (13:00 UTC); 08:00 in London was two hours ago.
    early = session(november, dt.datetime(2026, 11, 22, 8, 0, tzinfo=NEW_YORK))

    outcome = follow(person, "Europe/London")

    assert [move.task.pk for move in outcome.re_placed] == [early.pk]
    assert outcome.re_placed[0].cause == "its local time (Sun 22 Nov 08:00) had already passed"
    early.refresh_from_db()
    assert early.start_time >= SUITE_NOW
    assert early.start_time.astimezone(LONDON).month == 11  # still in its plan's month


def test_a_clash_with_no_free_time_left_stays_where_it_was_and_is_reported(person):
    no_hours = {day: [] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
    plan = plan_for(person, working_hours=no_hours)
    session(plan, dt.datetime(2026, 12, 1, 13, 0, tzinfo=NEW_YORK), is_completed=True, task_description="Run")
    stuck = session(plan, dt.datetime(2026, 12, 1, 18, 0, tzinfo=NEW_YORK), task_description="Chapter 3")
    # Working hours are no clash for a session kept at its local time: this one moves.
    kept = session(plan, dt.datetime(2026, 12, 3, 18, 0, tzinfo=NEW_YORK))
    stuck_before = rows(person)[1]

    outcome = follow(person, "Europe/London")

    assert [move.task.pk for move in outcome.moved] == [kept.pk]
    assert outcome.re_placed == []
    [(task, reason)] = outcome.unplaced
    assert task.pk == stuck.pk
    assert reason.startswith("It now overlapped “Run” (Tue 1 Dec 18:00) after you moved to Europe/London, and no ")
    assert reason.endswith("; it stays at Tue 1 Dec 23:00.")
    assert rows(person)[1] == stuck_before


def test_keeping_absolute_times_changes_no_row_and_lists_the_sessions_now_on_a_commitment(person):
    plan = plan_for(person)
    # 06:00 in New York is 11:00 in London, inside "Work 09:00-17:00"; 18:00 is 23:00, outside it.
    on_work = session(plan, dt.datetime(2026, 12, 1, 6, 0, tzinfo=NEW_YORK), task_description="Early run")
    session(plan, dt.datetime(2026, 12, 1, 18, 0, tzinfo=NEW_YORK))
    session(plan, dt.datetime(2026, 12, 2, 6, 0, tzinfo=NEW_YORK), is_completed=True)
    before = rows(person)

    outcome = follow(person, "Europe/London", mode=KEEP_ABSOLUTE_TIMES)

    assert outcome.moved == [] and outcome.re_placed == []
    assert outcome.unplaced == [
        (on_work, "At Tue 1 Dec 11:00 your time it now overlaps “Work” (Tue 1 Dec 09:00-17:00) in Europe/London.")
    ]
    assert rows(person) == before


def test_past_done_logged_and_started_sessions_and_their_logs_never_change(person):
    november = plan_for(person, month="2026-11")
    december = plan_for(person)
    session(november, dt.datetime(2026, 11, 20, 18, 0, tzinfo=NEW_YORK))  # past
    session(november, dt.datetime(2026, 11, 22, 4, 30, tzinfo=NEW_YORK))  # under way: 09:30-10:30 UTC
    session(december, dt.datetime(2026, 12, 1, 18, 0, tzinfo=NEW_YORK), is_completed=True)
    logged = session(december, dt.datetime(2026, 12, 2, 18, 0, tzinfo=NEW_YORK))
    hours_ago = [SUITE_NOW - dt.timedelta(hours=hours) for hours in (3, 2)]
    ActivityLogFactory(task=logged, actual_start_time=hours_ago[0], actual_end_time=hours_ago[1])
    session(december, dt.datetime(2026, 12, 3, 18, 0, tzinfo=NEW_YORK), started_at=SUITE_NOW)
    superseded = MonthlyPlanFactory(user=person, preference=december.preference, state=PlanState.SUPERSEDED)
    session(superseded, dt.datetime(2026, 12, 4, 18, 0, tzinfo=NEW_YORK))
    moving = session(december, dt.datetime(2026, 12, 7, 18, 0, tzinfo=NEW_YORK))
    before = [row for row in rows(person) if row[0] != moving.pk]
    logs_before = list(ActivityLog.objects.values_list())

    outcome = follow(person, "Europe/London")

    assert [move.task.pk for move in outcome.moved] == [moving.pk]
    assert [row for row in rows(person) if row[0] != moving.pk] == before
    assert list(ActivityLog.objects.values_list()) == logs_before


def test_a_session_in_the_hour_the_new_zone_skips_starts_when_the_clocks_resume():
    person = UserFactory(timezone="Europe/London")
    plan = plan_for(person, month="2027-03")
    # New York springs forward on 14 March 2027: its clocks go from 02:00 straight to 03:00.
    task = session(plan, dt.datetime(2027, 3, 14, 2, 30, tzinfo=LONDON))

    outcome = follow(person, "America/New_York", old="Europe/London")

    assert [move.task.pk for move in outcome.moved] == [task.pk]
    task.refresh_from_db()
    assert task.start_time == dt.datetime(2027, 3, 14, 3, 0, tzinfo=NEW_YORK)
    assert task.end_time == dt.datetime(2027, 3, 14, 4, 0, tzinfo=NEW_YORK)
    assert task.scheduling_reason == (
        "Moved to 03:00 your time after you moved to America/New_York (02:30 does not exist there on Sun 14 Mar: "
        "the clocks skip that hour). Placed in free time after work."
    )


def test_a_pinned_session_keeps_its_time_when_a_skipped_hour_pushes_another_onto_it():
    person = UserFactory(timezone="Europe/London")
    plan = plan_for(person, month="2027-03")
    pushed = session(plan, dt.datetime(2027, 3, 14, 2, 30, tzinfo=LONDON), minutes=30)
    pinned = session(plan, dt.datetime(2027, 3, 14, 3, 0, tzinfo=LONDON), is_pinned=True, task_description="Pinned")

    outcome = follow(person, "America/New_York", old="Europe/London")

    assert [move.task.pk for move in outcome.moved] == [pinned.pk]
    assert [move.task.pk for move in outcome.re_placed] == [pushed.pk]
    assert outcome.re_placed[0].cause == "it now overlapped “Pinned” (Sun 14 Mar 03:00)"
    pinned.refresh_from_db()
    pushed.refresh_from_db()
    assert pinned.start_time == dt.datetime(2027, 3, 14, 3, 0, tzinfo=NEW_YORK)
    assert not overlaps(pushed, pinned.start_time, pinned.end_time)


def test_a_session_the_new_zones_clock_change_stretches_onto_a_commitment_is_placed_again(person):
    night_shift = [{"day": "sun", "start": "02:00", "end": "04:00", "label": "Night shift"}]
    plan = plan_for(person, month="2027-03", fixed_commitments=night_shift)
    # 00:30-01:30 on 28 March in New York; in London the clocks jump at 01:00, so an hour
    # from 00:30 ends at 02:30, inside the night shift.
    task = session(plan, dt.datetime(2027, 3, 28, 0, 30, tzinfo=NEW_YORK))

    outcome = follow(person, "Europe/London")

    assert [move.task.pk for move in outcome.re_placed] == [task.pk]
    assert outcome.re_placed[0].cause == "it now overlapped “Night shift” (Sun 28 Mar 02:00)"
    task.refresh_from_db()
    assert not on_a_commitment(task, "Europe/London")


def test_the_first_pass_of_a_repeated_hour_is_taken_when_the_old_zone_had_no_repeat():
    # New York repeats 01:00-02:00 on 1 November 2026; London did not repeat it that day.
    moment = dt.datetime(2026, 11, 1, 1, 30, tzinfo=LONDON)

    start, skipped = same_wall_clock(moment, LONDON, NEW_YORK)

    assert not skipped
    assert start == dt.datetime(2026, 11, 1, 5, 30, tzinfo=dt.UTC)  # 01:30 EDT, the first pass


def test_an_unknown_choice_is_refused_before_anything_is_written(person):
    session(plan_for(person), dt.datetime(2026, 12, 1, 18, 0, tzinfo=NEW_YORK))
    before = rows(person)

    with pytest.raises(ZoneMoveRefused) as refused:
        follow(person, "Europe/London", mode="keep_whatever")

    assert refused.value.errors == {
        "future_sessions": ["“keep_whatever” is not a choice here: use keep_local_times or keep_absolute_times."]
    }
    assert rows(person) == before


def test_the_same_zone_moves_nothing(person):
    session(plan_for(person), dt.datetime(2026, 12, 1, 18, 0, tzinfo=NEW_YORK))
    before = rows(person)

    outcome = follow(person, "America/New_York")

    assert (outcome.moved, outcome.re_placed, outcome.unplaced) == ([], [], [])
    assert rows(person) == before


def test_another_persons_sessions_never_move(person):
    session(plan_for(person), dt.datetime(2026, 12, 1, 18, 0, tzinfo=NEW_YORK))
    stranger = UserFactory(timezone="America/New_York")
    session(plan_for(stranger), dt.datetime(2026, 12, 1, 18, 0, tzinfo=NEW_YORK))
    before = rows(stranger)

    outcome = follow(person, "Europe/London")

    assert len(outcome.moved) == 1
    assert rows(stranger) == before


def test_moving_150_sessions_takes_a_bounded_number_of_queries(person, django_assert_max_num_queries):
    plan = plan_for(person)
    for day in range(1, 31):
        for hour in (6, 18, 19, 20, 21):
            session(plan, dt.datetime(2026, 12, day, hour, 0, tzinfo=NEW_YORK), minutes=45)
    # Done early at 13:00 New York time, so in London it sits where the 18:00 session goes.
    session(plan, dt.datetime(2026, 12, 3, 13, 0, tzinfo=NEW_YORK), is_completed=True)

    with django_assert_max_num_queries(8):
        outcome = follow(person, "Europe/London")

    assert len(outcome.moved) + len(outcome.re_placed) + len(outcome.unplaced) == 150
    assert len(outcome.re_placed) + len(outcome.unplaced) == 1
