"""Plan generation through Redis and a real Celery worker process."""

import pytest
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from planning.models import GenerationQuota, MonthlyPlan, PlanRequest
from planning.tasks import generate_plan
from tests.celery_worker import celery_worker_process, wait_for, worker_log_path
from tests.clock import month_from_now
from tests.factories import UserFactory
from tests.planning.factories import PreferencesFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_real_worker_generates_the_plan_end_to_end():
    person = UserFactory(timezone="America/New_York")
    PreferencesFactory(user=person)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(person).access_token}")
    with celery_worker_process():
        # The worker runs on the machine's own clock: next month, whatever the date.
        month = month_from_now(timezone=person.timezone)
        response = api.post("/api/plans/generate", {"month": month}, format="json")
        assert response.status_code == 202
        assert response.json()["status"] == "queued"
        status_url = f"/api/plan-requests/{response.json()['id']}"
        final = wait_for(lambda: (body := api.get(status_url).json())["status"] in {"succeeded", "failed"} and body)
    assert final["status"] == "succeeded", final
    plan = MonthlyPlan.objects.get(user=person)
    assert final["plan"] == plan.pk
    assert plan.tasks.count() > 0


def test_the_same_task_delivered_twice_to_a_worker_makes_one_plan_and_charges_once(monkeypatch):
    person = UserFactory()
    PreferencesFactory(user=person)
    from planning.services.generation import plan_generation_request

    # Enqueue by hand below, twice, as a redelivery would.
    monkeypatch.setattr("planning.services.generation.enqueue_generation", lambda plan_request_id: None)
    plan_request = plan_generation_request(user=person, month=month_from_now(timezone=person.timezone))
    with celery_worker_process() as queue:
        generate_plan.delay(plan_request.pk)
        generate_plan.delay(plan_request.pk)
        # Both deliveries have run once the worker logged two finished generate_plan tasks.
        wait_for(lambda: worker_log_path(queue).read_text().count("generate_plan[") >= 4)
    assert MonthlyPlan.objects.filter(user=person).count() == 1
    assert GenerationQuota.objects.get(user=person).generations_used == 1
    assert PlanRequest.objects.get(pk=plan_request.pk).attempts == 1
