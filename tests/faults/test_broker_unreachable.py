"""The broker (Redis) is away when work is enqueued: nothing is charged and nothing is left
"queued" for ever; the person is told to try again in a minute."""

import time

import pytest
from django.core.cache import cache

from insights.models import ActivityLog
from insights.tasks import recompute_key
from planning.models import GenerationQuota, PlanRequest
from planning.services.generation import PLANNING_PAUSED
from tests.faults.conftest import activity_body
from tests.planning.factories import PreferencesFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def person(user):
    PreferencesFactory(user=user)
    return user


def test_generating_with_the_broker_away_answers_503_and_returns_the_generation(api, person, broker_down):
    started = time.monotonic()
    response = api.post("/api/plans/generate", {"month": "2026-12"}, format="json")
    elapsed = time.monotonic() - started

    assert response.status_code == 503
    assert response.json() == {"message": PLANNING_PAUSED}
    assert response["Retry-After"] == "60"
    assert elapsed < 5, f"the enqueue took {elapsed:.1f} s to give up"
    assert GenerationQuota.objects.get(user=person).generations_used == 0
    # The row stays, as a failed and refunded attempt: nothing waits "queued" for a worker.
    (plan_request,) = PlanRequest.objects.filter(user=person)
    assert (plan_request.status, plan_request.quota_refunded) == ("failed", True)
    assert not PlanRequest.objects.filter(status__in=["queued", "running"]).exists()


def test_each_try_with_the_broker_away_leaves_the_allowance_whole(api, person, broker_down):
    for _ in range(6):  # more tries than the monthly allowance of 5
        assert api.post("/api/plans/generate", {"month": "2026-12"}, format="json").status_code == 503
    assert GenerationQuota.objects.get(user=person).generations_used == 0
    assert api.get("/api/quota").json()["remaining"] == 5


def test_the_generate_page_says_planning_is_paused(client, person, broker_down):
    client.force_login(person)
    response = client.post("/plan/generate/", {"month": "2026-12"})

    assert response.status_code == 200
    assert PLANNING_PAUSED in response.content.decode()
    assert GenerationQuota.objects.get(user=person).generations_used == 0
    assert not PlanRequest.objects.filter(status__in=["queued", "running"]).exists()


def test_logging_time_with_the_broker_away_saves_the_log_and_frees_the_debounce(
    api, user, planned_task, broker_down, caplog
):
    response = api.post("/api/activity", activity_body(planned_task), format="json")

    assert response.status_code == 201, response.json()
    assert ActivityLog.objects.filter(user=user, task=planned_task).count() == 1
    # The next log tries to schedule the recomputation again.
    assert cache.get(recompute_key(str(user.pk))) is None
    assert "the recompute could not be enqueued" in caplog.text
