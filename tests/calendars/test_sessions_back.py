"""Changes made in the person's calendar app (a real Radicale, edited through the plain caldav
client) come back: a moved event moves its session by planning's rules, or is moved back with
a notice saying why; a deleted one marks its session skipped, history intact.

The suite's clock is Sunday 22 November 2026; the sessions are Tue 1 - Thu 3 December,
18:00-19:00 in London, and the person works 09:00-17:00 on weekdays ("Work")."""

import datetime as dt

import pytest
from django.urls import reverse

from calendars.models import BusyEvent, SessionEvent
from calendars.services.update import calendar_connection_update
from insights.models import ActivityLog
from planning.calendar.ical import event_uid
from planning.services.missed import plan_tasks_reschedule_missed
from planning.today import SessionState, today_for
from tests.calendars.conftest import vevent_at
from tests.calendars.sessions_fixtures import delete_there, edit_there, london, row_of, server_events, sync
from tests.conftest import api_client_for
from tests.insights.factories import ActivityLogFactory

pytestmark = pytest.mark.django_db

STAMP = dt.datetime(2026, 11, 22, 10, 30, tzinfo=dt.UTC)  # when the person edits the event


def test_an_event_moved_in_the_calendar_moves_its_session(user, writer, sessions, radicale_account):
    sync(writer)
    task = sessions[1]
    edit_there(radicale_account, row_of(task).href, start=london(2026, 12, 5, 10), end=london(2026, 12, 5, 11),
               stamp=STAMP)  # fmt: skip

    outcome = sync(writer)

    task.refresh_from_db()
    assert (task.start_time, task.end_time) == (london(2026, 12, 5, 10), london(2026, 12, 5, 11))
    assert (task.moved_by_hand, task.sequence) == (True, 1)
    assert task.scheduling_reason.startswith("Moved by hand to Sat 5 Dec 10:00. ")
    # The event then carries the session's new SEQUENCE and reason (over the person's version).
    event = server_events(radicale_account, writer)[event_uid(user=user, task=task)]
    assert event.times == (london(2026, 12, 5, 10), london(2026, 12, 5, 11))
    assert event.event["SEQUENCE"] == 1
    assert (row_of(task).etag, row_of(task).sequence) == (event.etag, 1)
    assert writer.notices == []
    assert outcome.synced


def test_an_unchanged_calendar_moves_nothing_and_sends_nothing(writer, sessions, writes):
    sync(writer)
    writes.clear()

    sync(writer)

    assert writes == []
    assert [task.sequence for task in sessions] == [0, 0, 0]


@pytest.mark.parametrize(
    ("to", "why"),
    [
        (
            london(2026, 12, 7, 10, 0),
            "That time overlaps your commitment “Work” (Mon 7 Dec 09:00-17:00). Pick a time outside it.",
        ),
        (
            london(2026, 12, 3, 18, 30),
            "That time overlaps “Draft chapter w1-t3” (Thu 3 Dec 18:00-19:00). Pick a free time.",
        ),
        (
            london(2026, 12, 5, 12, 0),
            "That time overlaps “Dentist” in your calendar (Sat 5 Dec 11:30-13:00). Pick a free time.",
        ),
    ],
    ids=["commitment", "another session", "calendar event"],
)
def test_a_move_onto_busy_time_is_refused_moved_back_and_the_person_told_why(
    user, writer, sessions, radicale_account, to, why
):
    work = next(calendar["url"] for calendar in writer.available_calendars if calendar["name"] == "Work")
    radicale_account.add_event(work, vevent_at("dentist", london(2026, 12, 5, 11, 30), "Dentist", hours=1.5))
    writer = calendar_connection_update(connection=writer, busy_calendars=[work])
    sync(writer)
    assert BusyEvent.objects.filter(user=user).count() == 1
    task = sessions[0]
    edit_there(radicale_account, row_of(task).href, start=to, end=to + dt.timedelta(hours=1), stamp=STAMP)

    sync(writer)

    task.refresh_from_db()
    assert (task.start_time, task.moved_by_hand, task.sequence) == (london(2026, 12, 1, 18), False, 0)
    event = server_events(radicale_account, writer)[event_uid(user=user, task=task)]
    assert event.times == (london(2026, 12, 1, 18), london(2026, 12, 1, 19))  # moved back
    assert row_of(task).etag == event.etag
    when = f"{to:%a} {to.day} Dec {to:%H:%M}"
    message = f"“Draft chapter w1-t1” was moved in your calendar to {when}, but it can't go there: {why} " \
              "It is back at Tue 1 Dec 18:00."  # fmt: skip
    assert [notice.message for notice in writer.recent_notices] == [message]
    body = api_client_for(user).get(f"/api/calendars/{writer.pk}").json()
    assert body["notices"] == [{"at": body["notices"][0]["at"], "message": message}]
    assert body["notices"][0]["at"].endswith("+00:00")


def test_the_notice_shows_on_the_calendars_pages(user, writer, sessions, radicale_account, client):
    sync(writer)
    edit_there(radicale_account, row_of(sessions[0]).href, start=london(2026, 12, 7, 10), end=london(2026, 12, 7, 11),
               stamp=STAMP)  # fmt: skip
    sync(writer)
    client.force_login(user)

    for page in (reverse("calendars:index"), reverse("calendars:detail", args=[writer.pk])):
        html = client.get(page).content.decode()
        assert "From your calendar: 1 recent note" in html
        assert "overlaps your commitment “Work”" in html


def test_a_refused_move_is_reported_once_while_the_calendar_keeps_it(user, writer, sessions, radicale_account):
    sync(writer)
    href = row_of(sessions[0]).href
    edit_there(radicale_account, href, start=london(2026, 12, 7, 10), end=london(2026, 12, 7, 11), stamp=STAMP)
    sync(writer)
    edit_there(radicale_account, href, start=london(2026, 12, 7, 10), end=london(2026, 12, 7, 11), stamp=STAMP)

    sync(writer)

    assert len(writer.notices) == 1


def test_an_event_deleted_in_the_calendar_marks_its_session_skipped_and_keeps_its_history(
    user, writer, sessions, radicale_account, writes, client
):
    task = sessions[0]
    log = ActivityLogFactory(task=task, was_completed=False)
    sync(writer)
    delete_there(radicale_account, row_of(task).href)

    sync(writer)

    task.refresh_from_db()
    assert task.skipped_at is not None and task.sequence == 1
    assert ActivityLog.objects.filter(pk=log.pk, task=task).exists()
    assert not SessionEvent.objects.filter(task=task).exists()
    assert event_uid(user=user, task=task) not in server_events(radicale_account, writer)
    assert [notice.message for notice in writer.recent_notices] == [
        "“Draft chapter w1-t1” (Tue 1 Dec 18:00) was deleted in your calendar, so it is marked skipped here; "
        "its history stays."
    ]
    writes.clear()
    sync(writer)
    assert writes == []  # a skipped session is not written again
    client.force_login(user)
    assert "Skipped in your calendar" in client.get(reverse("planning:task", args=[task.pk])).content.decode()


def test_a_skipped_session_is_not_missed_on_today_nor_placed_again(user, writer, sessions, radicale_account):
    sync(writer)
    delete_there(radicale_account, row_of(sessions[0]).href)
    sync(writer)
    after = london(2026, 12, 1, 20, 0)

    today = today_for(user=user, now=after)

    assert [session.state for session in today.sessions] == [SessionState.SKIPPED]
    assert today.missed == []
    assert plan_tasks_reschedule_missed(user=user, now=after).moved == []
