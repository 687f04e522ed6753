import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from planning.models import MonthlyPlan, PlanRequest, PlanTask, Preferences
from tests.planning.factories import MonthlyPlanFactory, PlanRequestFactory, PlanTaskFactory, PreferencesFactory

pytestmark = pytest.mark.django_db

GOALS_POST = {
    "goals_text": "Finish my thesis chapter and swim twice a week.",
    "task_complexity": "Balanced",
    "weekend_preference": "Rest",
    "focus_areas": ["Thesis", "Swimming", ""],
    "commitment-1-day": "mon",
    "commitment-1-start": "09:00",
    "commitment-1-end": "17:00",
    "commitment-1-label": "Lab",
    "commitment-2-day": "fri",
    "commitment-2-start": "22:00",
    "commitment-2-end": "02:00",
    "commitment-2-label": "Bar shift",
    "commitment-3-day": "",
    "commitment-3-start": "",
    "commitment-3-end": "",
    "commitment-3-label": "",
}


@pytest.fixture
def logged_in(client, user):
    client.force_login(user)
    return client


def test_the_goals_page_starts_empty_and_saving_makes_a_snapshot(logged_in, user):
    page = logged_in.get(reverse("planning:goals"))
    assert page.status_code == 200
    assert "Tell Monthwise what you want" in page.content.decode()
    response = logged_in.post(reverse("planning:goals"), GOALS_POST)
    assert response.status_code == 302
    assert response["Location"] == reverse("planning:generate")
    snapshot = Preferences.objects.get(user=user)
    assert snapshot.focus_areas == ["Thesis", "Swimming"]
    assert snapshot.fixed_commitments == [
        {"day": "mon", "start": "09:00", "end": "17:00", "label": "Lab"},
        {"day": "fri", "start": "22:00", "end": "02:00", "label": "Bar shift"},
    ]
    again = logged_in.get(reverse("planning:goals")).content.decode()
    assert 'value="Bar shift"' in again and "Finish my thesis chapter" in again


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"goals_text": ""}, "Tell us what you want from the month"),
        ({"focus_areas": ["", ""]}, "Name at least one focus area"),
        ({"commitment-2-day": "mon", "commitment-2-start": "12:00", "commitment-2-end": "13:00"}, "overlap"),
        ({"commitment-1-start": "9 o'clock"}, "Commitment 1"),
        ({"commitment-1-day": ""}, "Commitment 1: the day is missing"),
    ],
)
def test_bad_goals_show_the_message_by_the_field_and_save_nothing(logged_in, change, expected):
    response = logged_in.post(reverse("planning:goals"), {**GOALS_POST, **change})
    assert response.status_code == 200
    body = response.content.decode()
    assert expected in body
    assert 'role="alert"' in body
    assert not Preferences.objects.exists()


def test_the_generate_page_shows_the_allowance_and_starts_a_generation(logged_in, user, run_on_commit):
    PreferencesFactory(user=user)
    page = logged_in.get(reverse("planning:generate")).content.decode()
    assert "5</strong> of 5 generations left" in page
    with run_on_commit():
        response = logged_in.post(reverse("planning:generate"), {"month": page.split('option value="')[2][:7]})
    plan_request = PlanRequest.objects.get(user=user)
    assert response["Location"] == reverse("planning:request", args=[plan_request.pk])
    progress = logged_in.get(response["Location"]).content.decode()
    assert "See your plan" in progress
    status = logged_in.get(reverse("planning:request_status", args=[plan_request.pk])).json()
    assert status["status"] == "succeeded"
    assert status["plan_url"] == reverse("planning:plan", args=[plan_request.plan.pk])


def test_generating_without_goals_sends_you_to_the_goals_page(logged_in):
    response = logged_in.post(reverse("planning:generate"), {"month": "2026-12"})
    assert response["Location"] == reverse("planning:goals")


def test_a_month_in_the_past_is_refused_by_the_field(logged_in, user):
    PreferencesFactory(user=user)
    response = logged_in.post(reverse("planning:generate"), {"month": "2020-01"})
    assert response.status_code == 200
    assert "outside that range" in response.content.decode()
    assert not PlanRequest.objects.exists()


def test_a_failed_generation_says_the_allowance_was_returned(logged_in, user):
    plan_request = PlanRequestFactory(user=user, status="failed", error="The AI service is down.", quota_refunded=True)
    body = logged_in.get(reverse("planning:request", args=[plan_request.pk])).content.decode()
    assert "The AI service is down." in body
    assert "your allowance was returned" in body


def test_the_plan_page_shows_summary_weeks_and_what_did_not_fit(logged_in, user):
    plan = MonthlyPlanFactory(
        user=user,
        unplaced=[
            {
                "task_key": "w1-t1",
                "task_description": "Long read",
                "focus_area": "Writing",
                "duration_minutes": 240,
                "difficulty_level": "hard",
                "reason": "No free 240-minute slot.",
            }
        ],
    )
    body = logged_in.get(reverse("planning:plan", args=[plan.pk])).content.decode()
    assert plan.monthly_summary in body
    assert "Foundations" in body
    assert "No free 240-minute slot." in body


def test_the_month_calendar_shows_tasks_on_their_local_days_and_names_the_zone(logged_in, user):
    plan = MonthlyPlanFactory(user=user, month_year="2026-12")
    # 23:30 UTC on 1 Dec is 2 Dec in Kolkata... the person is in London, so it stays on the 1st.
    PlanTaskFactory(
        plan=plan, task_description="Late session", start_time=dt.datetime(2026, 12, 1, 23, 0, tzinfo=dt.UTC)
    )
    body = logged_in.get(reverse("planning:calendar"), {"month": "2026-12"}).content.decode()
    assert "December 2026" in body
    assert "Late session" in body
    assert "Times in Europe/London" in body


def test_the_month_calendar_costs_the_same_queries_for_1_and_150_tasks(logged_in, user, django_assert_num_queries):
    def count_queries_with(task_count: int) -> int:
        PlanTask.objects.all().delete()
        MonthlyPlan.objects.all().delete()
        plan = MonthlyPlanFactory(user=user, month_year="2026-12")
        for offset in range(task_count):
            PlanTaskFactory(
                plan=plan, start_time=dt.datetime(2026, 12, 1, 7, tzinfo=dt.UTC) + dt.timedelta(hours=4 * offset)
            )
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            response = logged_in.get(reverse("planning:calendar"), {"month": "2026-12"})
        assert response.status_code == 200
        assert response.content.decode().count("task-chip") == task_count
        return len(queries)

    assert count_queries_with(1) == count_queries_with(150)


def test_the_week_view_shows_commitments_as_busy_blocks_and_tasks_beside_them(logged_in, user):
    PreferencesFactory(user=user)  # weekday 09:00-17:00 work
    plan = MonthlyPlanFactory(user=user, month_year="2026-12")
    london = ZoneInfo("Europe/London")
    PlanTaskFactory(
        plan=plan, task_description="Evening writing", start_time=dt.datetime(2026, 12, 2, 18, tzinfo=london)
    )
    body = logged_in.get(reverse("planning:week"), {"date": "2026-12-02"}).content.decode()
    assert body.count("busy-block") == 5
    assert "Evening writing" in body
    assert "Week of 30 November 2026" in body


@pytest.mark.parametrize("route", ["planning:request", "planning:request_status", "planning:plan", "planning:task"])
def test_pages_that_take_an_id_answer_404_to_another_person(client, other_user, route):
    owner_task = PlanTaskFactory()
    plan_request = PlanRequestFactory(user=owner_task.user)
    ids = {
        "planning:request": plan_request.pk,
        "planning:request_status": plan_request.pk,
        "planning:plan": owner_task.plan.pk,
        "planning:task": owner_task.pk,
    }
    client.force_login(owner_task.user)
    assert client.get(reverse(route, args=[ids[route]])).status_code == 200
    client.force_login(other_user)
    assert client.get(reverse(route, args=[ids[route]])).status_code == 404


@pytest.mark.parametrize("route", ["planning:task_complete", "planning:task_move"])
def test_task_actions_answer_404_to_another_person_and_change_nothing(client, other_user, route):
    task = PlanTaskFactory()
    client.force_login(other_user)
    response = client.post(reverse(route, args=[task.pk]), {"is_completed": "1", "start_time": "2026-12-03T18:00"})
    assert response.status_code == 404
    task.refresh_from_db()
    assert not task.is_completed


def test_marking_complete_in_place_answers_json_and_sticks(logged_in, user):
    task = PlanTaskFactory(plan=MonthlyPlanFactory(user=user))
    response = logged_in.post(
        reverse("planning:task_complete", args=[task.pk]), {"is_completed": "1"}, HTTP_ACCEPT="application/json"
    )
    assert response.json() == {"id": task.pk, "is_completed": True}
    task.refresh_from_db()
    assert task.is_completed and task.completed_at is not None


def test_moving_a_task_into_a_commitment_is_refused_by_the_field(logged_in, user, frozen_now):
    preferences = PreferencesFactory(user=user)
    plan = MonthlyPlanFactory(user=user, preference=preferences, month_year="2026-12")
    task = PlanTaskFactory(plan=plan, start_time=dt.datetime(2026, 12, 2, 18, tzinfo=ZoneInfo("Europe/London")))
    response = logged_in.post(reverse("planning:task_move", args=[task.pk]), {"start_time": "2026-12-03T10:00"})
    assert response.status_code == 200
    assert "Work" in response.content.decode()
    assert 'id="id_start_time_error"' in response.content.decode()
    moved = PlanTask.objects.get(pk=task.pk)
    assert moved.start_time == task.start_time
    ok = logged_in.post(reverse("planning:task_move", args=[task.pk]), {"start_time": "2026-12-03T18:30"})
    assert ok.status_code == 302
    moved.refresh_from_db()
    assert moved.start_time == dt.datetime(2026, 12, 3, 18, 30, tzinfo=ZoneInfo("Europe/London"))
    assert moved.end_time - moved.start_time == dt.timedelta(hours=1)


def test_the_task_page_offers_to_log_time_against_it(logged_in, user):
    task = PlanTaskFactory(plan=MonthlyPlanFactory(user=user))
    body = logged_in.get(reverse("planning:task", args=[task.pk])).content.decode()
    assert reverse("insights:log_time", args=[task.pk]) in body
    assert task.scheduling_reason in body


def test_replacing_missed_sessions_from_the_calendar_moves_them_and_says_so(logged_in, user, frozen_now):
    preferences = PreferencesFactory(user=user)
    plan = MonthlyPlanFactory(user=user, preference=preferences, month_year="2026-11")
    london = ZoneInfo("Europe/London")
    missed = PlanTaskFactory(plan=plan, start_time=dt.datetime(2026, 11, 18, 18, tzinfo=london))
    done = PlanTaskFactory(plan=plan, start_time=dt.datetime(2026, 11, 19, 18, tzinfo=london), is_completed=True)
    response = logged_in.post(
        reverse("planning:reschedule_missed"), {"next": reverse("planning:calendar")}, follow=True
    )
    assert "Moved 1 missed session" in response.content.decode()
    missed.refresh_from_db()
    done.refresh_from_db()
    assert missed.start_time >= frozen_now
    assert missed.start_time.astimezone(london).month == 11
    assert "missed" in missed.scheduling_reason
    assert done.start_time == dt.datetime(2026, 11, 19, 18, tzinfo=london)


def test_the_next_parameter_cannot_send_you_to_another_site(logged_in):
    response = logged_in.post(reverse("planning:reschedule_missed"), {"next": "https://evil.example.com/"})
    assert response["Location"] == reverse("planning:calendar")
