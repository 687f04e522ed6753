import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from planning.models import PlanTask
from planning.months import add_months
from planning.scheduler import commitment_intervals, parse_commitments
from tests.factories import DEFAULT_PASSWORD, UserFactory

SIGNED_IN_HEADING = re.compile(r"^(Welcome back|Let's plan your month)$")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, email):
    page.goto(live_server.url + "/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(SIGNED_IN_HEADING)


def test_a_new_person_plans_a_month_and_ticks_off_a_session(live_server, page, console_errors, screenshot):
    person = UserFactory(email="planner@example.com", timezone="America/New_York")
    log_in(page, live_server, "planner@example.com")

    page.get_by_role("link", name="Your goals").click()
    page.get_by_label("What do you want from the month?").fill("Write the first three chapters and run twice a week.")
    page.get_by_label("Focus area 1", exact=True).fill("Writing")
    page.get_by_label("Focus area 2", exact=True).fill("Running")
    page.get_by_label("Rest — keep weekends free").check()
    rows = page.locator("[data-commitment-list] [data-row]")
    rows.nth(0).get_by_label("Mon", exact=True).check()
    rows.nth(0).get_by_label("From").fill("09:00")
    rows.nth(0).get_by_label("To").fill("17:00")
    rows.nth(0).get_by_label("Label").fill("Office")
    rows.nth(1).get_by_label("Wed", exact=True).check()
    rows.nth(1).get_by_label("From").fill("08:00")
    rows.nth(1).get_by_label("To").fill("18:00")
    rows.nth(1).get_by_label("Label").fill("Clinic")
    screenshot("goals-page")
    page.get_by_role("button", name="Save goals").click()
    expect(page.get_by_text("Goals saved.")).to_be_visible()

    local_now = timezone.now().astimezone(ZoneInfo(person.timezone))
    year, month = add_months(local_now.year, local_now.month, 1)
    page.get_by_label("Month").select_option(f"{year:04d}-{month:02d}")
    page.get_by_role("button", name="Generate plan").click()
    expect(page.get_by_role("heading", name=f"Your plan for {dt.date(year, month, 1):%B %Y}")).to_be_visible()
    expect(page.get_by_role("link", name="See your plan")).to_be_visible(timeout=30_000)
    page.get_by_role("link", name="See your plan").click()
    page.get_by_role("link", name="Open the calendar").click()
    expect(page.locator(".task-chip").first).to_be_visible()
    screenshot("calendar-month")

    tasks = list(PlanTask.objects.filter(user=person))
    assert tasks
    preferences = person.preferences.first()
    busy = commitment_intervals(
        year=year, month=month, timezone=person.timezone, commitments=parse_commitments(preferences.fixed_commitments)
    )
    assert len(busy) >= 8
    assert all(task.end_time <= slot.start or slot.end <= task.start_time for task in tasks for slot in busy)

    first = min(tasks, key=lambda task: task.start_time)
    day = first.start_time.astimezone(ZoneInfo(person.timezone)).date()
    page.goto(f"{live_server.url}/calendar/week/?date={day.isoformat()}")
    expect(page.locator(".busy-block").first).to_be_visible()
    expect(page.locator(f'.task-block[data-task-id="{first.pk}"]')).to_be_visible()
    screenshot("calendar-week")

    page.locator(f'.task-block[data-task-id="{first.pk}"]').click()
    page.get_by_role("button", name="Mark complete").click()
    expect(page.get_by_role("button", name="Done ✓ (undo)")).to_be_visible()
    page.reload()
    expect(page.get_by_role("button", name="Done ✓ (undo)")).to_be_visible()
    expect(page.get_by_text("Done", exact=True)).to_be_visible()
    assert PlanTask.objects.get(pk=first.pk).is_completed

    assert console_errors == []


def test_the_calendar_reads_well_on_a_phone(live_server, browser):
    person = UserFactory(email="phone@example.com")
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    log_in(page, live_server, person.email)
    page.goto(live_server.url + "/calendar/week/")
    expect(page.locator(".week-agenda")).to_be_visible()
    expect(page.locator(".week-grid")).to_be_hidden()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    context.close()
