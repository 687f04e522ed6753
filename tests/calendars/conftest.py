"""A real Radicale server for the calendars tests, started once a session.

`python -m radicale` runs on a free port of 127.0.0.1 with a throwaway storage folder and
htpasswd authentication (plain passwords, no delay after a wrong one). Each test gets its
own user (`radicale_account`), so tests share the server without seeing each other's
calendars. The server is on loopback: tests that reach it ask for `allow_local_servers`,
which lets calendars.fetch reach 127.0.0.1 (CALENDAR_ALLOWED_PRIVATE_HOSTS), as an operator
would allow a Nextcloud on the LAN.
"""

import datetime as dt
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import caldav
import niquests
import pytest
from cryptography.fernet import Fernet

from tests.calendars.http_fixtures import CalendarServer, calendar_server  # noqa: F401 (a fixture)

ROOT = Path(__file__).resolve().parents[2]
# pytest-django runs with DEBUG off, as production: without a key no calendar password could
# be kept. Tests about a missing key set it empty themselves.
TEST_CREDENTIALS_KEY = Fernet.generate_key().decode()


@pytest.fixture(autouse=True)
def calendar_credentials_key(settings):
    settings.CALENDAR_CREDENTIALS_KEY = [TEST_CREDENTIALS_KEY]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class RadicaleAccount:
    url: str  # the server's root: what a person types as the CalDAV address
    username: str
    password: str

    def client(self, *, password: str | None = None) -> caldav.DAVClient:
        """A plain caldav client, for the test's own setup and checks (not Monthwise's)."""
        return caldav.DAVClient(url=self.url, username=self.username, password=password or self.password, timeout=10)

    def make_calendar(self, name: str) -> caldav.Calendar:
        with self.client() as client:
            return client.principal().make_calendar(name=name)

    def calendar(self, url: str) -> caldav.Calendar:
        return caldav.Calendar(client=self.client(), url=url)

    def add_event(self, calendar_url: str, ical: str) -> caldav.Event:
        return self.calendar(calendar_url).save_event(ical)

    def events(self, calendar_url: str) -> list[caldav.Event]:
        return list(self.calendar(calendar_url).events())


@dataclass
class RadicaleServer:
    url: str
    htpasswd: Path

    def account(self, *, password: str | None = None) -> RadicaleAccount:
        username = f"u{uuid.uuid4().hex[:10]}"
        account = RadicaleAccount(url=self.url, username=username, password=password or uuid.uuid4().hex)
        self.set_password(account, account.password)
        return account

    def set_password(self, account: RadicaleAccount, password: str) -> None:
        """Changes (or adds) the user's password; Radicale reads the file at each login."""
        others = [line for line in self.htpasswd.read_text().splitlines() if line]
        lines = [line for line in others if not line.startswith(f"{account.username}:")]
        lines.append(f"{account.username}:{password}")
        self.htpasswd.write_text("\n".join(lines) + "\n")
        account.password = password


def _wait_until_answering(url: str, process: subprocess.Popen, log: Path, timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Radicale stopped:\n{log.read_text()[-3000:]}")
        try:
            niquests.get(url, timeout=1, allow_redirects=False)
            return
        except niquests.exceptions.RequestException:
            time.sleep(0.1)
    raise RuntimeError(f"Radicale did not answer within {timeout} s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="session")
def radicale(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RadicaleServer]:
    folder = tmp_path_factory.mktemp("radicale")
    htpasswd = folder / "users"
    htpasswd.write_text("")
    (ROOT / "test-artifacts").mkdir(exist_ok=True)
    log = ROOT / "test-artifacts" / "radicale.log"
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    with log.open("w") as output:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "radicale",
                "--config",
                "",
                f"--storage-filesystem-folder={folder / 'storage'}",
                "--auth-type=htpasswd",
                f"--auth-htpasswd-filename={htpasswd}",
                "--auth-htpasswd-encryption=plain",
                "--auth-delay=0",
                f"--server-hosts=127.0.0.1:{port}",
                "--logging-level=info",
            ],
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_answering(url, process, log)
        yield RadicaleServer(url=url, htpasswd=htpasswd)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
def allow_local_servers(settings):
    """Lets calendars.fetch reach the test servers on loopback (as an operator allows a LAN host)."""
    settings.CALENDAR_ALLOWED_PRIVATE_HOSTS = ["127.0.0.1"]


@pytest.fixture
def radicale_account(radicale: RadicaleServer, allow_local_servers) -> RadicaleAccount:
    """A new Radicale user with two calendars, "Work" and "Family"."""
    account = radicale.account()
    account.make_calendar("Work")
    account.make_calendar("Family")
    return account


@pytest.fixture
def local_calendar_server(calendar_server: CalendarServer, allow_local_servers) -> CalendarServer:  # noqa: F811
    """tests/calendars/http_fixtures.py's local web server, which calendars.fetch may reach."""
    return calendar_server


def vevent(
    *,
    uid: str,
    start: dt.datetime,
    end: dt.datetime,
    summary: str,
    rrule: str = "",
    tzid: str = "",
    extra: str = "",
) -> str:
    """One VEVENT in a VCALENDAR; with `tzid`, local times in that zone (Radicale and the
    importer know IANA zones without a VTIMEZONE)."""

    def when(name: str, moment: dt.datetime) -> str:
        if tzid:
            return f"{name};TZID={tzid}:{moment:%Y%m%dT%H%M%S}"
        return f"{name}:{moment.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}"

    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Monthwise tests//EN",
        "BEGIN:VEVENT",
        f"UID:{uid}",
        "DTSTAMP:20261101T000000Z",
        when("DTSTART", start),
        when("DTEND", end),
        f"SUMMARY:{summary}",
        *([f"RRULE:{rrule}"] if rrule else []),
        *([extra] if extra else []),
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(lines) + "\r\n"


def vevent_at(uid: str, start: dt.datetime, summary: str, *, hours: float = 1, **fields: str) -> str:
    """vevent() for an event of `hours` from an aware `start`."""
    return vevent(uid=uid, start=start, end=start + dt.timedelta(hours=hours), summary=summary, **fields)


# The sessions tests' fixtures (a connection writing sessions, a December plan, the writes
# spy); imported last, as that module uses RadicaleAccount from here.
from tests.calendars.sessions_fixtures import december, sessions, writer, writes  # noqa: E402, F401 (fixtures)
