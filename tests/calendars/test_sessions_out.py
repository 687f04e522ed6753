"""Sessions written to the person's CalDAV calendar (a real Radicale): each active session an
event with its zone, SEQUENCE and reason; moves, ticks and plan changes update exactly the
events they touch, and nothing else is sent.

The suite's clock is Sunday 22 November 2026; the sessions are in the first days of December."""

import datetime as dt

import pytest

from calendars.models import SessionEvent
from calendars.services.connect import calendar_connection_create
from calendars.services.update import calendar_connection_update
from planning.calendar.ical import event_uid
from planning.models import PlanState
from planning.services.plan_life import plan_accept
from planning.services.plan_tasks import plan_task_move, plan_task_set_completed, plan_task_set_pinned
from tests.calendars.sessions_fixtures import london, row_of, server_events, session, sync
from tests.planning.factories import MonthlyPlanFactory

pytestmark = pytest.mark.django_db


def test_each_active_session_becomes_an_event_with_its_zone_sequence_and_reason(
    user, writer, sessions, radicale_account
):
    first = sessions[0]

    sync(writer)

    events = server_events(radicale_account, writer)
    assert sorted(events) == sorted(event_uid(user=user, task=task) for task in sessions)
    written = events[event_uid(user=user, task=first)]
    assert "BEGIN:VTIMEZONE\r\nTZID:Europe/London" in written.text.replace("\n", "\r\n").replace("\r\r", "\r")
    assert "DTSTART;TZID=Europe/London:20261201T180000" in written.text
    assert "DTEND;TZID=Europe/London:20261201T190000" in written.text
    assert written.times == (london(2026, 12, 1, 18, 0), london(2026, 12, 1, 19, 0))
    event = written.event
    assert (str(event["SUMMARY"]), event["SEQUENCE"]) == ("Draft chapter w1-t1", 0)
    description = str(event["DESCRIPTION"])
    assert description.startswith("Target: 1,250 words\n")
    assert description.endswith("Why this time: Placed in your evening after work.")
    assert str(event["X-MONTHWISE-COMPLETED"]) == "FALSE"
    rows = {row.task_id: row for row in SessionEvent.objects.filter(connection=writer)}
    assert set(rows) == {task.pk for task in sessions}
    assert rows[first.pk].etag == written.etag
    assert (rows[first.pk].href, rows[first.pk].sequence) == (written.href, 0)
    assert writer.sessions_written == 3
    assert writer.busy_events.count() == 0  # our own sessions are never busy time


def test_sessions_of_plans_not_in_use_and_skipped_sessions_are_not_written(user, writer, sessions, radicale_account):
    proposal = MonthlyPlanFactory(user=user, preference=sessions[0].plan.preference, state=PlanState.PROPOSED)
    session(proposal, "w1-t9", london(2026, 12, 4, 18, 0))
    discarded = MonthlyPlanFactory(user=user, preference=sessions[0].plan.preference, state=PlanState.DISCARDED)
    session(discarded, "w1-t8", london(2026, 12, 5, 18, 0))
    sessions[2].skipped_at = dt.datetime(2026, 11, 20, tzinfo=dt.UTC)
    sessions[2].save()

    sync(writer)

    assert sorted(server_events(radicale_account, writer)) == sorted(
        event_uid(user=user, task=task) for task in sessions[:2]
    )


def test_a_second_sync_with_nothing_changed_sends_nothing(writer, sessions, writes):
    sync(writer)
    writes.clear()

    sync(writer)

    assert writes == []


def test_a_session_moved_in_monthwise_is_rewritten_with_the_next_sequence_and_only_it(
    user, writer, sessions, radicale_account, writes
):
    sync(writer)
    before = server_events(radicale_account, writer)
    moved = sessions[1]
    writes.clear()

    plan_task_move(task=moved, start_time=london(2026, 12, 5, 10, 0))
    sync(writer)

    assert writes == [("PUT", row_of(moved).href)]
    after = server_events(radicale_account, writer)
    event = after[event_uid(user=user, task=moved)]
    assert event.times == (london(2026, 12, 5, 10, 0), london(2026, 12, 5, 11, 0))
    assert event.event["SEQUENCE"] == 1
    assert str(event.event["DESCRIPTION"]).endswith("Why this time: Moved by hand to Sat 5 Dec 10:00. "
                                                    "Placed in your evening after work.")  # fmt: skip
    assert (row_of(moved).sequence, row_of(moved).etag) == (1, event.etag)
    for task in (sessions[0], sessions[2]):
        assert after[event_uid(user=user, task=task)].etag == before[event_uid(user=user, task=task)].etag


def test_a_ticked_session_is_marked_done_in_its_event(user, writer, sessions, radicale_account, writes):
    sync(writer)
    writes.clear()

    plan_task_set_completed(task=sessions[0], is_completed=True)
    sync(writer)

    assert writes == [("PUT", row_of(sessions[0]).href)]
    event = server_events(radicale_account, writer)[event_uid(user=user, task=sessions[0])].event
    assert str(event["SUMMARY"]) == "✓ Draft chapter w1-t1"
    assert str(event["X-MONTHWISE-COMPLETED"]) == "TRUE"
    assert "Completed: yes" in str(event["DESCRIPTION"])
    assert (event["SEQUENCE"], str(event["STATUS"])) == (1, "CONFIRMED")


def test_accepting_a_proposal_deletes_removed_events_adds_new_ones_and_leaves_kept_ones(
    user, writer, sessions, radicale_account, writes
):
    kept, _, removed = sessions
    plan_task_set_pinned(task=kept, is_pinned=True)
    sync(writer)
    before = server_events(radicale_account, writer)
    proposal = MonthlyPlanFactory(user=user, preference=kept.plan.preference, state=PlanState.PROPOSED)
    again = session(proposal, "w1-t2", london(2026, 12, 2, 19, 30))  # the same drafted session, later
    added = session(proposal, "w2-t1", london(2026, 12, 8, 18, 0))
    writes.clear()

    plan_accept(user=user, plan=proposal)
    sync(writer)

    after = server_events(radicale_account, writer)
    uid = {task: event_uid(user=user, task=task) for task in (kept, again, added)}
    assert sorted(after) == sorted(uid.values())
    assert after[uid[kept]].etag == before[uid[kept]].etag  # untouched
    assert after[uid[again]].href == before[uid[again]].href  # the same event, now the new session's
    assert after[uid[again]].times == (london(2026, 12, 2, 19, 30), london(2026, 12, 2, 20, 30))
    assert sorted(method for method, _ in writes) == ["DELETE", "PUT", "PUT"]
    assert ("DELETE", before[event_uid(user=user, task=removed)].href) in writes
    assert set(SessionEvent.objects.values_list("task_id", flat=True)) == {kept.pk, again.pk, added.pk}
    assert user.monthly_plans.get(pk=kept.plan_id).state == PlanState.SUPERSEDED


def test_a_deleted_session_loses_its_event(user, writer, sessions, radicale_account):
    sync(writer)
    gone = sessions[2]
    uid = event_uid(user=user, task=gone)
    gone.delete()

    sync(writer)

    assert uid not in server_events(radicale_account, writer)
    assert SessionEvent.objects.filter(connection=writer).count() == 2
    assert writer.sessions_written == 2


def test_last_months_events_stay_when_the_window_moves_on(user, writer, sessions, radicale_account, time_machine):
    sync(writer)
    time_machine.move_to(dt.datetime(2027, 1, 3, 10, 0, tzinfo=dt.UTC))

    sync(writer)

    assert len(server_events(radicale_account, writer)) == 3
    assert SessionEvent.objects.filter(connection=writer).count() == 3


def test_two_accounts_that_write_sessions_each_get_every_session(user, writer, sessions, radicale, radicale_account):
    other_account = radicale.account()
    other_account.make_calendar("Work")
    other = calendar_connection_create(user=user, kind="caldav", name="Second", url=other_account.url,
                                       username=other_account.username, password=other_account.password)  # fmt: skip
    other = calendar_connection_update(connection=other, write_sessions=True)

    sync(writer)
    sync(other)

    expected = sorted(event_uid(user=user, task=task) for task in sessions)
    assert sorted(server_events(radicale_account, writer)) == expected
    assert sorted(server_events(other_account, other)) == expected
    assert SessionEvent.objects.filter(task=sessions[0]).count() == 2
