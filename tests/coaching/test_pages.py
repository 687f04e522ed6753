"""The coaching pages: the to-do list, the goals, and the coach answering in place."""

import re
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from coaching.models import CacheEntry, Goal, Interaction, Task
from coaching.services import coaching_advice_get
from tests.coaching.factories import GoalFactory, TaskFactory
from tests.fakes.chat_server import Status

pytestmark = pytest.mark.django_db

INDEX = reverse("coaching:index")
FETCH = {"HTTP_X_REQUESTED_WITH": "fetch"}


@pytest.fixture
def page(client, user):
    client.force_login(user)
    return client


def _text(response) -> str:
    return response.content.decode()


def test_the_coach_page_needs_a_login(client):
    response = client.get(INDEX)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_an_empty_list_says_what_to_do_next(page):
    body = _text(page.get(INDEX))
    assert "Your list is empty." in body
    assert "Add your first task above" in body
    assert "No goals yet." in body
    assert "You can ask the coach 30 questions every 30 days" in body


def test_the_page_loads_its_script_and_styles_from_files_only(page, user):
    TaskFactory(user=user)
    body = _text(page.get(INDEX))
    assert '<script src="/static/js/coaching.js" defer></script>' in body
    assert '<link rel="stylesheet" href="/static/css/coaching.css">' in body
    assert "style=" not in body
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", body)  # no inline scripts (CSP)


def test_adding_a_task_with_ratings_shows_it_on_the_list(page, user):
    response = page.post(
        reverse("coaching:task_add"), {"text": "Write the grant", "importance": "9", "confidence": "3"}
    )
    task = Task.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{INDEX}#task-{task.pk}"
    assert (task.user, task.text, task.importance, task.confidence) == (user, "Write the grant", 9, 3)
    body = _text(page.get(INDEX))
    assert "Write the grant" in body
    assert "Importance 9/10" in body and "Confidence 3/10" in body


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"text": ""}, "text", "Write what the task is."),
        ({"text": "   "}, "text", "Write what the task is."),
        ({"text": "x" * 501}, "text", "Keep the task to 500 characters or fewer."),
        ({"text": "Fine", "importance": "0"}, "importance", "Use a number from 1 to 10, or leave it empty."),
        ({"text": "Fine", "importance": "11"}, "importance", "Use a number from 1 to 10, or leave it empty."),
        ({"text": "Fine", "confidence": "-1"}, "confidence", "Use a number from 1 to 10, or leave it empty."),
        ({"text": "Fine", "confidence": "lots"}, "confidence", "Use a number from 1 to 10, or leave it empty."),
    ],
)
def test_bad_input_shows_the_message_by_the_field_and_adds_nothing(page, data, field, message):
    response = page.post(reverse("coaching:task_add"), data)
    assert response.status_code == 200
    body = _text(response)
    assert re.search(rf'<p class="error" id="id_{field}_error" role="alert">{re.escape(message)}</p>', body)
    assert Task.objects.count() == 0


def test_the_list_sorts_by_importance_with_unrated_tasks_last(page, user):
    TaskFactory(user=user, text="Unrated chore", importance=None)
    TaskFactory(user=user, text="Minor chore", importance=2)
    TaskFactory(user=user, text="Big deal", importance=10)
    body = _text(page.get(INDEX, {"sort": "importance"}))
    positions = [body.index(text) for text in ("Big deal", "Minor chore", "Unrated chore")]
    assert positions == sorted(positions)
    newest_first = _text(page.get(INDEX))
    assert newest_first.index("Big deal") < newest_first.index("Unrated chore")


def test_the_list_page_takes_a_fixed_number_of_queries(page, user, django_assert_max_num_queries):
    TaskFactory.create_batch(80, user=user)
    TaskFactory.create_batch(20, user=user, is_completed=True, completed_at=timezone.now())
    GoalFactory.create_batch(8, user=user)
    with django_assert_max_num_queries(7):
        response = page.get(INDEX, {"sort": "importance"})
    assert response.status_code == 200
    assert len(response.context["open_tasks"]) == 80
    assert len(response.context["completed_tasks"]) == 20


def test_editing_a_task_changes_it_and_bad_input_is_refused_by_the_field(page, user):
    task = TaskFactory(user=user, text="Old text", importance=5)
    url = reverse("coaching:task_edit", args=[task.pk])
    assert 'value="Old text"' in _text(page.get(url))

    refused = page.post(url, {"text": "", "importance": "11"})
    assert refused.status_code == 200
    assert 'id="id_text_error"' in _text(refused) and 'id="id_importance_error"' in _text(refused)
    task.refresh_from_db()
    assert (task.text, task.importance) == ("Old text", 5)

    assert page.post(url, {"text": "New text", "importance": "8", "confidence": ""}).status_code == 302
    task.refresh_from_db()
    assert (task.text, task.importance, task.confidence) == ("New text", 8, None)


def test_completing_a_task_without_script_redirects_back_to_it(page, user):
    task = TaskFactory(user=user)
    response = page.post(reverse("coaching:task_complete", args=[task.pk]), {"is_completed": "true"})
    assert response.status_code == 302 and response["Location"].endswith(f"#task-{task.pk}")
    task.refresh_from_db()
    assert task.is_completed and task.completed_at is not None


def test_completing_a_task_with_script_answers_the_updated_row(page, user):
    task = TaskFactory(user=user, text="Tick me")
    response = page.post(reverse("coaching:task_complete", args=[task.pk]), {"is_completed": "true"}, **FETCH)
    body = _text(response)
    assert response.status_code == 200
    assert body.lstrip().startswith('<li class="task-row task-done"')
    assert "Reopen" in body
    reopened = page.post(reverse("coaching:task_complete", args=[task.pk]), {"is_completed": "false"}, **FETCH)
    assert "Mark done" in _text(reopened)
    task.refresh_from_db()
    assert (task.is_completed, task.completed_at) == (False, None)


def test_deleting_a_task(page, user):
    task = TaskFactory(user=user)
    response = page.post(reverse("coaching:task_delete", args=[task.pk]))
    assert response.status_code == 302
    assert Task.objects.count() == 0


def test_asking_without_script_redirects_to_the_advice_in_place_then_marks_the_cache(page, user):
    task = TaskFactory(user=user, text="Write the grant", importance=9, confidence=3)
    url = reverse("coaching:task_advice", args=[task.pk])

    first = page.post(url)
    interaction = Interaction.objects.get()
    assert first["Location"] == f"{INDEX}?advice={interaction.pk}#task-{task.pk}"
    body = _text(page.get(first["Location"]))
    assert "Fresh answer" in body and "From the cache" not in body
    assert "importance 9/10" in body
    assert "29 of 30 coach questions left until" in body

    second = page.post(url)
    body = _text(page.get(second["Location"]))
    assert "From the cache · free" in body
    assert "29 of 30 coach questions left until" in body


def test_asking_with_script_answers_an_advice_fragment(page, user):
    task = TaskFactory(user=user, text="Write the grant", importance=9, confidence=3)
    url = reverse("coaching:task_advice", args=[task.pk])
    first = page.post(url, **FETCH)
    assert first.status_code == 200
    body = _text(first)
    assert body.lstrip().startswith('<div class="advice" data-advice data-cache-hit="false"')
    assert 'data-allowance-text="29 of 30 coach questions left until' in body
    assert "Fresh answer" in body
    second = _text(page.post(url, **FETCH))
    assert 'data-cache-hit="true"' in second and "From the cache · free" in second


def test_a_spent_allowance_is_explained_in_place_and_on_the_page(page, user, settings):
    settings.COACHING_ALLOWANCE = 1
    coaching_advice_get(user=user, task=TaskFactory(user=user))
    task = TaskFactory(user=user)
    url = reverse("coaching:task_advice", args=[task.pk])

    fragment = page.post(url, **FETCH)
    assert fragment.status_code == 429
    assert "You have used your 1 coach question for this period." in _text(fragment)
    assert 'role="alert"' in _text(fragment)

    redirected = page.post(url, follow=True)
    assert "You have used your 1 coach question for this period." in _text(redirected)
    assert "0 of 1 coach question left until" in _text(redirected)


def test_a_failing_model_is_explained_in_place(page, user, use_chat_server):
    use_chat_server().script(Status(500))
    task = TaskFactory(user=user)
    response = page.post(reverse("coaching:task_advice", args=[task.pk]), **FETCH)
    assert response.status_code == 503
    assert "The AI service is having trouble" in _text(response)
    assert "not charged" in _text(response)
    assert (CacheEntry.objects.count(), Interaction.objects.count()) == (0, 0)


def test_goals_are_added_edited_and_removed(page, user):
    response = page.post(
        reverse("coaching:goal_add"), {"what_matters": "My health", "biggest_win": "A 10k run", "worst_outcome": ""}
    )
    assert response.status_code == 302
    goal = Goal.objects.get(user=user)
    body = _text(page.get(INDEX))
    assert "My health" in body and "A 10k run" in body

    edit = reverse("coaching:goal_edit", args=[goal.pk])
    assert page.post(edit, {"what_matters": "", "biggest_win": ""}).status_code == 200
    assert (
        page.post(edit, {"what_matters": "My sleep", "biggest_win": "", "worst_outcome": "Burnout"}).status_code == 302
    )
    goal.refresh_from_db()
    assert (goal.what_matters, goal.worst_outcome) == ("My sleep", "Burnout")

    page.post(reverse("coaching:goal_delete", args=[goal.pk]))
    assert Goal.objects.count() == 0


def test_a_goal_without_what_matters_is_refused_by_the_field(page):
    response = page.post(reverse("coaching:goal_add"), {"what_matters": "  ", "biggest_win": "Something"})
    assert response.status_code == 200
    assert re.search(r'id="id_what_matters_error" role="alert">Write what matters to you.</p>', _text(response))
    assert Goal.objects.count() == 0


# --- only the owner ----------------------------------------------------------------------

ROUTES = [
    ("get", "coaching:task_edit", "task", {}),
    ("post", "coaching:task_edit", "task", {"text": "Hijacked"}),
    ("post", "coaching:task_complete", "task", {"is_completed": "true"}),
    ("post", "coaching:task_delete", "task", {}),
    ("post", "coaching:task_advice", "task", {}),
    ("get", "coaching:goal_edit", "goal", {}),
    ("post", "coaching:goal_edit", "goal", {"what_matters": "Hijacked"}),
    ("post", "coaching:goal_delete", "goal", {}),
]


@pytest.mark.parametrize(("method", "name", "kind", "data"), ROUTES, ids=[f"{m}-{n}" for m, n, _, _ in ROUTES])
def test_every_page_taking_an_id_answers_404_to_another_person(client, user, other_user, method, name, kind, data):
    task = TaskFactory(user=user, text="Mine")
    goal = GoalFactory(user=user, what_matters="Mine")
    target = task if kind == "task" else goal
    client.force_login(other_user)

    response = getattr(client, method)(reverse(name, args=[target.pk]), data)
    missing = getattr(client, method)(reverse(name, args=[uuid.uuid4()]), data)

    assert response.status_code == missing.status_code == 404
    task.refresh_from_db()
    goal.refresh_from_db()
    assert (task.text, task.is_completed, goal.what_matters) == ("Mine", False, "Mine")
    assert Interaction.objects.count() == 0
    client.force_login(user)
    assert getattr(client, method)(reverse(name, args=[target.pk]), data).status_code in (200, 302)


def test_someone_elses_advice_id_in_the_address_shows_nothing(client, user, other_user):
    theirs = coaching_advice_get(user=user, task=TaskFactory(user=user, text="Secret plan"))
    client.force_login(other_user)
    TaskFactory(user=other_user, text="My own task")
    body = _text(client.get(INDEX, {"advice": str(theirs.interaction.pk)}))
    assert theirs.response.split("\n")[0] not in body
    assert "Secret plan" not in body
    assert client.get(INDEX, {"advice": "not-a-uuid"}).status_code == 200
