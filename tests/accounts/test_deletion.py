import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.apps import apps
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

from accounts.models import LoginSession, User
from accounts.services import PERSONAL_DATA_APPS
from calendars.models import BusyEvent, CalendarConnection
from coaching.models import AllowanceHold, CacheEntry
from tests.coaching.factories import CacheEntryFactory, GoalFactory, InteractionFactory
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.insights.factories import ActivityLogFactory, InsightFactory
from tests.planning.factories import MonthlyPlanFactory, PlanRequestFactory, PlanTaskFactory
from tests.planning.habit_factories import HabitFactory

pytestmark = pytest.mark.django_db


def rows_of(user_id) -> dict[str, int]:
    counts = {}
    for label in PERSONAL_DATA_APPS:
        for model in apps.get_app_config(label).get_models():
            if "user" in {f.name for f in model._meta.get_fields()}:
                counts[model.__name__] = model.objects.filter(user_id=user_id).count()
    return counts


def test_a_deleted_account_leaves_no_rows_behind(client, anon_api):
    keeper = UserFactory(email="keeper@example.com")
    leaver = UserFactory(email="leaver@example.com")
    client.post(reverse("accounts:login"), {"username": "leaver@example.com", "password": DEFAULT_PASSWORD})
    client.post(reverse("accounts:login"), {"username": "leaver@example.com", "password": "typo"})
    pair = anon_api.post(
        "/api/auth/token", {"email": "leaver@example.com", "password": DEFAULT_PASSWORD}, format="json"
    ).json()
    anon_api.post("/api/auth/token/refresh", {"refresh": pair["refresh"]}, format="json")  # blacklists one
    anon_api.post("/api/auth/token", {"email": "keeper@example.com", "password": DEFAULT_PASSWORD}, format="json")
    assert LoginSession.objects.filter(user=leaver).exists()
    assert OutstandingToken.objects.filter(user=leaver).count() == 2
    assert BlacklistedToken.objects.filter(token__user=leaver).count() == 1
    sessions_before = Session.objects.count()
    # A row in every table that belongs to a person, for both people.
    for person in (keeper, leaver):
        plan_task = PlanTaskFactory(plan=MonthlyPlanFactory(user=person, preference__user=person),
                                    habit=HabitFactory(user=person))  # fmt: skip
        PlanRequestFactory(user=person, preference=plan_task.plan.preference)
        ActivityLogFactory(task=plan_task)
        InsightFactory(user=person)
        InteractionFactory(user=person, question_hash=f"{person.pk.hex:0>64}")
        AllowanceHold.objects.create(user=person, expires_at=timezone.now())
        GoalFactory(user=person)
        CacheEntryFactory(question_hash=f"{person.pk.hex:0>64}")
        HabitFactory(user=person)
        # Calendars export through their own hook (never the password); deleting removes them too.
        home = CalendarConnection.objects.create(user=person, kind="ics", name="Home", url="https://example.com/h.ics")
        start = timezone.now()
        BusyEvent.objects.create(connection=home, user=person, uid="u1", start=start, end=start + dt.timedelta(hours=1))
    assert all(count > 0 for name, count in rows_of(leaver.pk).items() if name != "LoginSession")

    api = anon_api
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {pair['access']}")
    assert api.delete("/api/me", {"password": DEFAULT_PASSWORD}, format="json").status_code == 204

    assert not User.objects.filter(pk=leaver.pk).exists()
    assert all(count == 0 for count in rows_of(leaver.pk).values())
    assert not CalendarConnection.objects.filter(user_id=leaver.pk).exists()
    assert not BusyEvent.objects.filter(user_id=leaver.pk).exists()
    assert BusyEvent.objects.filter(user=keeper).count() == 1
    assert OutstandingToken.objects.filter(user__isnull=True).count() == 0
    assert OutstandingToken.objects.filter(user=keeper).count() == 1
    assert BlacklistedToken.objects.count() == 0
    assert Session.objects.count() == sessions_before - 1
    assert not AccessAttempt.objects.filter(username="leaver@example.com").exists()
    assert User.objects.filter(pk=keeper.pk).exists()
    assert all(count > 0 for name, count in rows_of(keeper.pk).items() if name != "LoginSession")
    # The coaching cache entry made from the leaver's context is gone; the keeper's stays.
    assert not CacheEntry.objects.filter(question_hash=f"{leaver.pk.hex:0>64}").exists()
    assert CacheEntry.objects.filter(question_hash=f"{keeper.pk.hex:0>64}").exists()
