"""A calendar password is never in the data export or the admin, not even encrypted; the
export still lists the connections, their busy time and where sessions were written."""

import datetime as dt

import pytest
from django.urls import reverse

from calendars.credentials import credentials_encrypt
from calendars.models import BusyEvent, CalendarConnection
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-calendar-password-9"


@pytest.fixture
def connection(user):
    connection = CalendarConnection.objects.create(
        user=user,
        kind="caldav",
        name="Cloud",
        url="https://cloud.example.com/remote.php/dav/",
        username="sam",
        password_encrypted=credentials_encrypt(PASSWORD),
        available_calendars=[{"url": "https://cloud.example.com/remote.php/dav/calendars/sam/work/", "name": "Work"}],
        busy_calendars=["https://cloud.example.com/remote.php/dav/calendars/sam/work/"],
    )
    BusyEvent.objects.create(
        connection=connection,
        user=user,
        calendar_url=connection.busy_calendars[0],
        calendar_name="Work",
        uid="dentist-1",
        start=dt.datetime(2026, 12, 3, 9, tzinfo=dt.UTC),
        end=dt.datetime(2026, 12, 3, 10, tzinfo=dt.UTC),
        summary="Dentist",
    )
    return connection


def test_the_data_export_lists_the_connections_and_busy_time_without_the_password(api, connection):
    response = api.get("/api/me/export")

    assert response.status_code == 200
    body = response.json()
    (exported,) = body["calendars.CalendarConnection"]
    assert exported["name"] == "Cloud"
    assert exported["username"] == "sam"
    assert exported["busy_calendars"] == connection.busy_calendars
    assert "password_encrypted" not in exported and "password" not in exported
    assert [event["summary"] for event in body["calendars.BusyEvent"]] == ["Dentist"]
    assert body["calendars.SessionEvent"] == []
    assert PASSWORD not in response.content.decode()
    assert connection.password_encrypted not in response.content.decode()


def test_the_export_holds_only_the_persons_own_connections(api, connection, other_user):
    CalendarConnection.objects.create(user=other_user, kind="ics", name="Theirs", url="https://example.com/t.ics")

    body = api.get("/api/me/export").json()

    assert [row["name"] for row in body["calendars.CalendarConnection"]] == ["Cloud"]


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True, email="ops@example.com"))
    return client


def test_the_admin_finds_a_connection_by_email_or_name_and_never_shows_the_password(
    admin_client, connection, django_assert_max_num_queries
):
    for index in range(30):
        CalendarConnection.objects.create(user=UserFactory(), kind="ics", name=f"Feed {index}", url="https://e.com/")

    changelist = reverse("admin:calendars_calendarconnection_changelist")
    with django_assert_max_num_queries(10):
        by_email = admin_client.get(changelist, {"q": connection.user.email})
    by_name = admin_client.get(changelist, {"q": "Cloud"})
    change = admin_client.get(reverse("admin:calendars_calendarconnection_change", args=[connection.pk]))

    assert [row.pk for row in by_email.context["cl"].result_list] == [connection.pk]
    assert [row.pk for row in by_name.context["cl"].result_list] == [connection.pk]
    assert change.status_code == 200
    page = change.content.decode()
    assert "sam" in page
    assert "password_encrypted" not in page and "Password encrypted" not in page
    assert connection.password_encrypted not in page
    assert PASSWORD not in page


def test_the_admin_cannot_add_a_connection_around_the_checks(admin_client):
    response = admin_client.get(reverse("admin:calendars_calendarconnection_add"))

    assert response.status_code == 403
