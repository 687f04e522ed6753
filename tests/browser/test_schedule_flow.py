"""A person with a Monday-to-Friday job sets their hours, a commitment row for the whole
working week and their peak hours, generates a month, and finds it in the week view:
sessions inside their hours, clear of work by the buffer, hard ones in their peak hours."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from planning.models import PlanTask
from planning.months import add_months
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri")


def test_hours_a_weekday_job_and_peak_hours_shape_the_month(live_server, page, console_errors, screenshot):
    person = UserFactory(email="nine-to-five@example.com", timezone="Europe/Berlin")
    page.goto(live_server.url + "/login/")
    page.get_by_label("E-mail").fill(person.email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^(Welcome back|Let's plan your month)$"))

    page.goto(live_server.url + "/plan/goals/")
    page.get_by_label("What do you want from the month?").fill("Run a 10K at the end of the month and learn Spanish.")
    page.get_by_label("Focus area 1", exact=True).fill("Running")
    page.get_by_label("Focus area 2", exact=True).fill("Spanish")
    page.get_by_label("Rest — keep weekends free").check()
    row = page.locator("[data-commitment-list] [data-row]").nth(0)
    for day in WEEKDAYS:
        row.get_by_label(day, exact=True).check()
    row.get_by_label("From").fill("09:00")
    row.get_by_label("To").fill("17:00")
    row.get_by_label("Label").fill("Work")
    for day in ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday"):
        page.get_by_label(f"{day} window 1 from").fill("06:00")
        page.get_by_label(f"{day} window 1 to").fill("21:00")
    page.locator("#p-1-start").fill("06:00")
    page.locator("#p-1-end").fill("08:00")
    page.get_by_label("Always use the hours I name").check()
    page.get_by_label("Free minutes around commitments and between sessions").fill("30")
    screenshot("goals-schedule")
    page.get_by_role("button", name="Save goals").click()
    expect(page.get_by_text("Goals saved.")).to_be_visible()

    local_now = timezone.now().astimezone(ZoneInfo(person.timezone))
    year, month = add_months(local_now.year, local_now.month, 1)
    page.get_by_label("Month").select_option(f"{year:04d}-{month:02d}")
    page.get_by_role("button", name="Generate plan").click()
    expect(page.get_by_role("link", name="See your plan")).to_be_visible(timeout=30_000)

    zone = ZoneInfo(person.timezone)
    tasks = list(PlanTask.objects.filter(user=person).order_by("start_time"))
    assert tasks
    for task in tasks:
        start, end = task.start_time.astimezone(zone), task.end_time.astimezone(zone)
        assert start.weekday() < 5, task  # Rest weekends
        assert dt.time(6) <= start.time() and end.time() <= dt.time(21), task  # inside their hours
        # Clear of work by the 30-minute buffer.
        assert end.time() <= dt.time(8, 30) or start.time() >= dt.time(17, 30), task
    hard = [task for task in tasks if task.difficulty_level == "hard"]
    in_peak = [task for task in hard if task.start_time.astimezone(zone).time() < dt.time(8)]
    assert len(in_peak) >= 0.9 * len(hard)

    first = tasks[0]
    page.goto(f"{live_server.url}/calendar/week/?date={first.start_time.astimezone(zone).date().isoformat()}")
    expect(page.locator(".busy-block").first).to_be_visible()
    expect(page.locator(".busy-block", has_text="Work")).to_have_count(5)
    expect(page.locator(f'.task-block[data-task-id="{first.pk}"]')).to_be_visible()
    screenshot("calendar-week-schedule")
    assert console_errors == []


def test_the_goals_page_fits_a_phone_in_the_dark(live_server, browser):
    person = UserFactory(email="phone-goals@example.com")
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme="dark")
    page = context.new_page()
    page.goto(live_server.url + "/login/")
    page.get_by_label("E-mail").fill(person.email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server.url + "/plan/goals/")
    expect(page.get_by_text("Your hours", exact=True)).to_be_visible()
    page.screenshot(path="test-artifacts/goals-phone-dark.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    # Day chips and time inputs are big enough to hit with a thumb.
    chip = page.locator(".day-chips .chip").first.bounding_box()
    assert chip is not None and chip["height"] >= 24
    context.close()
