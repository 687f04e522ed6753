"""GET, PATCH and DELETE /api/activity/{id}, and POST for a session that has its log already."""

import datetime as dt
from unittest import mock

import pytest

from insights import tasks
from insights.models import ActivityLog
from planning.models import PlanTask
from tests.insights.factories import NEW_YORK, PLANNED, ActivityLogFactory, bulk_history, plan_for, planned_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(user) -> PlanTask:
    return planned_session(user, minutes=60)


@pytest.fixture
def log(task) -> ActivityLog:
    """Logged as planned and finished; the task ticked when the session ended, as POST does."""
    task.is_completed, task.completed_at = True, task.end_time
    task.save(update_fields=["is_completed", "completed_at"])
    return ActivityLogFactory(task=task)


@pytest.fixture
def enqueued():
    with mock.patch.object(tasks.recompute_user_insights, "apply_async") as apply_async:
        yield apply_async


def url(log_id: int) -> str:
    return f"/api/activity/{log_id}"


def as_logged(log: ActivityLog) -> tuple:
    log.refresh_from_db()
    return (log.actual_start_time, log.actual_end_time, log.duration_deviation, log.was_completed)


def test_logging_a_logged_session_again_answers_409_with_the_existing_logs_id(api, task, log):
    response = api.post(
        "/api/activity",
        {
            "task": task.pk,
            "actual_start_time": "2026-11-20T09:10:00-05:00",
            "actual_end_time": "2026-11-20T10:40:00-05:00",
            "was_completed": False,
        },
        format="json",
    )

    assert response.status_code == 409
    assert response.json() == {
        "message": f"This session already has an activity log (id {log.pk}). Correct it with PATCH "
        f"/api/activity/{log.pk} instead of logging it again.",
        "id": log.pk,
    }
    assert ActivityLog.objects.count() == 1
    assert as_logged(log) == (PLANNED, PLANNED + dt.timedelta(hours=1), 0, True)


def test_the_owner_reads_one_log_in_their_zone(api, log):
    response = api.get(url(log.pk))

    assert response.status_code == 200
    assert response.json() == {
        "id": log.pk,
        "task": log.task_id,
        "task_description": "Draft chapter 3",
        "focus_area": "Writing",
        "planned_start_time": "2026-11-20T09:00:00-05:00",
        "planned_end_time": "2026-11-20T10:00:00-05:00",
        "actual_start_time": "2026-11-20T09:00:00-05:00",
        "actual_end_time": "2026-11-20T10:00:00-05:00",
        "duration_deviation": 0,
        "was_completed": True,
        "logged_at": log.logged_at.astimezone(NEW_YORK).isoformat(),
    }


@pytest.mark.parametrize("method", ["get", "patch", "delete"])
def test_another_persons_log_is_not_found_exactly_like_a_missing_one(api, outsider_api, log, method, enqueued):
    before = as_logged(log)
    body = {"was_completed": False}
    outsider = getattr(outsider_api, method)(url(log.pk), body, format="json")
    missing = getattr(api, method)(url(log.pk + 1000), body, format="json")
    beyond = getattr(api, method)(url(2**63), body, format="json")

    assert outsider.status_code == missing.status_code == beyond.status_code == 404
    assert outsider.json() == missing.json() == beyond.json() == {"message": "Not found."}
    assert as_logged(log) == before
    log.task.refresh_from_db()
    assert log.task.is_completed is True
    enqueued.assert_not_called()


def test_correcting_the_times_recomputes_the_deviation_and_schedules_the_insights(
    api, user, log, enqueued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api.patch(
            url(log.pk),
            {"actual_start_time": "2026-11-20T09:30:00-05:00", "actual_end_time": "2026-11-20T11:00:00-05:00"},
            format="json",
        )

    assert response.status_code == 200
    payload = response.json()
    assert (payload["id"], payload["actual_start_time"], payload["actual_end_time"]) == (
        log.pk,
        "2026-11-20T09:30:00-05:00",
        "2026-11-20T11:00:00-05:00",
    )
    assert (payload["duration_deviation"], payload["was_completed"]) == (30, True)
    assert as_logged(log) == (PLANNED + dt.timedelta(minutes=30), PLANNED + dt.timedelta(hours=2), 30, True)
    enqueued.assert_called_once_with(args=[str(user.pk)], countdown=30)


def test_a_correction_of_the_times_alone_leaves_the_tasks_tick_as_it_is(api, log, enqueued):
    # The person unticked the session by hand after logging it finished; fixing a typo in
    # the end time must not tick it again. Only `was_completed` moves the tick.
    log.task.is_completed, log.task.completed_at = False, None
    log.task.save(update_fields=["is_completed", "completed_at"])

    response = api.patch(url(log.pk), {"actual_end_time": "2026-11-20T10:15"}, format="json")

    assert response.status_code == 200
    assert response.json()["duration_deviation"] == 15
    log.task.refresh_from_db()
    assert log.task.is_completed is False


def test_correcting_was_completed_moves_the_tasks_tick_as_logging_does(api, log, enqueued):
    reopened = api.patch(url(log.pk), {"was_completed": False}, format="json")

    assert reopened.status_code == 200
    assert as_logged(log) == (PLANNED, PLANNED + dt.timedelta(hours=1), 0, False)
    log.task.refresh_from_db()
    assert (log.task.is_completed, log.task.completed_at) == (False, None)

    finished = api.patch(url(log.pk), {"was_completed": True, "actual_end_time": "2026-11-20T10:20"}, format="json")

    assert finished.status_code == 200
    log.task.refresh_from_db()
    # Ticked when the corrected session ended, exactly as a new log would have.
    assert (log.task.is_completed, log.task.completed_at) == (True, PLANNED + dt.timedelta(minutes=80))


@pytest.mark.parametrize(
    ("correction", "field", "message"),
    [
        ({"actual_end_time": "2026-11-20T08:30:00-05:00"}, "actual_end_time", "The end must be after the start."),
        (
            {"actual_end_time": "2026-11-20T21:30:00-05:00"},
            "actual_end_time",
            "A session can last at most 12 hours; this one lasts 12 h 30 min. Check the date, or log separate "
            "sessions.",
        ),
        (
            {"actual_start_time": "2026-11-23T09:00:00-05:00", "actual_end_time": "2026-11-23T10:00:00-05:00"},
            "actual_end_time",
            "That end is still in the future. Log the time once you have done it.",
        ),
        (
            {"actual_start_time": "2026-11-10T09:00:00-05:00", "actual_end_time": "2026-11-10T10:00:00-05:00"},
            "actual_start_time",
            "The start must be within 7 days of the planned start (Fri 20 Nov 2026 09:00), so that your insights "
            "compare like with like. Check the date, or log it on the task you did.",
        ),
        ({"actual_start_time": "soon"}, "actual_start_time", None),
        ({"was_completed": None}, "was_completed", None),
        (
            {"task": 1, "was_completed": False},
            "task",
            "A log stays with its session. Delete it and log the session you did instead.",
        ),
        (
            {},
            "non_field_errors",
            "Nothing to correct: give actual_start_time, actual_end_time or was_completed.",
        ),
    ],
)
def test_a_wrong_correction_answers_400_by_field_and_changes_nothing(api, log, enqueued, correction, field, message):
    before = as_logged(log)

    response = api.patch(url(log.pk), correction, format="json")

    assert response.status_code == 400
    payload = response.json()
    assert list(payload["errors"]) == [field]
    if message:
        assert payload["errors"][field] == [message]
        assert payload["message"] in (message, f"{field}: {message}")
    assert as_logged(log) == before
    enqueued.assert_not_called()


def test_deleting_a_finished_log_reopens_the_task_and_schedules_the_insights(
    api, user, log, enqueued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api.delete(url(log.pk))

    assert response.status_code == 204
    assert response.content == b""
    assert not ActivityLog.objects.exists()
    log.task.refresh_from_db()
    # The finished log is what ticked the task: it goes with it (the page says so first).
    assert (log.task.is_completed, log.task.completed_at) == (False, None)
    enqueued.assert_called_once_with(args=[str(user.pk)], countdown=30)
    assert api.delete(url(log.pk)).status_code == 404


def test_deleting_an_unfinished_log_leaves_the_tick_as_it_is(api, task, enqueued):
    task.is_completed, task.completed_at = True, PLANNED
    task.save(update_fields=["is_completed", "completed_at"])
    unfinished = ActivityLogFactory(task=task, was_completed=False)

    assert api.delete(url(unfinished.pk)).status_code == 204

    task.refresh_from_db()
    assert (task.is_completed, task.completed_at) == (True, PLANNED)


def test_a_deleted_log_lets_the_session_be_logged_again(api, task, log, enqueued):
    api.delete(url(log.pk))

    response = api.post(
        "/api/activity",
        {
            "task": task.pk,
            "actual_start_time": "2026-11-20T09:00",
            "actual_end_time": "2026-11-20T09:45",
            "was_completed": True,
        },
        format="json",
    )

    assert response.status_code == 201
    assert ActivityLog.objects.get().duration_deviation == -15


def test_the_log_endpoints_need_a_login(anon_api, log):
    for method in ("get", "patch", "delete"):
        assert getattr(anon_api, method)(url(log.pk)).status_code == 401
    assert ActivityLog.objects.count() == 1


@pytest.mark.parametrize("method", ["get", "patch", "delete"])
def test_one_log_costs_the_same_queries_among_150_sessions(
    api, user, method, enqueued, django_assert_max_num_queries
):
    logs = bulk_history(plan_for(user, "2026-11"), 150, first=PLANNED - dt.timedelta(days=1))
    target = logs[0]
    body = {"was_completed": False} if method == "patch" else None

    # The person, their log with its task, then (PATCH, DELETE) a savepoint, the row again
    # under its lock, the write, and the task's tick when it changes.
    with django_assert_max_num_queries(7):
        response = getattr(api, method)(url(target.pk), body, format="json")

    assert response.status_code in (200, 204)
