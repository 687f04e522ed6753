"""Changing a connection (busy calendars, sessions calendar, a new password, resume) and
disconnecting it, against a real Radicale server."""

import datetime as dt

import pytest

from calendars.credentials import credentials_decrypt
from calendars.models import BusyEvent, CalendarConnection, RemoteEvent, SessionEvent
from calendars.services.connect import calendar_connection_create
from tests.calendars.conftest import vevent_at

pytestmark = pytest.mark.django_db


@pytest.fixture
def connection(user, radicale_account):
    return calendar_connection_create(
        user=user,
        kind="caldav",
        name="Radicale",
        url=radicale_account.url,
        username=radicale_account.username,
        password=radicale_account.password,
    )


def calendar_url(connection: CalendarConnection, name: str) -> str:
    return next(calendar["url"] for calendar in connection.available_calendars if calendar["name"] == name)


def test_choosing_busy_calendars_saves_them_and_queues_a_sync(api, connection, django_capture_on_commit_callbacks):
    work = calendar_url(connection, "Work")

    with django_capture_on_commit_callbacks() as enqueued:
        response = api.patch(f"/api/calendars/{connection.pk}", {"busy_calendars": [work]}, format="json")

    assert response.status_code == 200
    assert response.json()["busy_calendars"] == [work]
    assert CalendarConnection.objects.get(pk=connection.pk).busy_calendars == [work]
    assert len(enqueued) == 1


def test_a_busy_calendar_that_is_not_the_accounts_is_refused_and_nothing_changes(api, connection):
    work = calendar_url(connection, "Work")
    elsewhere = "http://127.0.0.1:1/someone-else/calendar/"

    response = api.patch(f"/api/calendars/{connection.pk}", {"busy_calendars": [work, elsewhere]}, format="json")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["busy_calendars"]
    assert "is not one of this account's calendars" in response.json()["message"]
    assert CalendarConnection.objects.get(pk=connection.pk).busy_calendars == []


def test_dropping_a_busy_calendar_drops_its_busy_time_at_once(api, connection):
    work, family = calendar_url(connection, "Work"), calendar_url(connection, "Family")
    connection.busy_calendars = [work, family]
    connection.sync_tokens = {work: "w", family: "f"}
    connection.save()
    start = dt.datetime(2026, 12, 1, 9, tzinfo=dt.UTC)
    for url, name in ((work, "Work"), (family, "Family")):
        BusyEvent.objects.create(
            connection=connection,
            user=connection.user,
            calendar_url=url,
            calendar_name=name,
            uid=name,
            start=start,
            end=start + dt.timedelta(hours=1),
        )
        RemoteEvent.objects.create(connection=connection, calendar_url=url, href=url + "e.ics", data="")

    response = api.patch(f"/api/calendars/{connection.pk}", {"busy_calendars": [work]}, format="json")

    assert response.status_code == 200
    assert response.json()["events_imported"] == 1
    assert list(BusyEvent.objects.values_list("calendar_name", flat=True)) == ["Work"]
    assert list(RemoteEvent.objects.values_list("calendar_url", flat=True)) == [work]
    assert CalendarConnection.objects.get(pk=connection.pk).sync_tokens == {work: "w"}


def test_writing_sessions_makes_the_calendar_on_the_server_and_keeps_its_url(api, connection, radicale_account):
    response = api.patch(
        f"/api/calendars/{connection.pk}", {"write_sessions": True, "sessions_calendar": "My plan"}, format="json"
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    with radicale_account.client() as client:
        on_server = {calendar.get_display_name(): str(calendar.url) for calendar in client.principal().calendars()}
    assert body["write_sessions"] is True
    assert body["sessions_calendar"] == "My plan"
    assert body["sessions_calendar_url"] == on_server["My plan"]
    assert {"url": on_server["My plan"], "name": "My plan"} in body["available_calendars"]


def test_writing_sessions_to_a_calendar_that_exists_uses_it(api, connection, radicale_account):
    body = {"write_sessions": True, "sessions_calendar": "work"}
    response = api.patch(f"/api/calendars/{connection.pk}", body, format="json")

    assert response.status_code == 200
    assert response.json()["sessions_calendar"] == "Work"
    assert response.json()["sessions_calendar_url"] == calendar_url(connection, "Work")
    with radicale_account.client() as client:
        assert len(client.principal().calendars()) == 2


def test_writing_sessions_without_a_name_uses_a_calendar_called_monthwise(api, connection):
    response = api.patch(f"/api/calendars/{connection.pk}", {"write_sessions": True}, format="json")

    assert response.status_code == 200
    assert response.json()["sessions_calendar"] == "Monthwise"
    assert response.json()["sessions_calendar_url"]


def test_a_new_password_is_checked_with_the_server_before_it_replaces_the_old(
    api, connection, radicale, radicale_account
):
    old = radicale_account.password

    refused = api.patch(f"/api/calendars/{connection.pk}", {"password": "a-wrong-guess"}, format="json")

    assert refused.status_code == 400
    assert refused.json() == {
        "message": "The calendar server did not accept this user name and password.",
        "errors": {"password": ["The calendar server did not accept this user name and password."]},
    }
    assert credentials_decrypt(CalendarConnection.objects.get(pk=connection.pk).password_encrypted) == old

    radicale.set_password(radicale_account, "the-new-one-42")
    accepted = api.patch(f"/api/calendars/{connection.pk}", {"password": "the-new-one-42"}, format="json")

    assert accepted.status_code == 200
    assert "the-new-one-42" not in accepted.content.decode()
    assert credentials_decrypt(CalendarConnection.objects.get(pk=connection.pk).password_encrypted) == "the-new-one-42"


def test_a_new_password_the_server_accepts_resumes_a_paused_connection(api, connection):
    CalendarConnection.objects.filter(pk=connection.pk).update(is_paused=True, consecutive_failures=3, last_error="x")

    body = {"password": credentials_decrypt(connection.password_encrypted)}
    response = api.patch(f"/api/calendars/{connection.pk}", body, format="json")

    assert response.status_code == 200
    assert (response.json()["is_paused"], response.json()["consecutive_failures"]) == (False, 0)


def test_resuming_a_paused_connection_clears_its_failures_and_syncs(
    api, connection, django_capture_on_commit_callbacks
):
    CalendarConnection.objects.filter(pk=connection.pk).update(is_paused=True, consecutive_failures=3, last_error="x")

    with django_capture_on_commit_callbacks(execute=True):
        response = api.patch(f"/api/calendars/{connection.pk}", {"is_paused": False}, format="json")

    assert response.status_code == 200
    connection.refresh_from_db()
    assert (connection.is_paused, connection.consecutive_failures) == (False, 0)
    assert connection.last_synced_at is not None  # the sync ran (tasks run in-process here)
    assert connection.last_error == ""


def test_renaming_and_turning_auto_sync_off(api, connection):
    body = {"name": "  Home   server ", "auto_sync": False}
    response = api.patch(f"/api/calendars/{connection.pk}", body, format="json")

    assert response.status_code == 200
    assert (response.json()["name"], response.json()["auto_sync"]) == ("Home server", False)


# --- Disconnecting ---------------------------------------------------------------------


def written_session(connection: CalendarConnection, account, calendar: str, uid: str) -> SessionEvent:
    event = account.add_event(calendar, vevent_at(uid, dt.datetime(2026, 12, 2, 9, tzinfo=dt.UTC), "Write"))
    return SessionEvent.objects.create(connection=connection, uid=uid, href=str(event.url))


def test_disconnecting_removes_the_connection_its_busy_time_and_the_sessions_it_wrote(
    api, connection, radicale_account
):
    work = calendar_url(connection, "Work")
    written_session(connection, radicale_account, work, "s1@monthwise")
    written_session(connection, radicale_account, work, "s2@monthwise")
    mine = dt.datetime(2026, 12, 3, 9, tzinfo=dt.UTC)
    radicale_account.add_event(work, vevent_at("mine", mine, "Mine"))
    BusyEvent.objects.create(
        connection=connection, user=connection.user, uid="mine", start=mine, end=mine + dt.timedelta(hours=1)
    )

    response = api.delete(f"/api/calendars/{connection.pk}")

    assert response.status_code == 200
    assert response.json() == {
        "message": "Calendar disconnected; the 2 sessions Monthwise wrote to it were removed.",
        "events_removed": 2,
        "events_left": 0,
    }
    assert not CalendarConnection.objects.exists()
    assert not BusyEvent.objects.exists() and not SessionEvent.objects.exists()
    assert [event.icalendar_component["UID"] for event in radicale_account.events(work)] == ["mine"]


def test_disconnecting_can_keep_the_sessions_it_wrote(api, connection, radicale_account):
    work = calendar_url(connection, "Work")
    written_session(connection, radicale_account, work, "s1@monthwise")

    response = api.delete(f"/api/calendars/{connection.pk}?keep_events=true")

    assert response.status_code == 200
    assert response.json()["events_left"] == 1
    assert not CalendarConnection.objects.exists()
    assert [event.icalendar_component["UID"] for event in radicale_account.events(work)] == ["s1@monthwise"]


def test_disconnecting_works_when_the_server_is_gone_and_says_what_stayed(api, connection, radicale_account):
    written_session(connection, radicale_account, calendar_url(connection, "Work"), "s1@monthwise")
    CalendarConnection.objects.filter(pk=connection.pk).update(url="http://127.0.0.1:1/")

    response = api.delete(f"/api/calendars/{connection.pk}")

    assert response.status_code == 200
    assert response.json() == {
        "message": "Calendar disconnected. 1 sessions Monthwise wrote stay in that calendar.",
        "events_removed": 0,
        "events_left": 1,
    }
    assert not CalendarConnection.objects.exists()
