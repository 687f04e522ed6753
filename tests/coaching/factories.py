from datetime import timedelta
from decimal import Decimal

import factory
from django.utils import timezone

from coaching.models import CacheEntry, Goal, Interaction, Task
from tests.factories import UserFactory


class TaskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Task

    user = factory.SubFactory(UserFactory)
    text = factory.Sequence(lambda n: f"Task number {n}")
    importance = 5
    confidence = 5


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    user = factory.SubFactory(UserFactory)
    what_matters = "Funding the community garden"
    biggest_win = "The garden opens in spring"
    worst_outcome = "Losing the plot to developers"


class InteractionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interaction

    user = factory.SubFactory(UserFactory)
    task = factory.SubFactory(TaskFactory, user=factory.SelfAttribute("..user"))
    task_text = factory.SelfAttribute("task.text")
    question_hash = factory.Sequence(lambda n: f"{n:064x}")
    response = "Start with the smallest step."
    latency = 12
    token_count = factory.LazyFunction(lambda: {"input": 100, "output": 50})
    cost = Decimal("0.000045")
    cache_hit = False
    provider = "openai"
    model = "gpt-4o-mini"


class CacheEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CacheEntry

    question_hash = factory.Sequence(lambda n: f"{n:064x}")
    response = "Cached advice."
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
    provider = "offline"
    model = "offline-v1"
