"""A session's log on the pages: shown on the session page, corrected on its own form, deleted after asking."""

import datetime as dt
from unittest import mock

import pytest
from django.urls import reverse

from insights import views
from insights.models import ActivityLog
from planning.models import PlanTask
from tests.insights.factories import PLANNED, ActivityLogFactory, planned_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def task(user) -> PlanTask:
    return planned_session(user, minutes=90)


@pytest.fixture
def log(task) -> ActivityLog:
    """Started 10 minutes late, 100 minutes in all (10 more than planned), finished."""
    task.is_completed, task.completed_at = True, PLANNED + dt.timedelta(minutes=110)
    task.save(update_fields=["is_completed", "completed_at"])
    return ActivityLogFactory(
        task=task,
        actual_start_time=PLANNED + dt.timedelta(minutes=10),
        actual_end_time=PLANNED + dt.timedelta(minutes=110),
    )


def edit_url(log_id: int, query: str = "") -> str:
    return reverse("insights:log_edit", args=[log_id]) + query


def delete_url(log_id: int, query: str = "") -> str:
    return reverse("insights:log_delete", args=[log_id]) + query


def as_logged(log: ActivityLog) -> tuple:
    log.refresh_from_db()
    return (log.actual_start_time, log.actual_end_time, log.duration_deviation, log.was_completed)


def test_the_session_page_shows_its_log_and_offers_edit_instead_of_a_second_log_time(signed_in, task, log):
    page = signed_in.get(reverse("planning:task", args=[task.pk])).content.decode()

    assert "Your log" in page
    assert "Fri 20 Nov 2026, 09:10–10:50" in page
    assert "100 min of 90 planned" in page
    assert '<span class="log-over">10 min more than planned</span>' in page
    assert '<span class="status-done">Yes</span>' in page
    assert f'href="{edit_url(log.pk)}?next=/calendar/tasks/{task.pk}/"' in page
    assert ">Edit log<" in page
    assert reverse("insights:log_time", args=[task.pk]) not in page
    assert ">Log time<" not in page


def test_a_session_without_a_log_offers_log_time_and_shows_no_log(signed_in, task):
    page = signed_in.get(reverse("planning:task", args=[task.pk])).content.decode()

    assert f'href="{reverse("insights:log_time", args=[task.pk])}?next=/calendar/tasks/{task.pk}/"' in page
    assert "Your log" not in page
    assert "Edit log" not in page


def test_going_to_log_a_logged_session_leads_to_its_log(signed_in, task, log):
    response = signed_in.get(reverse("insights:log_time", args=[task.pk]) + "?next=/calendar/2026-11/")

    assert response.status_code == 302
    assert response["Location"] == edit_url(log.pk, "?next=%2Fcalendar%2F2026-11%2F")


def test_a_log_that_arrives_while_the_form_is_open_sends_the_person_to_it(signed_in, task, log):
    # The form was opened before the session was logged elsewhere (another tab, Today).
    with mock.patch.object(views, "activity_log_of_task", return_value=None):
        response = signed_in.post(
            reverse("insights:log_time", args=[task.pk]),
            {"actual_start_time": "2026-11-20T09:00", "actual_end_time": "2026-11-20T10:00"},
            follow=True,
        )

    assert response.redirect_chain == [(edit_url(log.pk), 302)]
    assert "This session was already logged: correct its log here." in response.content.decode()
    assert ActivityLog.objects.count() == 1


def test_the_edit_form_is_prefilled_with_what_was_logged_in_the_persons_zone(signed_in, log):
    response = signed_in.get(edit_url(log.pk, "?next=/calendar/2026-11/"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Edit log</h1>" in page
    assert 'type="datetime-local" name="actual_start_time" value="2026-11-20T09:10"' in page
    assert 'type="datetime-local" name="actual_end_time" value="2026-11-20T10:50"' in page
    assert (
        '<input type="checkbox" name="was_completed" aria-describedby="id_was_completed_helptext" '
        'id="id_was_completed" checked>'
    ) in page
    assert "100 min, 10 min more than planned." in page
    assert f'href="{delete_url(log.pk)}?next=/calendar/2026-11/"' in page


def test_an_unfinished_log_is_shown_unticked(signed_in, log):
    log.was_completed = False
    log.save(update_fields=["was_completed"])
    page = signed_in.get(edit_url(log.pk)).content.decode()
    assert 'id="id_was_completed">' in page


def test_saving_the_edit_form_corrects_the_log_and_returns(signed_in, task, log):
    response = signed_in.post(
        edit_url(log.pk, "?next=/calendar/2026-11/"),
        {"actual_start_time": "2026-11-20T09:00", "actual_end_time": "2026-11-20T10:00"},
        follow=True,
    )

    assert response.redirect_chain == [("/calendar/2026-11/", 302)]
    assert "Log corrected: 60 min on “Draft chapter 3” (not finished yet, 30 min less than planned)." in (
        response.content.decode()
    )
    assert as_logged(log) == (PLANNED, PLANNED + dt.timedelta(hours=1), -30, False)
    task.refresh_from_db()
    assert task.is_completed is False  # the box was unticked: the task follows, as when logging


def test_a_wrong_correction_is_explained_by_field_and_changes_nothing(signed_in, log):
    before = as_logged(log)

    response = signed_in.post(
        edit_url(log.pk),
        {"actual_start_time": "2026-11-20T09:00", "actual_end_time": "2026-11-20T22:00", "was_completed": "on"},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert (
        '<p class="error" id="id_actual_end_time_error" role="alert">A session can last at most 12 hours; this '
        "one lasts 13 h 0 min. Check the date, or log separate sessions.</p>"
    ) in page
    assert 'value="2026-11-20T22:00"' in page
    assert as_logged(log) == before


def test_deleting_asks_first_and_says_the_session_will_be_reopened(signed_in, task, log):
    response = signed_in.get(delete_url(log.pk))

    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Delete this log?</h1>" in page
    assert "Fri 20 Nov 2026, 09:10–10:50" in page
    assert "The session will be marked not done again: this log is what marked it done." in page
    assert '<button type="submit" class="button button-danger">Delete log</button>' in page
    assert ActivityLog.objects.count() == 1


def test_confirming_deletes_the_log_and_returns_to_the_session(signed_in, task, log):
    response = signed_in.post(delete_url(log.pk), follow=True)

    assert response.redirect_chain == [(reverse("planning:task", args=[task.pk]), 302)]
    page = response.content.decode()
    assert "Log of “Draft chapter 3” deleted." in page
    assert ">Log time<" in page
    assert not ActivityLog.objects.exists()
    task.refresh_from_db()
    assert task.is_completed is False


@pytest.mark.parametrize("page", ["edit", "delete"])
def test_another_persons_log_is_not_found_on_its_pages(client, other_user, log, page):
    client.force_login(other_user)
    url = edit_url(log.pk) if page == "edit" else delete_url(log.pk)
    before = as_logged(log)

    assert client.get(url).status_code == 404
    posted = client.post(url, {"actual_start_time": "2026-11-20T09:00", "actual_end_time": "2026-11-20T09:30"})

    assert posted.status_code == 404
    assert as_logged(log) == before


def test_the_owner_reaches_the_log_pages_and_an_impossible_id_is_not_found(signed_in, log):
    assert signed_in.get(edit_url(log.pk)).status_code == 200
    assert signed_in.get(delete_url(log.pk)).status_code == 200
    assert signed_in.get(edit_url(2**63)).status_code == 404
    assert signed_in.get(delete_url(2**63)).status_code == 404


def test_the_log_pages_need_a_login(client, log):
    for url in (edit_url(log.pk), delete_url(log.pk)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
