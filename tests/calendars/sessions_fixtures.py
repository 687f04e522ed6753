"""What the sessions tests share: a Radicale account that Monthwise writes sessions to, a
December plan with three evening sessions, and ways to look at (and change) the events on
the server as the person's calendar app would -- through the plain caldav client, not
Monthwise's code.

December 2026 in London is GMT throughout; Tuesday 1 December is the plan's first day. The
person works 09:00-17:00 on weekdays ("Work", a fixed commitment)."""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import icalendar
import pytest

from calendars.models import CalendarConnection, SessionEvent
from calendars.services import sessions_out
from calendars.services.connect import calendar_connection_create
from calendars.services.sync import SyncOutcome, calendar_connection_sync
from calendars.services.update import calendar_connection_update
from planning.models import MonthlyPlan, PlanTask
from tests.calendars.conftest import RadicaleAccount
from tests.planning.factories import MonthlyPlanFactory, PlanTaskFactory, PreferencesFactory

LONDON = ZoneInfo("Europe/London")
UTC = dt.UTC


def london(*parts: int) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=LONDON)


@pytest.fixture
def writer(user, radicale_account) -> CalendarConnection:
    """A CalDAV connection writing sessions to its "Monthwise" calendar (made on the server)."""
    connection = calendar_connection_create(
        user=user,
        kind="caldav",
        name="Radicale",
        url=radicale_account.url,
        username=radicale_account.username,
        password=radicale_account.password,
    )
    return calendar_connection_update(connection=connection, write_sessions=True)


@pytest.fixture
def december(user) -> MonthlyPlan:
    return MonthlyPlanFactory(user=user, preference=PreferencesFactory(user=user), month_year="2026-12")


def session(plan: MonthlyPlan, key: str, start: dt.datetime, minutes: int = 60, **fields: object) -> PlanTask:
    fields.setdefault("task_description", f"Draft chapter {key}")
    fields.setdefault("scheduling_reason", "Placed in your evening after work.")
    return PlanTaskFactory(
        plan=plan, task_key=key, start_time=start, end_time=start + dt.timedelta(minutes=minutes), **fields
    )


@pytest.fixture
def sessions(december) -> list[PlanTask]:
    """Tuesday, Wednesday and Thursday 18:00-19:00; the first with a target."""
    return [
        session(december, "w1-t1", london(2026, 12, 1, 18, 0), target="1,250 words"),
        session(december, "w1-t2", london(2026, 12, 2, 18, 0)),
        session(december, "w1-t3", london(2026, 12, 3, 18, 0)),
    ]


def sync(connection: CalendarConnection) -> SyncOutcome:
    outcome = calendar_connection_sync(connection_id=connection.pk)
    connection.refresh_from_db()
    assert outcome.synced, outcome.error
    return outcome


@dataclass
class ServerEvent:
    href: str
    etag: str
    text: str

    @property
    def event(self) -> icalendar.Event:
        return icalendar.Calendar.from_ical(self.text).walk("VEVENT")[0]

    @property
    def times(self) -> tuple[dt.datetime, dt.datetime]:
        return self.event.decoded("DTSTART"), self.event.decoded("DTEND")


def server_events(account: RadicaleAccount, connection: CalendarConnection) -> dict[str, ServerEvent]:
    """UID -> the event as the server has it now, read as a calendar app reads it."""
    found = {}
    with account.client() as client:
        for obj in account.calendar(connection.sessions_calendar_url).events():
            response = client.request(str(obj.url), "GET")
            event = ServerEvent(href=str(obj.url), etag=response.headers["ETag"], text=str(response.raw))
            found[str(event.event["UID"])] = event
    return found


def row_of(task: PlanTask) -> SessionEvent:
    return SessionEvent.objects.get(task=task)


def edit_there(
    account: RadicaleAccount, href: str, *, start: dt.datetime, end: dt.datetime, stamp: dt.datetime | None
) -> str:
    """Moves the event as a calendar app does: new DTSTART/DTEND in the person's zone and, with
    `stamp`, a new LAST-MODIFIED and DTSTAMP. Its new ETag."""
    with account.client() as client:
        calendar = icalendar.Calendar.from_ical(client.request(href, "GET").raw)
        event = calendar.walk("VEVENT")[0]
        for name, value in (("DTSTART", start), ("DTEND", end)):
            event.pop(name)
            event.add(name, value.astimezone(LONDON))
        if stamp is not None:
            for name in ("LAST-MODIFIED", "DTSTAMP"):
                event.pop(name, None)
                event.add(name, stamp.astimezone(UTC))
        response = client.put(href, calendar.to_ical().decode(), {"Content-Type": "text/calendar"})
        assert response.status in (201, 204), response.status
        return response.headers["ETag"]


def delete_there(account: RadicaleAccount, href: str) -> None:
    with account.client() as client:
        assert client.request(href, "DELETE").status in (200, 204)


@pytest.fixture
def writes(monkeypatch) -> list[tuple[str, str]]:
    """Every PUT and DELETE the sessions sync sends, as (method, href), in order."""
    sent: list[tuple[str, str]] = []
    real_put, real_delete = sessions_out.event_put, sessions_out.event_delete

    def put(client, href, data, *, if_match):  # type: ignore[no-untyped-def]
        sent.append(("PUT", href))
        return real_put(client, href, data, if_match=if_match)

    def delete(client, href, *, if_match):  # type: ignore[no-untyped-def]
        sent.append(("DELETE", href))
        return real_delete(client, href, if_match=if_match)

    monkeypatch.setattr(sessions_out, "event_put", put)
    monkeypatch.setattr(sessions_out, "event_delete", delete)
    return sent
