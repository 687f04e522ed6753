import pytest
from django.urls import reverse

from accounts.models import User
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "a-long-and-unusual-passphrase"


def obtain(client, email, password=DEFAULT_PASSWORD):
    return client.post("/api/auth/token", {"email": email, "password": password}, format="json")


def test_register_answers_201_with_the_public_fields(anon_api):
    response = anon_api.post(
        "/api/auth/register",
        {"email": "API@Example.com", "password": GOOD_PASSWORD, "timezone": "Australia/Sydney"},
        format="json",
    )
    assert response.status_code == 201
    user = User.objects.get()
    assert response.json() == {"id": str(user.id), "email": "api@example.com", "timezone": "Australia/Sydney"}


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"email": "x@example.com", "password": "short"}, "password"),
        ({"email": "x@example.com", "password": GOOD_PASSWORD, "timezone": "Bad/Zone"}, "timezone"),
        ({"email": "not-an-email", "password": GOOD_PASSWORD}, "email"),
        ({"password": GOOD_PASSWORD}, "email"),
    ],
)
def test_a_bad_registration_answers_400_naming_the_field_and_writes_nothing(anon_api, body, field):
    response = anon_api.post("/api/auth/register", body, format="json")
    assert response.status_code == 400
    payload = response.json()
    assert field in payload["errors"]
    assert payload["message"]
    assert User.objects.count() == 0


def test_register_refuses_an_email_taken_in_another_case(anon_api):
    UserFactory(email="dup@example.com")
    response = anon_api.post(
        "/api/auth/register", {"email": "DUP@example.com", "password": GOOD_PASSWORD}, format="json"
    )
    assert response.status_code == 400
    assert "already exists" in response.json()["errors"]["email"][0]
    assert User.objects.count() == 1


def test_a_token_pair_is_issued_for_any_case_of_the_email(anon_api):
    UserFactory(email="case@example.com")
    response = obtain(anon_api, "CASE@example.com")
    assert response.status_code == 200
    assert set(response.json()) == {"access", "refresh"}


def test_the_access_token_lasts_at_most_fifteen_minutes(anon_api):
    from rest_framework_simplejwt.tokens import AccessToken

    UserFactory(email="ttl@example.com")
    token = AccessToken(obtain(anon_api, "ttl@example.com").json()["access"])
    assert token["exp"] - token["iat"] <= 15 * 60


def test_a_refresh_rotates_and_the_old_refresh_is_refused_afterwards(anon_api):
    UserFactory(email="rotate@example.com")
    first = obtain(anon_api, "rotate@example.com").json()
    response = anon_api.post("/api/auth/token/refresh", {"refresh": first["refresh"]}, format="json")
    assert response.status_code == 200
    second = response.json()
    assert second["refresh"] != first["refresh"]
    again = anon_api.post("/api/auth/token/refresh", {"refresh": first["refresh"]}, format="json")
    assert again.status_code == 401
    assert "blacklisted" in again.json()["message"].lower()


def test_logout_answers_205_and_that_refresh_is_refused_from_then_on(anon_api):
    UserFactory(email="bye@example.com")
    pair = obtain(anon_api, "bye@example.com").json()
    assert anon_api.post("/api/auth/logout", {"refresh": pair["refresh"]}, format="json").status_code == 205
    response = anon_api.post("/api/auth/token/refresh", {"refresh": pair["refresh"]}, format="json")
    assert response.status_code == 401
    assert anon_api.post("/api/auth/logout", {"refresh": pair["refresh"]}, format="json").status_code == 401


def test_wrong_credentials_answer_401_with_a_json_message(anon_api):
    UserFactory(email="who@example.com")
    response = obtain(anon_api, "who@example.com", "wrong")
    assert response.status_code == 401
    assert response.json() == {"message": "No active account found with the given credentials"}


def test_five_failed_token_requests_lock_out_the_email_with_429(anon_api, client):
    UserFactory(email="locked@example.com")
    for _ in range(5):
        assert obtain(anon_api, "locked@example.com", "guess").status_code == 401
    response = obtain(anon_api, "LOCKED@example.com")
    assert response.status_code == 429
    assert "Too many failed logins" in response.json()["message"]
    # The same lockout holds on the HTML form.
    page = client.post(reverse("accounts:login"), {"username": "locked@example.com", "password": DEFAULT_PASSWORD})
    assert page.status_code == 429


def test_me_shows_the_account_and_patch_sets_the_time_zone(api, user):
    response = api.get("/api/me")
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == str(user.id)
    assert body["email"] == user.email
    assert body["coaching_remaining"] == 30
    assert body["calendar_feed_url"].endswith(f"/calendar/{user.calendar_secret}.ics")
    response = api.patch("/api/me", {"timezone": "Asia/Kolkata"}, format="json")
    assert response.status_code == 200
    assert response.json()["timezone"] == "Asia/Kolkata"
    bad = api.patch("/api/me", {"timezone": "Asia/Atlantis"}, format="json")
    assert bad.status_code == 400
    assert "timezone" in bad.json()["errors"]
    user.refresh_from_db()
    assert user.timezone == "Asia/Kolkata"


def test_me_needs_a_token(anon_api):
    response = anon_api.get("/api/me")
    assert response.status_code == 401
    assert response.json()["message"]


def test_export_returns_the_persons_data(api, user):
    response = api.get("/api/me/export")
    assert response.status_code == 200
    assert response.json()["account"]["email"] == user.email


def test_delete_me_with_the_wrong_password_changes_nothing(api, user):
    response = api.delete("/api/me", {"password": "wrong"}, format="json")
    assert response.status_code == 400
    assert User.objects.filter(pk=user.pk).exists()


def test_an_unknown_api_path_answers_404_json(api):
    response = api.get("/api/does-not-exist")
    assert response.status_code == 404
    assert response.json() == {"message": "Not found."}


def test_malformed_json_answers_400_not_500(anon_api):
    response = anon_api.post("/api/auth/register", data="{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["message"]
