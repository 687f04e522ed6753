"""POST/GET /api/activity and GET /api/insights."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from insights.computation import insights_recompute
from insights.models import ActivityLog
from planning.models import PlanTask
from tests.insights.factories import (
    NEW_YORK,
    PLANNED,
    ActivityLogFactory,
    bulk_history,
    morning_person,
    plan_for,
    planned_session,
)
from tests.planning.factories import PlanTaskFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def task(user) -> PlanTask:
    return planned_session(user, minutes=60)


def body(planned_task, **overrides):
    return {
        "task": planned_task.pk,
        "actual_start_time": "2026-11-20T09:10:00-05:00",
        "actual_end_time": "2026-11-20T10:40:00-05:00",
        "was_completed": True,
        **overrides,
    }


def test_logging_activity_answers_201_with_the_computed_deviation_in_the_persons_zone(api, task):
    response = api.post("/api/activity", body(task, duration_deviation=-999), format="json")

    assert response.status_code == 201
    log = ActivityLog.objects.get()
    assert response.json() == {
        "id": log.pk,
        "task": task.pk,
        "task_description": "Draft chapter 3",
        "focus_area": "Writing",
        "planned_start_time": "2026-11-20T09:00:00-05:00",
        "planned_end_time": "2026-11-20T10:00:00-05:00",
        "actual_start_time": "2026-11-20T09:10:00-05:00",
        "actual_end_time": "2026-11-20T10:40:00-05:00",
        "duration_deviation": 30,
        "was_completed": True,
        "logged_at": log.logged_at.astimezone(NEW_YORK).isoformat(),
    }
    task.refresh_from_db()
    assert task.is_completed is True


def test_times_without_an_offset_are_read_in_the_persons_zone(api, task):
    response = api.post(
        "/api/activity",
        body(task, actual_start_time="2026-11-20T09:00", actual_end_time="2026-11-20T10:00"),
        format="json",
    )

    assert response.status_code == 201
    assert ActivityLog.objects.get().actual_start_time == PLANNED
    assert response.json()["duration_deviation"] == 0


def test_another_persons_task_answers_404_exactly_like_a_missing_one(api, outsider_api, task):
    outsider = outsider_api.post("/api/activity", body(task), format="json")
    missing = api.post("/api/activity", body(task, task=task.pk + 1000), format="json")

    assert outsider.status_code == missing.status_code == 404
    assert (
        outsider.json()
        == missing.json()
        == {
            "message": "No such task in your plans.",
            "errors": {"task": ["No such task in your plans."]},
        }
    )
    assert ActivityLog.objects.count() == 0
    task.refresh_from_db()
    assert task.is_completed is False


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"actual_end_time": "2026-11-20T09:00:00-05:00"},
            "actual_end_time",
            "The end must be after the start.",
        ),
        (
            {"actual_end_time": "2026-11-20T23:30:00-05:00"},
            "actual_end_time",
            "A session can last at most 12 hours; this one lasts 14 h 20 min. Check the date, or log separate "
            "sessions.",
        ),
        (
            {"actual_start_time": "2025-11-20T09:10:00-05:00", "actual_end_time": "2025-11-20T10:10:00-05:00"},
            "actual_start_time",
            "The start must be within 7 days of the planned start (Fri 20 Nov 2026 09:00), so that your insights "
            "compare like with like. Check the date, or log it on the task you did.",
        ),
        ({"actual_start_time": "yesterday"}, "actual_start_time", None),
        ({"was_completed": None}, "was_completed", None),
    ],
)
def test_bad_input_answers_400_by_field_and_writes_nothing(api, task, overrides, field, message):
    response = api.post("/api/activity", body(task, **overrides), format="json")

    assert response.status_code == 400
    payload = response.json()
    assert field in payload["errors"]
    if message:
        assert payload["errors"][field] == [message]
        assert payload["message"] == message
    assert ActivityLog.objects.count() == 0


def test_a_missing_field_is_named(api, task):
    response = api.post("/api/activity", {"task": task.pk}, format="json")
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"actual_start_time", "actual_end_time", "was_completed"}


def test_the_activity_api_needs_a_login(anon_api, task):
    assert anon_api.post("/api/activity", body(task), format="json").status_code == 401
    assert anon_api.get("/api/activity").status_code == 401
    assert anon_api.get("/api/insights").status_code == 401


def test_the_history_is_the_persons_own_newest_first_and_paginated(api, user, other_user, task):
    older = ActivityLogFactory(task=task, actual_start_time=PLANNED, actual_end_time=PLANNED + dt.timedelta(hours=1))
    newer = ActivityLogFactory(
        task=PlanTaskFactory(plan=task.plan, user=user, start_time=PLANNED + dt.timedelta(days=1)),
        actual_start_time=PLANNED + dt.timedelta(days=1),
        actual_end_time=PLANNED + dt.timedelta(days=1, hours=1),
        was_completed=False,
    )
    ActivityLogFactory(task=PlanTaskFactory(plan__user=other_user, plan__preference__user=other_user))

    page = api.get("/api/activity").json()
    assert page["count"] == 2
    assert [row["id"] for row in page["results"]] == [newer.pk, older.pk]
    assert page["results"][0]["actual_start_time"] == "2026-11-21T09:00:00-05:00"

    first = api.get("/api/activity?limit=1").json()
    assert [row["id"] for row in first["results"]] == [newer.pk]
    assert first["next"].endswith("limit=1&offset=1")


def test_insights_are_listed_with_their_values(api, user):
    morning_person(plan_for(user))
    insights_recompute(user=user)
    user.timezone = "Asia/Kolkata"
    user.save(update_fields=["timezone"])

    response = api.get("/api/insights")

    assert response.status_code == 200
    rows = response.json()
    assert [row["insight_type"] for row in rows] == ["Challenges", "CompletionRate", "PeakEnergy", "SessionDuration"]
    peak = rows[2]
    assert peak["insight_value"]["best_windows"][0]["label"] == "08:00–11:00"
    assert peak["last_updated"].endswith("+05:30")


def test_insights_are_empty_before_anything_is_logged(api, outsider_api, user):
    morning_person(plan_for(user))
    insights_recompute(user=user)
    assert outsider_api.get("/api/insights").json() == []


@pytest.mark.parametrize("path", ["/api/activity", "/api/insights"])
def test_query_counts_do_not_grow_with_the_history(api, user, path, django_assert_num_queries):
    plan = plan_for(user)
    bulk_history(plan, 10)
    insights_recompute(user=user)
    with CaptureQueriesContext(connection) as small:
        assert api.get(path).status_code == 200

    bulk_history(plan, 490)
    insights_recompute(user=user)
    with django_assert_num_queries(len(small.captured_queries)):
        response = api.get(path)
    assert response.status_code == 200
    if path == "/api/activity":
        assert response.json()["count"] == 500
        assert len(response.json()["results"]) == 50
