"""The operator's view: coaching rows by e-mail, and what the coach costs."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from coaching.models import CacheEntry
from tests.coaching.factories import CacheEntryFactory, GoalFactory, InteractionFactory, TaskFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True, email="ops@example.com"))
    return client


@pytest.fixture
def two_people():
    alice = UserFactory(email="alice@example.com")
    bob = UserFactory(email="bob@example.com")
    InteractionFactory.create_batch(3, user=alice, cost=Decimal("0.001000"))
    InteractionFactory(user=alice, cache_hit=True, cost=Decimal("0"))
    InteractionFactory(user=bob, cost=Decimal("0.000500"))
    InteractionFactory.create_batch(3, user=bob, cache_hit=True, cost=Decimal("0"))
    return alice, bob


def test_the_interactions_list_shows_total_cost_and_hit_rate_overall_and_per_person(
    admin_client, two_people, django_assert_max_num_queries
):
    InteractionFactory.create_batch(40, user=UserFactory(email="carol@example.com"), cost=Decimal("0"))
    with django_assert_max_num_queries(12):
        response = admin_client.get(reverse("admin:coaching_interaction_changelist"))
    assert response.status_code == 200
    summary = response.context["cost_summary"]
    assert (summary["calls"], summary["hits"], summary["cost"]) == (48, 4, Decimal("0.003500"))
    people = {row["user__email"]: row for row in response.context["cost_by_person"]}
    assert (people["alice@example.com"]["cost"], people["alice@example.com"]["hit_rate"]) == (Decimal("0.003"), 0.25)
    assert (people["bob@example.com"]["cost"], people["bob@example.com"]["hit_rate"]) == (Decimal("0.0005"), 0.75)
    assert [row["user__email"] for row in response.context["cost_by_person"]][:2] == [
        "alice@example.com",
        "bob@example.com",
    ]
    body = response.content.decode()
    assert "Coach cost and cache" in body
    assert "0.003500" in body and "8%" in body  # 4 hits of 48 answers


def test_searching_by_email_narrows_the_list_and_the_summary(admin_client, two_people):
    response = admin_client.get(reverse("admin:coaching_interaction_changelist"), {"q": "bob@"})
    assert {i.user.email for i in response.context["cl"].result_list} == {"bob@example.com"}
    summary = response.context["cost_summary"]
    assert (summary["calls"], summary["hits"], summary["cost"], summary["hit_rate"]) == (
        4,
        3,
        Decimal("0.000500"),
        0.75,
    )
    filtered = admin_client.get(reverse("admin:coaching_interaction_changelist"), {"cache_hit__exact": "1"})
    assert filtered.context["cost_summary"]["calls"] == 4


@pytest.mark.parametrize(("model", "factory"), [("task", TaskFactory), ("goal", GoalFactory)])
def test_tasks_and_goals_are_found_by_the_persons_email(admin_client, model, factory, django_assert_max_num_queries):
    for _ in range(30):
        factory(user=UserFactory())
    needle = factory(user=UserFactory(email="needle@example.com"))
    with django_assert_max_num_queries(10):
        response = admin_client.get(reverse(f"admin:coaching_{model}_changelist"), {"q": "needle@"})
    assert [row.pk for row in response.context["cl"].result_list] == [needle.pk]
    assert admin_client.get(reverse(f"admin:coaching_{model}_change", args=[needle.pk])).status_code == 200


def test_interactions_are_a_read_only_record(admin_client, two_people):
    assert admin_client.get(reverse("admin:coaching_interaction_add")).status_code == 403


def test_an_operator_can_expire_cache_entries(admin_client):
    entry = CacheEntryFactory(expires_at=timezone.now() + timedelta(days=5))
    other = CacheEntryFactory(expires_at=timezone.now() + timedelta(days=5))
    response = admin_client.post(
        reverse("admin:coaching_cacheentry_changelist"),
        {"action": "expire_now", "_selected_action": [str(entry.pk)]},
        follow=True,
    )
    assert "1 cache entries expired." in response.content.decode()
    assert not CacheEntry.objects.get(pk=entry.pk).is_fresh
    assert CacheEntry.objects.get(pk=other.pk).is_fresh
    found = admin_client.get(reverse("admin:coaching_cacheentry_changelist"), {"q": entry.question_hash})
    assert [row.pk for row in found.context["cl"].result_list] == [entry.pk]
