"""Calendar syncs through Redis and a real Celery worker process, against a real Radicale
server: connecting queues the first sync, choosing a busy calendar queues another, "Sync
now" a third, and the worker imports the busy time."""

import datetime as dt

import pytest

from calendars.models import BusyEvent, CalendarConnection
from tests.calendars.conftest import TEST_CREDENTIALS_KEY, vevent
from tests.celery_worker import celery_worker_process, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_real_worker_syncs_a_connected_radicale_account(api, user, radicale_account):
    # The worker runs on the machine's own clock: the event is two days from now, whatever the date.
    start = (dt.datetime.now(dt.UTC) + dt.timedelta(days=2)).replace(minute=0, second=0, microsecond=0)
    worker_env = {"CALENDAR_ALLOWED_PRIVATE_HOSTS": "127.0.0.1", "CALENDAR_CREDENTIALS_KEY": TEST_CREDENTIALS_KEY}
    body = {
        "kind": "caldav",
        "name": "Radicale",
        "url": radicale_account.url,
        "username": radicale_account.username,
        "password": radicale_account.password,
    }
    with celery_worker_process(extra_env=worker_env):
        created = api.post("/api/calendars", body, format="json")
        assert created.status_code == 201, created.json()
        connection_id = created.json()["id"]
        wait_for(lambda: CalendarConnection.objects.get(pk=connection_id).last_synced_at)  # the first sync

        work = next(calendar["url"] for calendar in created.json()["available_calendars"] if calendar["name"] == "Work")
        hour = dt.timedelta(hours=1)
        radicale_account.add_event(work, vevent(uid="gym", start=start, end=start + hour, summary="Gym"))
        chosen = api.patch(f"/api/calendars/{connection_id}", {"busy_calendars": [work]}, format="json")
        assert chosen.status_code == 200
        wait_for(lambda: CalendarConnection.objects.get(pk=connection_id).events_imported == 1)

        later = start + dt.timedelta(days=1)
        radicale_account.add_event(work, vevent(uid="gym-2", start=later, end=later + hour, summary="Gym"))
        response = api.post(f"/api/calendars/{connection_id}/sync")
        assert response.status_code == 202
        wait_for(lambda: CalendarConnection.objects.get(pk=connection_id).events_imported == 2)

    assert list(BusyEvent.objects.order_by("start").values_list("summary", "start")) == [
        ("Gym", start),
        ("Gym", start + dt.timedelta(days=1)),
    ]
    connection = CalendarConnection.objects.get(pk=connection_id)
    assert (connection.last_error, connection.consecutive_failures, connection.sync_started_at) == ("", 0, None)
