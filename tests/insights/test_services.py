"""Logging activity: computed deviation, task completion, validation, debounced recomputation."""

import datetime as dt
from unittest import mock

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction

from insights import tasks
from insights.models import ActivityLog, Insight
from insights.services import activity_log_create
from planning.models import PlanTask
from tests.planning.factories import PlanTaskFactory

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 22, 12, tzinfo=dt.UTC)
PLANNED = dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC)


@pytest.fixture
def task(user) -> PlanTask:
    return PlanTaskFactory(
        plan__user=user,
        plan__preference__user=user,
        plan__month_year="2026-11",
        user=user,
        start_time=PLANNED,
        end_time=PLANNED + dt.timedelta(minutes=60),
    )


@pytest.fixture
def enqueued():
    """The recomputations handed to the queue (not run): what a real broker would receive."""
    with mock.patch.object(tasks.recompute_user_insights, "apply_async") as apply_async:
        yield apply_async


def another_task(task: PlanTask, *, hours_later: int) -> PlanTask:
    """One more session of the same plan (each session takes one log)."""
    start = task.start_time + dt.timedelta(hours=hours_later)
    return PlanTaskFactory(
        plan=task.plan, user=task.user, start_time=start, end_time=start + dt.timedelta(minutes=60)
    )


def log(user, task, *, start_minutes=0, minutes=60, completed=True, now=NOW):
    start = task.start_time + dt.timedelta(minutes=start_minutes)
    return activity_log_create(
        user=user,
        task=task,
        actual_start_time=start,
        actual_end_time=start + dt.timedelta(minutes=minutes),
        was_completed=completed,
        now=now,
    )


def test_the_deviation_is_computed_from_the_times(user, task, enqueued):
    entry = log(user, task, start_minutes=15, minutes=95)
    entry.refresh_from_db()
    assert entry.duration_deviation == 35
    assert entry.logged_at is not None


def test_a_finished_log_marks_the_task_complete_when_the_session_ended(user, task, enqueued):
    log(user, task, completed=True)
    task.refresh_from_db()
    assert task.is_completed is True
    assert task.completed_at == PLANNED + dt.timedelta(minutes=60)


def test_an_unfinished_log_reopens_a_task_ticked_before(user, task, enqueued):
    task.is_completed, task.completed_at = True, PLANNED
    task.save()
    log(user, task, completed=False)
    task.refresh_from_db()
    assert task.is_completed is False
    assert task.completed_at is None


@pytest.mark.parametrize(
    ("start_minutes", "minutes", "field", "message"),
    [
        (0, 0, "actual_end_time", "The end must be after the start."),
        (0, -30, "actual_end_time", "The end must be after the start."),
        (0, 12 * 60 + 1, "actual_end_time", "A session can last at most 12 hours; this one lasts 12 h 1 min."),
        (-8 * 24 * 60, 60, "actual_start_time", "The start must be within 7 days of the planned start"),
        (7 * 24 * 60 + 60, 60, "actual_start_time", "The start must be within 7 days of the planned start"),
        (3 * 24 * 60, 60, "actual_end_time", "That end is still in the future."),
    ],
)
def test_bad_times_are_refused_by_field_and_nothing_is_written(
    user, task, enqueued, start_minutes, minutes, field, message
):
    with pytest.raises(ValidationError) as refused:
        log(user, task, start_minutes=start_minutes, minutes=minutes)

    assert field in refused.value.message_dict
    assert refused.value.message_dict[field][0].startswith(message)
    assert ActivityLog.objects.count() == 0
    task.refresh_from_db()
    assert task.is_completed is False
    enqueued.assert_not_called()


def test_the_drift_message_names_the_planned_start_in_the_persons_zone(user, task, enqueued):
    with pytest.raises(ValidationError) as refused:
        log(user, task, start_minutes=-8 * 24 * 60)
    assert "(Fri 20 Nov 2026 09:00)" in refused.value.message_dict["actual_start_time"][0]


def test_someone_elses_task_is_not_found_and_nothing_is_written(other_user, task, enqueued):
    with pytest.raises(PlanTask.DoesNotExist):
        log(other_user, task)
    assert ActivityLog.objects.count() == 0
    task.refresh_from_db()
    assert task.is_completed is False


def test_a_burst_of_twenty_logs_enqueues_one_recomputation(
    user, task, enqueued, settings, django_capture_on_commit_callbacks
):
    settings.INSIGHTS_RECOMPUTE_DELAY_SECONDS = 45
    sessions = [task] + [another_task(task, hours_later=index) for index in range(1, 20)]
    for session in sessions:
        # Each log is its own request: its own transaction, committed before the next.
        with django_capture_on_commit_callbacks(execute=True):
            log(user, session, minutes=30)

    enqueued.assert_called_once_with(args=[str(user.pk)], countdown=45)
    assert cache.get(tasks.recompute_key(str(user.pk))) == "queued"

    # The one recomputation, when it runs, sees all twenty logs.
    tasks.recompute_user_insights.run(str(user.pk))
    assert Insight.objects.get(user=user, insight_type="PeakEnergy").insight_value["sample_size"] == 20


def test_a_burst_after_the_recomputation_started_schedules_the_next_one(
    user, task, enqueued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        log(user, task)
    tasks.recompute_user_insights.run(str(user.pk))  # claims (clears) the debounce key
    with django_capture_on_commit_callbacks(execute=True):
        log(user, another_task(task, hours_later=1))
    with django_capture_on_commit_callbacks(execute=True):
        log(user, another_task(task, hours_later=2))

    assert enqueued.call_count == 2


def test_a_rolled_back_log_schedules_nothing(user, task, enqueued, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        log(user, task)
        raise RuntimeError("the request failed after logging")
    assert callbacks == []
    enqueued.assert_not_called()
    assert cache.get(tasks.recompute_key(str(user.pk))) is None


def test_when_the_broker_is_away_the_log_is_kept_and_the_next_log_tries_again(
    user, task, enqueued, django_capture_on_commit_callbacks
):
    enqueued.side_effect = ConnectionError("broker down")
    with django_capture_on_commit_callbacks(execute=True):
        log(user, task)
    assert ActivityLog.objects.count() == 1
    assert cache.get(tasks.recompute_key(str(user.pk))) is None

    enqueued.side_effect = None
    with django_capture_on_commit_callbacks(execute=True):
        log(user, another_task(task, hours_later=1))
    assert enqueued.call_count == 2
