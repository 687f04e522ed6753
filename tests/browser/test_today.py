"""Today in Chromium: a person with two weeks of history opens the home page, ticks one
session off and logs another with Start and Stop; the page reads well in the dark and on a
390 px phone. Runs on the machine's clock, so every date is derived from it."""

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from insights.models import ActivityLog
from planning.models import PlanTask
from planning.months import add_months, month_key
from planning.today import today_for
from tests.browser.conftest import ARTIFACTS
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.planning.factories import MonthlyPlanFactory, PlanTaskFactory, PreferencesFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ZONE = ZoneInfo("Europe/Berlin")
PHONE = {"width": 390, "height": 844}


def _session(plans: dict, day: dt.date, hour: int, minute: int, minutes: int, **fields) -> PlanTask:
    start = dt.datetime.combine(day, dt.time(hour, minute), tzinfo=ZONE).astimezone(dt.UTC)
    plan = plans[month_key(day.year, day.month)]
    return PlanTaskFactory(
        plan=plan, user=plan.user, start_time=start, end_time=start + dt.timedelta(minutes=minutes), **fields
    )


def _person_with_two_weeks_of_history():
    """Morning pages at 07:00 and a run at 18:30 every day from two weeks ago to two weeks
    ahead; of the past ones most are logged or ticked, a few were missed."""
    person = UserFactory(email="today@example.com", timezone=ZONE.key)
    preferences = PreferencesFactory(user=person, focus_areas=["Writing", "Fitness"])
    today = timezone.now().astimezone(ZONE).date()
    months = {month_key(*add_months(today.year, today.month, offset)) for offset in (-1, 0, 1)}
    plans = {month: MonthlyPlanFactory(user=person, preference=preferences, month_year=month) for month in months}
    for offset in range(-14, 15):
        day = today + dt.timedelta(days=offset)
        pages = _session(
            plans, day, 7, 0, 45, task_description="Morning pages", scheduling_reason="Your best writing hours."
        )
        run = _session(
            plans,
            day,
            18,
            30,
            30,
            task_description="Evening run",
            focus_area="Fitness",
            difficulty_level="easy",
            scheduling_reason="After work, before dinner.",
        )
        if offset >= 0 or offset in (-2, -5):
            continue  # today, the days ahead, and two missed days
        for task, over in ((pages, 10), (run, -5)):
            ActivityLog.objects.create(
                user=person,
                task=task,
                actual_start_time=task.start_time,
                actual_end_time=task.end_time + dt.timedelta(minutes=over),
                duration_deviation=over,
                was_completed=True,
            )
        PlanTask.objects.filter(pk__in=[pages.pk, run.pk]).update(is_completed=True, completed_at=run.end_time)
    return person, today


def _log_in(page, base_url: str, email: str) -> None:
    page.goto(base_url + "/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Today")


def _week_figures(person) -> str:
    week = today_for(user=person, now=timezone.now()).week
    return f"{week.done_sessions} of {week.planned_sessions}"


def test_a_person_ticks_one_session_and_logs_another_with_start_and_stop(live_server, page, console_errors, screenshot):
    person, today = _person_with_two_weeks_of_history()
    todays = [task for task in PlanTask.objects.filter(user=person) if task.start_time.astimezone(ZONE).date() == today]
    pages, run = (next(task for task in todays if task.focus_area == area) for area in ("Writing", "Fitness"))
    _log_in(page, live_server.url, person.email)

    expect(page.get_by_text(f"{today:%A} {today.day} {today:%B %Y}")).to_be_visible()
    cards = page.locator(".today-session")
    expect(cards).to_have_count(2)
    expect(cards.nth(0)).to_contain_text("07:00–07:45")
    expect(cards.nth(0)).to_contain_text("Why this slot: Your best writing hours.")
    expect(cards.nth(1)).to_contain_text("18:30–19:00")
    expect(page.locator(".today-week-figures").first).to_contain_text(f"{_week_figures(person)} session")
    missed = page.locator(".today-missed")
    expect(missed.get_by_role("heading", name="Missed in the last 7 days")).to_be_visible()
    expect(missed.get_by_text("Evening run").first).to_be_visible()
    expect(missed.get_by_role("button", name="Re-place missed sessions")).to_be_visible()
    screenshot("today-light")

    pages_card = page.locator(f'.today-session[data-task-id="{pages.pk}"]')
    pages_card.get_by_role("button", name="Mark complete").click()
    expect(page.get_by_text("Marked complete.")).to_be_visible()
    expect(pages_card.locator(".session-state")).to_have_text("Done")

    run_card = page.locator(f'.today-session[data-task-id="{run.pk}"]')
    run_card.get_by_role("button", name="Start Evening run").click()
    expect(page.get_by_text("Started “Evening run” at")).to_be_visible()
    expect(run_card.locator(".session-state")).to_contain_text("Running since")
    expect(page.get_by_role("button", name="Start Morning pages")).to_have_count(0)
    screenshot("today-running")
    # Twenty-five minutes of running, without waiting for them.
    started = PlanTask.objects.get(pk=run.pk).started_at
    PlanTask.objects.filter(pk=run.pk).update(started_at=started - dt.timedelta(minutes=25))
    page.reload()
    run_card.get_by_role("button", name="Stop Evening run").click()
    expect(page.get_by_text("Logged 25 min on “Evening run” (finished).")).to_be_visible()
    expect(run_card.locator(".session-state")).to_have_text("Done")
    expect(run_card).to_contain_text("25 min.")

    log = ActivityLog.objects.get(task=run)
    assert (log.was_completed, log.actual_minutes) == (True, 25)
    run.refresh_from_db()
    pages.refresh_from_db()
    assert run.is_completed and run.started_at is None and pages.is_completed
    assert not ActivityLog.objects.filter(task=pages).exists()
    expect(page.locator(".today-week-figures").first).to_contain_text(f"{_week_figures(person)} session")
    screenshot("today-after-logging")

    page.emulate_media(color_scheme="dark")
    screenshot("today-dark")
    assert console_errors == []


def test_today_reads_well_on_a_390_px_phone_in_the_dark(live_server, browser):
    person, _ = _person_with_two_weeks_of_history()
    context = browser.new_context(viewport=PHONE, color_scheme="dark")
    phone = context.new_page()
    _log_in(phone, live_server.url, person.email)

    expect(phone.locator(".today-session")).to_have_count(2)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.screenshot(path=str(_artifact("today-phone-dark")), full_page=True)
    phone.emulate_media(color_scheme="light")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.screenshot(path=str(_artifact("today-phone")), full_page=True)
    context.close()


def _artifact(name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / f"{name}.png"
