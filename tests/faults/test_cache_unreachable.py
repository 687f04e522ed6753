"""The cache (Redis) is away: the API and the pages keep answering; /health/ says so."""

import time

import pytest

from insights.models import ActivityLog
from tests.faults.conftest import activity_body

pytestmark = pytest.mark.django_db


def test_the_api_answers_unthrottled_with_a_warning_when_the_cache_is_away(api, cache_down, caplog):
    started = time.monotonic()
    response = api.get("/api/quota")
    elapsed = time.monotonic() - started

    assert response.status_code == 200
    assert response.json()["remaining"] == 5
    assert elapsed < 2
    assert "the cache is unreachable; letting the request through" in caplog.text


def test_anonymous_api_calls_answer_too_when_the_cache_is_away(anon_api, cache_down):
    assert anon_api.get("/api/quota").status_code == 401


def test_logging_time_when_the_cache_is_away_saves_the_log(
    api, user, planned_task, cache_down, caplog, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post("/api/activity", activity_body(planned_task), format="json")

    assert response.status_code == 201, response.json()
    assert ActivityLog.objects.filter(user=user).count() == 1
    assert "insights debounce: the cache is unreachable" in caplog.text


def test_pages_keep_working_when_the_cache_is_away(client, user, cache_down):
    client.force_login(user)
    assert client.get("/plan/generate/").status_code == 200
    assert client.get("/insights/").status_code == 200


def test_health_says_503_when_the_cache_is_away(client, cache_down):
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["cache"] == "unreachable"
    assert response.json()["database"] == "ok"


def test_logging_in_through_the_api_works_when_the_cache_is_away(anon_api, user, cache_down):
    from tests.factories import DEFAULT_PASSWORD

    response = anon_api.post("/api/auth/token", {"email": user.email, "password": DEFAULT_PASSWORD}, format="json")
    assert response.status_code == 200, response.json()
    assert set(response.json()) >= {"access", "refresh"}
