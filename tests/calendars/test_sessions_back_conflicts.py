"""Two writers, no lost edit: when a session changed in Monthwise and its event was moved in
the calendar since the last sync, the newer change wins (the event's LAST-MODIFIED against
the session's last change) and the other is reported. Writes carry If-Match, so an edit made
in the calendar while a sync runs is never overwritten blindly: the 412 is resolved the same way.

The clock is moved by hand: synced at 10:00 on Sunday 22 November 2026, then each side edits."""

import datetime as dt

import pytest

from calendars.services import sessions_sync
from planning.calendar.ical import event_uid
from planning.services.plan_tasks import plan_task_move
from tests.calendars.sessions_fixtures import edit_there, london, row_of, server_events, sync

pytestmark = pytest.mark.django_db

UTC = dt.UTC


def at(hour: int, minute: int) -> dt.datetime:
    return dt.datetime(2026, 11, 22, hour, minute, tzinfo=UTC)


CALENDAR_TIME = (london(2026, 12, 6, 10, 0), london(2026, 12, 6, 11, 0))  # Sunday, moved there
MONTHWISE_TIME = (london(2026, 12, 5, 14, 0), london(2026, 12, 5, 15, 0))  # Saturday, moved here
CALENDAR_WON = (
    "“Draft chapter w1-t2” was changed both in Monthwise and in your calendar; the calendar's move to "
    "Sun 6 Dec 10:00 is newer, so it was kept."
)
MONTHWISE_WON = (
    "“Draft chapter w1-t2” was moved in your calendar to Sun 6 Dec 10:00, but it was changed in Monthwise "
    "after that, so Monthwise's version (Sat 5 Dec 14:00) was kept."
)


@pytest.fixture
def synced(writer, sessions, time_machine):
    time_machine.move_to(at(10, 0), tick=False)
    sync(writer)
    return sessions[1]


def both_change(radicale_account, task, time_machine, *, calendar_at: dt.datetime | None, monthwise_at: dt.datetime):
    """The person moves the event in their calendar (stamped `calendar_at`) and the session in
    Monthwise at `monthwise_at`, in the order of those times."""
    href = row_of(task).href
    edits = [
        (monthwise_at, lambda: plan_task_move(task=task, start_time=MONTHWISE_TIME[0])),
        (calendar_at or monthwise_at, lambda: edit_there(radicale_account, href, start=CALENDAR_TIME[0],
                                                         end=CALENDAR_TIME[1], stamp=calendar_at)),
    ]  # fmt: skip
    for moment, edit in sorted(edits, key=lambda item: item[0]):
        time_machine.move_to(moment, tick=False)
        edit()


def test_a_newer_move_in_the_calendar_wins_and_the_monthwise_change_is_reported(
    user, writer, synced, radicale_account, time_machine
):
    both_change(radicale_account, synced, time_machine, calendar_at=at(10, 20), monthwise_at=at(10, 10))
    time_machine.move_to(at(10, 30), tick=False)

    sync(writer)

    synced.refresh_from_db()
    assert (synced.start_time, synced.end_time) == CALENDAR_TIME
    assert server_events(radicale_account, writer)[event_uid(user=user, task=synced)].times == CALENDAR_TIME
    assert [notice.message for notice in writer.recent_notices] == [CALENDAR_WON]


def test_a_newer_change_in_monthwise_wins_and_the_calendar_move_is_reported(
    user, writer, synced, radicale_account, time_machine
):
    both_change(radicale_account, synced, time_machine, calendar_at=at(10, 5), monthwise_at=at(10, 10))
    time_machine.move_to(at(10, 30), tick=False)

    sync(writer)

    synced.refresh_from_db()
    assert (synced.start_time, synced.end_time) == MONTHWISE_TIME
    event = server_events(radicale_account, writer)[event_uid(user=user, task=synced)]
    assert event.times == MONTHWISE_TIME
    assert event.event["SEQUENCE"] == synced.sequence == 1
    assert [notice.message for notice in writer.recent_notices] == [MONTHWISE_WON]


def test_a_calendar_edit_without_a_timestamp_counts_as_made_when_the_sync_saw_it(
    user, writer, synced, radicale_account, time_machine
):
    both_change(radicale_account, synced, time_machine, calendar_at=None, monthwise_at=at(10, 10))
    time_machine.move_to(at(10, 30), tick=False)

    sync(writer)

    synced.refresh_from_db()
    assert (synced.start_time, synced.end_time) == CALENDAR_TIME
    assert [notice.message for notice in writer.recent_notices] == [CALENDAR_WON]


@pytest.fixture
def edited_during_the_sync(monkeypatch, radicale_account):
    """Makes the calendar app move the event between the sync's read and its write."""
    edit: dict = {}
    real_pull = sessions_sync.sessions_pull

    def pull_then_edit(connection, client, *, now):  # type: ignore[no-untyped-def]
        result = real_pull(connection, client, now=now)
        edit_there(radicale_account, edit["href"], start=CALENDAR_TIME[0], end=CALENDAR_TIME[1], stamp=edit["stamp"])
        return result

    monkeypatch.setattr(sessions_sync, "sessions_pull", pull_then_edit)
    return edit


@pytest.mark.parametrize(("stamp", "winner"), [(at(10, 5), "monthwise"), (at(10, 20), "calendar")])
def test_an_edit_made_while_the_sync_writes_is_never_overwritten_blindly(
    user, writer, synced, radicale_account, time_machine, writes, edited_during_the_sync, stamp, winner
):
    time_machine.move_to(at(10, 10), tick=False)
    plan_task_move(task=synced, start_time=MONTHWISE_TIME[0])
    edited_during_the_sync.update(href=row_of(synced).href, stamp=stamp)
    time_machine.move_to(at(10, 30), tick=False)
    writes.clear()

    sync(writer)

    # The first write's If-Match failed (412); the event was read and the winner written over it.
    assert writes == [("PUT", row_of(synced).href), ("PUT", row_of(synced).href)]
    synced.refresh_from_db()
    expected = MONTHWISE_TIME if winner == "monthwise" else CALENDAR_TIME
    assert (synced.start_time, synced.end_time) == expected
    event = server_events(radicale_account, writer)[event_uid(user=user, task=synced)]
    assert event.times == expected
    assert row_of(synced).etag == event.etag
    assert [notice.message for notice in writer.recent_notices] == [
        MONTHWISE_WON if winner == "monthwise" else CALENDAR_WON
    ]
