"""A person logs time on two plan tasks in the browser and finds their insights drawn."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from insights.models import ActivityLog, Insight
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.planning.factories import MonthlyPlanFactory, PlanTaskFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, base_url: str, email: str) -> None:
    page.goto(base_url + "/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    signed_in = re.compile(r"^(Today|Welcome back|Let's plan your month)$")
    expect(page.get_by_role("heading", level=1)).to_have_text(signed_in)


def test_a_person_logs_time_on_two_tasks_and_sees_their_insights(live_server, page, console_errors, screenshot):
    person = UserFactory(email="logger@example.com", timezone="Europe/Berlin")
    zone = ZoneInfo("Europe/Berlin")
    yesterday = timezone.now().astimezone(zone).date() - dt.timedelta(days=1)
    plan = MonthlyPlanFactory(user=person, preference__user=person, month_year=f"{yesterday:%Y-%m}")
    morning = dt.datetime.combine(yesterday, dt.time(9), tzinfo=zone)
    evening = dt.datetime.combine(yesterday, dt.time(18), tzinfo=zone)
    draft = PlanTaskFactory(
        plan=plan,
        user=person,
        task_description="Draft chapter 3",
        start_time=morning,
        end_time=morning + dt.timedelta(minutes=60),
    )
    run = PlanTaskFactory(
        plan=plan,
        user=person,
        task_description="Easy 5 km run",
        focus_area="Fitness",
        difficulty_level="easy",
        start_time=evening,
        end_time=evening + dt.timedelta(minutes=30),
    )
    _log_in(page, live_server.url, person.email)

    page.goto(live_server.url + "/insights/")
    expect(page.get_by_role("heading", name="Nothing logged yet")).to_be_visible()

    # First task: started 15 minutes late and ran over; the end follows the start.
    page.goto(f"{live_server.url}/insights/log/{draft.pk}/")
    expect(page.get_by_role("heading", name="Draft chapter 3")).to_be_visible()
    start = page.get_by_label("Started")
    expect(start).to_have_value(f"{yesterday:%Y-%m-%d}T09:00")
    start.fill(f"{yesterday:%Y-%m-%d}T09:15")
    expect(page.get_by_label("Ended")).to_have_value(f"{yesterday:%Y-%m-%d}T10:15")
    page.get_by_label("Ended").fill(f"{yesterday:%Y-%m-%d}T10:45")
    expect(page.get_by_label("I finished this task")).to_be_checked()
    screenshot("insights-log-time")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Logged 90 min on “Draft chapter 3” (finished, 30 min more than planned).")).to_be_visible()

    # Second task: a bad end first, shown next to the field; then not finished.
    page.goto(f"{live_server.url}/insights/log/{run.pk}/?next=/insights/")
    page.get_by_label("Ended").fill(f"{yesterday:%Y-%m-%d}T17:00")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#id_actual_end_time_error")).to_have_text("The end must be after the start.")
    page.get_by_label("Ended").fill(f"{yesterday:%Y-%m-%d}T18:10")
    page.get_by_label("I finished this task").uncheck()
    page.get_by_role("button", name="Save").click()
    expect(
        page.get_by_text("Logged 10 min on “Easy 5 km run” (not finished yet, 20 min less than planned).")
    ).to_be_visible()

    assert ActivityLog.objects.filter(user=person).count() == 2
    assert Insight.objects.filter(user=person).count() == 4  # tasks run in-process in tests

    expect(page.get_by_role("heading", name="When you get things done")).to_be_visible()
    weekday = yesterday.strftime("%A")
    expect(page.locator(f'td[title="{weekday} 09:00: 1 of 1 finished"]')).to_have_class("heat heat-4")
    expect(page.locator(f'td[title="{weekday} 18:00: 0 of 1 finished"]')).to_have_class("heat heat-0")
    expect(page.locator("svg.chart-weekly rect.chart-bar")).to_have_count(1)
    expect(page.locator("svg.chart-durations rect.chart-bar")).to_have_count(1)
    expect(page.get_by_role("img", name="Completion rate over time")).to_be_visible()
    expect(page.get_by_role("img", name="Planned vs actual time")).to_be_visible()
    expect(page.get_by_text("Draft chapter 3 Writing")).to_be_visible()
    screenshot("insights-page")

    assert console_errors == []


def test_the_insights_page_reads_well_on_a_phone(live_server, browser):
    person = UserFactory(email="phone@example.com")
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    _log_in(page, live_server.url, person.email)
    page.goto(live_server.url + "/insights/")
    expect(page.get_by_text("Log time on a few tasks from your calendar")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    context.close()
