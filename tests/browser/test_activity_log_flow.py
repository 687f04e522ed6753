"""A session has one log: logged from its page, shown there, corrected and deleted, on a phone in the dark."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from insights.models import ActivityLog
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.planning.factories import MonthlyPlanFactory, PlanTaskFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_person_logs_a_session_then_corrects_and_deletes_its_one_log(live_server, page, console_errors, screenshot):
    person = UserFactory(email="one-log@example.com", timezone="Europe/Berlin")
    zone = ZoneInfo("Europe/Berlin")
    yesterday = timezone.now().astimezone(zone).date() - dt.timedelta(days=1)
    plan = MonthlyPlanFactory(user=person, preference__user=person, month_year=f"{yesterday:%Y-%m}")
    start = dt.datetime.combine(yesterday, dt.time(9), tzinfo=zone)
    task = PlanTaskFactory(
        plan=plan,
        user=person,
        task_description="Draft chapter 3",
        start_time=start,
        end_time=start + dt.timedelta(hours=1),
    )
    day = f"{yesterday:%Y-%m-%d}"
    page.set_viewport_size({"width": 390, "height": 844})
    page.emulate_media(color_scheme="dark")
    page.goto(live_server.url + "/login/")
    page.get_by_label("E-mail").fill(person.email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).not_to_have_url(re.compile(r"/login/"))

    # Log it from the session page; the form returns there and the page shows the log.
    page.goto(f"{live_server.url}/calendar/tasks/{task.pk}/")
    page.get_by_role("link", name="Log time on Draft chapter 3").click()
    page.get_by_label("Started").fill(f"{day}T09:15")
    page.get_by_label("Ended").fill(f"{day}T10:35")
    page.get_by_role("button", name="Save").click()
    expect(page).to_have_url(re.compile(rf"/calendar/tasks/{task.pk}/$"))
    expect(page.get_by_role("heading", name="Your log")).to_be_visible()
    expect(page.get_by_text("80 min of 60 planned: 20 min more than planned")).to_be_visible()
    expect(page.get_by_role("link", name="Log time on Draft chapter 3")).to_have_count(0)
    assert _fits_the_screen(page)
    screenshot("activity-log-session-page")

    # Logging it again leads to its log instead; correct the end and say it is not finished.
    page.goto(f"{live_server.url}/insights/log/{task.pk}/")
    expect(page.get_by_role("heading", name="Edit log")).to_be_visible()
    expect(page.get_by_label("Ended")).to_have_value(f"{day}T10:35")
    page.get_by_label("Ended").fill(f"{day}T08:00")
    page.get_by_role("button", name="Save changes").click()
    expect(page.locator("#id_actual_end_time_error")).to_have_text("The end must be after the start.")
    page.get_by_label("Ended").fill(f"{day}T10:00")
    page.get_by_label("I finished this task").uncheck()
    assert _fits_the_screen(page)
    screenshot("activity-log-edit")
    page.get_by_role("button", name="Save changes").click()
    expect(
        page.get_by_text("Log corrected: 45 min on “Draft chapter 3” (not finished yet, 15 min less than planned).")
    ).to_be_visible()
    assert ActivityLog.objects.get(task=task).duration_deviation == -15

    # Delete it after confirming; the session can be logged again.
    page.goto(f"{live_server.url}/calendar/tasks/{task.pk}/")
    page.get_by_role("link", name="Edit log of Draft chapter 3").click()
    page.get_by_role("link", name="Delete log…").click()
    expect(page.get_by_role("heading", name="Delete this log?")).to_be_visible()
    assert _fits_the_screen(page)
    screenshot("activity-log-delete")
    page.get_by_role("button", name="Delete log").click()
    expect(page.get_by_text("Log of “Draft chapter 3” deleted.")).to_be_visible()
    expect(page.get_by_role("link", name="Log time on Draft chapter 3")).to_be_visible()
    assert not ActivityLog.objects.filter(task=task).exists()
    assert console_errors == []
