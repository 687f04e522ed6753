"""The insights page and the log-time page."""

import datetime as dt

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from insights.computation import insights_recompute
from insights.models import ActivityLog
from planning.models import PlanTask
from tests.insights.factories import (
    NEW_YORK,
    PLANNED,
    at,
    bulk_history,
    days,
    morning_person,
    plan_for,
    planned_session,
    session,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def task(user) -> PlanTask:
    return planned_session(user, minutes=90)


def log_url(task_id: int, query: str = "") -> str:
    return reverse("insights:log_time", args=[task_id]) + query


def test_the_pages_need_a_login(client, task):
    for url in (reverse("insights:index"), log_url(task.pk)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_before_anything_is_logged_the_page_says_what_to_do(signed_in):
    response = signed_in.get(reverse("insights:index"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Nothing logged yet" in page
    assert "Log time on a few tasks from your calendar to see your peak hours" in page
    assert '<table class="heatmap"' not in page


def test_logs_waiting_for_their_first_computation_are_shown_with_a_note(signed_in, user):
    session(plan_for(user), start=at(dt.date(2026, 10, 5), 9))
    page = signed_in.get(reverse("insights:index")).content.decode()
    assert "Working it out" in page
    assert "Recently logged" in page


def test_the_page_draws_the_heatmap_the_trend_and_planned_vs_actual(signed_in, user):
    plan = plan_for(user)
    morning_person(plan, first_day=dt.date(2026, 11, 2))
    for day in days(dt.date(2026, 11, 2), 4):
        session(plan, start=at(day, 14), planned_minutes=60, actual_minutes=90)
    insights_recompute(user=user, now=dt.datetime(2026, 11, 22, 12, tzinfo=dt.UTC))

    page = signed_in.get(reverse("insights:index")).content.decode()

    assert '<table class="heatmap">' in page
    assert 'class="heat heat-4" title="Monday 09:00: 2 of 2 finished"' in page
    assert 'class="heat heat-0" title="Monday 19:00: 0 of 2 finished"' in page
    assert 'class="heat-hour heat-hour-peak" title="09:00: peak hour"' in page
    assert '<svg class="chart chart-weekly"' in page
    assert "Week of 2 Nov: 11 of 18 finished (61%)" in page
    assert '<svg class="chart chart-durations"' in page
    # 10 writing sessions as planned (60 min) and 4 of 90 min: 69 min on average, x1.14.
    assert "Writing: 69 min actually spent; x1.14 in your next plan." in page
    assert "Fitness sessions get finished 0 times out of 10" in page
    assert 'style="' not in page  # the CSP allows no inline styles
    assert "<script>" not in page


def test_the_insights_page_costs_the_same_queries_for_10_or_500_logs(signed_in, user, django_assert_num_queries):
    plan = plan_for(user)
    bulk_history(plan, 10)
    insights_recompute(user=user)
    with CaptureQueriesContext(connection) as small:
        assert signed_in.get(reverse("insights:index")).status_code == 200

    bulk_history(plan, 490)
    insights_recompute(user=user)
    with django_assert_num_queries(len(small.captured_queries)):
        page = signed_in.get(reverse("insights:index"))
    assert page.status_code == 200
    assert page.content.decode().count("<tr>") >= 8


def test_the_log_form_is_prefilled_with_the_planned_times_in_the_persons_zone(signed_in, task):
    response = signed_in.get(log_url(task.pk))

    assert response.status_code == 200
    page = response.content.decode()
    assert 'type="datetime-local" name="actual_start_time" value="2026-11-20T09:00"' in page
    assert 'type="datetime-local" name="actual_end_time" value="2026-11-20T10:30"' in page
    assert 'type="checkbox" name="was_completed"' in page and "checked" in page
    assert "Draft chapter 3" in page
    assert "America/New_York" in page


def test_logging_time_saves_and_returns_to_the_page_it_came_from(signed_in, task):
    response = signed_in.post(
        log_url(task.pk, "?next=/calendar/2026-11/"),
        {"actual_start_time": "2026-11-20T09:15", "actual_end_time": "2026-11-20T11:15", "was_completed": "on"},
    )

    assert response.status_code == 302
    assert response["Location"] == "/calendar/2026-11/"
    log = ActivityLog.objects.get()
    assert log.actual_start_time == PLANNED + dt.timedelta(minutes=15)
    assert log.duration_deviation == 30
    assert log.was_completed is True
    task.refresh_from_db()
    assert task.is_completed is True


def test_after_logging_the_person_sees_what_was_saved(signed_in, task):
    response = signed_in.post(
        log_url(task.pk),
        {"actual_start_time": "2026-11-20T09:00", "actual_end_time": "2026-11-20T10:00"},
        follow=True,
    )
    assert response.redirect_chain == [(reverse("insights:index"), 302)]
    assert "Logged 60 min on “Draft chapter 3” (not finished yet, 30 min less than planned)." in (
        response.content.decode()
    )


def test_a_next_pointing_elsewhere_is_ignored(signed_in, task):
    response = signed_in.post(
        log_url(task.pk, "?next=https://evil.example/steal"),
        {"actual_start_time": "2026-11-20T09:00", "actual_end_time": "2026-11-20T10:30", "was_completed": "on"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("insights:index")


def test_bad_times_are_explained_next_to_the_field_and_nothing_is_saved(signed_in, task):
    response = signed_in.post(
        log_url(task.pk),
        {"actual_start_time": "2026-11-20T09:00", "actual_end_time": "2026-11-20T08:00", "was_completed": "on"},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert '<p class="error" id="id_actual_end_time_error" role="alert">The end must be after the start.</p>' in page
    assert 'value="2026-11-20T08:00"' in page  # what the person typed is kept
    assert ActivityLog.objects.count() == 0


def test_an_unreadable_time_is_explained_next_to_its_field(signed_in, task):
    response = signed_in.post(log_url(task.pk), {"actual_start_time": "soon", "actual_end_time": "2026-11-20T10:00"})
    assert 'id="id_actual_start_time_error" role="alert">Enter a date and time' in response.content.decode()
    assert ActivityLog.objects.count() == 0


def test_a_time_that_does_not_exist_on_the_clock_is_refused(signed_in, task):
    # 8 March 2026, 02:30 does not exist in New York (the clocks jump from 02:00 to 03:00).
    task.start_time = dt.datetime(2026, 3, 8, 1, tzinfo=NEW_YORK)
    task.end_time = dt.datetime(2026, 3, 8, 4, tzinfo=NEW_YORK)
    task.save()
    response = signed_in.post(
        log_url(task.pk), {"actual_start_time": "2026-03-08T02:30", "actual_end_time": "2026-03-08T04:00"}
    )
    assert 'id="id_actual_start_time_error"' in response.content.decode()
    assert ActivityLog.objects.count() == 0


def test_another_persons_task_is_not_found_on_the_log_page(client, other_user, task):
    client.force_login(other_user)
    assert client.get(log_url(task.pk)).status_code == 404
    response = client.post(
        log_url(task.pk), {"actual_start_time": "2026-11-20T09:00", "actual_end_time": "2026-11-20T10:30"}
    )
    assert response.status_code == 404
    assert ActivityLog.objects.count() == 0


def test_the_owner_reaches_the_log_page_and_an_impossible_id_is_not_found(signed_in, task):
    assert signed_in.get(log_url(task.pk)).status_code == 200
    assert signed_in.get(log_url(2**63)).status_code == 404


def test_the_calendar_partial_links_to_the_log_page_and_back(user, task):
    request = RequestFactory().get("/calendar/2026-11/?view=week")
    html = render_to_string("insights/partials/log_time_link.html", {"task": task, "request": request})
    assert f'href="/insights/log/{task.pk}/?next=/calendar/2026-11/%3Fview%3Dweek"' in html
    assert "Log time" in html
