"""Coaching's part of a person's account: coaching_remaining on GET /api/me, and the shared
cache entries forgotten with the account (registered through accounts.extensions)."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from accounts.extensions import me_fields, user_deletion_cleanups
from coaching.services import coaching_advice_get, coaching_cache_forget
from tests.coaching.factories import TaskFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)


def test_coaching_registers_its_deletion_cleanup_and_its_me_field():
    assert coaching_cache_forget in user_deletion_cleanups()
    assert [(field.name, field.after) for field in me_fields()] == [("coaching_remaining", "coaching_count")]


def test_me_counts_the_coach_questions_left_after_a_model_call(user):
    with time_machine.travel(NOW, tick=False):
        coaching_advice_get(user=user, task=TaskFactory(user=user))
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(user).access_token}")
        response = api.get("/api/me")
    user.refresh_from_db()

    assert response.status_code == 200
    assert response.json() == {
        "id": str(user.id),
        "email": user.email,
        "timezone": "Europe/London",
        "coaching_count": 1,
        "coaching_remaining": 29,
        "coaching_reset_at": "2026-12-20T08:00:00+00:00",
        "calendar_feed_url": f"http://testserver/calendar/{user.calendar_secret}.ics",
        "created_at": user.created_at.astimezone(ZoneInfo("Europe/London")).isoformat(),
    }
    assert list(response.json()) == [
        "id",
        "email",
        "timezone",
        "coaching_count",
        "coaching_remaining",
        "coaching_reset_at",
        "calendar_feed_url",
        "created_at",
    ]
