"""Changing one task by hand, and re-placing missed ones: the rules the pages and the API share."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.forms.models import model_to_dict

from insights.models import Insight, InsightType
from planning.models import PlanState, PlanTask
from planning.scheduler import commitment_intervals, parse_commitments
from planning.services.missed import plan_tasks_reschedule_missed
from planning.services.plan_tasks import (
    TaskChangeRefused,
    plan_task_change_focus_area,
    plan_task_move,
    plan_task_set_completed,
)
from tests.planning.factories import MonthlyPlanFactory, PlanTaskFactory, PreferencesFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
UTC = dt.UTC
# Sunday 22 November 2026, 10:00 in London (GMT).
NOW = dt.datetime(2026, 11, 22, 10, 0, tzinfo=UTC)
COMMITMENTS = [
    *({"day": day, "start": "09:00", "end": "17:00", "label": "Work"} for day in ("mon", "tue", "wed", "thu", "fri")),
    {"day": "fri", "start": "22:00", "end": "02:00", "label": "Night shift"},
]


def london(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=LONDON)


def row(task: PlanTask) -> dict:
    """The task as stored, to show that a refusal changed nothing."""
    return model_to_dict(PlanTask.objects.get(pk=task.pk))


@pytest.fixture
def preferences(user):
    return PreferencesFactory(user=user, fixed_commitments=COMMITMENTS, focus_areas=["Writing", "Fitness"])


@pytest.fixture
def december(user, preferences):
    return MonthlyPlanFactory(user=user, preference=preferences, month_year="2026-12")


@pytest.fixture
def task(december):
    # Tuesday 1 December 2026, 18:00-19:00 in London.
    return PlanTaskFactory(plan=december, scheduling_reason="Medium task placed on Tuesday 1 December at 18:00.")


def refused(**kwargs: object) -> TaskChangeRefused:
    with pytest.raises(TaskChangeRefused) as caught:
        plan_task_move(now=NOW, **kwargs)
    return caught.value


# --- moving -------------------------------------------------------------------------------


def test_a_move_keeps_the_length_and_says_it_was_moved_by_hand(task):
    moved = plan_task_move(task=task, start_time=london(2026, 12, 2, 19, 30), now=NOW)

    task.refresh_from_db()
    assert task.start_time == dt.datetime(2026, 12, 2, 19, 30, tzinfo=UTC)
    assert task.end_time == dt.datetime(2026, 12, 2, 20, 30, tzinfo=UTC)
    assert task.scheduling_reason == (
        "Moved by hand to Wed 2 Dec 19:30. Medium task placed on Tuesday 1 December at 18:00."
    )
    assert moved.start_time == task.start_time


def test_moving_again_replaces_the_moved_by_hand_sentence_instead_of_stacking_them(task):
    plan_task_move(task=task, start_time=london(2026, 12, 2, 19, 30), now=NOW)
    plan_task_move(task=task, start_time=london(2026, 12, 3, 18, 0), now=NOW)

    task.refresh_from_db()
    assert task.scheduling_reason == (
        "Moved by hand to Thu 3 Dec 18:00. Medium task placed on Tuesday 1 December at 18:00."
    )


def test_a_move_may_set_a_new_end(task):
    plan_task_move(task=task, start_time=london(2026, 12, 5, 10, 0), end_time=london(2026, 12, 5, 12, 15), now=NOW)

    task.refresh_from_db()
    assert (task.start_time, task.end_time) == (london(2026, 12, 5, 10, 0), london(2026, 12, 5, 12, 15))


def test_a_task_may_end_exactly_when_a_commitment_starts(task):
    plan_task_move(task=task, start_time=london(2026, 12, 3, 8, 0), now=NOW)

    task.refresh_from_db()
    assert task.end_time == london(2026, 12, 3, 9, 0)


def test_a_move_into_a_commitment_is_refused_naming_it_and_its_local_times(task):
    before = row(task)

    refusal = refused(task=task, start_time=london(2026, 12, 3, 16, 30))

    assert refusal.field == "start_time"
    assert (
        refusal.message == "That time overlaps your commitment “Work” (Thu 3 Dec 09:00-17:00). Pick a time outside it."
    )
    assert row(task) == before


def test_a_move_into_the_small_hours_of_an_overnight_commitment_is_refused(task):
    before = row(task)

    # The Friday night shift runs 22:00 to 02:00 into Saturday.
    refusal = refused(task=task, start_time=london(2026, 12, 5, 1, 0))

    assert refusal.field == "start_time"
    assert refusal.message == (
        "That time overlaps your commitment “Night shift” (Fri 4 Dec 22:00 to Sat 5 Dec 02:00). Pick a time outside it."
    )
    assert row(task) == before


def test_a_move_onto_another_task_is_refused_naming_that_task(task, december):
    PlanTaskFactory(
        plan=december,
        task_description="Spanish flashcards",
        start_time=london(2026, 12, 2, 18, 0),
        end_time=london(2026, 12, 2, 18, 45),
    )
    before = row(task)

    refusal = refused(task=task, start_time=london(2026, 12, 2, 17, 50))

    assert refusal.field == "start_time"
    assert refusal.message == "That time overlaps “Spanish flashcards” (Wed 2 Dec 18:00-18:45). Pick a free time."
    assert row(task) == before


def test_a_task_of_an_older_plan_for_the_same_month_does_not_block_a_move(user, preferences):
    older = MonthlyPlanFactory(
        user=user,
        preference=preferences,
        month_year="2026-12",
        generated_at=NOW - dt.timedelta(days=2),
        state=PlanState.SUPERSEDED,
    )
    PlanTaskFactory(plan=older, start_time=london(2026, 12, 2, 18, 0))
    newest = MonthlyPlanFactory(
        user=user, preference=preferences, month_year="2026-12", generated_at=NOW - dt.timedelta(days=1)
    )
    task = PlanTaskFactory(plan=newest)

    plan_task_move(task=task, start_time=london(2026, 12, 2, 18, 0), now=NOW)

    task.refresh_from_db()
    assert task.start_time == london(2026, 12, 2, 18, 0)


def test_another_persons_task_at_the_same_time_does_not_block_a_move(task, other_user):
    PlanTaskFactory(plan__user=other_user, start_time=dt.datetime(2026, 12, 2, 18, 0, tzinfo=UTC))

    plan_task_move(task=task, start_time=london(2026, 12, 2, 18, 0), now=NOW)

    task.refresh_from_db()
    assert task.start_time == london(2026, 12, 2, 18, 0)


def test_a_move_out_of_the_plans_month_is_refused(task):
    before = row(task)

    refusal = refused(task=task, start_time=london(2027, 1, 4, 18, 0))

    assert refusal.field == "start_time"
    assert refusal.message == "This task belongs to the December 2026 plan; pick a time in December 2026."
    assert row(task) == before


def test_a_move_that_would_run_into_the_next_month_is_refused(task):
    before = row(task)

    refusal = refused(task=task, start_time=london(2026, 12, 31, 23, 30))

    assert refusal.field == "end_time"
    assert "past the end of December 2026" in refusal.message
    assert row(task) == before


def test_a_move_into_the_past_is_refused(user, preferences):
    november = MonthlyPlanFactory(user=user, preference=preferences, month_year="2026-11")
    task = PlanTaskFactory(plan=november, start_time=london(2026, 11, 24, 18, 0))
    before = row(task)

    refusal = refused(task=task, start_time=london(2026, 11, 21, 18, 0))

    assert refusal.field == "start_time"
    assert refusal.message == "That time has already passed. Pick a time from now on."
    assert row(task) == before


def test_a_move_to_a_wall_time_that_the_spring_forward_skips_is_refused(user, preferences):
    march = MonthlyPlanFactory(user=user, preference=preferences, month_year="2027-03")
    task = PlanTaskFactory(plan=march, start_time=london(2027, 3, 27, 18, 0))
    before = row(task)

    # On Sunday 28 March 2027 London's clocks go from 01:00 straight to 02:00.
    refusal = refused(task=task, start_time=london(2027, 3, 28, 1, 30))

    assert refusal.field == "start_time"
    assert refusal.message == (
        "01:30 on 2027-03-28 does not exist in Europe/London: the clocks skip that hour for daylight saving. "
        "Pick a time before or after the change."
    )
    assert row(task) == before


def test_the_same_instant_given_with_its_offset_is_a_real_time_and_is_accepted(user, preferences):
    march = MonthlyPlanFactory(user=user, preference=preferences, month_year="2027-03")
    task = PlanTaskFactory(plan=march, start_time=london(2027, 3, 27, 18, 0))

    plan_task_move(task=task, start_time=dt.datetime(2027, 3, 28, 1, 30, tzinfo=UTC), now=NOW)

    task.refresh_from_db()
    assert task.start_time.astimezone(LONDON).strftime("%H:%M %Z") == "02:30 BST"


def test_an_end_before_the_start_is_refused(task):
    before = row(task)

    refusal = refused(task=task, start_time=london(2026, 12, 2, 19, 0), end_time=london(2026, 12, 2, 18, 0))

    assert refusal.field == "end_time"
    assert refusal.message == "The end must be after the start."
    assert row(task) == before


def test_an_end_equal_to_the_start_is_refused(task):
    before = row(task)

    refusal = refused(task=task, start_time=london(2026, 12, 2, 19, 0), end_time=london(2026, 12, 2, 19, 0))

    assert refusal.field == "end_time"
    assert row(task) == before


# --- focus area and completion --------------------------------------------------------------


def test_the_focus_area_can_change_to_another_of_the_plans_stored_in_its_own_spelling(task):
    plan_task_change_focus_area(task=task, focus_area="  fitness ")

    task.refresh_from_db()
    assert task.focus_area == "Fitness"


def test_an_unknown_focus_area_is_refused(task):
    before = row(task)

    with pytest.raises(TaskChangeRefused) as caught:
        plan_task_change_focus_area(task=task, focus_area="Cooking")

    assert caught.value.field == "focus_area"
    assert caught.value.message == "“Cooking” is not one of this plan's focus areas; choose one of Writing, Fitness."
    assert row(task) == before


def test_completing_a_task_records_when_and_reopening_it_clears_that(task):
    plan_task_set_completed(task=task, is_completed=True, now=NOW)
    task.refresh_from_db()
    assert (task.is_completed, task.completed_at) == (True, NOW)

    plan_task_set_completed(task=task, is_completed=True, now=NOW + dt.timedelta(hours=1))
    task.refresh_from_db()
    assert task.completed_at == NOW  # ticking it again keeps when it was first done

    plan_task_set_completed(task=task, is_completed=False)
    task.refresh_from_db()
    assert (task.is_completed, task.completed_at) == (False, None)


# --- re-placing missed tasks ---------------------------------------------------------------


@pytest.fixture
def november(user, preferences):
    return MonthlyPlanFactory(user=user, preference=preferences, month_year="2026-11")


def overlaps(task: PlanTask, start: dt.datetime, end: dt.datetime) -> bool:
    return task.start_time < end and start < task.end_time


def test_missed_tasks_move_into_free_future_time_around_commitments_and_other_tasks(user, preferences, november):
    missed_hard = PlanTaskFactory(
        plan=november,
        task_description="Outline chapter 3",
        difficulty_level="hard",
        start_time=london(2026, 11, 17, 18, 0),
        end_time=london(2026, 11, 17, 19, 30),
    )
    missed_easy = PlanTaskFactory(
        plan=november,
        task_description="Stretching",
        focus_area="Fitness",
        difficulty_level="easy",
        start_time=london(2026, 11, 18, 18, 0),
        end_time=london(2026, 11, 18, 18, 45),
    )
    done = PlanTaskFactory(plan=november, start_time=london(2026, 11, 19, 18, 0), is_completed=True)
    upcoming = PlanTaskFactory(plan=november, start_time=london(2026, 11, 23, 18, 0))
    october = PlanTaskFactory(plan__user=user, plan__month_year="2026-10", start_time=london(2026, 10, 20, 18, 0))
    untouched = {task.pk: row(task) for task in (done, upcoming, october)}

    outcome = plan_tasks_reschedule_missed(user=user, now=NOW)

    assert outcome.unplaced == []
    assert {item.task.pk for item in outcome.moved} == {missed_hard.pk, missed_easy.pk}
    assert [item.task.start_time for item in outcome.moved] == sorted(item.task.start_time for item in outcome.moved)
    busy = commitment_intervals(
        year=2026, month=11, timezone="Europe/London", commitments=parse_commitments(COMMITMENTS)
    )
    for item, original in ((missed_hard, (90, "Tue 17 Nov 18:00")), (missed_easy, (45, "Wed 18 Nov 18:00"))):
        item.refresh_from_db()
        minutes, old_when = original
        assert item.start_time >= NOW
        assert item.end_time - item.start_time == dt.timedelta(minutes=minutes)
        assert item.start_time.astimezone(LONDON).month == 11
        assert item.end_time.astimezone(LONDON).month == 11
        assert not any(overlaps(item, slot.start, slot.end) for slot in busy)
        assert not overlaps(item, upcoming.start_time, upcoming.end_time)
        assert item.scheduling_reason.startswith(f"Moved from {old_when} because it was missed; ")
        moved = next(entry for entry in outcome.moved if entry.task.pk == item.pk)
        assert moved.reason == item.scheduling_reason
        assert moved.old_start == london(*{90: (2026, 11, 17, 18, 0), 45: (2026, 11, 18, 18, 0)}[minutes])
    missed_hard.refresh_from_db()
    missed_easy.refresh_from_db()
    assert not overlaps(missed_hard, missed_easy.start_time, missed_easy.end_time)
    assert {task.pk: row(task) for task in (done, upcoming, october)} == untouched


def test_a_second_run_right_away_moves_nothing(user, preferences, november):
    missed = PlanTaskFactory(plan=november, start_time=london(2026, 11, 17, 18, 0))
    first = plan_tasks_reschedule_missed(user=user, now=NOW)
    assert [item.task.pk for item in first.moved] == [missed.pk]
    after_first = row(missed)

    second = plan_tasks_reschedule_missed(user=user, now=NOW + dt.timedelta(seconds=5))

    assert (second.moved, second.unplaced) == ([], [])
    assert row(missed) == after_first


def test_a_missed_task_that_fits_nowhere_stays_and_is_reported_with_why(user, preferences, november):
    # Thirteen hours: longer than any day's 08:00-20:00 working window.
    marathon = PlanTaskFactory(
        plan=november,
        task_description="Write all of chapter 4",
        start_time=london(2026, 11, 14, 7, 0),
        end_time=london(2026, 11, 14, 20, 0),
    )
    fits = PlanTaskFactory(plan=november, start_time=london(2026, 11, 17, 18, 0))
    before = row(marathon)

    outcome = plan_tasks_reschedule_missed(user=user, now=NOW)

    assert [item.task.pk for item in outcome.moved] == [fits.pk]
    assert [(task.pk, reason) for task, reason in outcome.unplaced] == [
        (
            marathon.pk,
            "Nothing fits between now and Sun 6 Dec 10:00 (the next 14 days). "
            "No free 780-minute slot left in the month's working hours (08:00-20:00) after your commitments "
            "(with 15 min kept clear around each) and other sessions. "
            "It stays at Sat 14 Nov 07:00; move it by hand if you find the time.",
        )
    ]
    assert row(marathon) == before

    again = plan_tasks_reschedule_missed(user=user, now=NOW)
    assert again.moved == []
    assert [task.pk for task, _ in again.unplaced] == [marathon.pk]
    assert row(marathon) == before


def test_missed_tasks_of_an_older_plan_for_the_month_are_left_alone(user, preferences):
    older = MonthlyPlanFactory(
        user=user,
        preference=preferences,
        month_year="2026-11",
        generated_at=NOW - dt.timedelta(days=20),
        state=PlanState.SUPERSEDED,
    )
    superseded = PlanTaskFactory(plan=older, start_time=london(2026, 11, 10, 18, 0))
    MonthlyPlanFactory(user=user, preference=preferences, month_year="2026-11", generated_at=NOW - dt.timedelta(days=9))
    before = row(superseded)

    outcome = plan_tasks_reschedule_missed(user=user, now=NOW)

    assert (outcome.moved, outcome.unplaced) == ([], [])
    assert row(superseded) == before


def test_measured_overrun_is_not_applied_again_to_a_re_placed_task(user, preferences, november):
    Insight.objects.create(
        user=user, insight_type=InsightType.SESSION_DURATION, insight_value={"multipliers": {"Writing": 1.5}}
    )
    missed = PlanTaskFactory(
        plan=november, start_time=london(2026, 11, 17, 18, 0), end_time=london(2026, 11, 17, 19, 30)
    )

    plan_tasks_reschedule_missed(user=user, now=NOW)

    missed.refresh_from_db()
    assert missed.end_time - missed.start_time == dt.timedelta(minutes=90)
    assert "measured overrun" not in missed.scheduling_reason
