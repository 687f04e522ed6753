"""Connecting calendars through the API, against a real Radicale server and a local web
server: what is listed and saved, and that a refusal saves nothing."""

import pytest

from calendars.credentials import credentials_decrypt
from calendars.fetch import UNREACHABLE
from calendars.models import MAX_CONNECTIONS, BusyEvent, CalendarConnection
from calendars.services.rules import URL_WITH_PASSWORD
from tests.calendars.conftest import free_port

pytestmark = pytest.mark.django_db


def caldav_body(account, **extra) -> dict:
    return {
        "kind": "caldav",
        "name": "My Radicale",
        "url": account.url,
        "username": account.username,
        "password": account.password,
        **extra,
    }


def test_connecting_a_caldav_account_lists_its_calendars_and_keeps_the_password_encrypted(
    api, user, radicale_account, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as enqueued:
        response = api.post("/api/calendars", caldav_body(radicale_account), format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    connection = CalendarConnection.objects.get(user=user)
    assert [calendar["name"] for calendar in body["available_calendars"]] == ["Family", "Work"]
    own_home = radicale_account.url + radicale_account.username + "/"
    assert all(calendar["url"].startswith(own_home) for calendar in body["available_calendars"])
    assert body == {
        "id": connection.pk,
        "kind": "caldav",
        "name": "My Radicale",
        "url": radicale_account.url,
        "username": radicale_account.username,
        "available_calendars": body["available_calendars"],
        "busy_calendars": [],
        "write_sessions": False,
        "sessions_calendar": "",
        "sessions_calendar_url": "",
        "auto_sync": True,
        "last_synced_at": None,
        "last_error": "",
        "consecutive_failures": 0,
        "is_paused": False,
        "events_imported": 0,
        "sessions_written": 0,
        "notices": [],
        "created_at": body["created_at"],
    }
    assert body["created_at"].startswith("2026-11-22T10:00") and body["created_at"].endswith("+00:00")
    assert radicale_account.password not in response.content.decode()
    assert radicale_account.password not in connection.password_encrypted
    assert credentials_decrypt(connection.password_encrypted) == radicale_account.password
    assert len(enqueued) == 1  # the first sync, once the connection is committed


def test_a_wrong_password_answers_400_on_the_password_and_saves_nothing(api, user, radicale_account):
    response = api.post("/api/calendars", caldav_body(radicale_account, password="not-the-password"), format="json")

    assert response.status_code == 400
    assert response.json() == {
        "message": "The calendar server did not accept this user name and password.",
        "errors": {"password": ["The calendar server did not accept this user name and password."]},
    }
    assert not CalendarConnection.objects.exists()


def test_an_address_that_is_no_caldav_server_answers_400_and_saves_nothing(
    api, local_calendar_server, radicale_account
):
    blog = b"<html><body>My blog</body></html>"
    url = local_calendar_server.answer("/dav/", blog, headers={"Content-Type": "text/html"})

    response = api.post("/api/calendars", caldav_body(radicale_account, url=url), format="json")

    assert response.status_code == 400
    assert "does not answer as a CalDAV server" in response.json()["message"]
    assert list(response.json()["errors"]) == ["url"]
    assert not CalendarConnection.objects.exists()


def test_an_unreachable_server_answers_400_and_saves_nothing(api, radicale_account):
    closed = f"http://127.0.0.1:{free_port()}/"
    response = api.post("/api/calendars", caldav_body(radicale_account, url=closed), format="json")

    assert response.status_code == 400
    assert response.json()["message"] == UNREACHABLE
    assert not CalendarConnection.objects.exists()


def test_a_private_address_is_refused_unless_the_operator_allows_it(api, radicale, settings):
    account = radicale.account()  # no allow_local_servers here
    settings.CALENDAR_ALLOWED_PRIVATE_HOSTS = []

    response = api.post("/api/calendars", caldav_body(account), format="json")

    assert response.status_code == 400
    assert "private network" in response.json()["message"]
    assert not CalendarConnection.objects.exists()


def test_an_address_with_the_password_inside_is_refused(api, radicale_account):
    url = radicale_account.url.replace("http://", f"http://{radicale_account.username}:{radicale_account.password}@")

    response = api.post("/api/calendars", caldav_body(radicale_account, url=url), format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {"url": [URL_WITH_PASSWORD]}
    assert radicale_account.password not in response.content.decode()
    assert not CalendarConnection.objects.exists()


def test_busy_calendars_can_be_chosen_when_connecting(api, radicale_account):
    listed = api.post("/api/calendars", caldav_body(radicale_account), format="json").json()
    work = next(calendar["url"] for calendar in listed["available_calendars"] if calendar["name"] == "Work")
    CalendarConnection.objects.all().delete()

    response = api.post("/api/calendars", caldav_body(radicale_account, busy_calendars=[work]), format="json")

    assert response.status_code == 201
    assert response.json()["busy_calendars"] == [work]


def test_a_person_connects_at_most_the_limit(api, user, local_calendar_server):
    url = local_calendar_server.answer_file("/google.ics", "google_export.ics")
    for index in range(MAX_CONNECTIONS):
        CalendarConnection.objects.create(user=user, kind="ics", name=f"F{index}", url=f"https://e.com/{index}.ics")

    response = api.post("/api/calendars", {"kind": "ics", "name": "One more", "url": url}, format="json")

    assert response.status_code == 400
    assert response.json() == {"message": f"You can connect up to {MAX_CONNECTIONS} calendars. Disconnect one first."}
    assert CalendarConnection.objects.filter(user=user).count() == MAX_CONNECTIONS


# --- iCalendar links ---------------------------------------------------------------------


def test_subscribing_to_an_ics_link_reads_it_once_and_imports_its_busy_time(api, user, local_calendar_server):
    url = local_calendar_server.answer_file("/google.ics", "google_export.ics")

    response = api.post("/api/calendars", {"kind": "ics", "name": "Google", "url": url}, format="json")

    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["kind"] == "ics"
    assert body["available_calendars"] == []
    assert body["events_imported"] > 0
    assert body["last_synced_at"] is not None
    assert [(request.method, request.path) for request in local_calendar_server.received] == [("GET", "/google.ics")]
    rows = BusyEvent.objects.filter(user=user)
    assert rows.count() == body["events_imported"]
    assert set(rows.values_list("calendar_name", flat=True)) == {"Google"}


def test_a_webcal_link_is_read_over_https(api, local_calendar_server):
    url = local_calendar_server.answer_file("/google.ics", "google_export.ics").replace("http://", "webcal://")

    response = api.post("/api/calendars", {"kind": "ics", "name": "Google", "url": url}, format="json")

    # https to a plain-http test server fails the TLS handshake: proof it was read as https.
    assert response.status_code == 400
    assert response.json()["errors"] == {"url": [response.json()["message"]]}
    assert not CalendarConnection.objects.exists()


@pytest.mark.parametrize(
    ("file_name", "expected"),
    [
        ("not_a_calendar.html", "That is not an iCalendar file"),
        ("malformed.ics", "The calendar file is malformed"),
    ],
)
def test_a_link_that_is_not_a_good_calendar_answers_400_and_saves_nothing(
    api, local_calendar_server, file_name, expected
):
    url = local_calendar_server.answer_file("/feed", file_name)

    response = api.post("/api/calendars", {"kind": "ics", "name": "Feed", "url": url}, format="json")

    assert response.status_code == 400
    assert response.json()["message"].startswith(expected)
    assert not CalendarConnection.objects.exists()
    assert not BusyEvent.objects.exists()


def test_a_missing_link_answers_400_and_saves_nothing(api, local_calendar_server):
    body = {"kind": "ics", "name": "Feed", "url": local_calendar_server.url("/gone.ics")}
    response = api.post("/api/calendars", body, format="json")

    assert response.status_code == 400
    assert response.json()["message"] == "The calendar server has no calendar at that address."
    assert not CalendarConnection.objects.exists()


def test_an_ics_link_cannot_write_sessions_or_choose_calendars(api, local_calendar_server):
    url = local_calendar_server.answer_file("/google.ics", "google_export.ics")

    body = {"kind": "ics", "name": "G", "url": url}
    writes = api.post("/api/calendars", {**body, "write_sessions": True}, format="json")
    chooses = api.post("/api/calendars", {**body, "busy_calendars": [url]}, format="json")

    assert writes.status_code == chooses.status_code == 400
    assert list(writes.json()["errors"]) == ["write_sessions"]
    assert list(chooses.json()["errors"]) == ["busy_calendars"]
    assert not CalendarConnection.objects.exists()
