"""Tokens issued before a password change, a reset, "log out everywhere" or the account's
deletion stop working: the refresh tokens are blacklisted and the access tokens refused."""

import re

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.urls import reverse
from rest_framework.test import APIClient
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

from accounts.models import User
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-long-and-unusual-passphrase"
REVOKED = {"message": "This sign-in has ended: the password was changed or you logged out everywhere. Log in again."}
BLACKLISTED = {"message": "Token is blacklisted"}


def obtain(email: str, password: str = DEFAULT_PASSWORD) -> dict[str, str]:
    response = APIClient().post("/api/auth/token", {"email": email, "password": password}, format="json")
    assert response.status_code == 200
    return response.json()


def me_with(access: str):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client.get("/api/me")


def refresh_with(refresh: str):
    return APIClient().post("/api/auth/token/refresh", {"refresh": refresh}, format="json")


def logout_all_with(access: str):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client.post("/api/auth/logout-all")


def assert_pair_refused(pair: dict[str, str]) -> None:
    me = me_with(pair["access"])
    assert (me.status_code, me.json()) == (401, REVOKED)
    refreshed = refresh_with(pair["refresh"])
    assert (refreshed.status_code, refreshed.json()) == (401, BLACKLISTED)


def test_a_pair_works_until_something_ends_it():
    UserFactory(email="steady@example.com")
    pair = obtain("steady@example.com")
    assert me_with(pair["access"]).status_code == 200
    assert refresh_with(pair["refresh"]).status_code == 200


def test_changing_the_password_on_the_page_ends_every_earlier_pair(client):
    user = UserFactory(email="changer@example.com")
    phone, laptop = obtain("changer@example.com"), obtain("changer@example.com")
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": DEFAULT_PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert_pair_refused(phone)
    assert_pair_refused(laptop)
    assert BlacklistedToken.objects.filter(token__user=user).count() == 2
    # The page that changed it stays signed in; a new pair with the new password works.
    assert client.get(reverse("accounts:account")).status_code == 200
    fresh = obtain("changer@example.com", NEW_PASSWORD)
    assert me_with(fresh["access"]).status_code == 200


def test_resetting_the_password_by_email_ends_every_earlier_pair(client):
    user = UserFactory(email="forgetful@example.com")
    pair = obtain("forgetful@example.com")
    client.post(reverse("accounts:password_reset"), {"email": "forgetful@example.com"})
    link = re.search(r"http://testserver(/password/reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert_pair_refused(pair)


def test_logout_all_answers_205_and_ends_every_pair_issued_before():
    user = UserFactory(email="everywhere@example.com")
    keeper = UserFactory(email="keeper@example.com")
    phone, laptop = obtain("everywhere@example.com"), obtain("everywhere@example.com")
    keepers_pair = obtain("keeper@example.com")
    response = logout_all_with(phone["access"])
    assert response.status_code == 205
    assert response.content == b""
    assert_pair_refused(phone)
    assert_pair_refused(laptop)
    assert set(BlacklistedToken.objects.values_list("token__user", flat=True)) == {user.pk}
    # Another person's tokens are untouched, and logging in again works.
    assert me_with(keepers_pair["access"]).status_code == 200
    assert refresh_with(keepers_pair["refresh"]).status_code == 200
    assert OutstandingToken.objects.filter(user=keeper).count() == 2
    fresh = obtain("everywhere@example.com")
    assert me_with(fresh["access"]).status_code == 200
    assert refresh_with(fresh["refresh"]).status_code == 200


def test_a_pair_refreshed_before_logout_all_is_ended_too():
    UserFactory(email="rotator@example.com")
    rotated = refresh_with(obtain("rotator@example.com")["refresh"]).json()
    assert logout_all_with(rotated["access"]).status_code == 205
    assert_pair_refused(rotated)


def test_logout_all_needs_a_token():
    response = APIClient().post("/api/auth/logout-all")
    assert response.status_code == 401
    assert response.json() == {"message": "Authentication credentials were not provided."}


def test_the_account_page_logs_out_everywhere(client):
    user = UserFactory(email="button@example.com")
    other_browser = type(client)()
    for browser in (client, other_browser):
        browser.post(reverse("accounts:login"), {"username": "button@example.com", "password": DEFAULT_PASSWORD})
    pair = obtain("button@example.com")
    page = client.get(reverse("accounts:account"))
    assert f'action="{reverse("accounts:logout_everywhere")}"' in page.content.decode()
    response = client.post(reverse("accounts:logout_everywhere"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    assert_pair_refused(pair)
    assert not Session.objects.exists()
    for browser in (client, other_browser):
        assert browser.get(reverse("accounts:account")).status_code == 302  # back to the login page
    assert User.objects.filter(pk=user.pk).exists()


def test_logging_out_everywhere_on_the_page_needs_a_post(client):
    client.force_login(UserFactory())
    assert client.get(reverse("accounts:logout_everywhere")).status_code == 405


def test_after_the_account_is_deleted_its_tokens_answer_401_json():
    UserFactory(email="gone@example.com")
    pair = obtain("gone@example.com")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {pair['access']}")
    assert client.delete("/api/me", {"password": DEFAULT_PASSWORD}, format="json").status_code == 204
    refreshed = refresh_with(pair["refresh"])
    assert (refreshed.status_code, refreshed.json()) == (
        401,
        {"message": "No active account found for the given token."},
    )
    me = me_with(pair["access"])
    assert (me.status_code, me.json()) == (401, {"message": "User not found"})


def test_changing_the_password_in_the_admin_ends_every_earlier_pair(client):
    admin = UserFactory(email="admin@example.com", is_staff=True, is_superuser=True)
    user = UserFactory(email="helped@example.com")
    pair = obtain("helped@example.com")
    client.force_login(admin)
    response = client.post(
        reverse("admin:auth_user_password_change", args=[user.pk]),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert_pair_refused(pair)


def test_a_token_issued_before_tokens_carried_a_generation_ends_with_logout_all_too(api, user):
    # The `api` fixture's token is simplejwt's own, without the claim: it counts as generation 0.
    assert api.get("/api/me").status_code == 200
    assert api.post("/api/auth/logout-all").status_code == 205
    response = api.get("/api/me")
    assert (response.status_code, response.json()) == (401, REVOKED)
    user.refresh_from_db()
    assert user.token_generation == 1
