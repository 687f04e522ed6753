"""The habits page (add, edit, pause, delete, accept a suggested window; errors by the field
that caused them), habit occurrences marked on Today, the calendar and the feed, and the same
number of queries with 20 habits and a month of their occurrences as with one."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from insights.models import ActivityLog
from planning.models import Habit, MonthlyPlan, PlanTask
from tests.conftest import api_client_for
from tests.planning.factories import MonthlyPlanFactory, PreferencesFactory
from tests.planning.habit_factories import HabitFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
ADD = {
    "name": "Morning run",
    "focus_area": "Fitness",
    "how_often": "times",
    "times_per_week": "3",
    "ideal_minutes": "45",
    "min_minutes": "30",
    "window_start": "06:00",
    "window_end": "09:00",
    "priority": "high",
    "starts_on": "2026-11-22",
    "ends_on": "",
}
# Wednesday 9 December 2026, 10:00 London.
IN_DECEMBER = dt.datetime(2026, 12, 9, 10, tzinfo=dt.UTC)


@pytest.fixture
def logged_in(client, user):
    client.force_login(user)
    return client


def test_adding_a_habit_on_the_page(logged_in, user):
    response = logged_in.post(reverse("planning:habits"), ADD)

    assert response.status_code == 302 and response["Location"] == reverse("planning:habits")
    habit = Habit.objects.get(user=user)
    assert (habit.name, habit.times_per_week, habit.days, habit.priority) == ("Morning run", 3, [], "high")
    assert (habit.window_start, habit.window_end, habit.min_minutes, habit.ideal_minutes) == (
        dt.time(6), dt.time(9), 30, 45)  # fmt: skip
    page = logged_in.get(reverse("planning:habits")).content.decode()
    assert "Morning run added: its sessions go into your plans from now on." in page
    assert "3 times a week, 06:00–09:00, 30–45 min · Fitness" in page


def test_explicit_days_on_the_page(logged_in, user):
    response = logged_in.post(reverse("planning:habits"), {**ADD, "how_often": "days", "days": ["mon", "thu"]})

    assert response.status_code == 302
    assert Habit.objects.get(user=user).days == ["mon", "thu"]
    assert "Monday and Thursday, 06:00–09:00" in logged_in.get(reverse("planning:habits")).content.decode()


def test_refused_input_is_shown_beside_each_field_and_nothing_is_saved(logged_in, user):
    bad = {**ADD, "name": "", "times_per_week": "8", "min_minutes": "50", "window_end": "06:00"}

    response = logged_in.post(reverse("planning:habits"), bad)

    assert response.status_code == 200
    page = response.content.decode()
    assert '<p class="error" id="id_name_error" role="alert">Name the habit, for example Morning run.</p>' in page
    assert ('id="id_min_minutes_error" role="alert">The shortest (50 min) is longer than the ideal (45 min).</p>'
            in page)  # fmt: skip
    assert 'id="id_window_end_error" role="alert">The window starts and ends at 06:00;' in page
    times_error = page.index("8 times a week is more than a week has days")
    assert page.index('name="times_per_week"') < times_error < page.index('name="days"')
    assert 'value="50"' in page, "what was typed stays"
    assert not Habit.objects.exists()


def test_editing_pausing_and_deleting_on_the_page(logged_in, user):
    habit = HabitFactory(user=user, name="Swim")

    edit = logged_in.get(reverse("planning:habit", args=[habit.pk]))
    assert edit.status_code == 200 and 'value="Swim"' in edit.content.decode()
    saved = logged_in.post(reverse("planning:habit", args=[habit.pk]), {**ADD, "name": "Long swim"})
    assert saved.status_code == 302
    habit.refresh_from_db()
    assert habit.name == "Long swim"
    logged_in.post(reverse("planning:habit_pause", args=[habit.pk]), {"is_active": "false"})
    habit.refresh_from_db()
    assert not habit.is_active
    assert "Paused" in logged_in.get(reverse("planning:habits")).content.decode()
    logged_in.post(reverse("planning:habit_delete", args=[habit.pk]))
    assert not Habit.objects.filter(pk=habit.pk).exists()


@pytest.mark.parametrize(
    ("name", "method", "data"),
    [("planning:habit", "get", None), ("planning:habit", "post", ADD), ("planning:habit_pause", "post", {}),
     ("planning:habit_delete", "post", {}), ("planning:habit_window", "post", {"start": "18:00", "end": "20:00"})],
)  # fmt: skip
def test_another_persons_habit_is_404_on_every_page(client, other_user, user, name, method, data):
    habit = HabitFactory(user=user, name="Mine")
    client.force_login(other_user)

    response = getattr(client, method)(reverse(name, args=[habit.pk]), data)

    assert response.status_code == 404
    habit.refresh_from_db()
    assert (habit.name, habit.is_active, habit.window_start) == ("Mine", True, dt.time(6))


def runs_that_fail_in_the_morning(user) -> Habit:
    """Planned 06:00, missed; the person ran at 18:00 instead and logged it."""
    habit = HabitFactory(user=user, name="Morning run")
    plan = MonthlyPlanFactory(user=user, month_year="2026-11")
    for day in range(2, 21):
        start = dt.datetime(2026, 11, day, 6, tzinfo=LONDON)
        task = PlanTask.objects.create(
            plan=plan, user=user, habit=habit, task_key=f"habit-{habit.pk}-{start:%Y-%m-%d}", task_description="Run",
            focus_area="Fitness", start_time=start, end_time=start + dt.timedelta(minutes=45),
            difficulty_level="medium", scheduling_reason="Your Morning run window, 06:00-09:00",
        )  # fmt: skip
        if day % 3 == 0:
            evening = start.replace(hour=18)
            ActivityLog.objects.create(
                user=user, task=task, actual_start_time=evening, actual_end_time=evening + dt.timedelta(minutes=40),
                was_completed=True, duration_deviation=-5,
            )
    return habit


def test_a_failing_window_gets_a_suggestion_applied_only_when_accepted(logged_in, user):
    habit = runs_that_fail_in_the_morning(user)

    page = logged_in.get(reverse("planning:habits")).content.decode()

    assert (
        "You finish your Morning run 100% of the time from 18:00 and 0% before: move the window to 18:00–21:00?"
    ) in page
    habit.refresh_from_db()
    assert habit.window_start == dt.time(6), "nothing changes before the person accepts"
    response = logged_in.post(reverse("planning:habit_window", args=[habit.pk]), {"start": "18:00", "end": "21:00"})
    assert response.status_code == 302
    habit.refresh_from_db()
    assert (habit.window_start, habit.window_end) == (dt.time(18), dt.time(21))
    after = logged_in.get(reverse("planning:habits")).content.decode()
    assert "now goes in 18:00–21:00" in after and "move the window" not in after


def month_of_occurrences(user, habits: int) -> MonthlyPlan:
    PreferencesFactory(user=user)
    plan = MonthlyPlanFactory(user=user, month_year="2026-12")
    rows = []
    for number in range(habits):
        habit = HabitFactory(user=user, name=f"Habit {number}")
        for day in range(1, 32):
            start = dt.datetime(2026, 12, day, 6, tzinfo=LONDON) + dt.timedelta(minutes=20 * number)
            rows.append(PlanTask(
                plan=plan, user=user, habit=habit, task_key=f"habit-{habit.pk}-2026-12-{day:02d}",
                task_description=habit.name, focus_area="Fitness", start_time=start,
                end_time=start + dt.timedelta(minutes=15), difficulty_level="medium", scheduling_reason="Window",
                is_completed=day % 2 == 0,
            ))  # fmt: skip
    PlanTask.objects.bulk_create(rows)
    return plan


def queries(client_call) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client_call()
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "page",
    ["/plan/habits/", "/", "/calendar/week/?date=2026-12-09", "/calendar/?month=2026-12", "api:plan-tasks",
     "api:habits", "api:today"],
)  # fmt: skip
def test_queries_do_not_grow_with_20_habits_and_a_month_of_occurrences(client, django_user_model, page):
    counts = []
    for habits in (1, 20):
        person = django_user_model.objects.create_user(email=f"h{habits}@example.com", password="x" * 12)
        month_of_occurrences(person, habits)
        with time_machine.travel(IN_DECEMBER, tick=False):
            if page.startswith("api:"):
                api = api_client_for(person)
                path = {"api:plan-tasks": "/api/plan-tasks?start=2026-12-01&end=2026-12-31",
                        "api:habits": "/api/habits", "api:today": "/api/today"}[page]  # fmt: skip
                counts.append(queries(lambda path=path, api=api: api.get(path)))
            else:
                client.force_login(person)
                counts.append(queries(lambda: client.get(page)))
    assert counts[0] == counts[1], counts


def test_occurrences_are_marked_as_habits_on_today_the_calendar_and_the_feed(client, user):
    plan = month_of_occurrences(user, 1)

    with time_machine.travel(IN_DECEMBER, tick=False):
        client.force_login(user)
        today = client.get("/").content.decode()
        week = client.get("/calendar/week/?date=2026-12-09").content.decode()
        month = client.get("/calendar/?month=2026-12").content.decode()
        feed = client.get(reverse("calendar_feed", args=[user.calendar_secret])).content.decode()
        task = plan.tasks.get(task_key__endswith="2026-12-09")
        detail = client.get(reverse("planning:task", args=[task.pk])).content.decode()

    assert '<span class="badge habit-badge">↻ Habit</span>' in today
    marked = (
        '<span class="habit-mark" title="Habit" aria-hidden="true">↻</span><span class="visually-hidden">(habit)</span>'
    )
    assert marked in week and marked in month
    assert "CATEGORIES:Fitness,Habit" in feed and "Habit: one of your habit's sessions" in feed.replace("\r\n ", "")
    assert reverse("planning:habit", args=[task.habit_id]) in detail


def test_plan_tasks_answer_their_habit(user):
    plan = month_of_occurrences(user, 1)
    api = api_client_for(user)

    body = api.get("/api/plan-tasks?start=2026-12-01&end=2026-12-01").json()

    assert [row["habit"] for row in body] == [plan.tasks.first().habit_id]
    task = plan.tasks.first()
    assert api.patch(f"/api/plan-tasks/{task.pk}", {"is_pinned": True}, format="json").json()["habit"] == task.habit_id


def test_the_admin_lists_habits(admin_client, user):
    HabitFactory(user=user, name="Admin sees me")
    page = admin_client.get("/admin/planning/habit/")
    assert page.status_code == 200 and "Admin sees me" in page.content.decode()
