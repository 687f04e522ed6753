"""safe_dav_client: the caldav library, with every connection it makes (redirects included)
through the same address check, timeout and size limit as a subscription. Against a real
Radicale started here (htpasswd, plain passwords) and the local test server for the
misbehaving ones."""

import datetime as dt
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator

import niquests
import pytest

from calendars.fetch import (
    PRIVATE_ADDRESS,
    TOO_SLOW,
    WRONG_PASSWORD,
    CalendarFetchRefused,
    calendar_server_errors,
    safe_dav_client,
    too_large_message,
)

# The fixtures are imported by name for pytest; the tests' parameters then reuse the names.
# ruff: noqa: F811
from tests.calendars.http_fixtures import allow_loopback, calendar_server, free_port  # noqa: F401

EVENT = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Monthwise tests//EN
BEGIN:VEVENT
UID:{uid}
DTSTAMP:20261101T090000Z
DTSTART;TZID=Europe/Berlin:20261118T140000
DTEND;TZID=Europe/Berlin:20261118T150000
SUMMARY:Dentist
END:VEVENT
END:VCALENDAR
"""


@pytest.fixture(scope="module")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, str]]:
    """A Radicale server on a free port: (url, username, password)."""
    folder = tmp_path_factory.mktemp("radicale-fetch")
    username, password = "alex", uuid.uuid4().hex
    (folder / "users").write_text(f"{username}:{password}\n")
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "radicale",
            "--config",
            "",
            f"--storage-filesystem-folder={folder / 'storage'}",
            "--auth-type=htpasswd",
            f"--auth-htpasswd-filename={folder / 'users'}",
            "--auth-htpasswd-encryption=plain",
            "--auth-delay=0",
            f"--server-hosts=127.0.0.1:{port}",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                niquests.get(url, timeout=1, allow_redirects=False)
                break
            except niquests.exceptions.RequestException:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("Radicale did not start") from None
                time.sleep(0.1)
        yield url, username, password
    finally:
        process.terminate()
        process.wait(timeout=10)


def refusal(call) -> CalendarFetchRefused:
    with pytest.raises(CalendarFetchRefused) as refused, calendar_server_errors():
        call()
    return refused.value


def test_a_dav_client_for_a_private_address_is_refused_before_connecting(calendar_server):
    with pytest.raises(CalendarFetchRefused) as refused:
        safe_dav_client(calendar_server.url("/dav/"), username="alex", password="secret")

    assert refused.value.message == PRIVATE_ADDRESS
    assert refused.value.errors == {"url": [PRIVATE_ADDRESS]}
    assert calendar_server.received == []


def test_the_dav_client_writes_and_reads_events_on_an_allowed_local_server(allow_loopback, radicale):
    url, username, password = radicale
    uid = f"{uuid.uuid4()}@example.org"

    with safe_dav_client(url, username=username, password=password, timeout=5) as client:
        calendar = client.principal().make_calendar(name=f"Work {uid[:8]}")
        calendar.save_event(EVENT.format(uid=uid))
        found = calendar.search(
            start=dt.datetime(2026, 11, 1, tzinfo=dt.UTC), end=dt.datetime(2026, 12, 1, tzinfo=dt.UTC), event=True
        )

    assert [str(event.icalendar_component["UID"]) for event in found] == [uid]
    assert [str(event.icalendar_component["SUMMARY"]) for event in found] == ["Dentist"]


def test_a_wrong_password_on_the_dav_server_is_a_wrong_username_or_password(allow_loopback, radicale):
    url, username, _ = radicale
    client = safe_dav_client(url, username=username, password="not-the-password", timeout=5)

    assert refusal(client.principal).message == WRONG_PASSWORD


def test_a_dav_redirect_to_a_private_address_is_refused(allow_loopback, calendar_server):
    calendar_server.redirect("/dav/", "http://169.254.169.254/latest/meta-data/", status=301)
    client = safe_dav_client(calendar_server.url("/dav/"), username="alex", password="secret", timeout=5)

    assert refusal(client.principal).message == PRIVATE_ADDRESS
    assert calendar_server.paths() == ["/dav/"]


def test_a_dav_answer_over_the_size_limit_is_refused_while_streaming(allow_loopback, calendar_server):
    calendar_server.flood("/dav/", total=200_000_000)
    client = safe_dav_client(calendar_server.url("/dav/"), username="alex", password="secret", timeout=5)

    assert refusal(client.principal).message == too_large_message(5_000_000)
    time.sleep(0.2)
    assert calendar_server.bytes_sent["/dav/"] < 50_000_000


def test_a_silent_dav_server_times_out(allow_loopback, calendar_server):
    calendar_server.silent("/dav/", seconds=30)
    client = safe_dav_client(calendar_server.url("/dav/"), username="alex", password="secret", timeout=1)
    started = time.monotonic()

    assert refusal(client.principal).message == TOO_SLOW
    assert time.monotonic() - started < 5


def test_the_dav_client_ignores_the_environment_and_keeps_its_own_checked_session(
    monkeypatch, allow_loopback, radicale
):
    monkeypatch.setenv("HTTP_PROXY", "http://10.255.255.1:3128")
    url, username, password = radicale

    with safe_dav_client(url, username=username, password=password, timeout=5) as client:
        assert client.principal().calendars() is not None
        assert client.session.trust_env is False
        assert client.session.max_redirects == 3

