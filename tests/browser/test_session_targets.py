"""A plan generated offline from a measurable goal: each session's target shows in the
week view, in the month view's chip, on the plan page and on a phone's agenda."""

import re
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from planning.models import PlanTask
from planning.months import add_months
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.planning.factories import PreferencesFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

def log_in(page, live_server, email: str) -> None:
    page.goto(live_server.url + "/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Today")


def test_a_measurable_goals_session_targets_show_in_the_calendar_and_on_the_plan_page(
    live_server, page, console_errors, screenshot
):
    person = UserFactory(email="writer@example.com", timezone="Europe/London")
    PreferencesFactory(
        user=person,
        goals_text="Write 20,000 words of my novel. Run a 10K.",
        focus_areas=["Writing", "Running"],
        weekend_preference="Work",
    )
    log_in(page, live_server, person.email)
    local_now = timezone.now().astimezone(ZoneInfo(person.timezone))
    year, month = add_months(local_now.year, local_now.month, 1)

    page.goto(live_server.url + "/plan/generate/")
    page.get_by_label("Month").select_option(f"{year:04d}-{month:02d}")
    page.get_by_role("button", name="Generate plan").click()
    expect(page.get_by_role("link", name="See your plan")).to_be_visible(timeout=30_000)
    page.get_by_role("link", name="See your plan").click()

    writing = PlanTask.objects.filter(user=person, target__endswith=" words").order_by("start_time")
    task = next(task for task in writing if "(part " not in task.target)
    assert re.fullmatch(r"[\d,]+ words", task.target) and task.target in task.task_description
    expect(page.locator(".session-list [data-target]").first).to_have_text(re.compile(r"^Target: \S"))
    row = page.locator(".session-list li").filter(has=page.locator(f'a[href="/calendar/tasks/{task.pk}/"]'))
    expect(row.locator("[data-target]")).to_have_text(f"Target: {task.target}")
    expect(page.get_by_text("This month's targets: 20,000 words of your novel and a 10 km run.")).to_be_visible()
    screenshot("session-targets-plan")

    day = task.start_time.astimezone(ZoneInfo(person.timezone)).date()
    page.goto(f"{live_server.url}/calendar/week/?date={day.isoformat()}")
    block = page.locator(f'.task-block[data-task-id="{task.pk}"]')
    expect(block).to_be_visible()
    expect(block.locator("[data-target]")).to_have_text(f"Target: {task.target}")
    screenshot("session-targets-week")

    page.goto(f"{live_server.url}/calendar/?month={year:04d}-{month:02d}")
    chip = page.locator(f'.task-chip[data-task-id="{task.pk}"]')
    expect(chip).to_have_attribute("title", f"{task.task_description} (target: {task.target})")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/calendar/week/?date={day.isoformat()}")
    expect(page.locator(".week-agenda").get_by_text(f"Target: {task.target}")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot("session-targets-phone-agenda")

    assert console_errors == []
