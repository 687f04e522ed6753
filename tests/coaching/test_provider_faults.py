"""The OpenAI-compatible path through the real client against a local chat-completions
server: when the model fails the person gets a clear message, the allowance is not
charged and nothing is cached or recorded."""

import pytest

from coaching.models import CacheEntry, Interaction
from coaching.services import CoachingUnavailable, coaching_advice_get
from tests.coaching.factories import GoalFactory, TaskFactory
from tests.fakes.chat_server import Malformed, Reply, Slow, Status

pytestmark = pytest.mark.django_db

FAULTS = [
    pytest.param(Status(429, headers={"retry-after": "0"}), 503, "The AI service is busy", id="429"),
    pytest.param(Status(500), 503, "The AI service is having trouble", id="500"),
    pytest.param(Malformed(), 502, "not valid JSON", id="malformed"),
    pytest.param(Reply({"tip": "wrong shape"}), 502, "did not have the expected shape", id="wrong-shape"),
    pytest.param(Slow(3, Reply({"advice": "Too late."})), 503, "did not answer in time", id="timeout"),
]


@pytest.mark.parametrize(("behaviour", "status", "words"), FAULTS)
def test_a_failed_model_call_is_a_clear_error_charges_nothing_and_caches_nothing(
    user, use_chat_server, behaviour, status, words
):
    server = use_chat_server()
    server.script(behaviour)
    GoalFactory(user=user)
    task = TaskFactory(user=user)

    with pytest.raises(CoachingUnavailable) as failure:
        coaching_advice_get(user=user, task=task)

    assert words in failure.value.message
    assert failure.value.message.endswith("Your coaching allowance was not charged.")
    assert failure.value.status_code == status
    assert len(server.completion_requests) >= 1  # the real client did reach the server
    user.refresh_from_db()
    assert (user.coaching_count, user.coaching_reset_at) == (0, None)
    assert CacheEntry.objects.count() == 0
    assert Interaction.objects.count() == 0


def test_the_transient_faults_are_retried_once_by_the_client(user, use_chat_server):
    server = use_chat_server()
    server.script(Status(500), Reply({"advice": "Second time lucky."}))
    outcome = coaching_advice_get(user=user, task=TaskFactory(user=user))
    assert outcome.response == "Second time lucky."
    assert len(server.completion_requests) == 2
    user.refresh_from_db()
    assert user.coaching_count == 1


def test_after_a_failure_the_next_question_is_charged_once_and_cached(user, use_chat_server):
    server = use_chat_server()
    task = TaskFactory(user=user)
    server.script(Malformed())
    with pytest.raises(CoachingUnavailable):
        coaching_advice_get(user=user, task=task)
    server.script(Reply({"advice": "Now it works."}))
    assert coaching_advice_get(user=user, task=task).cache_hit is False
    assert coaching_advice_get(user=user, task=task).cache_hit is True
    user.refresh_from_db()
    assert user.coaching_count == 1
    assert CacheEntry.objects.get().response == "Now it works."


def test_a_failure_in_a_running_period_gives_back_only_its_own_call(user, use_chat_server):
    server = use_chat_server()
    server.script(Reply({"advice": "Fine."}))
    coaching_advice_get(user=user, task=TaskFactory(user=user))
    user.refresh_from_db()
    period_end = user.coaching_reset_at
    server.script(Status(503))
    with pytest.raises(CoachingUnavailable):
        coaching_advice_get(user=user, task=TaskFactory(user=user))
    user.refresh_from_db()
    assert (user.coaching_count, user.coaching_reset_at) == (1, period_end)


def test_the_request_sent_to_the_model_asks_for_structured_advice_with_the_context(user, use_chat_server):
    server = use_chat_server()
    server.script(Reply({"advice": "Fine."}))
    GoalFactory(user=user, what_matters="Funding the community garden")
    coaching_advice_get(user=user, task=TaskFactory(user=user, text="Write the grant", importance=9, confidence=2))
    body = server.completion_requests[0].json
    assert body["model"] == "gpt-4o-mini"
    assert body["response_format"]["json_schema"]["name"] == "coaching_advice"
    prompt = body["messages"][-1]["content"]
    assert '"task": "Write the grant"' in prompt
    assert '"importance": 9' in prompt and '"confidence": 2' in prompt
    assert "Funding the community garden" in prompt
