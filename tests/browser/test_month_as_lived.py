"""Issue 12's walk in Chromium: a person with two weeks of history opens Today, ticks one
session and logs another with Start/Stop, pins a third, regenerates the month, reads the
proposal's changes, accepts it and finds those sessions where they were; then moves to
another time zone keeping local times and finds the sessions at the same wall-clock times,
none on a commitment. Runs on the machine's clock: every date is derived from it."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from insights.models import ActivityLog
from planning.models import MonthlyPlan, PlanState, PlanTask
from planning.months import add_months, month_key
from planning.scheduler import commitment_intervals
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.planning.factories import MonthlyPlanFactory, PlanTaskFactory, PreferencesFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONDON, NEW_YORK = ZoneInfo("Europe/London"), ZoneInfo("America/New_York")


def _history(person, preferences) -> tuple[dt.date, dict[str, MonthlyPlan]]:
    """An evening writing session and a morning run every day from two weeks ago to two weeks
    ahead, in last, this and next month's active plans; the past ones done and logged."""
    today = timezone.now().astimezone(LONDON).date()
    plans = {
        month_key(*add_months(today.year, today.month, offset)): MonthlyPlanFactory(
            user=person, preference=preferences, month_year=month_key(*add_months(today.year, today.month, offset))
        )
        for offset in (-1, 0, 1)
    }
    for offset in range(-14, 15):
        day = today + dt.timedelta(days=offset)
        for wall, minutes, description, area in ((7, 30, "Morning run", "Fitness"), (18, 60, "Write", "Writing")):
            start = dt.datetime.combine(day, dt.time(wall, 0), tzinfo=LONDON)
            task = PlanTaskFactory(
                plan=plans[month_key(day.year, day.month)],
                task_description=f"{description} {day:%d %b}",
                focus_area=area,
                start_time=start,
                end_time=start + dt.timedelta(minutes=minutes),
            )
            if offset < 0:
                ActivityLog.objects.create(
                    user=person,
                    task=task,
                    actual_start_time=task.start_time,
                    actual_end_time=task.end_time,
                    duration_deviation=0,
                    was_completed=True,
                )
                PlanTask.objects.filter(pk=task.pk).update(is_completed=True, completed_at=task.end_time)
    return today, plans


def _log_in(page, base_url: str, email: str) -> None:
    page.goto(base_url + "/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Today")


def _where(task: PlanTask) -> tuple:
    task.refresh_from_db()
    return (task.pk, task.start_time, task.end_time)


def test_a_lived_month_is_re_planned_without_losing_progress_then_moves_zone(
    live_server, page, console_errors, screenshot
):
    person = UserFactory(email="lived@example.com", timezone="Europe/London")
    preferences = PreferencesFactory(user=person, focus_areas=["Writing", "Fitness"])
    today, plans = _history(person, preferences)
    month = month_key(today.year, today.month)
    todays = PlanTask.objects.filter(user=person, plan=plans[month]).order_by("start_time")
    todays = [task for task in todays if task.start_time.astimezone(LONDON).date() == today]
    run, write = todays
    _log_in(page, live_server.url, person.email)

    # Today: tick the run, log the writing with Start and Stop.
    page.locator(f'.today-session[data-task-id="{run.pk}"]').get_by_role("button", name="Mark complete").click()
    expect(page.get_by_text("Marked complete.")).to_be_visible()
    page.get_by_role("button", name=f"Start {write.task_description}").click()
    expect(page.get_by_text(f"Started “{write.task_description}” at")).to_be_visible()
    PlanTask.objects.filter(pk=write.pk).update(started_at=timezone.now() - dt.timedelta(minutes=40))
    page.reload()
    page.get_by_role("button", name=f"Stop {write.task_description}").click()
    expect(page.get_by_text(f"Logged 40 min on “{write.task_description}” (finished).")).to_be_visible()
    screenshot("lived-today")

    # Pin the month's last session that is neither done nor logged; on the month's last day
    # there is none but today's, so a stretch at 21:00 today is added to pin.
    pinned = (
        PlanTask.objects.filter(plan=plans[month], is_completed=False, activity_logs__isnull=True)
        .exclude(pk__in=[run.pk, write.pk])
        .order_by("-start_time")
        .first()
    )
    if pinned is None:
        stretch = dt.datetime.combine(today, dt.time(21, 0), tzinfo=LONDON)
        pinned = PlanTaskFactory(
            plan=plans[month],
            task_description="Stretch",
            start_time=stretch,
            end_time=stretch + dt.timedelta(minutes=20),
        )
    page.goto(f"{live_server.url}/calendar/tasks/{pinned.pk}/")
    page.get_by_role("button", name="📌 Pin: keep this time when I re-plan").click()
    expect(page.get_by_text("Pinned: this session keeps its time when you re-plan the month.")).to_be_visible()
    kept_before = {name: _where(task) for name, task in (("run", run), ("write", write), ("pinned", pinned))}

    # Regenerate the month: a proposal, with its changes.
    page.goto(live_server.url + "/plan/generate/")
    page.get_by_label("Month").select_option(month)
    page.get_by_role("button", name="Generate plan").click()
    page.get_by_role("link", name="See your plan").click(timeout=30_000)
    expect(page.get_by_role("heading", level=1)).to_contain_text("A new plan for")
    expect(page.get_by_role("heading", name="What this plan would change")).to_be_visible()
    kept_list = page.locator("details", has_text="Kept")
    if kept_list.get_attribute("open") is None:  # a long list starts folded
        kept_list.locator("summary").click()
    for task in (run, write, pinned):
        expect(kept_list.get_by_text(task.task_description)).to_be_visible()
    screenshot("lived-proposal")
    page.get_by_role("button", name="Use this plan").click()
    expect(page.get_by_text("This is now your plan for")).to_be_visible()

    proposal = MonthlyPlan.objects.get(user=person, month_year=month, state=PlanState.ACTIVE)
    assert proposal.pk != plans[month].pk
    assert MonthlyPlan.objects.get(pk=plans[month].pk).state == PlanState.SUPERSEDED
    for name, before in kept_before.items():
        task = PlanTask.objects.get(pk=before[0])
        assert (_where(task), task.plan_id) == (before, proposal.pk), name
    assert ActivityLog.objects.get(task=write).actual_minutes == 40
    screenshot("lived-accepted")

    # Move to New York, keeping local times.
    future = [
        task
        for task in PlanTask.objects.filter(user=person, plan__state=PlanState.ACTIVE, start_time__gt=timezone.now())
        if not task.is_completed and not task.activity_logs.exists()
    ]
    walls = {task.pk: task.start_time.astimezone(LONDON).replace(tzinfo=None) for task in future}
    page.goto(live_server.url + "/account/")
    page.get_by_label("Time zone").select_option("America/New_York")
    expect(page.get_by_label("Keep them at the same local times (recommended)")).to_be_checked()
    page.get_by_role("button", name="Save time zone").click()
    expect(page.get_by_text("Time zone saved: America/New_York.")).to_be_visible()
    screenshot("lived-zone-moved")

    moved = {task.pk: task for task in PlanTask.objects.filter(pk__in=walls)}
    same_wall = [
        pk for pk, task in moved.items() if task.start_time.astimezone(NEW_YORK).replace(tzinfo=None) == walls[pk]
    ]
    assert len(same_wall) >= len(walls) * 0.8, "most sessions keep their wall-clock time"
    local_starts = [task.start_time.astimezone(NEW_YORK) for task in moved.values()]
    for year, month_number in {(start.year, start.month) for start in local_starts}:
        work = commitment_intervals(
            year=year, month=month_number, timezone="America/New_York", commitments=preferences.commitments
        )
        for task in moved.values():
            assert not any(task.start_time < busy.end and task.end_time > busy.start for busy in work), task
    assert console_errors == []
