"""Syncing an iCalendar subscription from a local web server: read again each time, its rows
kept when the file is the same, replaced when it changed, kept when the read fails."""

import pytest

from calendars.ical_import import MALFORMED
from calendars.models import BusyEvent, CalendarConnection
from calendars.services import sync as sync_module
from calendars.services.connect import calendar_connection_create
from calendars.services.sync import calendar_connection_sync
from tests.calendars.http_fixtures import FILES

pytestmark = pytest.mark.django_db


@pytest.fixture
def subscription(user, local_calendar_server):
    url = local_calendar_server.answer_file("/team.ics", "google_export.ics")
    return calendar_connection_create(user=user, kind="ics", name="Team", url=url)


def sync(connection: CalendarConnection):
    outcome = calendar_connection_sync(connection_id=connection.pk)
    connection.refresh_from_db()
    return outcome


def test_the_same_file_again_keeps_the_rows_as_they_are(subscription, local_calendar_server):
    rows_before = list(BusyEvent.objects.values_list("id", flat=True))
    assert rows_before

    outcome = sync(subscription)

    assert (outcome.synced, outcome.fetched, outcome.events_imported) == (True, 1, len(rows_before))
    assert list(BusyEvent.objects.values_list("id", flat=True)) == rows_before
    assert local_calendar_server.paths() == ["/team.ics", "/team.ics"]


def test_a_changed_file_replaces_the_rows(subscription, local_calendar_server):
    local_calendar_server.answer_file("/team.ics", "outlook_export.ics")

    outcome = sync(subscription)

    assert outcome.synced
    assert subscription.events_imported == outcome.events_imported == BusyEvent.objects.count()
    assert set(BusyEvent.objects.values_list("calendar_name", flat=True)) == {"Team"}
    summaries = set(BusyEvent.objects.values_list("summary", flat=True))
    assert summaries and all(summary in (FILES / "outlook_export.ics").read_text() for summary in summaries)


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ((404, b"gone"), "The calendar server has no calendar at that address."),
        ((200, b"BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:nonsense\nEND:VEVENT\nEND:VCALENDAR\n"), MALFORMED),
    ],
)
def test_a_failed_read_is_recorded_and_the_last_busy_time_stays(subscription, local_calendar_server, answer, message):
    rows_before = list(BusyEvent.objects.values_list("id", flat=True))
    local_calendar_server.answer("/team.ics", answer[1], status=answer[0])

    outcome = sync(subscription)

    assert outcome.synced is False
    assert subscription.last_error.startswith(message)
    assert subscription.consecutive_failures == 1
    assert list(BusyEvent.objects.values_list("id", flat=True)) == rows_before


def test_a_connection_disconnected_while_it_syncs_gets_no_rows_and_no_error(subscription, monkeypatch, caplog):
    read = sync_module.fetch_calendar

    def read_then_disconnect(*args, **kwargs):
        data = read(*args, **kwargs)
        CalendarConnection.objects.filter(pk=subscription.pk).delete()
        return data

    monkeypatch.setattr(sync_module, "fetch_calendar", read_then_disconnect)
    CalendarConnection.objects.filter(pk=subscription.pk).update(sync_tokens={})  # the file reads as changed

    outcome = calendar_connection_sync(connection_id=subscription.pk)

    assert outcome.synced is False and outcome.error == ""
    assert not BusyEvent.objects.exists()
    assert "ERROR" not in caplog.text
