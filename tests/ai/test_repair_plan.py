"""A generated plan records the model calls its draft took, with the tokens and cost of both
(MonthlyPlan.ai_calls, input_tokens, output_tokens, cost); quality never fails a plan."""

import json

import pytest

from ai import reset_provider_cache
from planning.models import GenerationQuota, MonthlyPlan, PlanRequest
from planning.services.generation import plan_generation_request
from tests.fakes.chat_server import ChatServer, Malformed, Reply
from tests.planning.factories import PreferencesFactory
from tests.planning.test_openai_pipeline import DRAFT

pytestmark = pytest.mark.django_db

# The same month, every session but two called the same: 24 of 26 repeat a description.
POOR = {**DRAFT, "tasks": [{**task, "description": "Work on the novel"} for task in DRAFT["tasks"][:-2]]}
POOR["tasks"] += DRAFT["tasks"][-2:]


@pytest.fixture
def site_uses_chat_server(settings):
    with ChatServer() as server:
        settings.AI_PROVIDER = {
            "name": "openai",
            "api_key": "test-key",
            "base_url": server.base_url,
            "model": "gpt-4o-mini",
            "timeout": 1.0,
            "max_retries": 0,
            "deadline": 5,
        }
        reset_provider_cache()
        yield server
    reset_provider_cache()


def _generate(user, django_capture_on_commit_callbacks) -> PlanRequest:
    PreferencesFactory(user=user)
    with django_capture_on_commit_callbacks(execute=True):
        plan_request = plan_generation_request(user=user, month="2026-12")
    plan_request.refresh_from_db()
    return plan_request


def _descriptions(plan: MonthlyPlan) -> list[str]:
    return sorted(plan.tasks.values_list("task_description", flat=True))


def test_a_poor_draft_is_repaired_and_the_plan_counts_both_calls(
    user, site_uses_chat_server, django_capture_on_commit_callbacks
):
    site_uses_chat_server.script(
        Reply(json.dumps(POOR), prompt_tokens=1000, completion_tokens=400),
        Reply(json.dumps(DRAFT), prompt_tokens=1500, completion_tokens=450),
    )

    plan_request = _generate(user, django_capture_on_commit_callbacks)

    assert plan_request.status == "succeeded"
    plan = MonthlyPlan.objects.get()
    assert (plan.ai_calls, plan.input_tokens, plan.output_tokens, str(plan.cost)) == (2, 2500, 850, "0.000885")
    assert _descriptions(plan) == sorted(task["description"] for task in DRAFT["tasks"])
    assert plan.ai_response_raw == json.dumps(DRAFT)
    assert "Your draft has these problems" in plan.ai_prompt
    assert GenerationQuota.objects.get(user=user).generations_used == 1
    assert len(site_uses_chat_server.completion_requests) == 2


def test_a_good_draft_makes_the_plan_in_one_call(user, site_uses_chat_server, django_capture_on_commit_callbacks):
    site_uses_chat_server.script(Reply(json.dumps(DRAFT), prompt_tokens=1000, completion_tokens=400))

    plan_request = _generate(user, django_capture_on_commit_callbacks)

    assert plan_request.status == "succeeded"
    plan = MonthlyPlan.objects.get()
    assert (plan.ai_calls, plan.input_tokens, plan.output_tokens) == (1, 1000, 400)
    assert "Your draft has these problems" not in plan.ai_prompt
    assert len(site_uses_chat_server.completion_requests) == 1


def test_a_repair_answer_that_is_not_json_still_makes_the_plan_from_the_first_draft(
    user, site_uses_chat_server, django_capture_on_commit_callbacks
):
    site_uses_chat_server.script(
        Reply(json.dumps(POOR), prompt_tokens=1000, completion_tokens=400),
        Malformed("{not json", prompt_tokens=1500, completion_tokens=5),
    )

    plan_request = _generate(user, django_capture_on_commit_callbacks)

    assert (plan_request.status, plan_request.error) == ("succeeded", "")
    plan = MonthlyPlan.objects.get()
    assert (plan.ai_calls, plan.input_tokens, plan.output_tokens) == (2, 2500, 405)
    assert _descriptions(plan) == sorted(task["description"] for task in POOR["tasks"])
    assert plan.ai_response_raw == json.dumps(POOR)
    # One generation used, none refunded: the person got a plan.
    assert GenerationQuota.objects.get(user=user).generations_used == 1
