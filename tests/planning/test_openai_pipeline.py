"""Plan generation through the real openai client against a local chat-completions server.

Each fault ends in a valid plan or in a failed request with the quota refunded, never in a
half-written plan.
"""

import json

import pytest

from ai import reset_provider_cache
from planning.models import GenerationQuota, MonthlyPlan, PlanRequest, PlanTask
from planning.services.generation import plan_generation_request
from tests.fakes.chat_server import ChatServer, Malformed, Reply, Slow, Status

pytestmark = pytest.mark.django_db

# A draft the quality check passes (ai.draft_quality), so it takes one call: 26 distinct
# sessions, 1,410 minutes, for a Balanced December that should hold about 1,570.
_SESSIONS = [
    ("Outline chapter 3", "Writing", 90, "hard"),
    ("Easy 5 km run", "Fitness", 45, "easy"),
    ("Revise chapter 2", "Writing", 60, "medium"),
]
_SESSIONS += [(f"Write 1,000 words of the novel ({n},000 of 12,000)", "Writing", 60, "medium") for n in range(1, 13)]
_SESSIONS += [(f"Run {n} km at an easy pace", "Fitness", 45, "easy") for n in range(3, 14)]
DRAFT = {
    "summary": "December: 12,000 words of the novel and a steady running habit.",
    "weekly_breakdown": [{"week": w, "theme": f"Week {w}", "focus_areas": ["Writing", "Fitness"]} for w in range(1, 6)],
    "tasks": [
        {
            "description": description,
            "target": "",
            "focus_area": area,
            "duration_minutes": minutes,
            "difficulty": difficulty,
            "week": 1 + index % 5,
            "intent": "Keeps the month moving.",
        }
        for index, (description, area, minutes, difficulty) in enumerate(_SESSIONS)
    ],
}


@pytest.fixture
def chat_server(settings):
    with ChatServer() as server:
        settings.AI_PROVIDER = {
            "name": "openai",
            "api_key": "test-key",
            "base_url": server.base_url,
            "model": "gpt-4o-mini",
            "timeout": 1.0,
            "max_retries": 1,
            "deadline": 5,
        }
        reset_provider_cache()
        yield server
    reset_provider_cache()


def run_generation(user, run_on_commit) -> PlanRequest:
    with run_on_commit():
        plan_request = plan_generation_request(user=user, month="2026-12")
    plan_request.refresh_from_db()
    return plan_request


def assert_failed_and_refunded(plan_request: PlanRequest, user) -> None:
    assert plan_request.status == "failed"
    assert plan_request.error
    assert plan_request.quota_refunded
    assert GenerationQuota.objects.get(user=user).generations_used == 0
    assert not MonthlyPlan.objects.exists()
    assert not PlanTask.objects.exists()


def test_a_valid_answer_becomes_a_plan_with_usage_and_cost(frozen_now, user, preferences, run_on_commit, chat_server):
    chat_server.script(Reply(json.dumps(DRAFT), prompt_tokens=1000, completion_tokens=500))
    plan_request = run_generation(user, run_on_commit)
    assert plan_request.status == "succeeded"
    plan = MonthlyPlan.objects.get()
    assert (plan.provider, plan.model_name, plan.input_tokens, plan.output_tokens) == (
        "openai",
        "gpt-4o-mini",
        1000,
        500,
    )
    # gpt-4o-mini: $0.15 / 1M input, $0.60 / 1M output.
    assert str(plan.cost) == "0.000450"
    assert plan.ai_response_raw == json.dumps(DRAFT)
    assert "Writing" in plan.ai_prompt
    assert sorted(plan.tasks.values_list("task_description", flat=True)) == sorted(
        t["description"] for t in DRAFT["tasks"]
    )
    sent = chat_server.last_request.json
    assert sent["model"] == "gpt-4o-mini"
    assert sent["response_format"]["type"] == "json_schema"


def test_a_429_then_success_still_makes_the_plan(frozen_now, user, preferences, run_on_commit, chat_server):
    chat_server.script(Status(429, headers={"retry-after": "0"}), Reply(json.dumps(DRAFT)))
    plan_request = run_generation(user, run_on_commit)
    assert plan_request.status == "succeeded"
    assert MonthlyPlan.objects.count() == 1
    assert GenerationQuota.objects.get(user=user).generations_used == 1


def test_a_500_every_time_fails_the_request_and_refunds_the_quota(
    frozen_now, user, preferences, run_on_commit, chat_server
):
    chat_server.script(Status(500))
    plan_request = run_generation(user, run_on_commit)
    assert_failed_and_refunded(plan_request, user)
    assert "try again" in plan_request.error.lower()
    # Bounded: (1 + 1 client retry) x (1 + 3 task retries) attempts, no more.
    assert len(chat_server.completion_requests) == 8


@pytest.mark.parametrize(
    "answer",
    [
        Malformed("{not json"),
        Reply(json.dumps({**DRAFT, "tasks": [{**DRAFT["tasks"][0], "difficulty": "extreme"}]})),
        Reply(json.dumps({"summary": "no tasks at all", "weekly_breakdown": DRAFT["weekly_breakdown"]})),
    ],
    ids=["malformed-json", "schema-invalid", "missing-tasks"],
)
def test_an_unusable_answer_fails_the_request_with_quota_refunded(
    frozen_now, user, preferences, run_on_commit, chat_server, answer
):
    chat_server.script(answer)
    plan_request = run_generation(user, run_on_commit)
    assert_failed_and_refunded(plan_request, user)
    assert len(chat_server.completion_requests) == 2  # asked once more, then gave up


def test_an_unknown_focus_area_is_repaired_not_refused(frozen_now, user, preferences, run_on_commit, chat_server):
    # Issue 11: an answer that fits the schema we send is repaired instead of failing the
    # plan; a focus area that is not the person's becomes one of theirs.
    tasks = [{**DRAFT["tasks"][0], "focus_area": "Astrology"}, *DRAFT["tasks"][1:]]
    chat_server.script(Reply(json.dumps({**DRAFT, "tasks": tasks})))
    plan_request = run_generation(user, run_on_commit)
    plan_request.refresh_from_db()
    assert plan_request.status == "succeeded"
    areas = set(MonthlyPlan.objects.get(user=user).tasks.values_list("focus_area", flat=True))
    assert areas and areas <= set(preferences.focus_areas)
    assert len(chat_server.completion_requests) == 1


def test_a_slow_answer_past_the_timeout_fails_cleanly(
    frozen_now, user, preferences, run_on_commit, chat_server, settings
):
    settings.AI_PROVIDER = {**settings.AI_PROVIDER, "max_retries": 0, "timeout": 0.5}
    reset_provider_cache()
    chat_server.script(Slow(2.0, then=Reply(json.dumps(DRAFT))))
    plan_request = run_generation(user, run_on_commit)
    assert_failed_and_refunded(plan_request, user)


def test_a_slow_answer_then_a_fast_one_makes_the_plan(frozen_now, user, preferences, run_on_commit, chat_server):
    chat_server.script(Slow(2.0, then=Reply(json.dumps(DRAFT))), Reply(json.dumps(DRAFT)))
    plan_request = run_generation(user, run_on_commit)
    assert plan_request.status == "succeeded"
    assert MonthlyPlan.objects.count() == 1
