"""persona_signals: what the app learns about how a person works, kept up to date as tasks
change and given to the coach."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from coaching.services import (
    coaching_advice_get,
    coaching_context_build,
    coaching_task_create,
    coaching_task_delete,
    coaching_task_update,
    persona_signals_update,
)
from tests.coaching.factories import TaskFactory
from tests.fakes.chat_server import Reply

pytestmark = pytest.mark.django_db


def _traits(user) -> list[str]:
    user.refresh_from_db()
    return user.persona_signals["traits"]


def test_finishing_tasks_rated_low_in_confidence_shows_the_person_underrates_themselves(user):
    tasks = [coaching_task_create(user=user, text=f"Scary thing {n}", confidence=2) for n in range(4)]
    for task in tasks[:2]:
        coaching_task_update(task=task, is_completed=True)
    assert "underrates_confidence" not in _traits(user)
    coaching_task_update(task=tasks[2], is_completed=True)
    assert "underrates_confidence" in _traits(user)
    assert user.persona_signals["counts"]["low_confidence_completed"] == 3
    assert user.persona_signals["counts"]["low_confidence"] == 4


def test_important_tasks_left_open_for_weeks_are_noticed(user):
    start = timezone.now()
    with time_machine.travel(start - timedelta(days=20), tick=False):
        coaching_task_create(user=user, text="Tax return", importance=9)
        coaching_task_create(user=user, text="Book the surgery", importance=8)
        coaching_task_create(user=user, text="Tidy the desk", importance=2)
    coaching_task_create(user=user, text="Fresh and important", importance=10)
    assert "leaves_important_open" in _traits(user)
    assert user.persona_signals["counts"]["important_open_long"] == 2


def test_completing_what_matters_is_noticed_and_deleting_tasks_updates_the_signals(user):
    tasks = [coaching_task_create(user=user, text=f"Big thing {n}", importance=9) for n in range(3)]
    for task in tasks:
        coaching_task_update(task=task, is_completed=True)
    assert "finishes_what_matters" in _traits(user)
    coaching_task_delete(task=tasks[0])
    assert "finishes_what_matters" not in _traits(user)
    assert user.persona_signals["counts"]["tasks"] == 2


def test_the_signals_are_computed_with_one_aggregate_query(user, django_assert_num_queries):
    TaskFactory.create_batch(30, user=user, confidence=3, is_completed=True, completed_at=timezone.now())
    with django_assert_num_queries(2):  # one aggregate, one UPDATE of the person
        signals = persona_signals_update(user=user)
    assert signals["counts"]["low_confidence_completed"] == 30
    assert signals["traits"] == ["underrates_confidence"]


def test_the_coach_is_told_the_traits_but_not_the_counts(user, use_chat_server):
    server = use_chat_server()
    server.script(Reply({"advice": "You can do more than you think."}))
    for n in range(3):
        coaching_task_create(user=user, text=f"Done {n}", confidence=1, is_completed=True)
    task = coaching_task_create(user=user, text="Ask for a raise", importance=8, confidence=2)

    context = coaching_context_build(user=user, task=task)
    assert set(context.persona_signals) == {"underrates_confidence"}
    coaching_advice_get(user=user, task=task)
    prompt = server.completion_requests[0].json["messages"][-1]["content"]
    assert "underrates_confidence" in prompt
    assert "Often finishes tasks they rated low in confidence" in prompt
    assert "low_confidence_completed" not in prompt


def test_a_new_trait_means_a_new_question_but_a_changed_count_does_not(user):
    task = coaching_task_create(user=user, text="Ask for a raise", importance=8, confidence=2)
    coaching_advice_get(user=user, task=task)
    coaching_task_create(user=user, text="Unrelated chore")  # counts change, no trait
    assert coaching_advice_get(user=user, task=task).cache_hit is True
    for n in range(3):
        coaching_task_create(user=user, text=f"Done {n}", confidence=1, is_completed=True)
    assert coaching_advice_get(user=user, task=task).cache_hit is False


def test_stale_signals_are_recomputed_when_the_coach_is_asked(user):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        coaching_task_create(user=user, text="Tax return", importance=9)
        coaching_task_create(user=user, text="Book the surgery", importance=8)
    assert "leaves_important_open" not in _traits(user)
    # Three weeks pass and nothing changes: asking the coach notices the tasks went stale.
    with time_machine.travel(start + timedelta(days=21), tick=False):
        task = TaskFactory(user=user, text="Anything")
        user.refresh_from_db()
        context = coaching_context_build(user=user, task=task)
    assert "leaves_important_open" in context.persona_signals
    assert "leaves_important_open" in _traits(user)
