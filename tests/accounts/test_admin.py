import pytest
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True, email="ops@example.com"))
    return client


def test_an_operator_finds_a_person_by_email_and_filters_by_time_zone(admin_client, django_assert_max_num_queries):
    UserFactory.create_batch(60, timezone="Asia/Kolkata")
    UserFactory(email="needle@example.com", timezone="America/New_York", coaching_count=7)
    with django_assert_max_num_queries(10):
        response = admin_client.get(reverse("admin:accounts_user_changelist"), {"q": "needle"})
    assert response.status_code == 200
    assert [u.email for u in response.context["cl"].result_list] == ["needle@example.com"]
    filtered = admin_client.get(reverse("admin:accounts_user_changelist"), {"timezone": "America/New_York"})
    assert [u.email for u in filtered.context["cl"].result_list] == ["needle@example.com"]


def test_the_change_page_shows_the_coaching_fields(admin_client):
    person = UserFactory(coaching_count=3)
    response = admin_client.get(reverse("admin:accounts_user_change", args=[person.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    for field in ("coaching_count", "coaching_reset_at_0", "persona_signals", "timezone"):
        assert f'name="{field}"' in body


def test_an_operator_can_add_a_person(admin_client):
    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "added@example.com",
            "timezone": "UTC",
            "usable_password": "true",
            "password1": "a-long-and-unusual-passphrase",
            "password2": "a-long-and-unusual-passphrase",
        },
    )
    assert response.status_code == 302
