"""A person's coaching data: in their export, gone with their account, and the shared
cache forgettable and purged once expired."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.services import user_data_export, user_delete
from coaching.models import CacheEntry, Goal, Interaction, Task
from coaching.services import coaching_advice_get, coaching_cache_forget, coaching_cache_purge_expired
from coaching.tasks import purge_expired_coaching_cache
from tests.coaching.factories import CacheEntryFactory, GoalFactory, TaskFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_export_holds_the_persons_tasks_goals_and_interactions_only(user, other_user):
    task = TaskFactory(user=user, text="Mine")
    GoalFactory(user=user, what_matters="My goal")
    coaching_advice_get(user=user, task=task)
    coaching_advice_get(user=other_user, task=TaskFactory(user=other_user, text="Theirs"))

    export = user_data_export(user=user)

    assert [row["text"] for row in export["coaching.Task"]] == ["Mine"]
    assert [row["what_matters"] for row in export["coaching.Goal"]] == ["My goal"]
    assert [row["task_text"] for row in export["coaching.Interaction"]] == ["Mine"]
    assert "coaching.CacheEntry" not in export  # shared by hash, holds no owner


def test_deleting_the_account_removes_tasks_goals_and_interactions(user, other_user):
    task = TaskFactory(user=user)
    GoalFactory(user=user)
    coaching_advice_get(user=user, task=task)
    TaskFactory(user=other_user)

    user_delete(user=user)

    assert not Task.objects.filter(text=task.text).exists()
    assert Goal.objects.count() == 0
    assert Interaction.objects.count() == 0
    assert Task.objects.filter(user=other_user).count() == 1


def test_forgetting_a_person_removes_the_cache_entries_their_questions_used(user, other_user):
    coaching_advice_get(user=user, task=TaskFactory(user=user, text="Private worry"))
    coaching_advice_get(user=other_user, task=TaskFactory(user=other_user, text="Another worry"))
    assert CacheEntry.objects.count() == 2

    assert coaching_cache_forget(user=user) == 1

    remaining = CacheEntry.objects.get()
    assert remaining.question_hash == Interaction.objects.get(user=other_user).question_hash


def test_expired_entries_are_purged_after_a_grace_day():
    now = timezone.now()
    CacheEntryFactory(expires_at=now - timedelta(days=2))
    just_expired = CacheEntryFactory(expires_at=now - timedelta(hours=1))
    fresh = CacheEntryFactory(expires_at=now + timedelta(days=3))

    assert purge_expired_coaching_cache.delay().get() == 1  # eager in tests

    assert set(CacheEntry.objects.values_list("pk", flat=True)) == {just_expired.pk, fresh.pk}
    assert coaching_cache_purge_expired() == 1
    assert list(CacheEntry.objects.values_list("pk", flat=True)) == [fresh.pk]


def test_a_stranger_with_a_different_context_cannot_reach_an_entry(user):
    GoalFactory(user=user, what_matters="Leaving my job quietly")
    coaching_advice_get(user=user, task=TaskFactory(user=user, text="Update my CV", importance=9, confidence=5))
    stranger = UserFactory()
    outcome = coaching_advice_get(
        user=stranger, task=TaskFactory(user=stranger, text="Update my CV", importance=9, confidence=5)
    )
    assert outcome.cache_hit is False
    assert "Leaving my job quietly" not in outcome.response
