"""A coach call is charged only for an answer the person got and that was recorded: the model
call holds a unit, the cache entry, the interaction and the charge commit together, and every
failure (the model's, the database's, a stopped worker) gives the hold back. A process killed
mid-call leaves a hold that stops counting once it expires."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.db import DatabaseError, IntegrityError

from ai.offline.provider import OfflineProvider
from coaching.models import AllowanceHold, CacheEntry, Interaction
from coaching.services import CoachingAllowanceSpent, coaching_advice_get
from coaching.services import advice as advice_service
from coaching.services.allowance import coaching_allowance_reserve, hold_lifetime
from tests.coaching.factories import TaskFactory
from tests.fakes.chat_server import Reply

pytestmark = pytest.mark.django_db

START = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)


def _nothing_charged_or_kept(user) -> None:
    user.refresh_from_db()
    assert (user.coaching_count, user.coaching_reset_at) == (0, None)
    assert AllowanceHold.objects.count() == 0
    assert CacheEntry.objects.count() == 0
    assert Interaction.objects.count() == 0


def test_a_nul_in_the_models_answer_is_stripped_and_charged_once(user, use_chat_server):
    server = use_chat_server()
    server.script(Reply({"advice": "Start\x00 small.\x00"}))
    task = TaskFactory(user=user)

    outcome = coaching_advice_get(user=user, task=task)

    assert outcome.response == "Start small."
    assert coaching_advice_get(user=user, task=task).cache_hit is True
    user.refresh_from_db()
    assert user.coaching_count == 1
    assert CacheEntry.objects.get().response == "Start small."
    assert [row.response for row in Interaction.objects.order_by("created_at", "cache_hit")] == ["Start small."] * 2
    assert AllowanceHold.objects.count() == 0


def test_a_nul_in_the_answer_is_a_200_through_the_api(api, user, use_chat_server, settings):
    settings.COACHING_ALLOWANCE = 3
    use_chat_server().script(Reply({"advice": "Go\x00 on."}))

    response = api.post(f"/api/coaching/tasks/{TaskFactory(user=user).pk}/advice")

    assert response.status_code == 200, response.content
    assert (response.json()["response"], response.json()["coaching_remaining"]) == ("Go on.", 2)


def test_a_failure_while_writing_the_cache_gives_the_call_back(user, monkeypatch):
    def broken(*args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(CacheEntry.objects, "bulk_create", broken)

    with pytest.raises(DatabaseError):
        coaching_advice_get(user=user, task=TaskFactory(user=user))

    _nothing_charged_or_kept(user)


def test_a_failure_while_recording_the_interaction_gives_the_call_back_and_caches_nothing(user, monkeypatch):
    def broken(**kwargs):
        raise IntegrityError("interaction refused")

    monkeypatch.setattr(advice_service, "_record", broken)

    with pytest.raises(IntegrityError):
        coaching_advice_get(user=user, task=TaskFactory(user=user))

    _nothing_charged_or_kept(user)


def test_a_worker_stopped_during_the_model_call_gives_the_call_back(user, monkeypatch):
    def stopped(self, context):
        raise KeyboardInterrupt

    monkeypatch.setattr(OfflineProvider, "advise", stopped)

    with pytest.raises(KeyboardInterrupt):
        coaching_advice_get(user=user, task=TaskFactory(user=user))

    _nothing_charged_or_kept(user)


def test_an_answer_that_cannot_be_stored_is_cleaned_whatever_the_provider(user, monkeypatch):
    answer = OfflineProvider.advise

    def with_nul(self, context):
        result = answer(self, context)
        return type(result)(**{**result.__dict__, "text": "Do\x00 it\ud800."})

    monkeypatch.setattr(OfflineProvider, "advise", with_nul)

    assert coaching_advice_get(user=user, task=TaskFactory(user=user)).response == "Do it."
    user.refresh_from_db()
    assert user.coaching_count == 1


def test_an_abandoned_hold_counts_until_it_expires_then_stops(user, settings):
    settings.COACHING_ALLOWANCE = 1
    task = TaskFactory(user=user)
    with time_machine.travel(START, tick=False):
        coaching_allowance_reserve(user=user)  # a process killed while the model was asked
        with pytest.raises(CoachingAllowanceSpent) as refusal:
            coaching_advice_get(user=user, task=task)
    assert refusal.value.message.startswith("You have used your 1 coach question for this period.")

    with (
        time_machine.travel(START + hold_lifetime() - datetime.resolution, tick=False),
        pytest.raises(CoachingAllowanceSpent),
    ):
        coaching_advice_get(user=user, task=task)
    with time_machine.travel(START + hold_lifetime(), tick=False):
        assert coaching_advice_get(user=user, task=task).cache_hit is False

    user.refresh_from_db()
    assert user.coaching_count == 1
    assert AllowanceHold.objects.count() == 0  # the abandoned hold was cleared, the new one charged


def test_holds_count_with_the_charged_calls_against_the_allowance(user, settings):
    settings.COACHING_ALLOWANCE = 3
    coaching_advice_get(user=user, task=TaskFactory(user=user))
    coaching_allowance_reserve(user=user)

    coaching_advice_get(user=user, task=TaskFactory(user=user))
    with pytest.raises(CoachingAllowanceSpent):
        coaching_advice_get(user=user, task=TaskFactory(user=user))

    user.refresh_from_db()
    assert (user.coaching_count, AllowanceHold.objects.count()) == (2, 1)
