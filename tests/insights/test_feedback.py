"""What insights teach the next plan: peak windows for hard work, longer writing sessions."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine

from insights.computation import insights_recompute
from insights.selectors import planning_signals
from planning.models import MonthlyPlan
from planning.scheduler import PeakWindow
from tests.insights.factories import at, days, plan_for, session
from tests.planning.factories import PreferencesFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
NOW = dt.datetime(2026, 11, 22, 10, tzinfo=dt.UTC)
# What the offline planner drafts for a Balanced month, by difficulty (ai/prompts.py).
DRAFTED_MINUTES = {"easy": 30, "medium": 60, "hard": 90}


def afternoon_writer(user) -> None:
    """Finishes every 14:00 writing session, 50% over time; skips every 09:00 workout."""
    plan = plan_for(user, "2026-10")
    for day in days(dt.date(2026, 10, 5), 10):
        session(plan, start=at(day, 14), planned_minutes=60, actual_minutes=90, focus_area="Writing")
        session(plan, start=at(day, 9), planned_minutes=30, actual_minutes=10, completed=False, focus_area="Fitness")


def test_the_history_gives_an_afternoon_peak_and_a_1_5_writing_multiplier(user):
    afternoon_writer(user)
    insights_recompute(user=user, now=NOW)

    signals = planning_signals(user=user)

    assert signals.peak_windows == (PeakWindow(start_hour=13, end_hour=16),)
    assert signals.duration_multipliers == {"Writing": 1.5}


def test_the_next_plan_puts_hard_tasks_in_the_peak_window_and_lengthens_writing(
    user, django_capture_on_commit_callbacks
):
    from planning.services.generation import plan_generation_request

    afternoon_writer(user)
    insights_recompute(user=user, now=NOW)
    PreferencesFactory(
        user=user,
        focus_areas=["Writing", "Fitness"],
        task_complexity="Balanced",
        weekend_preference="Work",
        fixed_commitments=[],
    )

    with time_machine.travel(NOW, tick=False), django_capture_on_commit_callbacks(execute=True):
        plan_generation_request(user=user, month="2026-12")

    plan = MonthlyPlan.objects.filter(user=user, month_year="2026-12").order_by("-generated_at", "-id").get()
    tasks = list(plan.tasks.all())
    hard = [task for task in tasks if task.difficulty_level == "hard"]
    assert hard and len(tasks) >= 10

    # Hard work lands in the learned peak (13:00-16:00), not the default 09:00-12:00.
    for task in hard:
        start, end = task.start_time.astimezone(LONDON), task.end_time.astimezone(LONDON)
        assert dt.time(13) <= start.time() and end.time() <= dt.time(16), (task.task_description, start, end)
        assert "peak window (13:00-16:00)" in task.scheduling_reason

    # Writing sessions are planned 1.5 times as long as drafted; fitness keeps its length.
    # Work longer than the longest session (120 min by default) is split into parts
    # ("w2-t1-p1", "w2-t1-p2"): the parts add up to the lengthened session.
    planned: dict[str, list] = {}
    for task in tasks:
        planned.setdefault(re.sub(r"-p\d+$", "", task.task_key), []).append(task)
    for parts in planned.values():
        minutes = sum((task.end_time - task.start_time).total_seconds() / 60 for task in parts)
        drafted = DRAFTED_MINUTES[parts[0].difficulty_level]
        expected = drafted * 1.5 if parts[0].focus_area == "Writing" else drafted
        assert abs(minutes - expected) <= 5 * (len(parts) - 1), (
            parts[0].focus_area,
            parts[0].difficulty_level,
            minutes,
        )
        assert all(minutes <= 120 for minutes in ((t.end_time - t.start_time).total_seconds() / 60 for t in parts))
    assert any(task.focus_area == "Writing" for task in tasks)

    # The plan records what it learned from.
    assert set(plan.insights_used) == {"PeakEnergy", "CompletionRate", "SessionDuration", "Challenges"}
    assert plan.insights_used["SessionDuration"]["multipliers"] == {"Writing": 1.5}
