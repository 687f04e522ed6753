"""A person adds a habit on the habits page (a refused window first, shown beside its input),
generates the month, and finds the habit's sessions in the week view and on Today, marked as
a habit; the habits page fits a phone in the dark scheme."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from planning.models import Habit, PlanTask
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.insights.factories import ActivityLogFactory
from tests.planning.factories import MonthlyPlanFactory, PlanTaskFactory, PreferencesFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def zone_at_late_morning() -> str:
    """A fixed-offset zone whose clock now shows between 09:00 and 10:59, so today's window
    (two hours from now) is still ahead whatever the machine's time of day."""
    hour = timezone.now().astimezone(dt.UTC).hour
    offset = (10 - hour + 12) % 24 - 12  # -12..+11 hours from UTC
    return "Etc/GMT" + ("" if offset == 0 else f"{-offset:+d}")


def log_in(page, live_server, person) -> None:
    page.goto(live_server.url + "/login/")
    page.get_by_label("E-mail").fill(person.email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Log in")


def test_a_habit_added_on_the_page_shows_in_the_week_and_on_today(live_server, page, console_errors, screenshot):
    name = zone_at_late_morning()
    zone = ZoneInfo(name)
    person = UserFactory(email="habits@example.com", timezone=name)
    PreferencesFactory(user=person, fixed_commitments=[], weekend_preference="Work")
    local = timezone.now().astimezone(zone)
    start = (local + dt.timedelta(hours=1)).replace(minute=0, second=0, microsecond=0)
    end = start + dt.timedelta(hours=2)
    log_in(page, live_server, person)

    page.get_by_role("link", name="Habits").click()
    expect(page.get_by_role("heading", name="Your habits")).to_be_visible()
    page.get_by_label("Name", exact=True).fill("Evening stretch")
    page.get_by_label("Focus area").fill("Fitness")
    page.get_by_label("On these days").check()
    for day in ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"):
        page.locator(".habit-days").get_by_label(day).check()
    page.get_by_label("Ideal length (minutes)").fill("30")
    page.get_by_label("Shortest (minutes)").fill("20")
    page.get_by_label("From", exact=True).fill(f"{start:%H:%M}")
    page.get_by_label("To", exact=True).fill(f"{start:%H:%M}")
    page.get_by_label("High — placed before the plan's sessions").check()
    page.get_by_role("button", name="Add habit").click()

    error = page.locator("#id_window_end_error")
    expect(error).to_have_text(re.compile(r"^The window starts and ends at \d\d:\d\d; a window must have some length"))
    screenshot("habits-refused-window")
    assert not Habit.objects.exists()
    page.get_by_label("To", exact=True).fill(f"{end:%H:%M}")
    page.get_by_role("button", name="Add habit").click()
    expect(page.get_by_text("Evening stretch added: its sessions go into your plans from now on.")).to_be_visible()
    expect(page.locator(".habit-card h2")).to_have_text("↻ Evening stretch")
    screenshot("habits-page")

    page.goto(live_server.url + "/plan/generate/")
    page.get_by_label("Month").select_option(f"{local:%Y-%m}")
    page.get_by_role("button", name="Generate plan").click()
    expect(page.get_by_role("link", name="See your plan")).to_be_visible(timeout=30_000)

    today = PlanTask.objects.get(user=person, habit__name="Evening stretch", task_key__endswith=f"{local:%Y-%m-%d}")
    assert today.start_time.astimezone(zone).time() == start.time(), today.scheduling_reason
    assert today.scheduling_reason.startswith(f"Your Evening stretch window, {start:%H:%M}-{end:%H:%M}:")

    page.goto(f"{live_server.url}/calendar/week/?date={local:%Y-%m-%d}")
    block = page.locator(f'.task-block[data-task-id="{today.pk}"]')
    expect(block).to_be_visible()
    expect(block).to_contain_text("↻")
    expect(block).to_contain_text("Evening stretch")
    screenshot("habits-week-view")

    page.goto(live_server.url + "/")
    card = page.locator(f'.today-session[data-task-id="{today.pk}"]')
    expect(card).to_contain_text("↻ Habit")
    expect(card).to_contain_text("Your Evening stretch window")
    screenshot("habits-today")
    assert console_errors == []


def missed_evenings(person, habit: Habit) -> None:
    """The last two weeks of lessons: planned 18:00 and missed, but done at 07:00 on some mornings."""
    zone = ZoneInfo(person.timezone)
    now = timezone.now()
    plan = MonthlyPlanFactory(user=person, month_year=f"{now.astimezone(zone):%Y-%m}")
    for back in range(1, 15):
        day = (now - dt.timedelta(days=back)).astimezone(zone).date()
        start = dt.datetime.combine(day, dt.time(18), tzinfo=zone)
        task = PlanTaskFactory(plan=plan, habit=habit, task_key=f"habit-{habit.pk}-{day}", start_time=start,
                               end_time=start + dt.timedelta(minutes=20))  # fmt: skip
        if back % 3 == 0:
            morning = dt.datetime.combine(day, dt.time(7, 10), tzinfo=zone)
            ActivityLogFactory(task=task, actual_start_time=morning, actual_end_time=morning + dt.timedelta(minutes=20))


def test_the_habits_page_fits_a_phone_in_the_dark(live_server, browser):
    person = UserFactory(email="habits-phone@example.com")
    PreferencesFactory(user=person)
    Habit.objects.create(
        user=person, name="Spanish with a very long name that has to wrap on a phone", focus_area="Spanish",
        days=["mon", "tue", "wed", "thu", "fri"], min_minutes=15, ideal_minutes=20, window_start=dt.time(18),
        window_end=dt.time(19), priority="high", starts_on=dt.date(2026, 1, 1),
    )  # fmt: skip
    missed_evenings(person, Habit.objects.get(user=person))
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme="dark")
    page = context.new_page()
    log_in(page, live_server, person)
    page.goto(live_server.url + "/plan/habits/")
    expect(page.get_by_role("heading", name="Add a habit")).to_be_visible()
    expect(page.locator(".habit-suggestion")).to_contain_text("move the window to 07:00–08:00?")
    expect(page.locator(".habit-weeks-chart")).to_be_visible()
    page.screenshot(path="test-artifacts/habits-phone-dark.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()
