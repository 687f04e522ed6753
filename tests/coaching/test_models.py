"""The database refuses what the rules refuse, whatever code writes the row."""

import pytest
from django.db import DataError, IntegrityError
from django.utils import timezone

from coaching.models import CacheEntry, Goal, Task
from tests.coaching.factories import CacheEntryFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "fields",
    [
        {"text": ""},
        {"importance": 0},
        {"importance": 11},
        {"confidence": 0},
        {"confidence": 11},
        {"is_completed": True, "completed_at": None},
        {"is_completed": False, "completed_at": timezone.now()},
    ],
)
def test_a_task_breaking_a_rule_is_refused_by_the_database(user, fields):
    with pytest.raises(IntegrityError):
        Task.objects.create(user=user, **{"text": "Something", **fields})


def test_text_longer_than_500_characters_is_refused_by_the_database(user):
    with pytest.raises((IntegrityError, DataError)):
        Task.objects.create(user=user, text="x" * 501)


def test_a_goal_needs_what_matters(user):
    with pytest.raises(IntegrityError):
        Goal.objects.create(user=user, what_matters="")


def test_a_question_hash_has_one_cache_entry():
    entry = CacheEntryFactory()
    with pytest.raises(IntegrityError):
        CacheEntry.objects.create(
            question_hash=entry.question_hash, response="x", expires_at=entry.expires_at, provider="p", model="m"
        )
