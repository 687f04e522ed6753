"""One activity log per session: the database, the service, simultaneous requests and the migration."""

import datetime as dt
import threading
from unittest import mock

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from insights import services, tasks
from insights.computation import insights_recompute
from insights.models import ActivityLog
from insights.services import ActivityLogExists, activity_log_create
from planning.models import PlanTask
from tests.conftest import api_client_for
from tests.factories import UserFactory
from tests.insights.factories import ActivityLogFactory
from tests.planning.factories import PlanTaskFactory

PLANNED = dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC)
NOW = dt.datetime(2026, 11, 22, 12, tzinfo=dt.UTC)


def planned_task(user) -> PlanTask:
    return PlanTaskFactory(
        plan__user=user,
        plan__preference__user=user,
        plan__month_year="2026-11",
        user=user,
        start_time=PLANNED,
        end_time=PLANNED + dt.timedelta(minutes=60),
    )


def body(task: PlanTask, *, completed: bool = True) -> dict:
    return {
        "task": task.pk,
        "actual_start_time": "2026-11-20T09:00:00+00:00",
        "actual_end_time": "2026-11-20T10:30:00+00:00",
        "was_completed": completed,
    }


@pytest.fixture
def enqueued():
    with mock.patch.object(tasks.recompute_user_insights, "apply_async") as apply_async:
        yield apply_async


@pytest.mark.django_db
def test_the_database_refuses_a_second_log_for_a_session(user):
    first = ActivityLogFactory(task=planned_task(user))

    with pytest.raises(IntegrityError, match="activity_one_log_per_task"), transaction.atomic():
        ActivityLogFactory(task=first.task)

    assert list(ActivityLog.objects.values_list("id", flat=True)) == [first.pk]


@pytest.mark.django_db
def test_logging_a_session_again_is_refused_with_the_existing_log_and_changes_nothing(
    user, enqueued, django_capture_on_commit_callbacks
):
    task = planned_task(user)
    first = ActivityLogFactory(task=task, was_completed=False)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ActivityLogExists) as refused:
        activity_log_create(
            user=user,
            task=task,
            actual_start_time=PLANNED,
            actual_end_time=PLANNED + dt.timedelta(minutes=30),
            was_completed=True,
            now=NOW,
        )

    assert refused.value.status == 409
    assert refused.value.log_id == first.pk
    assert refused.value.message == (
        f"This session already has an activity log (id {first.pk}). Correct it with PATCH /api/activity/{first.pk} "
        "instead of logging it again."
    )
    assert list(ActivityLog.objects.values_list("id", "was_completed")) == [(first.pk, False)]
    task.refresh_from_db()
    assert task.is_completed is False
    enqueued.assert_not_called()


@pytest.mark.django_db
def test_a_session_posted_twice_counts_once_in_the_completion_rate(api, user, enqueued):
    task = planned_task(user)

    created = api.post("/api/activity", body(task, completed=True), format="json")
    again = api.post("/api/activity", body(task, completed=False), format="json")

    assert created.status_code == 201
    assert again.status_code == 409
    assert again.json()["id"] == created.json()["id"]
    rate = insights_recompute(user=user, now=NOW)["CompletionRate"]
    assert rate["overall"] == {**rate["overall"], "logged": 1, "completed": 1}
    assert rate["summary"].startswith("In the last 30 days you finished 1 of 1 logged session")
    assert api.get("/api/activity").json()["count"] == 1


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_logs_of_one_session_answer_one_201_and_one_409(enqueued):
    person = UserFactory()
    task = planned_task(person)
    both_checked = threading.Barrier(2, timeout=10)
    seen = threading.local()
    real_lookup = services._log_id_of

    def lookup_after_both_checked(lookup_task):
        # The first look finds nothing in either request; both then insert, so the unique
        # index has to decide (the second insert waits for the first to commit, then fails).
        found = real_lookup(lookup_task)
        if not getattr(seen, "checked", False):
            seen.checked = True
            both_checked.wait()
        return found

    answers = []

    def post() -> None:
        try:
            answers.append(api_client_for(person).post("/api/activity", body(task), format="json"))
        finally:
            connection.close()

    with (
        mock.patch.object(services, "_log_id_of", side_effect=lookup_after_both_checked),
        mock.patch.object(services, "_is_second_log", wraps=services._is_second_log) as refused_by_the_index,
    ):
        threads = [threading.Thread(target=post) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert sorted(answer.status_code for answer in answers) == [201, 409]
    refused_by_the_index.assert_called_once()  # the race was decided by the index, not the first look
    log = ActivityLog.objects.get()
    created = next(answer for answer in answers if answer.status_code == 201)
    conflict = next(answer for answer in answers if answer.status_code == 409)
    assert created.json()["id"] == log.pk
    assert conflict.json() == {
        "message": f"This session already has an activity log (id {log.pk}). Correct it with PATCH "
        f"/api/activity/{log.pk} instead of logging it again.",
        "id": log.pk,
    }


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_each_sessions_earliest_logged_log_and_deletes_the_repeats():
    before = [("insights", "0002_drop_repeated_indexes")]
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(before)
    try:
        person = UserFactory()
        twice = planned_task(person)
        tied, once = (PlanTaskFactory(plan=twice.plan, user=person, start_time=PLANNED) for _ in range(2))
        logged = timezone.now()
        # Without the constraint (as before the migration) a session could be logged again.
        rows = ActivityLog.objects.bulk_create(
            ActivityLog(
                user=person,
                task=task,
                actual_start_time=PLANNED,
                actual_end_time=PLANNED + dt.timedelta(minutes=minutes),
                duration_deviation=minutes - 60,
                was_completed=True,
                logged_at=logged + dt.timedelta(minutes=offset),
            )
            for task, offset, minutes in [
                (twice, 5, 50),  # logged later, written first
                (twice, 0, 60),  # the earliest-logged: kept
                (twice, 9, 70),
                (tied, 0, 40),  # same moment: the lower id is kept
                (tied, 0, 45),
                (once, 0, 30),
            ]
        )
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(latest)

    kept = sorted(ActivityLog.objects.values_list("id", flat=True))
    assert kept == sorted([rows[1].pk, rows[3].pk, rows[5].pk])
    with pytest.raises(IntegrityError), transaction.atomic():
        ActivityLogFactory(task=once)
