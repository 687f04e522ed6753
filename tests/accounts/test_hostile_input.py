"""What a hostile or careless client sends to the account endpoints and pages: a forged
X-Forwarded-For, an off-site `next`, a time zone with a line break, an endless e-mail."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse
from rest_framework.test import APIClient
from rest_framework.throttling import ScopedRateThrottle

from accounts.models import User
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

# 316 characters, a well-formed address (labels under 64), longer than any account's e-mail
# and than the lockout's 255-character username column.
ENDLESS_EMAIL = "a" * 60 + "@" + ("b" * 60 + ".") * 4 + "example.com"
EMAIL_TOO_LONG = "An e-mail address has at most 254 characters."
TIMEZONE_SPACED = "A time zone name has no spaces or line breaks around it. Use an IANA name such as Europe/London."


@pytest.fixture
def auth_rate_of_five(monkeypatch):
    # The throttle classes read their rates once, at import: set them where they are read.
    monkeypatch.setattr(ScopedRateThrottle, "THROTTLE_RATES", {"auth": "5/min"})


def token_attempt(forwarded_for: str, attempt: int):
    return APIClient().post(
        "/api/auth/token",
        {"email": f"nobody{attempt}@example.com", "password": "guess"},
        format="json",
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_a_new_x_forwarded_for_each_time_does_not_escape_the_token_throttle(auth_rate_of_five):
    statuses = [token_attempt(f"198.51.100.{attempt}", attempt).status_code for attempt in range(30)]
    assert statuses == [401] * 5 + [429] * 25
    refused = token_attempt("198.51.100.200", 30)
    assert refused.json()["message"].startswith("Too many requests. Try again in ")


def test_behind_one_proxy_the_throttle_counts_the_address_the_proxy_saw(auth_rate_of_five, settings):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    # The client writes whatever it likes on the left; our proxy appends the address it saw.
    statuses = [token_attempt(f"198.51.100.{attempt}, 203.0.113.7", attempt).status_code for attempt in range(30)]
    assert statuses == [401] * 5 + [429] * 25
    assert token_attempt("198.51.100.1, 203.0.113.8", 30).status_code == 401  # someone else


HOSTILE_NEXT = [
    "/%09/evil.example",
    "/\t/evil.example",
    "/%0A/evil.example",
    "/%2F/evil.example",
    "/%252F/evil.example",
    "//evil.example",
    "/\\evil.example",
    "/%5Cevil.example",
    "https://evil.example",
    "http://testserver.evil.example/",
    "javascript:alert(document.cookie)",
]


@pytest.mark.parametrize("next_url", HOSTILE_NEXT)
def test_logging_in_with_an_off_site_next_lands_on_the_home_page(client, next_url):
    UserFactory(email="someone@example.com")
    response = client.post(
        reverse("accounts:login"),
        {"username": "someone@example.com", "password": DEFAULT_PASSWORD, "next": next_url},
    )
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.parametrize("next_url", HOSTILE_NEXT)
def test_the_login_page_does_not_carry_an_off_site_next_into_its_form(client, next_url):
    page = client.get(reverse("accounts:login"), {"next": next_url})
    assert page.status_code == 200
    assert page.context["next"] == ""


@pytest.mark.parametrize("next_url", ["/plans/", "/today/?week=2026-11-23", "/goals/a%20b"])
def test_logging_in_with_a_same_site_next_goes_there(client, next_url):
    UserFactory(email="someone@example.com")
    response = client.post(
        reverse("accounts:login"),
        {"username": "someone@example.com", "password": DEFAULT_PASSWORD, "next": next_url},
    )
    assert (response.status_code, response["Location"]) == (302, next_url)


@pytest.mark.parametrize("next_url", ["/%09/evil.example", "//evil.example", "https://evil.example"])
def test_logging_out_with_an_off_site_next_lands_on_the_home_page(client, next_url):
    client.force_login(UserFactory())
    response = client.post(reverse("accounts:logout"), {"next": next_url})
    assert (response.status_code, response["Location"]) == (302, "/")


@pytest.mark.parametrize("timezone", ["Europe/London\n", " Europe/London", "Europe/London\t", "Europe/London\r\n"])
def test_a_time_zone_with_a_space_or_line_break_around_it_is_refused_by_the_api(api, user, timezone):
    response = api.patch("/api/me", {"timezone": timezone}, format="json")
    assert response.status_code == 400
    assert response.json() == {"message": TIMEZONE_SPACED, "errors": {"timezone": [TIMEZONE_SPACED]}}
    user.refresh_from_db()
    assert user.timezone == "Europe/London"


def test_registering_with_a_time_zone_with_a_line_break_is_refused_by_the_field(anon_api):
    response = anon_api.post(
        "/api/auth/register",
        {"email": "new@example.com", "password": "a-long-and-unusual-passphrase", "timezone": "Asia/Tokyo\n"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"timezone": [TIMEZONE_SPACED]}
    assert not User.objects.exists()


def test_a_time_zone_with_a_line_break_is_refused_by_the_field_on_the_account_page(client):
    user = UserFactory(timezone="Europe/London")
    client.force_login(user)
    response = client.post(reverse("accounts:account"), {"timezone": "America/New_York\n"})
    assert response.status_code == 200
    assert response.context["timezone_form"].errors == {"timezone": [TIMEZONE_SPACED]}
    assert 'id="id_timezone_error"' in response.content.decode()
    user.refresh_from_db()
    assert user.timezone == "Europe/London"


def test_an_endless_email_to_the_token_endpoint_answers_400_by_the_field(anon_api):
    response = anon_api.post("/api/auth/token", {"email": ENDLESS_EMAIL, "password": "guess"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"message": f"email: {EMAIL_TOO_LONG}", "errors": {"email": [EMAIL_TOO_LONG]}}
    assert not AccessAttempt.objects.exists()


def test_an_endless_email_on_the_login_form_is_refused_by_the_field(client):
    response = client.post(reverse("accounts:login"), {"username": ENDLESS_EMAIL, "password": "guess"})
    assert response.status_code == 200
    assert response.context["form"].errors == {"username": [EMAIL_TOO_LONG]}
    assert not AccessAttempt.objects.exists()


def test_an_endless_email_on_the_signup_form_is_refused_by_the_field(client):
    response = client.post(
        reverse("accounts:signup"),
        {
            "email": ENDLESS_EMAIL,
            "password": "a-long-and-unusual-passphrase",
            "password_confirm": "a-long-and-unusual-passphrase",
            "timezone": "UTC",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {"email": [EMAIL_TOO_LONG]}
    assert not User.objects.exists()
