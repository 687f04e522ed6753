import pytest
from django.urls import reverse

from planning.models import GenerationQuota, PlanRequest
from tests.factories import UserFactory
from tests.planning.factories import MonthlyPlanFactory, PlanRequestFactory, PlanTaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("model", ["preferences", "generationquota", "planrequest", "monthlyplan", "plantask"])
def test_every_planning_changelist_loads_searches_by_email_in_few_queries(
    admin_client, model, django_assert_max_num_queries
):
    for _ in range(15):
        plan = MonthlyPlanFactory()
        PlanTaskFactory(plan=plan)
        PlanRequestFactory(user=plan.user)
    with django_assert_max_num_queries(12):
        response = admin_client.get(reverse(f"admin:planning_{model}_changelist"), {"q": "person"})
    assert response.status_code == 200


def test_the_plan_page_shows_the_prompt_and_the_raw_answer(admin_client):
    plan = MonthlyPlanFactory(ai_prompt="PROMPT <goals>", ai_response_raw='{"summary": "RAW"}')
    body = admin_client.get(reverse("admin:planning_monthlyplan_change", args=[plan.pk])).content.decode()
    assert "PROMPT &lt;goals&gt;" in body
    assert "{&quot;summary&quot;: &quot;RAW&quot;}" in body


def test_an_operator_can_fail_a_stuck_request_and_refund_its_quota_once(admin_client):
    plan_request = PlanRequestFactory(status="running")
    GenerationQuota.objects.filter(pk=plan_request.quota_id).update(generations_used=1)
    url = reverse("admin:planning_planrequest_changelist")
    for _ in range(2):
        admin_client.post(url, {"action": "fail_and_refund", "_selected_action": [plan_request.pk]})
    plan_request.refresh_from_db()
    assert plan_request.status == PlanRequest.Status.FAILED
    assert plan_request.quota_refunded
    assert GenerationQuota.objects.get(pk=plan_request.quota_id).generations_used == 0


def test_an_operator_can_give_a_generation_back(admin_client):
    plan_request = PlanRequestFactory()
    quota = GenerationQuota.objects.get(pk=plan_request.quota_id)
    GenerationQuota.objects.filter(pk=quota.pk).update(generations_used=3)
    admin_client.post(
        reverse("admin:planning_generationquota_changelist"),
        {"action": "give_one_back", "_selected_action": [quota.pk]},
    )
    quota.refresh_from_db()
    assert quota.generations_used == 2
