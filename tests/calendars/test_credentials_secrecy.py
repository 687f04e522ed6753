"""A calendar password never appears in an answer, a log line (at any level, from our code or
the libraries), an error kept on the connection, or a page -- whatever happens to it."""

import base64
import logging

import pytest

from calendars.credentials import credentials_encrypt
from calendars.models import CalendarConnection
from calendars.services.sync import calendar_connection_sync

pytestmark = pytest.mark.django_db

PASSWORD = "Tr0ub4dor-and-3-calendars"


@pytest.fixture
def everything_logged(caplog):
    caplog.set_level(logging.DEBUG)
    return caplog


def leaked(text: str) -> bool:
    basic = base64.b64encode(f":{PASSWORD}".encode()).decode()[4:]  # inside any "user:password"
    return PASSWORD in text or basic in text


def test_connecting_syncing_and_failing_never_show_or_log_the_password(
    api, client, user, radicale, allow_local_servers, everything_logged
):
    account = radicale.account(password=PASSWORD)
    account.make_calendar("Work")
    body = {"kind": "caldav", "name": "R", "url": account.url, "username": account.username, "password": PASSWORD}

    created = api.post("/api/calendars", body, format="json")
    assert created.status_code == 201
    connection_id = created.json()["id"]
    work = created.json()["available_calendars"][0]["url"]
    chosen = api.patch(f"/api/calendars/{connection_id}", {"busy_calendars": [work]}, format="json")
    calendar_connection_sync(connection_id=connection_id)
    radicale.set_password(account, "changed-elsewhere")
    calendar_connection_sync(connection_id=connection_id)  # fails: the old password is refused
    rotated = api.patch(f"/api/calendars/{connection_id}", {"password": PASSWORD + "-wrong"}, format="json")
    listed = api.get("/api/calendars")
    exported = api.get("/api/me/export")
    client.force_login(user)
    page = client.get(f"/account/calendars/{connection_id}/")
    removed = api.delete(f"/api/calendars/{connection_id}")

    for response in (created, chosen, rotated, listed, exported, page, removed):
        assert not leaked(response.content.decode()), response.content[:300]
    assert rotated.status_code == 400
    assert everything_logged.records, "the test should see the libraries' debug logging"
    assert not leaked(everything_logged.text)
    assert not any(leaked(str(record.args)) for record in everything_logged.records)


def test_an_error_kept_on_the_connection_names_no_password(user, radicale, allow_local_servers):
    account = radicale.account(password=PASSWORD)
    connection = CalendarConnection.objects.create(
        user=user,
        kind="caldav",
        name="R",
        url=account.url,
        username=account.username,
        password_encrypted=credentials_encrypt(PASSWORD + "-not-this"),
        busy_calendars=[account.url + account.username + "/none/"],
    )

    calendar_connection_sync(connection_id=connection.pk)

    connection.refresh_from_db()
    assert connection.last_error == "The calendar server did not accept this user name and password."
    assert connection.consecutive_failures == 1
