"""The coach: served from the cache when everything the model saw is the same, from the
model otherwise, with every answer recorded (latency, tokens, cost, cache hit)."""

from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

import pytest
import time_machine
from django.utils import timezone

from ai.pricing import PRICES
from coaching.models import CacheEntry, Interaction
from coaching.services import coaching_advice_get, coaching_task_update
from tests.coaching.factories import GoalFactory, TaskFactory
from tests.factories import UserFactory
from tests.fakes.chat_server import Reply

pytestmark = pytest.mark.django_db


def _prompt(request) -> str:
    return "\n".join(message["content"] for message in request.json["messages"])


def test_a_second_identical_question_is_a_cache_hit_without_a_model_call(user, use_chat_server):
    server = use_chat_server()
    server.script(Reply({"advice": "Draft the budget table first."}, prompt_tokens=1200, completion_tokens=300))
    task = TaskFactory(user=user, text="Write the grant application", importance=9, confidence=3)
    GoalFactory(user=user)

    first = coaching_advice_get(user=user, task=task)
    second = coaching_advice_get(user=user, task=task)

    assert len(server.completion_requests) == 1  # the second answer never reached the model
    assert (first.cache_hit, second.cache_hit) == (False, True)
    assert second.response == first.response == "Draft the budget table first."
    assert first.token_count == {"input": 1200, "output": 300}
    assert first.cost == Decimal("0.000360")  # 1200 x 0.15/1M + 300 x 0.60/1M
    assert second.token_count == {"input": 0, "output": 0}
    assert second.cost == Decimal("0")
    assert second.latency >= 1  # measured, in whole milliseconds, rounded up
    entry = CacheEntry.objects.get()
    assert entry.hit_count == 1
    assert entry.question_hash == first.interaction.question_hash == second.interaction.question_hash
    rows = list(Interaction.objects.order_by("created_at").values_list("cache_hit", "cost", "latency"))
    assert [(hit, cost) for hit, cost, _ in rows] == [(False, Decimal("0.000360")), (True, Decimal("0"))]
    assert all(latency >= 1 for _, _, latency in rows)
    user.refresh_from_db()
    assert user.coaching_count == 1  # only the model call counted


def test_every_further_hit_counts_on_the_entry(user):
    task = TaskFactory(user=user)
    for _ in range(4):
        coaching_advice_get(user=user, task=task)
    assert CacheEntry.objects.get().hit_count == 3
    assert Interaction.objects.filter(cache_hit=True).count() == 3


@pytest.mark.parametrize("model", ["gpt-4o-mini", "gpt-4o", "gpt-4.1-nano"])
def test_the_cost_is_the_tokens_times_the_price_table(user, use_chat_server, model):
    server = use_chat_server(model=model)
    server.script(Reply({"advice": "Go."}, prompt_tokens=123_457, completion_tokens=9_876))
    outcome = coaching_advice_get(user=user, task=TaskFactory(user=user))
    input_price, output_price = PRICES[model]
    expected = (123_457 * input_price + 9_876 * output_price) / Decimal(1_000_000)
    assert outcome.cost == expected.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)
    assert Interaction.objects.get().cost == outcome.cost
    assert Interaction.objects.get().model == model


def test_a_model_missing_from_the_price_table_costs_nothing_but_keeps_its_tokens(user, use_chat_server):
    server = use_chat_server(model="llama3.1:8b")
    server.script(Reply({"advice": "Go."}, prompt_tokens=500, completion_tokens=70))
    outcome = coaching_advice_get(user=user, task=TaskFactory(user=user))
    assert outcome.cost == Decimal("0")
    assert outcome.token_count == {"input": 500, "output": 70}


def test_people_with_different_goals_never_share_advice(use_chat_server):
    server = use_chat_server()
    server.script(
        Reply({"advice": "Tie the application to the community garden."}),
        Reply({"advice": "Practise the violin piece before you apply."}),
    )
    alice, bob = UserFactory(), UserFactory()
    GoalFactory(user=alice, what_matters="Funding the community garden")
    GoalFactory(user=bob, what_matters="Getting into the conservatory", biggest_win="An audition", worst_outcome="")
    alice_task = TaskFactory(user=alice, text="Write the application", importance=8, confidence=4)
    bob_task = TaskFactory(user=bob, text="Write the application", importance=8, confidence=4)

    for_alice = coaching_advice_get(user=alice, task=alice_task)
    for_bob = coaching_advice_get(user=bob, task=bob_task)

    assert len(server.completion_requests) == 2  # Bob's question was not a cache hit
    assert for_bob.cache_hit is False
    assert for_bob.response == "Practise the violin piece before you apply."
    assert "garden" not in for_bob.response
    assert for_alice.interaction.question_hash != for_bob.interaction.question_hash
    assert CacheEntry.objects.count() == 2
    bob_prompt = _prompt(server.completion_requests[1])
    assert "conservatory" in bob_prompt and "garden" not in bob_prompt
    # Bob asking again gets his own answer back, never Alice's.
    again = coaching_advice_get(user=bob, task=bob_task)
    assert (again.cache_hit, again.response) == (True, "Practise the violin piece before you apply.")


def test_people_whose_whole_context_is_identical_share_an_entry(use_chat_server):
    server = use_chat_server()
    server.script(Reply({"advice": "Book it for Monday morning."}))
    first, second = UserFactory(), UserFactory()
    coaching_advice_get(user=first, task=TaskFactory(user=first, text="Book the dentist", importance=4, confidence=9))
    shared = coaching_advice_get(
        user=second, task=TaskFactory(user=second, text="  Book   the dentist ", importance=4, confidence=9)
    )
    assert shared.cache_hit is True
    assert len(server.completion_requests) == 1
    assert CacheEntry.objects.get().hit_count == 1


@pytest.mark.parametrize(
    "change",
    [
        {"importance": 2},
        {"confidence": 9},
        {"text": "Write the grant application today"},
    ],
)
def test_a_changed_task_is_asked_afresh(user, change):
    task = TaskFactory(user=user, text="Write the grant application", importance=9, confidence=3)
    coaching_advice_get(user=user, task=task)
    coaching_task_update(task=task, **change)
    assert coaching_advice_get(user=user, task=task).cache_hit is False
    assert CacheEntry.objects.count() == 2


def test_a_new_goal_changes_the_question(user):
    task = TaskFactory(user=user)
    coaching_advice_get(user=user, task=task)
    GoalFactory(user=user, what_matters="Sleeping eight hours")
    assert coaching_advice_get(user=user, task=task).cache_hit is False


def test_a_switch_of_model_is_asked_afresh(user, use_chat_server):
    task = TaskFactory(user=user)
    server = use_chat_server(model="gpt-4o-mini")
    server.script(Reply({"advice": "Mini says go."}))
    coaching_advice_get(user=user, task=task)
    use_chat_server(model="gpt-4o")
    outcome = coaching_advice_get(user=user, task=task)
    assert (outcome.cache_hit, outcome.interaction.model) == (False, "gpt-4o")


def test_an_expired_entry_is_refreshed_from_the_model(user, use_chat_server):
    server = use_chat_server()
    server.script(Reply({"advice": "First answer."}), Reply({"advice": "Refreshed answer."}))
    task = TaskFactory(user=user)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        coaching_advice_get(user=user, task=task)
    entry = CacheEntry.objects.get()
    assert entry.expires_at == start + timedelta(days=7)

    with time_machine.travel(start + timedelta(days=7, seconds=1), tick=False):
        refreshed = coaching_advice_get(user=user, task=task)

    assert refreshed.cache_hit is False
    assert refreshed.response == "Refreshed answer."
    assert len(server.completion_requests) == 2
    entry = CacheEntry.objects.get()  # the same row, refreshed in place
    assert entry.response == "Refreshed answer."
    assert entry.expires_at == start + timedelta(days=14, seconds=1)


def test_an_entry_is_served_until_it_expires(user):
    task = TaskFactory(user=user)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        coaching_advice_get(user=user, task=task)
    with time_machine.travel(start + timedelta(days=6, hours=23), tick=False):
        assert coaching_advice_get(user=user, task=task).cache_hit is True


def test_the_offline_coach_answers_from_the_ratings_and_goals(user):
    GoalFactory(user=user, what_matters="Funding the community garden", worst_outcome="Losing the plot")
    task = TaskFactory(user=user, text="Write the grant application", importance=9, confidence=3)
    outcome = coaching_advice_get(user=user, task=task)
    assert "importance 9/10" in outcome.response and "confidence 3/10" in outcome.response
    assert "Losing the plot" in outcome.response
    assert "no AI model was used" in outcome.response
    assert (outcome.cost, outcome.token_count) == (Decimal("0"), {"input": 0, "output": 0})
    assert outcome.interaction.provider == "offline"


def test_the_interaction_remembers_the_task_text_after_the_task_is_deleted(user):
    task = TaskFactory(user=user, text="Call the bank")
    coaching_advice_get(user=user, task=task)
    task.delete()
    interaction = Interaction.objects.get()
    assert (interaction.task, interaction.task_text) == (None, "Call the bank")


def test_no_one_can_ask_about_another_persons_task(user, other_user):
    with pytest.raises(PermissionError):
        coaching_advice_get(user=other_user, task=TaskFactory(user=user))
    assert Interaction.objects.count() == 0
