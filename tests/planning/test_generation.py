import datetime as dt
import threading
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from planning.models import GenerationQuota, MonthlyPlan, PlanRequest, PlanState, PlanTask
from planning.scheduler import commitment_intervals, parse_commitments
from planning.services.generation import GenerationRefused, plan_generation_request
from planning.tasks import generate_plan
from tests.factories import UserFactory
from tests.planning.factories import PreferencesFactory

pytestmark = pytest.mark.django_db


def generate(api, run_on_commit, month="2026-12"):
    with run_on_commit():
        response = api.post("/api/plans/generate", {"month": month}, format="json")
    return response


def test_generating_a_plan_answers_202_and_the_request_ends_with_a_placed_month(
    frozen_now, api, user, preferences, run_on_commit
):
    response = generate(api, run_on_commit)
    assert response.status_code == 202
    body = response.json()
    # The work is enqueued when the request's transaction commits, after the answer is
    # built: the answer always says queued, and polling then shows the outcome.
    assert body["status"] == "queued"
    assert body["status_url"].endswith(f"/api/plan-requests/{body['id']}")

    status = api.get(f"/api/plan-requests/{body['id']}").json()
    assert status["status"] == "succeeded"
    assert status["error"] == ""
    plan = MonthlyPlan.objects.get(user=user)
    assert status["plan"] == plan.pk
    assert plan.preference == preferences
    assert plan.month_year == "2026-12"
    assert plan.provider == "offline"
    assert "Writing" in plan.ai_prompt and plan.ai_response_raw
    tasks = list(PlanTask.objects.filter(plan=plan))
    assert len(tasks) >= 8
    assert all(task.scheduling_reason for task in tasks)

    # Every placed task avoids the weekday 09:00-17:00 work commitment, in London wall time.
    zone = ZoneInfo(user.timezone)
    busy = commitment_intervals(
        year=2026, month=12, timezone=user.timezone, commitments=parse_commitments(preferences.fixed_commitments)
    )
    for task in tasks:
        assert task.start_time.astimezone(zone).month == 12
        assert all(task.end_time <= slot.start or slot.end <= task.start_time for slot in busy)

    quota = GenerationQuota.objects.get(user=user)
    assert (quota.month_year, quota.generations_used, quota.total_allowed) == ("2026-11", 1, 5)
    assert quota.resets_on == dt.date(2026, 12, 1)


def test_the_plan_detail_shows_summary_breakdown_tasks_and_unplaced(frozen_now, api, user, preferences, run_on_commit):
    generate(api, run_on_commit)
    plan = MonthlyPlan.objects.get(user=user)
    body = api.get(f"/api/plans/{plan.pk}").json()
    assert body["monthly_summary"] == plan.monthly_summary
    assert body["weekly_breakdown"][0]["week"] == 1
    assert len(body["tasks"]) == plan.tasks.count()
    assert body["tasks"][0]["start_time"] <= body["tasks"][-1]["start_time"]
    assert body["tasks"][0]["start_time"].endswith("+00:00")  # London in December
    assert body["unplaced"] == plan.unplaced
    listed = api.get("/api/plans").json()["results"]
    assert [row["id"] for row in listed] == [plan.pk]


def test_the_current_month_places_nothing_in_the_past(frozen_now, api, user, preferences, run_on_commit):
    generate(api, run_on_commit, month="2026-11")
    plan = MonthlyPlan.objects.get(user=user)
    assert plan.tasks.exists()
    assert all(task.start_time >= frozen_now for task in plan.tasks.all())


@pytest.mark.parametrize(
    ("month", "message"),
    [("2026-10", "outside that range"), ("2027-12", "outside that range"), ("2026-13", "not a month"), ("12/2026", "")],
)
def test_a_month_outside_the_allowed_range_is_refused_with_400_and_costs_nothing(
    frozen_now, api, user, preferences, month, message
):
    response = api.post("/api/plans/generate", {"month": month}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert "month" in body["errors"]
    assert message in body["message"]
    assert not PlanRequest.objects.exists()
    assert GenerationQuota.objects.filter(generations_used__gt=0).count() == 0


def test_generating_without_preferences_says_what_to_do_first(frozen_now, api):
    response = api.post("/api/plans/generate", {"month": "2026-12"}, format="json")
    assert response.status_code == 400
    assert "goals" in response.json()["message"]
    assert not PlanRequest.objects.exists()


def test_a_full_quota_refuses_the_next_generation_with_429_and_when_it_resets(
    frozen_now, api, user, preferences, run_on_commit, settings
):
    settings.MONTHLY_GENERATION_ALLOWANCE = 2
    assert generate(api, run_on_commit).status_code == 202
    assert generate(api, run_on_commit).status_code == 202
    response = generate(api, run_on_commit)
    assert response.status_code == 429
    assert response.json()["message"] == (
        "You have used all 2 plan generations for 2026-11. More become available on 01 December 2026."
    )
    assert PlanRequest.objects.count() == 2
    quota = api.get("/api/quota").json()
    assert quota == {
        "month_year": "2026-11",
        "total_allowed": 2,
        "generations_used": 2,
        "remaining": 0,
        "resets_on": "2026-12-01",
    }


def test_the_quota_resets_with_the_persons_local_month(user, preferences, run_on_commit):
    import time_machine

    user.timezone = "Pacific/Auckland"
    user.save()
    # 30 Nov 12:00 UTC is already 1 December in Auckland: a new billing month there.
    with time_machine.travel(dt.datetime(2026, 11, 30, 12, tzinfo=dt.UTC), tick=False), run_on_commit():
        plan_generation_request(user=user, month="2026-12")
    assert GenerationQuota.objects.get(user=user).month_year == "2026-12"


def test_running_the_same_task_twice_makes_one_plan_and_charges_once(frozen_now, user, preferences, run_on_commit):
    with run_on_commit():
        plan_request = plan_generation_request(user=user, month="2026-12")
    generate_plan.apply(args=[plan_request.pk])
    generate_plan.apply(args=[plan_request.pk])
    assert MonthlyPlan.objects.filter(user=user).count() == 1
    assert GenerationQuota.objects.get(user=user).generations_used == 1
    plan_request.refresh_from_db()
    assert plan_request.status == "succeeded"
    assert plan_request.attempts == 1


def test_a_redelivered_task_finds_the_plan_already_written(frozen_now, user, preferences):
    from planning.services.generation_worker import plan_generate

    plan_request = plan_generation_request(user=user, month="2026-12")
    first = plan_generate(plan_request_id=plan_request.pk)
    second = plan_generate(plan_request_id=plan_request.pk)
    assert first.pk == second.pk
    assert MonthlyPlan.objects.count() == 1


def test_a_failure_while_writing_leaves_no_half_plan_and_refunds_the_quota(
    frozen_now, user, preferences, run_on_commit, monkeypatch
):
    import planning.services.generation_worker as generation

    def bulk_create_that_breaks(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(generation.PlanTask.objects, "bulk_create", bulk_create_that_breaks)
    with run_on_commit():
        plan_request = plan_generation_request(user=user, month="2026-12")
    plan_request.refresh_from_db()
    assert plan_request.status == "failed"
    assert "quota was returned" in plan_request.error
    assert plan_request.quota_refunded
    assert not MonthlyPlan.objects.exists()
    assert not PlanTask.objects.exists()
    assert GenerationQuota.objects.get(user=user).generations_used == 0


def test_people_cannot_see_each_others_requests_or_plans(
    frozen_now, api, outsider_api, user, preferences, run_on_commit
):
    request_id = generate(api, run_on_commit).json()["id"]
    plan_id = MonthlyPlan.objects.get(user=user).pk
    for path in (f"/api/plan-requests/{request_id}", f"/api/plans/{plan_id}"):
        assert api.get(path).status_code == 200
        response = outsider_api.get(path)
        assert response.status_code == 404
        assert response.json() == {"message": "Not found."}
    assert outsider_api.get("/api/plans").json()["results"] == []
    assert api.get("/api/plans/999999999").status_code == 404


def test_plan_lists_and_details_cost_a_fixed_number_of_queries(api, user, django_assert_max_num_queries):
    from tests.planning.factories import MonthlyPlanFactory, PlanTaskFactory

    plans = MonthlyPlanFactory.create_batch(60, user=user, state=PlanState.SUPERSEDED)
    for offset in range(150):
        PlanTaskFactory(
            plan=plans[0], start_time=dt.datetime(2026, 12, 1, 8, tzinfo=dt.UTC) + dt.timedelta(hours=offset)
        )
    with django_assert_max_num_queries(4):
        assert len(api.get("/api/plans?limit=100").json()["results"]) == 60
    with django_assert_max_num_queries(4):
        assert len(api.get(f"/api/plans/{plans[0].pk}").json()["tasks"]) == 150


@pytest.mark.django_db(transaction=True)
def test_simultaneous_requests_with_an_allowance_of_three_accept_exactly_three(settings):
    settings.MONTHLY_GENERATION_ALLOWANCE = 3
    person = UserFactory()
    PreferencesFactory(user=person)
    outcomes: list[str] = []
    barrier = threading.Barrier(10)

    def ask() -> None:
        barrier.wait()
        try:
            plan_generation_request(user=person, month="2026-12", now=dt.datetime(2026, 11, 22, 10, tzinfo=dt.UTC))
            outcomes.append("accepted")
        except GenerationRefused as exc:
            outcomes.append(exc.code)
        finally:
            connection.close()

    # Generation itself is not under test here: keep the enqueued work from running.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("planning.services.generation.enqueue_generation", lambda plan_request_id: None)
        threads = [threading.Thread(target=ask) for _ in range(10)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert sorted(outcomes) == ["accepted"] * 3 + ["quota"] * 7
    assert GenerationQuota.objects.get(user=person).generations_used == 3
    assert PlanRequest.objects.filter(user=person).count() == 3
