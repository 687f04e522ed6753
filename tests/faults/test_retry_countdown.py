"""How long a busy model makes a plan request wait: never past the cap, never past the
broker's visibility timeout (after which Redis would hand the waiting retry out twice)."""

import json
import math

import pytest
from django.conf import settings

from ai import reset_provider_cache
from planning.models import PlanRequest
from planning.services.generation import plan_generation_request
from planning.tasks import (
    BAD_RESPONSE_COUNTDOWN,
    HARD_TIME_LIMIT,
    RETRY_AFTER_CAP,
    RETRY_COUNTDOWNS,
    generate_plan,
    retry_countdown,
)
from tests.fakes.chat_server import ChatServer, Reply, Status
from tests.planning.factories import PreferencesFactory
from tests.planning.test_openai_pipeline import DRAFT

VISIBILITY_TIMEOUT = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]


@pytest.mark.parametrize("retries", range(len(RETRY_COUNTDOWNS)))
@pytest.mark.parametrize("retry_after", [None, 0, 5, 45, 119.5, 999, 10**9, math.inf, math.nan])
def test_a_retry_waits_the_schedule_or_the_models_retry_after_up_to_the_cap(retries, retry_after):
    countdown = retry_countdown(retries, retry_after)
    asked = retry_after if retry_after is not None and math.isfinite(retry_after) else 0
    assert countdown == min(max(RETRY_COUNTDOWNS[retries], math.ceil(asked)), 120)
    assert countdown <= RETRY_AFTER_CAP < VISIBILITY_TIMEOUT


def test_every_wait_on_the_queue_is_shorter_than_the_visibility_timeout():
    assert generate_plan.time_limit == HARD_TIME_LIMIT
    assert HARD_TIME_LIMIT < VISIBILITY_TIMEOUT <= HARD_TIME_LIMIT + 120
    waits = [*RETRY_COUNTDOWNS, RETRY_AFTER_CAP, BAD_RESPONSE_COUNTDOWN, settings.INSIGHTS_RECOMPUTE_DELAY_SECONDS]
    assert max(waits) < VISIBILITY_TIMEOUT


@pytest.mark.django_db
def test_a_retry_after_of_999_s_from_the_model_is_retried_in_120_s(user, settings, monkeypatch):
    PreferencesFactory(user=user)
    with ChatServer() as server:
        settings.AI_PROVIDER = {
            "name": "openai",
            "api_key": "test-key",
            "base_url": server.base_url,
            "model": "gpt-4o-mini",
            "timeout": 2.0,
            "max_retries": 0,
            "retry_after_cap": 0,
        }
        reset_provider_cache()
        server.script(Status(429, headers={"retry-after": "999"}), Reply(json.dumps(DRAFT)))
        countdowns, progress = [], []
        original_retry = generate_plan.retry

        def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
            countdowns.append(kwargs["countdown"])
            progress.append(PlanRequest.objects.get().progress)
            return original_retry(*args, **kwargs)

        monkeypatch.setattr(generate_plan, "retry", spy)
        monkeypatch.setattr("planning.services.generation.enqueue_generation", lambda plan_request_id: None)
        plan_request = plan_generation_request(user=user, month="2026-12")
        # In-process, as the suite runs tasks: the retry runs at once, its countdown is recorded.
        generate_plan.apply(args=[plan_request.pk])
    reset_provider_cache()

    assert countdowns == [120]
    assert progress == ["The AI service is busy; trying again in 120 s…"]
    assert PlanRequest.objects.get().status == "succeeded"
