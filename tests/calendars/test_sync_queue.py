"""Asking for syncs: "Sync now" (202, the queue away: 503 and nothing written, paused: 409),
and the beat run every 30 minutes, which enqueues the due connections in batches."""

import datetime as dt

import pytest
from django.conf import settings

from calendars.models import CalendarConnection
from calendars.services import sync_due
from calendars.services.sync import calendar_connection_sync
from calendars.services.sync_request import CONNECTION_PAUSED, SYNC_PAUSED
from calendars.tasks import sync_calendar, sync_due_calendars
from config.celery import app as celery_app
from tests.faults.conftest import broker_down  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 22, 10, 0, tzinfo=dt.UTC)


def ics(user, name: str = "Feed", **fields) -> CalendarConnection:
    url = f"https://example.com/{name}.ics"
    return CalendarConnection.objects.create(user=user, kind="ics", name=name, url=url, **fields)


def test_sync_now_answers_202_and_the_sync_runs_on_the_worker(api, user, local_calendar_server):
    url = local_calendar_server.answer_file("/feed.ics", "google_export.ics")
    connection = CalendarConnection.objects.create(user=user, kind="ics", name="Feed", url=url)

    response = api.post(f"/api/calendars/{connection.pk}/sync")

    assert response.status_code == 202
    body = response.json()
    assert body["id"] == connection.pk
    # Tasks run in-process in this suite, so the sync has already happened.
    assert body["last_synced_at"] is not None and body["events_imported"] > 0


@pytest.mark.django_db(transaction=True)
def test_sync_now_with_the_queue_away_answers_503_and_writes_nothing(api, user, broker_down):  # noqa: F811
    connection = ics(user)

    response = api.post(f"/api/calendars/{connection.pk}/sync")

    assert response.status_code == 503
    assert response.json() == {"message": SYNC_PAUSED}
    assert response["Retry-After"] == "60"
    unchanged = CalendarConnection.objects.get(pk=connection.pk)
    assert (unchanged.last_synced_at, unchanged.last_error, unchanged.sync_started_at) == (None, "", None)


def test_sync_now_of_a_paused_connection_answers_409(api, user):
    connection = ics(user, is_paused=True, consecutive_failures=3)

    response = api.post(f"/api/calendars/{connection.pk}/sync")

    assert response.status_code == 409
    assert response.json() == {"message": CONNECTION_PAUSED}


def test_the_beat_run_enqueues_every_due_connection_in_batches(user, other_user, monkeypatch):
    monkeypatch.setattr(sync_due, "BEAT_BATCH", 2)
    due = [
        ics(user, "never"),
        ics(user, "long-ago", last_synced_at=NOW - dt.timedelta(minutes=31)),
        ics(other_user, "failing", last_synced_at=NOW - dt.timedelta(hours=5), consecutive_failures=2),
        ics(other_user, "almost", last_synced_at=NOW - dt.timedelta(minutes=26)),
        ics(other_user, "never-2"),
    ]
    ics(user, "recent", last_synced_at=NOW - dt.timedelta(minutes=20))
    ics(user, "paused", is_paused=True)
    ics(other_user, "by-hand", auto_sync=False)
    enqueued: list[int] = []

    sent = sync_due.calendar_syncs_enqueue_due(now=NOW, enqueue=enqueued.append)

    assert sent == 5
    assert enqueued == [connection.pk for connection in due]


def test_the_beat_run_stops_when_the_queue_is_away_and_says_how_many_it_sent(user):
    ics(user, "one")
    ics(user, "two")

    def enqueue(connection_id: int) -> None:
        raise ConnectionError("broker away")

    assert sync_due.calendar_syncs_enqueue_due(now=NOW, enqueue=enqueue) == 0


def test_a_beat_task_skips_a_connection_synced_since_it_was_queued(user):
    connection = ics(user, last_synced_at=NOW - dt.timedelta(minutes=1))

    outcome = calendar_connection_sync(connection_id=connection.pk, only_if_due=True)

    assert outcome.synced is False
    assert CalendarConnection.objects.get(pk=connection.pk).last_synced_at == NOW - dt.timedelta(minutes=1)


def test_the_beat_schedule_runs_the_due_syncs_every_half_hour():
    entry = settings.CELERY_BEAT_SCHEDULE["calendars-auto-sync"]

    assert entry["task"] == sync_due_calendars.name == "calendars.tasks.sync_due_calendars"
    assert entry["schedule"].minute == {0, 30}
    assert sync_calendar.name in celery_app.tasks
