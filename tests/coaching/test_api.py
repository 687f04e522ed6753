"""The coaching API (API.md, Coaching): tasks, goals, the coach and interactions."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from coaching.models import CacheEntry, Goal, Interaction, Task
from coaching.services import coaching_advice_get
from tests.coaching.factories import GoalFactory, InteractionFactory, TaskFactory
from tests.fakes.chat_server import Malformed, Status

pytestmark = pytest.mark.django_db

TASKS = "/api/coaching/tasks"
GOALS = "/api/coaching/goals"
INTERACTIONS = "/api/coaching/interactions"
NOW = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)


def api_client_for(person) -> APIClient:
    """A client whose access token is issued now (inside a time_machine travel, valid then)."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(person).access_token}")
    return client


def task_url(task) -> str:
    return f"{TASKS}/{task.pk}"


def goal_url(goal) -> str:
    return f"{GOALS}/{goal.pk}"


def advice_url(task) -> str:
    return f"{TASKS}/{task.pk}/advice"


# --- tasks -----------------------------------------------------------------------------


def test_adding_a_task_answers_201_with_the_whole_task(api, user):
    with time_machine.travel(NOW, tick=False):
        response = api_client_for(user).post(
            TASKS, {"text": "  Write the grant  ", "importance": 9, "confidence": 3}, format="json"
        )
    assert response.status_code == 201
    task = Task.objects.get()
    assert task.user == user
    # Times are rendered in the person's zone (Europe/London: UTC+0 in November).
    assert response.json() == {
        "id": str(task.pk),
        "text": "Write the grant",
        "importance": 9,
        "confidence": 3,
        "is_completed": False,
        "completed_at": None,
        "created_at": "2026-11-20T08:00:00+00:00",
        "updated_at": "2026-11-20T08:00:00+00:00",
    }


def test_times_are_rendered_in_the_persons_time_zone(api, user):
    user.timezone = "Asia/Tokyo"
    user.save()
    with time_machine.travel(NOW, tick=False):
        response = api_client_for(user).post(TASKS, {"text": "Call home"}, format="json")
    assert response.json()["created_at"] == "2026-11-20T17:00:00+09:00"


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"text": ""}, "text", "Write what the task is."),
        ({"text": "   "}, "text", "Write what the task is."),
        ({}, "text", "Write what the task is."),
        ({"text": None}, "text", "Write what the task is."),
        ({"text": "x" * 501}, "text", "Keep the task to 500 characters or fewer."),
        ({"text": "Fine", "importance": 0}, "importance", "Use a number from 1 to 10, or leave it empty."),
        ({"text": "Fine", "importance": 11}, "importance", "Use a number from 1 to 10, or leave it empty."),
        ({"text": "Fine", "importance": "high"}, "importance", "Use a number from 1 to 10, or leave it empty."),
        ({"text": "Fine", "confidence": 0}, "confidence", "Use a number from 1 to 10, or leave it empty."),
        ({"text": "Fine", "confidence": 11}, "confidence", "Use a number from 1 to 10, or leave it empty."),
    ],
)
def test_bad_task_input_is_refused_with_a_message_by_the_field_and_writes_nothing(api, body, field, message):
    response = api.post(TASKS, body, format="json")
    assert response.status_code == 400
    assert response.json()["errors"][field] == [message]
    assert message in response.json()["message"]
    assert Task.objects.count() == 0


def test_exactly_500_characters_and_ratings_1_and_10_are_accepted(api):
    response = api.post(TASKS, {"text": "x" * 500, "importance": 1, "confidence": 10}, format="json")
    assert response.status_code == 201
    assert len(Task.objects.get().text) == 500


def test_the_task_list_is_the_persons_own_newest_first_and_paginated(api, user, other_user):
    start = timezone.now()
    for n in range(3):
        with time_machine.travel(start + timedelta(minutes=n), tick=False):
            TaskFactory(user=user, text=f"Task {n}")
    TaskFactory(user=other_user, text="Not mine")
    body = api.get(TASKS).json()
    assert body["count"] == 3
    assert [task["text"] for task in body["results"]] == ["Task 2", "Task 1", "Task 0"]
    page = api.get(TASKS, {"limit": 2, "offset": 2}).json()
    assert [task["text"] for task in page["results"]] == ["Task 0"]


def test_the_task_list_sorts_by_importance_and_filters_by_completion(api, user):
    TaskFactory(user=user, text="Unrated", importance=None)
    TaskFactory(user=user, text="Low", importance=2)
    TaskFactory(user=user, text="High", importance=9)
    TaskFactory(user=user, text="Done", importance=10, is_completed=True, completed_at=timezone.now())
    by_importance = api.get(TASKS, {"ordering": "importance", "is_completed": "false"}).json()["results"]
    assert [task["text"] for task in by_importance] == ["High", "Low", "Unrated"]
    done = api.get(TASKS, {"is_completed": "true"}).json()["results"]
    assert [task["text"] for task in done] == ["Done"]


def test_an_unknown_ordering_is_refused(api):
    response = api.get(TASKS, {"ordering": "random"})
    assert response.status_code == 400
    assert "ordering" in response.json()["errors"]


def test_listing_many_tasks_takes_a_fixed_number_of_queries(api, user, django_assert_max_num_queries):
    TaskFactory.create_batch(120, user=user)
    with django_assert_max_num_queries(4):  # user, count, page
        response = api.get(TASKS, {"limit": 200})
    assert len(response.json()["results"]) == 120


def test_a_task_can_be_read_changed_completed_and_deleted_by_its_owner(api, user):
    task = TaskFactory(user=user, text="Old", importance=5, confidence=5)
    assert api.get(task_url(task)).json()["text"] == "Old"

    changed = api.patch(task_url(task), {"text": "New", "importance": None}, format="json")
    assert changed.status_code == 200
    assert (changed.json()["text"], changed.json()["importance"], changed.json()["confidence"]) == ("New", None, 5)

    with time_machine.travel(NOW, tick=False):
        completed = api_client_for(user).patch(task_url(task), {"is_completed": True}, format="json").json()
    assert (completed["is_completed"], completed["completed_at"]) == (True, "2026-11-20T08:00:00+00:00")
    reopened = api.patch(task_url(task), {"is_completed": False}, format="json").json()
    assert (reopened["is_completed"], reopened["completed_at"]) == (False, None)

    assert api.delete(task_url(task)).status_code == 204
    assert Task.objects.count() == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"text": ""}, "text"),
        ({"text": "y" * 501}, "text"),
        ({"importance": 0}, "importance"),
        ({"confidence": 11}, "confidence"),
    ],
)
def test_a_bad_change_is_refused_and_leaves_the_task_as_it_was(api, user, body, field):
    task = TaskFactory(user=user, text="Keep me", importance=5, confidence=5)
    response = api.patch(task_url(task), body, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    task.refresh_from_db()
    assert (task.text, task.importance, task.confidence) == ("Keep me", 5, 5)


# --- goals -----------------------------------------------------------------------------


def test_adding_a_goal_answers_201_with_the_whole_goal(api, user):
    with time_machine.travel(NOW, tick=False):
        response = api_client_for(user).post(
            GOALS, {"what_matters": "My family", "biggest_win": "Dinner together"}, format="json"
        )
    assert response.status_code == 201
    goal = Goal.objects.get(user=user)
    assert response.json() == {
        "id": str(goal.pk),
        "what_matters": "My family",
        "biggest_win": "Dinner together",
        "worst_outcome": "",
        "created_at": "2026-11-20T08:00:00+00:00",
        "updated_at": "2026-11-20T08:00:00+00:00",
    }


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"what_matters": ""}, "what_matters"),
        ({}, "what_matters"),
        ({"what_matters": "x" * 1001}, "what_matters"),
        ({"what_matters": "Fine", "biggest_win": "x" * 1001}, "biggest_win"),
    ],
)
def test_a_bad_goal_is_refused_and_writes_nothing(api, body, field):
    response = api.post(GOALS, body, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert Goal.objects.count() == 0


def test_a_person_keeps_at_most_ten_goals(api, user):
    GoalFactory.create_batch(10, user=user)
    response = api.post(GOALS, {"what_matters": "One more"}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "message": "You can keep up to 10 goals. Edit or remove one to add another.",
        "errors": {"non_field_errors": ["You can keep up to 10 goals. Edit or remove one to add another."]},
    }
    assert Goal.objects.count() == 10


def test_goals_are_listed_changed_and_deleted(api, user, other_user, django_assert_max_num_queries):
    GoalFactory.create_batch(5, user=user)
    GoalFactory(user=other_user)
    with django_assert_max_num_queries(4):
        listed = api.get(GOALS).json()
    assert listed["count"] == 5
    goal = Goal.objects.filter(user=user).first()
    changed = api.patch(goal_url(goal), {"worst_outcome": "Burning out"}, format="json")
    assert changed.json()["worst_outcome"] == "Burning out"
    assert api.patch(goal_url(goal), {"what_matters": " "}, format="json").status_code == 400
    assert api.delete(goal_url(goal)).status_code == 204
    assert Goal.objects.filter(user=user).count() == 4


# --- the coach -------------------------------------------------------------------------


def test_asking_the_coach_answers_the_advice_and_then_the_cache(api, user):
    task = TaskFactory(user=user, text="Write the grant", importance=9, confidence=3)
    with time_machine.travel(NOW, tick=False):
        api = api_client_for(user)  # a token valid at that time
        first = api.post(advice_url(task))
        second = api.post(advice_url(task))
    assert first.status_code == 200
    interaction = Interaction.objects.get(cache_hit=False)
    body = first.json()
    assert body == {
        "id": str(interaction.pk),
        "task": str(task.pk),
        "response": interaction.response,
        "cache_hit": False,
        "latency": interaction.latency,
        "token_count": {"input": 0, "output": 0},
        "cost": "0.000000",
        "provider": "offline",
        "model": "offline-v1",
        "created_at": "2026-11-20T08:00:00+00:00",
        "coaching_remaining": 29,
        "coaching_reset_at": "2026-12-20T08:00:00+00:00",
    }
    assert "importance 9/10" in body["response"]
    assert second.json()["cache_hit"] is True
    assert second.json()["response"] == body["response"]
    assert second.json()["coaching_remaining"] == 29


def test_a_spent_allowance_answers_429_with_a_message_and_when_it_resets(api, user, settings):
    settings.COACHING_ALLOWANCE = 1
    first, second = TaskFactory(user=user), TaskFactory(user=user)
    with time_machine.travel(NOW, tick=False):
        api = api_client_for(user)  # a token valid at that time
        api.post(advice_url(first))
        response = api.post(advice_url(second))
    assert response.status_code == 429
    assert response.json() == {
        "message": "You have used your 1 coach question for this period. It resets on 20 December 2026 at 08:00 "
        "(Europe/London). Answers the coach has already given stay free to ask again."
    }
    assert response["Retry-After"] == str(30 * 24 * 3600)
    assert Interaction.objects.count() == 1


@pytest.mark.parametrize(
    ("behaviour", "status", "message"),
    [
        (Status(429, headers={"retry-after": "0"}), 503, "The AI service is busy"),
        (Status(500), 503, "The AI service is having trouble"),
        (Malformed(), 502, "not valid JSON"),
    ],
)
def test_a_failing_model_answers_503_or_502_with_a_message_and_charges_nothing(
    api, user, use_chat_server, behaviour, status, message
):
    use_chat_server().script(behaviour)
    response = api.post(advice_url(TaskFactory(user=user)))
    assert response.status_code == status
    assert message in response.json()["message"]
    assert "not charged" in response.json()["message"]
    user.refresh_from_db()
    assert user.coaching_count == 0
    assert (CacheEntry.objects.count(), Interaction.objects.count()) == (0, 0)


def test_the_interactions_are_the_persons_own_newest_first(api, user, other_user, django_assert_max_num_queries):
    start = timezone.now()
    for n in range(60):
        InteractionFactory(user=user, created_at=start + timedelta(seconds=n), task_text=f"Asked {n}")
    InteractionFactory(user=other_user)
    with django_assert_max_num_queries(4):
        body = api.get(INTERACTIONS, {"limit": 100}).json()
    assert body["count"] == 60
    assert [row["task_text"] for row in body["results"][:2]] == ["Asked 59", "Asked 58"]
    newest = Interaction.objects.filter(user=user).order_by("-created_at").first()
    assert body["results"][0] == {
        "id": str(newest.pk),
        "task": str(newest.task_id),
        "task_text": "Asked 59",
        "question_hash": newest.question_hash,
        "response": "Start with the smallest step.",
        "latency": 12,
        "token_count": {"input": 100, "output": 50},
        "cost": "0.000045",
        "cache_hit": False,
        "provider": "openai",
        "model": "gpt-4o-mini",
        "created_at": body["results"][0]["created_at"],
    }


def test_interactions_can_be_filtered_by_task(api, user):
    task = TaskFactory(user=user)
    coaching_advice_get(user=user, task=task)
    coaching_advice_get(user=user, task=TaskFactory(user=user))
    body = api.get(INTERACTIONS, {"task": str(task.pk)}).json()
    assert [row["task"] for row in body["results"]] == [str(task.pk)]


# --- only the owner ----------------------------------------------------------------------


def _routes(task, goal):
    return [
        ("get", task_url(task), None),
        ("patch", task_url(task), {"text": "Hijacked"}),
        ("delete", task_url(task), None),
        ("post", advice_url(task), None),
        ("get", goal_url(goal), None),
        ("patch", goal_url(goal), {"what_matters": "Hijacked"}),
        ("delete", goal_url(goal), None),
    ]


@pytest.mark.parametrize(
    "index", range(7), ids=["task-get", "task-patch", "task-delete", "advice", "goal-get", "goal-patch", "goal-delete"]
)
def test_another_persons_id_answers_404_exactly_like_a_missing_id(api, outsider_api, user, index):
    task = TaskFactory(user=user, text="Mine")
    goal = GoalFactory(user=user, what_matters="Mine")
    method, url, body = _routes(task, goal)[index]
    missing_url = url.replace(str(task.pk), str(uuid.uuid4())).replace(str(goal.pk), str(uuid.uuid4()))

    outsider = getattr(outsider_api, method)(url, body, format="json")
    missing = getattr(api, method)(missing_url, body, format="json")

    assert outsider.status_code == missing.status_code == 404
    assert outsider.json() == missing.json() == {"message": "Not found."}
    assert Task.objects.get(pk=task.pk).text == "Mine"
    assert Goal.objects.get(pk=goal.pk).what_matters == "Mine"
    assert Interaction.objects.count() == 0
    # ...and the owner still reaches it.
    owner = getattr(api, method)(url, body, format="json")
    assert owner.status_code in (200, 204)


@pytest.mark.parametrize("url", [TASKS, GOALS, INTERACTIONS])
def test_the_coaching_api_needs_a_token(anon_api, url):
    response = anon_api.get(url)
    assert response.status_code == 401
    assert response.json()["message"]
