"""The sessions Monthwise wrote leave the person's calendar (a real Radicale) when they
disconnect, unless they keep them; a new password keeps the sessions flowing."""

import pytest

from calendars.caldav_account import WRONG_PASSWORD
from calendars.models import CalendarConnection, SessionEvent
from calendars.services.disconnect import calendar_connection_delete
from calendars.services.sync import calendar_connection_sync
from calendars.services.update import calendar_connection_update
from planning.calendar.ical import event_uid
from planning.services.plan_tasks import plan_task_move
from tests.calendars.sessions_fixtures import london, server_events, sync

pytestmark = pytest.mark.django_db


def test_disconnecting_removes_the_sessions_written_there(writer, sessions, radicale_account):
    sync(writer)
    assert len(server_events(radicale_account, writer)) == 3

    outcome = calendar_connection_delete(connection=writer)

    assert (outcome.events_removed, outcome.events_left) == (3, 0)
    assert server_events(radicale_account, writer) == {}
    assert not CalendarConnection.objects.filter(pk=writer.pk).exists()
    assert not SessionEvent.objects.exists()


def test_disconnecting_with_keep_events_leaves_them_there(writer, sessions, radicale_account):
    sync(writer)
    before = server_events(radicale_account, writer)

    outcome = calendar_connection_delete(connection=writer, keep_events=True)

    assert (outcome.events_removed, outcome.events_left) == (0, 3)
    assert {uid: event.etag for uid, event in server_events(radicale_account, writer).items()} == {
        uid: event.etag for uid, event in before.items()
    }


def test_after_a_password_change_on_the_server_a_new_password_keeps_the_sessions_written(
    user, writer, sessions, radicale, radicale_account
):
    sync(writer)
    radicale.set_password(radicale_account, "a-new-password")
    plan_task_move(task=sessions[0], start_time=london(2026, 12, 5, 10))

    failed = calendar_connection_sync(connection_id=writer.pk)
    assert failed.error == WRONG_PASSWORD

    calendar_connection_update(connection=writer, password="a-new-password")
    sync(writer)

    event = server_events(radicale_account, writer)[event_uid(user=user, task=sessions[0])]
    assert event.times == (london(2026, 12, 5, 10), london(2026, 12, 5, 11))
    assert (writer.last_error, writer.consecutive_failures) == ("", 0)
