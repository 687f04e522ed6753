"""A person moves from New York to London on the account page, keeping local times, and finds
their sessions in the week view at the same wall-clock times, none on their working day."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from planning.models import PlanTask
from planning.months import add_months, local_month_of, month_key
from planning.scheduler import commitment_intervals
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.planning.factories import MonthlyPlanFactory, PlanTaskFactory, PreferencesFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_YORK, LONDON = ZoneInfo("America/New_York"), ZoneInfo("Europe/London")


def log_in(page, live_server, email: str) -> None:
    page.goto(live_server.url + "/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def next_months_second_monday() -> dt.date:
    year, month = add_months(*local_month_of(timezone.now(), "America/New_York"), 1)
    first = dt.date(year, month, 1)
    return first + dt.timedelta(days=(7 - first.weekday()) % 7 + 7)


def test_moving_to_london_keeps_sessions_at_their_local_times_and_off_work(
    live_server, page, console_errors, screenshot
):
    person = UserFactory(email="mover@example.com", timezone="America/New_York")
    monday = next_months_second_monday()
    plan = MonthlyPlanFactory(
        user=person, preference=PreferencesFactory(user=person), month_year=month_key(monday.year, monday.month)
    )
    walls = {
        "Chapter 1": dt.datetime.combine(monday, dt.time(18, 0)),
        "Early run": dt.datetime.combine(monday + dt.timedelta(days=1), dt.time(7, 0)),
        "Chapter 2": dt.datetime.combine(monday + dt.timedelta(days=2), dt.time(19, 30)),
        "Chapter 3": dt.datetime.combine(monday + dt.timedelta(days=3), dt.time(18, 0)),
    }
    for description, wall in walls.items():
        start = wall.replace(tzinfo=NEW_YORK)
        PlanTaskFactory(
            plan=plan, task_description=description, start_time=start, end_time=start + dt.timedelta(hours=1)
        )
    # Done early, at 13:00 New York time: it keeps that moment, 18:00 in London, where
    # Chapter 3 would go, so Chapter 3 is placed again.
    done_start = dt.datetime.combine(monday + dt.timedelta(days=3), dt.time(13, 0), tzinfo=NEW_YORK)
    PlanTaskFactory(
        plan=plan,
        task_description="Long run",
        start_time=done_start,
        end_time=done_start + dt.timedelta(hours=1),
        is_completed=True,
    )

    log_in(page, live_server, person.email)
    page.goto(live_server.url + "/account/")
    page.get_by_label("Time zone").select_option("Europe/London")
    keep_local = page.get_by_label("Keep them at the same local times (recommended)")
    expect(keep_local).to_be_checked()
    keep_local.check()
    page.get_by_role("button", name="Save time zone").click()

    expect(page.get_by_text("Time zone saved: Europe/London.")).to_be_visible()
    report = page.get_by_role("region", name="Your sessions after the move")
    expect(report).to_contain_text(
        re.compile(r"3 sessions kept their local times; 1 was re-placed because it now overlapped “Long run”")
    )
    expect(report.get_by_role("link", name="Chapter 3")).to_be_visible()
    screenshot("zone-move-account")

    page.goto(f"{live_server.url}/calendar/week/?date={monday.isoformat()}")
    expect(page.locator(".busy-block", has_text="Work")).to_have_count(5)
    tasks = {task.task_description: task for task in PlanTask.objects.filter(user=person)}
    for description in ("Chapter 1", "Early run", "Chapter 2"):
        task = tasks[description]
        assert task.start_time.astimezone(LONDON).replace(tzinfo=None) == walls[description]
        block = page.locator(f'.task-block[data-task-id="{task.pk}"]')
        expect(block.locator(".block-time")).to_have_text(re.compile(rf"^{walls[description]:%H:%M}"))
    work = commitment_intervals(
        year=monday.year, month=monday.month, timezone="Europe/London", commitments=plan.preference.commitments
    )
    for task in tasks.values():
        assert not any(task.start_time < busy.end and task.end_time > busy.start for busy in work), task
    moved_again = tasks["Chapter 3"]
    assert not (moved_again.start_time < tasks["Long run"].end_time and moved_again.end_time > done_start)
    screenshot("zone-move-week")
    assert console_errors == []


def test_the_zone_question_and_its_report_fit_a_phone_in_the_dark(live_server, browser):
    person = UserFactory(email="phone-mover@example.com", timezone="America/New_York")
    monday = next_months_second_monday()
    plan = MonthlyPlanFactory(
        user=person, preference=PreferencesFactory(user=person), month_year=month_key(monday.year, monday.month)
    )
    start = dt.datetime.combine(monday, dt.time(18, 0), tzinfo=NEW_YORK)
    PlanTaskFactory(plan=plan, task_description="A session with a rather long name to wrap on a phone",
                    start_time=start, end_time=start + dt.timedelta(hours=1))
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme="dark")
    page = context.new_page()
    log_in(page, live_server, person.email)
    page.goto(live_server.url + "/account/")
    page.get_by_label("Time zone").select_option("Europe/London")
    page.get_by_role("button", name="Save time zone").click()

    expect(page.get_by_role("region", name="Your sessions after the move")).to_contain_text(
        "1 session kept its local time."
    )
    page.screenshot(path="test-artifacts/zone-move-account-phone-dark.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()
