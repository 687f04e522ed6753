"""Admin screens and actions cost the same number of queries with many rows as with few."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from planning.models import GenerationQuota, PlanRequest, PlanState
from tests.factories import UserFactory
from tests.insights.factories import ActivityLogFactory
from tests.planning.factories import MonthlyPlanFactory, PlanRequestFactory, PlanTaskFactory, PreferencesFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def _rows_of(person, count: int) -> None:
    quota = PlanRequestFactory(user=person).quota
    for _ in range(count):
        preferences = PreferencesFactory(user=person)
        plan = MonthlyPlanFactory(user=person, preference=preferences, state=PlanState.SUPERSEDED)
        task = PlanTaskFactory(plan=plan)
        ActivityLogFactory(task=task)
        PlanRequestFactory(user=person, preference=preferences, quota=quota)


def _queries(action) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = action()
    assert response.status_code in (200, 302)
    return len(captured)


def test_the_delete_page_of_a_person_costs_the_same_with_many_rows(admin_client):
    few, many = UserFactory(), UserFactory()
    _rows_of(few, 1)
    _rows_of(many, 25)
    url = lambda person: reverse("admin:accounts_user_delete", args=[person.pk])  # noqa: E731
    assert _queries(lambda: admin_client.get(url(many))) == _queries(lambda: admin_client.get(url(few)))


def test_giving_generations_back_is_one_update_whatever_the_number_of_quotas(admin_client):
    changelist = reverse("admin:planning_generationquota_changelist")

    def give_back(count: int):
        quotas = [PlanRequestFactory().quota for _ in range(count)]
        GenerationQuota.objects.filter(pk__in=[quota.pk for quota in quotas]).update(generations_used=2)
        data = {"action": "give_one_back", "_selected_action": [quota.pk for quota in quotas]}
        return lambda: admin_client.post(changelist, data)

    assert _queries(give_back(30)) == _queries(give_back(2))
    assert set(GenerationQuota.objects.values_list("generations_used", flat=True)) == {1}


def test_failing_and_refunding_requests_costs_the_same_for_many(admin_client):
    changelist = reverse("admin:planning_planrequest_changelist")

    def fail(count: int):
        requests = [PlanRequestFactory(status="running") for _ in range(count)]
        GenerationQuota.objects.filter(pk__in=[r.quota_id for r in requests]).update(generations_used=1)
        data = {"action": "fail_and_refund", "_selected_action": [r.pk for r in requests]}
        return lambda: admin_client.post(changelist, data)

    assert _queries(fail(30)) == _queries(fail(2))
    assert set(PlanRequest.objects.values_list("status", "quota_refunded")) == {("failed", True)}
    assert set(GenerationQuota.objects.values_list("generations_used", flat=True)) == {0}


def test_pages_and_the_api_never_read_the_prompt_or_the_raw_answer(client, user, django_capture_on_commit_callbacks):
    from tests.conftest import api_client_for

    plan = MonthlyPlanFactory(user=user, month_year="2026-12", ai_prompt="P" * 16_000, ai_response_raw="R" * 16_000)
    task = PlanTaskFactory(plan=plan)
    plan_request = PlanRequestFactory(user=user, preference=plan.preference, status="succeeded")
    plan.request = plan_request
    plan.save(update_fields=["request"])
    api = api_client_for(user)
    client.force_login(user)
    calls = [
        lambda: api.get("/api/plans"),
        lambda: api.get(f"/api/plans/{plan.pk}"),
        lambda: api.get(f"/api/plan-requests/{plan_request.pk}"),
        lambda: api.patch(f"/api/plan-tasks/{task.pk}", {"is_completed": True}, format="json"),
        lambda: client.get(reverse("planning:plans")),
        lambda: client.get(reverse("planning:plan", args=[plan.pk])),
        lambda: client.get(reverse("planning:request_status", args=[plan_request.pk])),
        lambda: client.post(reverse("planning:task_complete", args=[task.pk]), {"is_completed": "0"}),
    ]
    for call in calls:
        with CaptureQueriesContext(connection) as captured:
            assert call().status_code in (200, 302)
        read = [query["sql"] for query in captured if "ai_response_raw" in query["sql"] or "ai_prompt" in query["sql"]]
        assert read == [], read
