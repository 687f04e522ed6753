import pytest
from django.core.cache import cache
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _clean_cache():
    # Throttle counters and lockouts live in the (shared, real) Redis cache.
    cache.clear()
    yield
    cache.clear()


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
