"""Syncing a CalDAV account against a real Radicale server: events created there (one-off,
repeating) become busy rows; an unchanged calendar transfers nothing (sync-token); changes
and deletions come through; a token the server forgot gets a full resync; failures pause.

The suite's clock is Sunday 22 November 2026 in London: the window runs from 1 November
2026 to the end of November 2027."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from calendars.caldav_account import WRONG_PASSWORD
from calendars.models import BusyEvent, CalendarConnection, RemoteEvent, SessionEvent
from calendars.services.connect import calendar_connection_create
from calendars.services.sync import calendar_connection_sync
from tests.calendars.conftest import vevent, vevent_at

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
UTC = dt.UTC


@pytest.fixture
def connection(user, radicale_account):
    connection = calendar_connection_create(
        user=user,
        kind="caldav",
        name="Radicale",
        url=radicale_account.url,
        username=radicale_account.username,
        password=radicale_account.password,
    )
    connection.busy_calendars = [url_of(connection, "Work")]
    connection.save()
    return connection


def url_of(connection: CalendarConnection, name: str) -> str:
    return next(calendar["url"] for calendar in connection.available_calendars if calendar["name"] == name)


def sync(connection: CalendarConnection):
    outcome = calendar_connection_sync(connection_id=connection.pk)
    connection.refresh_from_db()
    return outcome


def busy() -> list[tuple[str, dt.datetime, dt.datetime]]:
    return [(row.summary, row.start, row.end) for row in BusyEvent.objects.order_by("start")]


def dentist(**changes: object) -> str:
    fields = {
        "uid": "dentist-1",
        "start": dt.datetime(2026, 12, 3, 9, 0),
        "end": dt.datetime(2026, 12, 3, 10, 0),
        "summary": "Dentist",
        "tzid": "Europe/London",
        **changes,
    }
    return vevent(**fields)  # type: ignore[arg-type]


def weekly_class() -> str:
    return vevent(
        uid="class-1",
        start=dt.datetime(2026, 12, 1, 18, 0, tzinfo=UTC),
        end=dt.datetime(2026, 12, 1, 19, 30, tzinfo=UTC),
        summary="Pottery class",
        rrule="FREQ=WEEKLY;COUNT=3",
    )


def test_a_sync_imports_one_off_and_repeating_events_of_the_busy_calendars_only(connection, radicale_account):
    radicale_account.add_event(url_of(connection, "Work"), dentist())
    radicale_account.add_event(url_of(connection, "Work"), weekly_class())
    party = vevent_at("party", dt.datetime(2026, 12, 5, 20, tzinfo=UTC), "Party", hours=3)
    radicale_account.add_event(url_of(connection, "Family"), party)

    outcome = sync(connection)

    assert (outcome.synced, outcome.events_imported, outcome.fetched) == (True, 4, 2)
    assert busy() == [
        ("Pottery class", dt.datetime(2026, 12, 1, 18, tzinfo=UTC), dt.datetime(2026, 12, 1, 19, 30, tzinfo=UTC)),
        ("Dentist", dt.datetime(2026, 12, 3, 9, tzinfo=LONDON), dt.datetime(2026, 12, 3, 10, tzinfo=LONDON)),
        ("Pottery class", dt.datetime(2026, 12, 8, 18, tzinfo=UTC), dt.datetime(2026, 12, 8, 19, 30, tzinfo=UTC)),
        ("Pottery class", dt.datetime(2026, 12, 15, 18, tzinfo=UTC), dt.datetime(2026, 12, 15, 19, 30, tzinfo=UTC)),
    ]
    assert set(BusyEvent.objects.values_list("calendar_name", "user_id")) == {("Work", connection.user_id)}
    assert connection.events_imported == 4
    assert connection.last_synced_at is not None
    assert (connection.last_error, connection.consecutive_failures) == ("", 0)
    assert list(connection.sync_tokens) == [url_of(connection, "Work")]
    assert RemoteEvent.objects.filter(connection=connection).count() == 2


def test_an_unchanged_calendar_transfers_no_event_and_keeps_its_rows(connection, radicale_account):
    radicale_account.add_event(url_of(connection, "Work"), dentist())
    radicale_account.add_event(url_of(connection, "Work"), weekly_class())
    sync(connection)
    rows_before = list(BusyEvent.objects.values_list("id", flat=True))
    token_before = connection.sync_tokens

    outcome = sync(connection)

    assert (outcome.synced, outcome.fetched, outcome.removed, outcome.events_imported) == (True, 0, 0, 4)
    assert list(BusyEvent.objects.values_list("id", flat=True)) == rows_before  # not even rewritten
    assert connection.sync_tokens == token_before


def test_only_a_changed_event_is_fetched_again_and_its_new_time_is_busy(connection, radicale_account):
    work = url_of(connection, "Work")
    radicale_account.add_event(work, dentist())
    radicale_account.add_event(work, weekly_class())
    sync(connection)

    moved = dentist(start=dt.datetime(2026, 12, 4, 14, 0), end=dt.datetime(2026, 12, 4, 15, 0))
    radicale_account.add_event(work, moved)
    outcome = sync(connection)

    assert (outcome.fetched, outcome.removed) == (1, 0)
    at_new_time = ("Dentist", dt.datetime(2026, 12, 4, 14, tzinfo=LONDON), dt.datetime(2026, 12, 4, 15, tzinfo=LONDON))
    assert at_new_time in busy()
    assert [row[0] for row in busy()].count("Dentist") == 1


def test_an_event_deleted_in_the_calendar_disappears_after_the_next_sync(connection, radicale_account):
    work = url_of(connection, "Work")
    event = radicale_account.add_event(work, dentist())
    radicale_account.add_event(work, weekly_class())
    sync(connection)

    event.delete()
    outcome = sync(connection)

    assert (outcome.fetched, outcome.removed, outcome.events_imported) == (0, 1, 3)
    assert {row[0] for row in busy()} == {"Pottery class"}
    assert RemoteEvent.objects.filter(connection=connection).count() == 1


def test_a_sync_token_the_server_no_longer_accepts_gets_a_full_resync(connection, radicale_account):
    work = url_of(connection, "Work")
    event = radicale_account.add_event(work, dentist())
    radicale_account.add_event(work, weekly_class())
    sync(connection)
    event.delete()
    CalendarConnection.objects.filter(pk=connection.pk).update(sync_tokens={work: "http://radicale.org/ns/sync/forgotten"})

    outcome = sync(connection)

    assert outcome.synced and outcome.removed == 1
    assert {row[0] for row in busy()} == {"Pottery class"}
    assert connection.sync_tokens[work].startswith("http://radicale.org/ns/sync/")
    assert connection.sync_tokens[work] != "http://radicale.org/ns/sync/forgotten"


def test_next_month_the_stored_events_are_expanded_again_without_fetching(connection, radicale_account):
    monthly = vevent_at("rent", dt.datetime(2026, 11, 25, 8, tzinfo=UTC), "Landlord visit", rrule="FREQ=MONTHLY")
    radicale_account.add_event(url_of(connection, "Work"), monthly)
    assert sync(connection).events_imported == 13  # 25 Nov 2026 .. 25 Nov 2027

    with time_machine.travel(dt.datetime(2027, 1, 5, 10, tzinfo=UTC), tick=False):
        outcome = sync(connection)

    assert (outcome.fetched, outcome.events_imported) == (0, 13)  # 25 Jan 2027 .. 25 Jan 2028
    assert busy()[0][1] == dt.datetime(2027, 1, 25, 8, tzinfo=UTC)
    assert busy()[-1][1] == dt.datetime(2028, 1, 25, 8, tzinfo=UTC)
    assert connection.imported_for == "2027-01-01/2028-02-01 Europe/London"


def test_sessions_monthwise_wrote_are_not_read_back_as_busy(connection, radicale_account):
    work = url_of(connection, "Work")
    radicale_account.add_event(work, dentist())
    radicale_account.add_event(work, vevent_at("session-7", dt.datetime(2026, 12, 2, 9, tzinfo=UTC), "Write"))
    SessionEvent.objects.create(connection=connection, uid="session-7", href=work + "session-7.ics")
    feed_copy = vevent_at("task-2026-12-x@monthwise", dt.datetime(2026, 12, 2, 11, tzinfo=UTC), "Read")
    radicale_account.add_event(work, feed_copy)

    sync(connection)

    assert [row[0] for row in busy()] == ["Dentist"]


def test_each_failed_sync_is_recorded_and_the_third_in_a_row_pauses_the_connection(
    connection, radicale, radicale_account
):
    radicale_account.add_event(url_of(connection, "Work"), dentist())
    sync(connection)
    last_good = connection.last_synced_at
    radicale.set_password(radicale_account, "changed-on-the-server")

    seen = []
    for _ in range(3):
        outcome = sync(connection)
        seen.append((outcome.synced, connection.consecutive_failures, connection.is_paused))

    assert seen == [(False, 1, False), (False, 2, False), (False, 3, True)]
    assert connection.last_error == WRONG_PASSWORD
    assert connection.last_synced_at == last_good
    assert [row[0] for row in busy()] == ["Dentist"]  # the last good busy time stays
    assert sync(connection) == type(outcome)(synced=False)  # paused: not tried
    assert connection.consecutive_failures == 3


def test_a_good_sync_clears_the_error_and_the_failures(connection):
    CalendarConnection.objects.filter(pk=connection.pk).update(last_error="It failed.", consecutive_failures=2)

    outcome = sync(connection)

    assert outcome.synced
    assert (connection.last_error, connection.consecutive_failures, connection.is_paused) == ("", 0, False)


def test_a_sync_already_running_is_not_run_twice_and_a_lost_one_is_taken_over(connection):
    started = dt.datetime(2026, 11, 22, 9, 58, tzinfo=UTC)
    assert CalendarConnection.objects.claim_sync(connection.pk, now=started)

    assert sync(connection).synced is False
    assert connection.last_synced_at is None

    CalendarConnection.objects.filter(pk=connection.pk).update(sync_started_at=started - dt.timedelta(minutes=10))
    assert sync(connection).synced is True
    assert CalendarConnection.objects.get(pk=connection.pk).sync_started_at is None


def test_a_connection_without_busy_calendars_syncs_without_asking_the_server(connection):
    CalendarConnection.objects.filter(pk=connection.pk).update(busy_calendars=[], url="http://127.0.0.1:1/")

    outcome = sync(connection)

    assert (outcome.synced, outcome.events_imported) == (True, 0)
