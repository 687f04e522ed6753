import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "a-long-and-unusual-passphrase"


def signup(client, **overrides):
    data = {
        "email": "New.Person@Example.com",
        "password": GOOD_PASSWORD,
        "password_confirm": GOOD_PASSWORD,
        "timezone": "America/New_York",
        **overrides,
    }
    return client.post(reverse("accounts:signup"), data)


def test_the_home_page_tells_a_visitor_what_monthwise_does_and_how_to_start(client):
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "planned around your life" in body
    assert reverse("accounts:signup") in body


def test_signing_up_creates_the_account_logs_in_and_stores_a_lowercase_email(client):
    response = signup(client)
    assert response.status_code == 302
    user = User.objects.get()
    assert user.email == "new.person@example.com"
    assert user.timezone == "America/New_York"
    assert user.password.startswith("md5$")  # the test hasher; production uses Argon2
    assert client.get(reverse("accounts:account")).status_code == 200


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"password": "short", "password_confirm": "short"}, "password", "too short"),
        ({"password": "1234567890123", "password_confirm": "1234567890123"}, "password", "entirely numeric"),
        ({"password_confirm": "something-else-entirely"}, "password_confirm", "two passwords differ"),
        ({"timezone": "Mars/Olympus_Mons"}, "timezone", "not a time zone we know"),
        ({"email": "not-an-email"}, "email", "valid email"),
    ],
)
def test_a_bad_signup_shows_the_message_by_the_field_and_writes_no_row(client, overrides, field, message):
    response = signup(client, **overrides)
    assert response.status_code == 200  # the form again, with the message by the field
    assert message in " ".join(response.context["form"].errors[field]).lower() or message in " ".join(
        response.context["form"].errors[field]
    )
    assert f'id="id_{field}_error"' in response.content.decode()
    assert User.objects.count() == 0


def test_an_email_already_taken_in_another_case_is_refused_by_the_field(client):
    UserFactory(email="taken@example.com")
    response = signup(client, email="TAKEN@example.com")
    assert response.status_code == 200  # the form again, with the message by the field
    assert "already exists" in response.context["form"].errors["email"][0]
    assert User.objects.count() == 1


def test_login_is_case_insensitive_and_logout_ends_the_session(client):
    UserFactory(email="mixed@example.com")
    response = client.post(reverse("accounts:login"), {"username": "MIXED@Example.COM", "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("accounts:account")).status_code == 200
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("accounts:account")).status_code == 302


def test_a_wrong_password_says_so_without_saying_which_part(client):
    UserFactory(email="someone@example.com")
    response = client.post(reverse("accounts:login"), {"username": "someone@example.com", "password": "nope"})
    assert response.status_code == 200
    assert "do not match an account" in response.content.decode()


def test_five_failed_logins_lock_the_form_even_for_the_right_password(client):
    UserFactory(email="target@example.com")
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": "target@example.com", "password": "guess"})
    response = client.post(reverse("accounts:login"), {"username": "Target@example.com", "password": DEFAULT_PASSWORD})
    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()
    assert client.get(reverse("accounts:account")).status_code == 302


def test_changing_the_password_keeps_you_logged_in_and_the_old_one_stops_working(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": DEFAULT_PASSWORD, "new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(GOOD_PASSWORD)
    assert not user.check_password(DEFAULT_PASSWORD)
    assert client.get(reverse("accounts:account")).status_code == 200


def test_a_password_reset_link_arrives_by_email_and_sets_a_new_password(client):
    user = UserFactory(email="forgetful@example.com")
    client.post(reverse("accounts:password_reset"), {"email": "forgetful@example.com"})
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/password/reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    response = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(GOOD_PASSWORD)


def test_the_account_page_sets_the_time_zone_and_refuses_an_unknown_one(client):
    user = UserFactory(timezone="UTC")
    client.force_login(user)
    assert client.post(reverse("accounts:account"), {"timezone": "Asia/Kolkata"}).status_code == 302
    user.refresh_from_db()
    assert user.timezone == "Asia/Kolkata"
    response = client.post(reverse("accounts:account"), {"timezone": "Nowhere/Land"})
    assert response.status_code == 200  # the form again, with the message by the field
    assert "not a time zone we know" in response.content.decode()
    user.refresh_from_db()
    assert user.timezone == "Asia/Kolkata"


def test_the_data_export_downloads_the_persons_data_as_json(client):
    user = UserFactory(email="me@example.com")
    client.force_login(user)
    response = client.get(reverse("accounts:export"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response.json()["account"]["email"] == "me@example.com"


def test_deleting_the_account_needs_the_password_and_then_removes_everything(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(reverse("accounts:delete"), {"password": "wrong"})
    assert response.status_code == 200  # the form again, with the message by the field
    assert User.objects.filter(pk=user.pk).exists()
    response = client.post(reverse("accounts:delete"), {"password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    assert not User.objects.filter(pk=user.pk).exists()


def test_pages_that_need_login_send_a_visitor_to_the_login_page(client):
    for name in ("accounts:account", "accounts:export", "accounts:delete", "accounts:password_change"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_every_page_carries_a_content_security_policy_without_unsafe_inline(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_a_new_person_is_pointed_at_their_goals_and_a_returning_one_welcomed_back(client):
    from tests.planning.factories import PreferencesFactory

    person = UserFactory()
    client.force_login(person)
    first = client.get("/").content.decode()
    assert "Let's plan your month" in first
    assert reverse("planning:goals") in first
    PreferencesFactory(user=person)
    assert "Welcome back" in client.get("/").content.decode()
