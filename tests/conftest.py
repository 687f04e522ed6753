import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from tests.factories import UserFactory


def _clear_test_cache() -> None:
    """Deletes this suite's cache keys only: the Redis database may be shared (the broker, other runs)."""
    prefix = settings.CACHES["default"].get("KEY_PREFIX", "")
    if "redis" not in settings.CACHES["default"]["BACKEND"] or not prefix:
        cache.clear()
        return
    client = cache._cache.get_client(write=True)
    keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    if keys:
        client.delete(*keys)


# A test that uses the database may also reach the cache (throttles, lockouts, the
# coach's allowance, the insights debounce) or the broker; a pure one (scheduler, insight
# maths, AI schemas, the offline provider) touches neither and must run with both down.
SERVICE_FIXTURES = {"db", "transactional_db", "django_db_setup", "live_server", "celery_worker"}


def _touches_services(request: pytest.FixtureRequest) -> bool:
    return bool(SERVICE_FIXTURES.intersection(request.fixturenames)) or (
        request.node.get_closest_marker("django_db") is not None
    )


@pytest.fixture(autouse=True)
def _clean_cache(request: pytest.FixtureRequest):
    # Throttle counters, lockouts and debounce keys live in the real Redis cache.
    if not _touches_services(request):
        yield
        return
    _clear_test_cache()
    yield
    _clear_test_cache()


# The suite's "now": Sunday 22 November 2026, 10:00 UTC. Every test that runs in this
# process starts at it (the clock then ticks on), so literal months and dates in tests
# mean the same on any day the suite is run. Tests with a real worker process or a real
# browser run on the machine's clock instead (marked `worker` / `browser`): another
# process cannot share a frozen clock, and they derive their months from the real one
# (tests/clock.py).
SUITE_NOW = dt.datetime(2026, 11, 22, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _suite_clock(request: pytest.FixtureRequest):
    if request.node.get_closest_marker("browser") or request.node.get_closest_marker("worker"):
        yield None
        return
    with time_machine.travel(SUITE_NOW, tick=True):
        yield SUITE_NOW


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def other_user(db):
    return UserFactory()


def api_client_for(person) -> APIClient:
    client = APIClient()
    if person is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(person).access_token}")
    return client


@pytest.fixture
def api(user) -> APIClient:
    return api_client_for(user)


@pytest.fixture
def outsider_api(other_user) -> APIClient:
    return api_client_for(other_user)


@pytest.fixture
def anon_api() -> APIClient:
    return APIClient()
