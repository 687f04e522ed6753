"""POST /api/auth/password: the current password and a new one that passes the sign-up rules;
every earlier token ends, as after a change on the page, and the caller gets a fresh pair."""

import pytest
from django.contrib.auth.forms import PasswordChangeForm
from rest_framework.test import APIClient
from rest_framework.throttling import ScopedRateThrottle
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken

from accounts.models import User
from tests.accounts.test_token_revocation import NEW_PASSWORD, assert_pair_refused, me_with, obtain, refresh_with
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

WRONG_CURRENT = str(PasswordChangeForm.error_messages["password_incorrect"])


def change_with(access: str, body: dict[str, object]):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client.post("/api/auth/password", body, format="json")


def test_a_wrong_current_password_is_a_400_naming_the_field_and_changes_nothing():
    user = UserFactory(email="careful@example.com")
    pair = obtain("careful@example.com")
    response = change_with(pair["access"], {"current_password": "not-my-password", "new_password": NEW_PASSWORD})
    assert response.status_code == 400
    assert response.json() == {"message": WRONG_CURRENT, "errors": {"current_password": [WRONG_CURRENT]}}
    user.refresh_from_db()
    assert user.check_password(DEFAULT_PASSWORD)
    assert me_with(pair["access"]).status_code == 200
    assert BlacklistedToken.objects.count() == 0


@pytest.mark.parametrize(
    ("new_password", "message"),
    [
        ("short1", "This password is too short. It must contain at least 10 characters."),
        ("12345678901234", "This password is entirely numeric."),
        ("password1234", "This password is too common."),
    ],
)
def test_a_new_password_the_validators_refuse_is_a_400_with_their_messages(new_password, message):
    user = UserFactory(email="weak@example.com")
    pair = obtain("weak@example.com")
    response = change_with(pair["access"], {"current_password": DEFAULT_PASSWORD, "new_password": new_password})
    assert response.status_code == 400
    assert message in response.json()["errors"]["new_password"]
    assert set(response.json()["errors"]) == {"new_password"}
    user.refresh_from_db()
    assert user.check_password(DEFAULT_PASSWORD)
    assert refresh_with(pair["refresh"]).status_code == 200


def test_a_change_ends_every_earlier_pair_and_answers_a_fresh_pair_that_works():
    user = UserFactory(email="mover@example.com")
    phone, laptop = obtain("mover@example.com"), obtain("mover@example.com")
    response = change_with(laptop["access"], {"current_password": DEFAULT_PASSWORD, "new_password": NEW_PASSWORD})
    assert response.status_code == 200
    fresh = response.json()
    assert set(fresh) == {"access", "refresh"}

    assert_pair_refused(phone)
    assert_pair_refused(laptop)
    assert BlacklistedToken.objects.filter(token__user=user).count() == 2
    me = me_with(fresh["access"])
    assert (me.status_code, me.json()["email"]) == (200, "mover@example.com")
    assert refresh_with(fresh["refresh"]).status_code == 200
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert obtain("mover@example.com", NEW_PASSWORD)["access"]


def test_missing_fields_are_a_400_naming_them():
    UserFactory(email="terse@example.com")
    pair = obtain("terse@example.com")
    response = change_with(pair["access"], {})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"current_password", "new_password"}


def test_changing_the_password_needs_a_login():
    response = APIClient().post(
        "/api/auth/password", {"current_password": DEFAULT_PASSWORD, "new_password": NEW_PASSWORD}, format="json"
    )
    assert response.status_code == 401
    assert response.json() == {"message": "Authentication credentials were not provided."}


def test_password_changes_are_throttled_like_sign_in(monkeypatch):
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"auth": "3/min", "user": "3/min", "anon": "3/min"})
    UserFactory(email="guesser@example.com")
    pair = obtain("guesser@example.com")
    statuses = [
        change_with(pair["access"], {"current_password": f"guess-{n}", "new_password": NEW_PASSWORD}).status_code
        for n in range(4)
    ]
    assert statuses == [400, 400, 400, 429]
    assert User.objects.get(email="guesser@example.com").check_password(DEFAULT_PASSWORD)
