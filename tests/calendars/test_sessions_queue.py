"""Sessions that change in Monthwise reach the calendar soon: after the change commits, one
sessions sync is enqueued per connection that writes sessions (debounced: a burst of changes
enqueues one), through planning.extensions' hook. A queue that is away never breaks the
person's change; the beat's next run writes it instead. The sessions task shares the sync's
claim, and waits its turn when another sync holds the connection."""

import datetime as dt
import logging

import pytest
from celery.exceptions import Retry
from django.core.cache import cache

from calendars.models import CalendarConnection
from calendars.services.sync import calendar_sessions_sync
from calendars.tasks import SESSIONS_BUSY_RETRY_SECONDS, sessions_sync_key, sync_calendar_sessions
from planning.models import PlanState, PlanTask
from planning.services.plan_life import plan_accept
from planning.services.plan_tasks import plan_task_move, plan_task_set_completed
from tests.calendars.sessions_fixtures import london, session
from tests.conftest import api_client_for
from tests.faults.conftest import broker_down  # noqa: F401 (a fixture)
from tests.planning.factories import MonthlyPlanFactory

pytestmark = pytest.mark.django_db


def connection(user, **fields) -> CalendarConnection:
    defaults = {"kind": "caldav", "name": "Radicale", "url": "https://dav.example.com/", "write_sessions": True,
                "sessions_calendar_url": "https://dav.example.com/u/monthwise/"}  # fmt: skip
    return CalendarConnection.objects.create(user=user, **{**defaults, **fields})


@pytest.fixture
def enqueued(monkeypatch) -> list[tuple[list, int]]:
    sent: list[tuple[list, int]] = []
    monkeypatch.setattr(
        sync_calendar_sessions, "apply_async", lambda args, countdown: sent.append((args, countdown))
    )
    return sent


def test_changes_enqueue_one_sessions_sync_per_writing_connection_after_commit(
    user, sessions, enqueued, django_capture_on_commit_callbacks
):
    writing = connection(user)
    connection(user, name="Read only", url="https://dav.example.com/2/", write_sessions=False)
    connection(user, name="Paused", url="https://dav.example.com/3/", is_paused=True)
    CalendarConnection.objects.create(user=user, kind="ics", name="Feed", url="https://example.com/f.ics")

    with django_capture_on_commit_callbacks(execute=True):
        plan_task_move(task=sessions[0], start_time=london(2026, 12, 5, 10))
        plan_task_set_completed(task=sessions[1], is_completed=True)
        assert enqueued == []  # not before the change commits
    with django_capture_on_commit_callbacks(execute=True):
        plan_task_move(task=sessions[2], start_time=london(2026, 12, 6, 10))

    assert enqueued == [([writing.pk], 20)]
    assert cache.get(sessions_sync_key(writing.pk)) == "queued"


def test_accepting_a_plan_enqueues_a_sessions_sync(user, sessions, enqueued, django_capture_on_commit_callbacks):
    writing = connection(user)
    proposal = MonthlyPlanFactory(user=user, preference=sessions[0].plan.preference, state=PlanState.PROPOSED)
    session(proposal, "w2-t1", london(2026, 12, 8, 18))

    with django_capture_on_commit_callbacks(execute=True):
        plan_accept(user=user, plan=proposal)

    assert enqueued == [([writing.pk], 20)]


def test_the_sessions_task_frees_the_debounce_key_before_it_syncs(user, monkeypatch):
    writing = connection(user)
    cache.set(sessions_sync_key(writing.pk), "queued")
    seen = []
    monkeypatch.setattr(
        "calendars.tasks.calendar_sessions_sync",
        lambda connection_id: seen.append(cache.get(sessions_sync_key(connection_id))) or calendar_sessions_sync(
            connection_id=connection_id, now=dt.datetime(2026, 11, 22, 10, tzinfo=dt.UTC)
        ),
    )

    sync_calendar_sessions.run(writing.pk)

    assert seen == [None]


def test_the_sessions_task_waits_its_turn_while_another_sync_holds_the_connection(user, monkeypatch):
    writing = connection(user)
    CalendarConnection.objects.claim_sync(writing.pk, now=dt.datetime.now(dt.UTC))
    retried = []
    monkeypatch.setattr(sync_calendar_sessions, "retry", lambda countdown: retried.append(countdown) or Retry())

    with pytest.raises(Retry):
        sync_calendar_sessions.run(writing.pk)

    assert retried == [SESSIONS_BUSY_RETRY_SECONDS]
    writing.refresh_from_db()
    assert (writing.last_error, writing.consecutive_failures) == ("", 0)


@pytest.mark.django_db(transaction=True)
def test_a_move_with_the_queue_away_is_saved_and_answered_as_usual(user, broker_down, caplog):  # noqa: F811
    connection(user)
    task = session(MonthlyPlanFactory(user=user), "w1-t1", london(2026, 12, 1, 18))

    with caplog.at_level(logging.WARNING):
        response = api_client_for(user).patch(
            f"/api/plan-tasks/{task.pk}", {"start_time": "2026-12-05T10:00:00+00:00"}, format="json"
        )

    assert response.status_code == 200, response.json()
    assert PlanTask.objects.get(pk=task.pk).start_time == london(2026, 12, 5, 10)
    assert "the sessions sync could not be enqueued" in caplog.text
    assert cache.get(sessions_sync_key(CalendarConnection.objects.get(user=user).pk)) is None  # the next change tries
