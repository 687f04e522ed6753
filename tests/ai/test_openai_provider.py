"""The OpenAI-compatible provider, exercised with the real openai client against a local server."""

import json
import pickle
import random
import time
from decimal import Decimal

import pytest

from ai.base import AdviceResult, PlanResult, ProviderBadResponse, ProviderError, ProviderUnavailable, Usage
from ai.openai_provider import OpenAIProvider, parse_retry_after
from ai.pricing import PRICES, cost_for
from ai.registry import provider_from_config, reset_provider_cache
from ai.schemas import PlanDraft
from tests.fakes.chat_server import ChatServer, Malformed, RawBody, Reply, Slow, Status


def _sleeps() -> tuple[list[float], object]:
    waited: list[float] = []
    return waited, waited.append


# --- a good answer -----------------------------------------------------------------------


def test_a_valid_answer_becomes_a_plan_result_with_usage_and_cost(
    chat_server, make_provider, plan_context, draft_payload
):
    chat_server.script(Reply(draft_payload(), prompt_tokens=1200, completion_tokens=800))

    result = make_provider().draft_plan(plan_context())

    assert isinstance(result, PlanResult)
    assert result.draft == PlanDraft.model_validate(draft_payload())
    assert [task.focus_area for task in result.draft.tasks] == ["Health", "Career", "Learning"]
    assert result.usage == Usage(input_tokens=1200, output_tokens=800)
    # gpt-4o-mini: 0.15 USD per 1M input tokens, 0.60 per 1M output tokens.
    assert result.cost == Decimal("0.000660")
    assert (
        result.cost
        == Decimal(1200) * PRICES["gpt-4o-mini"][0] / 10**6 + Decimal(800) * PRICES["gpt-4o-mini"][1] / 10**6
    )
    assert result.raw == json.dumps(draft_payload())
    assert (result.provider, result.model) == ("openai", "gpt-4o-mini")
    assert "[system]" in result.prompt and "[user]" in result.prompt


def test_the_request_names_the_model_and_asks_for_the_strict_plan_schema(
    chat_server, make_provider, plan_context, draft_payload
):
    chat_server.script(Reply(draft_payload()))

    make_provider(model="gpt-4.1-mini").draft_plan(plan_context())

    (request,) = chat_server.requests
    assert request.path == "/v1/chat/completions"
    assert request.headers["authorization"] == "Bearer test-key"
    body = request.json
    assert body["model"] == "gpt-4.1-mini"
    response_format = body["response_format"]
    assert response_format["type"] == "json_schema"
    assert response_format["json_schema"]["name"] == "plan_draft"
    assert response_format["json_schema"]["strict"] is True
    schema = response_format["json_schema"]["schema"]
    assert schema["required"] == ["summary", "weekly_breakdown", "tasks"]
    assert schema["additionalProperties"] is False
    task_schema = schema["$defs"]["DraftTaskSpec"]
    assert task_schema["additionalProperties"] is False
    assert task_schema["properties"]["difficulty"]["enum"] == ["easy", "medium", "hard"]
    assert [message["role"] for message in body["messages"]] == ["system", "user"]
    user_message = body["messages"][1]["content"]
    assert '["Health", "Career", "Learning"]' in user_message
    assert "half marathon" in user_message


def test_the_answer_may_spell_a_focus_area_in_another_case(chat_server, make_provider, plan_context, draft_payload):
    payload = draft_payload()
    payload["tasks"][0]["focus_area"] = " health "
    chat_server.script(Reply(payload))

    result = make_provider().draft_plan(plan_context())

    assert result.draft.tasks[0].focus_area == "Health"


def test_a_self_hosted_model_missing_from_the_price_table_costs_nothing(
    chat_server, make_provider, plan_context, draft_payload
):
    chat_server.script(Reply(draft_payload(), prompt_tokens=5000, completion_tokens=5000))

    result = make_provider(model="llama3.1:8b", api_key=None).draft_plan(plan_context())

    assert result.cost == Decimal("0")
    assert result.usage == Usage(5000, 5000)
    assert chat_server.requests[0].json["model"] == "llama3.1:8b"


# --- retries -------------------------------------------------------------------------------


def test_a_rate_limit_then_success_succeeds_on_the_second_request(
    chat_server, make_provider, plan_context, draft_payload
):
    chat_server.script(Status(429, headers={"retry-after": "0"}), Reply(draft_payload()))

    result = make_provider().draft_plan(plan_context())

    assert len(result.draft.tasks) == 3
    assert len(chat_server.requests) == 2


def test_a_server_error_every_time_gives_up_after_a_bounded_number_of_attempts(
    chat_server, make_provider, plan_context
):
    chat_server.script(Status(500))
    started = time.monotonic()

    with pytest.raises(ProviderUnavailable) as caught:
        make_provider(max_retries=2).draft_plan(plan_context())

    assert len(chat_server.requests) == 3
    assert time.monotonic() - started < 5
    assert caught.value.message == "The AI service is having trouble; try again in a few minutes."
    assert caught.value.status_code == 500


def test_max_retries_zero_makes_exactly_one_attempt(chat_server, make_provider, plan_context):
    chat_server.script(Status(503))

    with pytest.raises(ProviderUnavailable):
        make_provider(max_retries=0).draft_plan(plan_context())

    assert len(chat_server.requests) == 1


def test_a_short_retry_after_is_honoured(chat_server, make_provider, plan_context, draft_payload):
    chat_server.script(Status(429, headers={"retry-after": "2"}), Reply(draft_payload()))
    waited, sleep = _sleeps()

    make_provider(sleep=sleep).draft_plan(plan_context())

    assert waited == [2.0]


def test_a_retry_after_longer_than_the_cap_ends_the_call_at_once(chat_server, make_provider, plan_context):
    chat_server.script(Status(429, headers={"retry-after": "120"}))
    waited, sleep = _sleeps()

    with pytest.raises(ProviderUnavailable) as caught:
        make_provider(sleep=sleep, retry_after_cap=10).draft_plan(plan_context())

    assert len(chat_server.requests) == 1
    assert waited == []
    assert caught.value.retry_after == 120.0
    assert caught.value.message == "The AI service is busy; try again in a few minutes."


def test_the_last_retry_after_is_passed_on_for_the_callers_own_retry(chat_server, make_provider, plan_context):
    chat_server.script(Status(503, headers={"retry-after": "7"}))

    with pytest.raises(ProviderUnavailable) as caught:
        make_provider(max_retries=0).draft_plan(plan_context())

    assert caught.value.retry_after == 7.0


def test_backoff_grows_exponentially_with_jitter_up_to_its_cap(chat_server, make_provider, plan_context):
    chat_server.script(Status(502))
    waited, sleep = _sleeps()

    with pytest.raises(ProviderUnavailable):
        make_provider(
            max_retries=5, backoff_base=0.5, backoff_max=2.0, sleep=sleep, rng=random.Random(7), deadline_seconds=60
        ).draft_plan(plan_context())

    assert len(chat_server.requests) == 6
    ceilings = [0.5, 1.0, 2.0, 2.0, 2.0]
    assert len(waited) == 5
    for delay, ceiling in zip(waited, ceilings, strict=True):
        assert ceiling / 2 <= delay <= ceiling


def test_no_retry_starts_when_the_deadline_would_pass(chat_server, make_provider, plan_context):
    chat_server.script(Status(500, headers={"retry-after": "3"}))
    waited, sleep = _sleeps()

    with pytest.raises(ProviderUnavailable):
        make_provider(max_retries=5, deadline_seconds=3.5, sleep=sleep).draft_plan(plan_context())

    # One wait of 3 s would leave less than a second for the next attempt.
    assert len(chat_server.requests) == 1
    assert waited == []


def test_a_slow_answer_past_the_timeout_is_unavailable(chat_server, make_provider, plan_context, draft_payload):
    chat_server.script(Slow(5, then=Reply(draft_payload())))
    started = time.monotonic()

    with pytest.raises(ProviderUnavailable) as caught:
        make_provider(timeout_seconds=0.5, max_retries=0).draft_plan(plan_context())

    assert time.monotonic() - started < 3
    assert caught.value.message == "The AI service did not answer in time; try again in a few minutes."


def test_the_deadline_bounds_the_whole_call_however_many_retries(chat_server, make_provider, plan_context):
    chat_server.script(Slow(5))
    started = time.monotonic()

    with pytest.raises(ProviderUnavailable):
        make_provider(timeout_seconds=1.0, max_retries=10, deadline_seconds=2.5).draft_plan(plan_context())

    assert time.monotonic() - started < 4
    assert len(chat_server.requests) <= 3


def test_a_slow_first_answer_is_retried_and_the_second_succeeds(
    chat_server, make_provider, plan_context, draft_payload
):
    chat_server.script(Slow(5), Reply(draft_payload()))

    result = make_provider(timeout_seconds=0.5).draft_plan(plan_context())

    assert len(result.draft.tasks) == 3
    assert len(chat_server.requests) == 2


def test_a_server_that_cannot_be_reached_is_unavailable(plan_context):
    with ChatServer() as gone:
        base_url = gone.base_url
    provider = OpenAIProvider("k", base_url, "gpt-4o-mini", 1.0, 1, backoff_base=0.01, backoff_max=0.01)

    with pytest.raises(ProviderUnavailable) as caught:
        provider.draft_plan(plan_context())

    assert caught.value.message == "The AI service could not be reached; try again in a few minutes."


# --- refusals the operator must fix ---------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "words"),
    [
        (400, "invalid"),
        (401, "API key"),
        (403, "refused access"),
        (404, "does not offer the model"),
        (422, "invalid"),
    ],
)
def test_a_client_error_is_an_operator_error_and_is_not_retried(
    chat_server, make_provider, plan_context, status, words
):
    chat_server.script(Status(status, message="nope"))

    with pytest.raises(ProviderError) as caught:
        make_provider().draft_plan(plan_context())

    assert type(caught.value) is ProviderError
    assert words in caught.value.message
    assert caught.value.status_code == status
    assert "nope" in caught.value.detail
    assert len(chat_server.requests) == 1


def test_an_exhausted_quota_429_is_not_treated_as_busy(chat_server, make_provider, plan_context):
    chat_server.script(Status(429, error_code="insufficient_quota", message="You exceeded your current quota"))

    with pytest.raises(ProviderError) as caught:
        make_provider().draft_plan(plan_context())

    assert type(caught.value) is ProviderError
    assert "run out of credit" in caught.value.message
    assert len(chat_server.requests) == 1


# --- answers that are not a usable draft ----------------------------------------------------


def test_an_answer_that_is_not_json_is_a_bad_response_and_is_not_retried(chat_server, make_provider, plan_context):
    chat_server.script(Malformed("{not json", prompt_tokens=100, completion_tokens=7))

    with pytest.raises(ProviderBadResponse) as caught:
        make_provider().draft_plan(plan_context())

    assert caught.value.message == "The AI service answered with something that is not valid JSON."
    assert caught.value.raw == "{not json"
    assert caught.value.usage == Usage(100, 7)
    assert len(chat_server.requests) == 1


def _task(**changes):
    task = {
        "description": "Run",
        "focus_area": "Health",
        "duration_minutes": 30,
        "difficulty": "easy",
        "week": 1,
        "intent": "",
    }
    task.update(changes)
    return task


@pytest.mark.parametrize(
    "payload_changes",
    [
        pytest.param({"tasks": [_task(difficulty="extreme")]}, id="unknown-difficulty"),
        pytest.param({"tasks": []}, id="no-tasks"),
        pytest.param({"tasks": [_task(duration_minutes="30")]}, id="duration-as-text"),
        pytest.param({"tasks": [_task(colour="red")]}, id="extra-key"),
        pytest.param({"weekly_breakdown": []}, id="no-weeks"),
    ],
)
def test_an_answer_that_breaks_the_schema_is_a_bad_response(
    chat_server, make_provider, plan_context, draft_payload, payload_changes
):
    chat_server.script(Reply(draft_payload(**payload_changes)))

    with pytest.raises(ProviderBadResponse) as caught:
        make_provider().draft_plan(plan_context())

    assert caught.value.message == "The AI service's answer did not have the expected shape."
    assert caught.value.detail
    assert len(chat_server.requests) == 1


def test_an_answer_missing_the_tasks_is_a_bad_response(chat_server, make_provider, plan_context, draft_payload):
    payload = draft_payload()
    del payload["tasks"]
    chat_server.script(Reply(payload))

    with pytest.raises(ProviderBadResponse) as caught:
        make_provider().draft_plan(plan_context())

    assert "tasks" in caught.value.detail


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(RawBody(b"<html>Bad gateway</html>", content_type="text/html"), id="html-page"),
        pytest.param(RawBody(b"{oops", content_type="application/json"), id="broken-json-body"),
    ],
)
def test_a_200_that_is_not_a_chat_completion_is_a_bad_response(chat_server, make_provider, plan_context, body):
    chat_server.script(body)

    with pytest.raises(ProviderBadResponse):
        make_provider().draft_plan(plan_context())

    assert len(chat_server.requests) == 1


def test_an_answer_cut_off_by_the_length_limit_is_a_bad_response(
    chat_server, make_provider, plan_context, draft_payload
):
    chat_server.script(Reply(json.dumps(draft_payload())[:50], finish_reason="length"))

    with pytest.raises(ProviderBadResponse) as caught:
        make_provider().draft_plan(plan_context())

    assert caught.value.message == "The AI answer was cut off before it was complete."


def test_a_refusal_is_a_bad_response(chat_server, make_provider, plan_context):
    chat_server.script(Reply("", refusal="I can't help with that."))

    with pytest.raises(ProviderBadResponse) as caught:
        make_provider().draft_plan(plan_context())

    assert caught.value.message == "The AI model declined to answer."


# --- coaching --------------------------------------------------------------------------------


def test_advice_comes_back_with_its_usage_and_cost(chat_server, make_provider, coaching_context):
    chat_server.script(Reply({"advice": "Draft the budget table first."}, prompt_tokens=300, completion_tokens=60))

    result = make_provider(model="gpt-4o").advise(coaching_context())

    assert isinstance(result, AdviceResult)
    assert result.text == "Draft the budget table first."
    assert result.raw == json.dumps({"advice": "Draft the budget table first."})
    assert result.usage == Usage(300, 60)
    # gpt-4o: 2.50 USD per 1M input tokens, 10.00 per 1M output tokens.
    assert result.cost == Decimal("0.001350")
    assert (result.provider, result.model) == ("openai", "gpt-4o")
    body = chat_server.requests[0].json
    assert body["response_format"]["json_schema"]["name"] == "coaching_advice"
    assert body["response_format"]["json_schema"]["schema"]["required"] == ["advice"]
    assert "Write the grant application" in body["messages"][1]["content"]
    assert "Funding the community garden" in body["messages"][1]["content"]


def test_advice_retries_a_busy_service(chat_server, make_provider, coaching_context):
    chat_server.script(Status(503), Reply({"advice": "Start now."}))

    assert make_provider().advise(coaching_context()).text == "Start now."
    assert len(chat_server.requests) == 2


def test_advice_from_a_service_that_stays_down_is_unavailable(chat_server, make_provider, coaching_context):
    chat_server.script(Status(500))

    with pytest.raises(ProviderUnavailable):
        make_provider(max_retries=1).advise(coaching_context())

    assert len(chat_server.requests) == 2


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param(Malformed("Sure! Here is my advice: start small."), id="plain-text"),
        pytest.param(Reply({"advice": ""}), id="empty-advice"),
        pytest.param(Reply({"text": "Start small."}), id="wrong-key"),
    ],
)
def test_advice_that_is_not_the_promised_json_is_a_bad_response(chat_server, make_provider, coaching_context, answer):
    chat_server.script(answer)

    with pytest.raises(ProviderBadResponse):
        make_provider().advise(coaching_context())


# --- small parts --------------------------------------------------------------------------


def test_cost_is_tokens_times_the_price_table_to_six_places():
    assert cost_for("gpt-4o-mini", Usage(1_000_000, 1_000_000)) == Decimal("0.750000")
    assert cost_for("gpt-4o-mini", Usage(1, 1)) == Decimal("0.000001")  # 0.00000075 rounds half up
    assert cost_for("gpt-4o-mini-2024-07-18", Usage(1000, 0)) == Decimal("0.000150")
    assert cost_for("my-local-model", Usage(10**6, 10**6)) == Decimal("0")
    assert cost_for("custom", Usage(10**6, 0), {"custom": (Decimal("3"), Decimal("0"))}) == Decimal("3.000000")


@pytest.mark.parametrize(
    ("headers", "seconds"),
    [
        ({"retry-after": "3"}, 3.0),
        ({"Retry-After": "1.5"}, 1.5),
        ({"retry-after-ms": "250", "retry-after": "9"}, 0.25),
        ({"retry-after": "Wed, 21 Oct 2015 07:28:00 GMT"}, 0.0),
        ({"retry-after": "soon"}, None),
        ({}, None),
    ],
)
def test_retry_after_is_read_in_all_its_forms(headers, seconds):
    assert parse_retry_after(headers) == seconds


def test_provider_errors_survive_pickling_for_celery():
    error = ProviderUnavailable("The AI service is busy.", retry_after=30.0, detail="HTTP 429", status_code=429)

    copy = pickle.loads(pickle.dumps(error))

    assert type(copy) is ProviderUnavailable
    assert (copy.message, copy.retry_after, copy.detail, copy.status_code) == (
        "The AI service is busy.",
        30.0,
        "HTTP 429",
        429,
    )


def test_the_registry_builds_each_provider_from_its_config(chat_server):
    offline = provider_from_config({"name": "offline"})
    assert (offline.name, offline.model) == ("offline", "offline-v1")

    provider = provider_from_config(
        {
            "name": "openai",
            "api_key": "k",
            "base_url": chat_server.base_url,
            "model": "gpt-4.1",
            "timeout": 7,
            "max_retries": 0,
            "prices": {"gpt-4.1": ["1", "2"]},
        }
    )
    assert isinstance(provider, OpenAIProvider)
    assert (provider.model, provider.timeout_seconds, provider.max_retries) == ("gpt-4.1", 7.0, 0)
    assert cost_for("gpt-4.1", Usage(10**6, 10**6), provider.prices) == Decimal("3.000000")

    with pytest.raises(ValueError, match="Unknown AI provider"):
        provider_from_config({"name": "claude"})


def test_get_provider_is_built_once_from_settings():
    django_settings = pytest.importorskip("django.conf").settings
    from django.core.exceptions import ImproperlyConfigured
    from django.test import override_settings

    try:
        django_settings.INSTALLED_APPS  # noqa: B018
    except ImproperlyConfigured:
        pytest.skip("Django settings are not configured in this run")
    from ai.registry import get_provider

    with override_settings(AI_PROVIDER={"name": "offline"}):
        reset_provider_cache()
        try:
            assert get_provider() is get_provider()
            assert get_provider().name == "offline"
        finally:
            reset_provider_cache()


def test_the_fake_server_shuts_down_promptly_while_a_handler_is_still_sleeping(plan_context):
    server = ChatServer().start()
    server.script(Slow(30))
    provider = OpenAIProvider("k", server.base_url, "gpt-4o-mini", 0.2, 0)
    with pytest.raises(ProviderUnavailable):
        provider.draft_plan(plan_context())

    started = time.monotonic()
    server.stop()

    assert time.monotonic() - started < 2
    assert len(server.requests) == 1
