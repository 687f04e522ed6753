"""Missed sessions at the end of a month move into the next 14 days, across the month's end:
into next month's active plan, or carried over until that month is planned."""

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

import pytest
import time_machine

from planning.models import PlanState, PlanTask
from planning.services.generation import plan_generation_request
from planning.services.generation_worker import plan_generate
from planning.services.missed import CARRY_DAYS, plan_tasks_reschedule_missed
from planning.services.plan_tasks import plan_task_move
from tests.conftest import api_client_for
from tests.planning.factories import MonthlyPlanFactory, PlanTaskFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
# Sunday 29 November 2026, 10:00 in London: a day and a half of November is left.
END_OF_NOVEMBER = dt.datetime(2026, 11, 29, 10, 0, tzinfo=dt.UTC)


def london(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=LONDON)


@pytest.fixture
def november(user, preferences):
    return MonthlyPlanFactory(user=user, preference=preferences, month_year="2026-11")


@pytest.fixture
def missed(november):
    """Eight 90-minute sessions missed last week: far more than the rest of November holds."""
    return [
        PlanTaskFactory(
            plan=november,
            task_description=f"Missed session {n}",
            start_time=london(2026, 11, 23 + n % 5, 18, 0),
            end_time=london(2026, 11, 23 + n % 5, 19, 30),
        )
        for n in range(8)
    ]


def test_what_november_cannot_hold_waits_in_december_as_carried_over(user, november, missed):
    outcome = plan_tasks_reschedule_missed(user=user, now=END_OF_NOVEMBER)

    assert outcome.unplaced == []
    assert len(outcome.moved) == 8
    in_december = [item for item in outcome.moved if item.task.start_time >= london(2026, 12, 1, 0, 0)]
    in_november = [item for item in outcome.moved if item.task.start_time < london(2026, 12, 1, 0, 0)]
    assert in_december and in_november
    for item in outcome.moved:
        task = PlanTask.objects.get(pk=item.task.pk)
        assert END_OF_NOVEMBER <= task.start_time < END_OF_NOVEMBER + CARRY_DAYS
        assert task.plan_id == november.pk
        assert task.sequence == 1
        assert task.is_carried_over is (item in in_december)
        assert item.carried_over is task.is_carried_over
    carried = PlanTask.objects.get(pk=in_december[0].task.pk)
    assert carried.scheduling_reason.startswith("Carried over into December from ")
    assert "it waits here for your December plan" in carried.scheduling_reason
    # The rest of November and the carried sessions never overlap.
    ordered = sorted(PlanTask.objects.filter(user=user), key=lambda task: task.start_time)
    assert all(b.start_time >= a.end_time for a, b in itertools.pairwise(ordered))


def test_a_session_moved_into_december_joins_its_active_plan(user, preferences, november, missed):
    december = MonthlyPlanFactory(user=user, preference=preferences, month_year="2026-12")

    outcome = plan_tasks_reschedule_missed(user=user, now=END_OF_NOVEMBER)

    moved_on = [PlanTask.objects.get(pk=item.task.pk) for item in outcome.moved]
    in_december = [task for task in moved_on if task.start_time >= london(2026, 12, 1, 0, 0)]
    assert in_december
    assert {task.plan_id for task in in_december} == {december.pk}
    assert not any(task.is_carried_over for task in moved_on)
    assert all(not item.carried_over for item in outcome.moved)


def test_decembers_first_plan_is_placed_around_the_carried_sessions_and_adopts_them(user, november, missed):
    plan_tasks_reschedule_missed(user=user, now=END_OF_NOVEMBER)
    carried = {task.pk: (task.start_time, task.end_time) for task in PlanTask.objects.filter(is_carried_over=True)}
    assert carried

    plan_request = plan_generation_request(user=user, month="2026-12")
    december = plan_generate(plan_request_id=plan_request.pk, now=END_OF_NOVEMBER)

    assert december.state == PlanState.ACTIVE
    adopted = PlanTask.objects.filter(pk__in=carried)
    assert {task.plan_id for task in adopted} == {december.pk}
    assert not any(task.is_carried_over for task in adopted)
    assert {task.pk: (task.start_time, task.end_time) for task in adopted} == carried
    ordered = sorted(december.tasks.all(), key=lambda task: task.start_time)
    assert len(ordered) > len(carried)
    assert all(b.start_time >= a.end_time for a, b in itertools.pairwise(ordered))


def test_a_carried_session_can_be_moved_by_hand_within_the_month_it_waits_in(user, november, missed):
    plan_tasks_reschedule_missed(user=user, now=END_OF_NOVEMBER)
    task = PlanTask.objects.filter(is_carried_over=True).select_related("plan__preference").first()
    task.user = user

    plan_task_move(task=task, start_time=london(2026, 12, 5, 14, 0), now=END_OF_NOVEMBER)

    task.refresh_from_db()
    assert (task.start_time, task.moved_by_hand, task.plan_id) == (london(2026, 12, 5, 14, 0), True, november.pk)


def test_the_api_says_which_sessions_were_carried_over(user, november, missed):
    with time_machine.travel(END_OF_NOVEMBER, tick=False):
        response = api_client_for(user).post("/api/plan-tasks/reschedule-missed")
    assert response.status_code == 200
    body = response.json()
    carried = [item for item in body["moved"] if item["carried_over"]]
    assert carried
    assert all(item["task"]["is_carried_over"] for item in carried)
    assert all(item["start_time"] >= "2026-12-01" for item in carried)
