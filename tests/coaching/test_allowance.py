"""The coaching allowance: model calls per person and period; cache hits are free."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection

from accounts.models import User
from coaching.models import Interaction
from coaching.services import (
    CoachingAllowanceSpent,
    coaching_advice_get,
    coaching_allowance_status,
)
from tests.coaching.factories import TaskFactory
from tests.factories import UserFactory
from tests.fakes.chat_server import Reply, Slow

pytestmark = pytest.mark.django_db

START = datetime(2026, 11, 2, 9, 30, tzinfo=UTC)


def test_the_allowance_refuses_a_model_call_after_the_limit_with_a_clear_message(settings, use_chat_server):
    settings.COACHING_ALLOWANCE = 2
    server = use_chat_server()
    server.script(Reply({"advice": "Do it."}))
    person = UserFactory(timezone="Europe/London")
    tasks = TaskFactory.create_batch(3, user=person)
    with time_machine.travel(START, tick=False):
        coaching_advice_get(user=person, task=tasks[0])
        coaching_advice_get(user=person, task=tasks[1])
        with pytest.raises(CoachingAllowanceSpent) as refusal:
            coaching_advice_get(user=person, task=tasks[2])

    assert refusal.value.message == (
        "You have used all 2 coach questions for this period. It resets on 2 December 2026 at 09:30 "
        "(Europe/London). Answers the coach has already given stay free to ask again."
    )
    assert len(server.completion_requests) == 2  # the refused question never reached the model
    assert Interaction.objects.count() == 2
    person.refresh_from_db()
    assert person.coaching_count == 2


def test_cache_hits_do_not_count_against_the_allowance(user, settings):
    settings.COACHING_ALLOWANCE = 1
    asked, other = TaskFactory(user=user), TaskFactory(user=user)
    coaching_advice_get(user=user, task=asked)
    for _ in range(3):
        assert coaching_advice_get(user=user, task=asked).cache_hit is True
    user.refresh_from_db()
    assert user.coaching_count == 1
    with pytest.raises(CoachingAllowanceSpent):
        coaching_advice_get(user=user, task=other)
    # Even with nothing left, an answer already given is still served.
    assert coaching_advice_get(user=user, task=asked).cache_hit is True


def test_the_first_model_call_starts_the_period(user, settings):
    settings.COACHING_PERIOD_DAYS = 30
    assert coaching_allowance_status(user=user).resets_at is None
    with time_machine.travel(START, tick=False):
        coaching_advice_get(user=user, task=TaskFactory(user=user))
    user.refresh_from_db()
    assert (user.coaching_count, user.coaching_reset_at) == (1, START + timedelta(days=30))
    status = coaching_allowance_status(user=user, now=START)
    assert (status.used, status.remaining, status.resets_at) == (1, 29, START + timedelta(days=30))


def test_the_allowance_resets_at_the_reset_time(user, settings):
    settings.COACHING_ALLOWANCE = 1
    tasks = TaskFactory.create_batch(3, user=user)
    reset_at = START + timedelta(days=30)
    with time_machine.travel(START, tick=False):
        coaching_advice_get(user=user, task=tasks[0])
    with time_machine.travel(reset_at - timedelta(seconds=1), tick=False), pytest.raises(CoachingAllowanceSpent):
        coaching_advice_get(user=user, task=tasks[1])
    with time_machine.travel(reset_at, tick=False):
        assert coaching_advice_get(user=user, task=tasks[1]).cache_hit is False
        with pytest.raises(CoachingAllowanceSpent):
            coaching_advice_get(user=user, task=tasks[2])
    user.refresh_from_db()
    assert (user.coaching_count, user.coaching_reset_at) == (1, reset_at + timedelta(days=30))


def test_the_status_shows_a_full_allowance_once_the_period_is_over(user, settings):
    settings.COACHING_ALLOWANCE = 5
    user.coaching_count, user.coaching_reset_at = 5, START
    user.save()
    assert coaching_allowance_status(user=user, now=START - timedelta(minutes=1)).remaining == 0
    status = coaching_allowance_status(user=user, now=START)
    assert (status.remaining, status.resets_at) == (5, None)


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_on_postgresql_never_exceed_the_allowance(settings, use_chat_server):
    assert connection.vendor == "postgresql"
    settings.COACHING_ALLOWANCE = 5
    server = use_chat_server()
    # A slow-ish model keeps every request in flight at once.
    server.script(Slow(0.2, Reply({"advice": "Go."})))
    person = UserFactory(coaching_count=2, coaching_reset_at=datetime(2099, 1, 1, tzinfo=UTC))
    remaining = 3
    # Each thread holds its own connection; stay within the pool (DATABASE_POOL_MAX, 10).
    requests = 8
    tasks = TaskFactory.create_batch(requests, user=person)  # all different: all cache misses
    barrier = threading.Barrier(requests)
    answered: list[str] = []
    refused: list[str] = []
    failed: list[BaseException] = []

    def ask(task) -> None:
        try:
            me = User.objects.get(pk=person.pk)
            barrier.wait(timeout=10)
            coaching_advice_get(user=me, task=task)
            answered.append(str(task.pk))
        except CoachingAllowanceSpent as refusal:
            refused.append(refusal.message)
        except BaseException as error:  # pragma: no cover - reported below
            failed.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=ask, args=(task,)) for task in tasks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert failed == []
    assert len(answered) == remaining
    assert len(refused) == requests - remaining
    assert len(server.completion_requests) == remaining
    person.refresh_from_db()
    assert person.coaching_count == 5
    assert Interaction.objects.filter(user=person).count() == remaining
