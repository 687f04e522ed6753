"""Habits in a plan's life: a generated month holds their occurrences; high-priority ones keep
their slots when the month is planned again; adding, changing, pausing or deleting a habit
changes its future occurrences only (logged ones stay)."""

import datetime as dt
from collections import Counter
from zoneinfo import ZoneInfo

import pytest
import time_machine

from insights.models import ActivityLog
from planning.models import Habit, MonthlyPlan, PlanState, PlanTask
from planning.services.habits import habit_create, habit_delete, habit_update
from planning.services.plan_life import plan_accept, plan_changes
from planning.services.plan_tasks import plan_task_set_completed, plan_task_set_pinned
from tests.conftest import api_client_for
from tests.insights.factories import ActivityLogFactory
from tests.planning.factories import PreferencesFactory
from tests.planning.habit_factories import RUN_INPUT, HabitFactory
from tests.planning.test_plan_life import BEFORE_DECEMBER, MID_DECEMBER, generate, overlapping

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def occurrences(plan: MonthlyPlan, habit: Habit) -> list[PlanTask]:
    return list(PlanTask.objects.filter(plan=plan, habit=habit).order_by("start_time"))


def active_occurrences(habit: Habit) -> list[PlanTask]:
    return list(PlanTask.objects.filter(habit=habit, plan__state=PlanState.ACTIVE).order_by("start_time"))


def one_a_day(tasks: list[PlanTask]) -> bool:
    return max(Counter(task.task_key for task in tasks).values(), default=1) == 1


@pytest.fixture
def run(user, preferences) -> Habit:
    return HabitFactory(user=user, name="Morning run", priority="high")


@pytest.fixture
def spanish(user, preferences) -> Habit:
    return HabitFactory(user=user, name="Spanish", focus_area="Spanish", times_per_week=None, days=["mon", "tue",
                        "wed", "thu", "fri"], window_start=dt.time(18), window_end=dt.time(19), min_minutes=15,
                        ideal_minutes=20)  # fmt: skip


def test_a_generated_month_holds_the_habits_occurrences(user, run, spanish):
    december = generate(user, "2026-12", BEFORE_DECEMBER)

    runs, lessons = occurrences(december, run), occurrences(december, spanish)
    # Three a week; Monday 28 to Thursday 31 December holds four days of its week: two of the three.
    assert len(runs) == 14
    assert all(task.start_time.astimezone(LONDON).time() == dt.time(6) for task in runs)
    assert runs[0].scheduling_reason == (
        "Your Morning run window, 06:00-09:00: Tuesday 1 December at 06:00. A high-priority habit: placed "
        "before the plan's sessions."
    )
    assert (runs[0].task_key, runs[0].task_description, runs[0].focus_area) == (
        f"habit-{run.pk}-2026-12-01", "Morning run", "Fitness")  # fmt: skip
    assert len(lessons) == 23  # every weekday of December
    # Normal priority: in what the sessions leave of the window, else the nearest free time.
    in_window = [task for task in lessons if dt.time(18) <= task.start_time.astimezone(LONDON).time() < dt.time(19)]
    assert len(in_window) > 15
    assert all("placed at the nearest free time" in task.scheduling_reason for task in lessons if task not in in_window)
    assert overlapping(list(december.tasks.all())) == []
    assert december.tasks.filter(habit__isnull=True).exists(), "the drafted sessions are there too"


def test_high_priority_occurrences_keep_their_slots_when_the_month_is_planned_again(user, run, spanish):
    december = generate(user, "2026-12", BEFORE_DECEMBER)
    runs_before = {task.pk: (task.start_time, task.end_time) for task in occurrences(december, run)}

    proposal = generate(user, "2026-12", MID_DECEMBER)
    assert not proposal.tasks.filter(habit=run).exists(), "kept: not placed again"
    assert set(runs_before) <= set(plan_changes(plan=proposal).kept)
    plan_accept(user=user, plan=proposal, now=MID_DECEMBER + dt.timedelta(minutes=5))

    runs_after = {task.pk: (task.start_time, task.end_time) for task in active_occurrences(run)}
    assert runs_after == runs_before
    lessons = active_occurrences(spanish)
    assert one_a_day(lessons) and len(lessons) == 23
    # Lessons before the re-plan stay (the habit's record); the later ones are the proposal's.
    assert all(task.plan_id == proposal.pk for task in lessons)
    assert overlapping(list(proposal.tasks.all())) == []


def test_adding_a_habit_places_it_in_the_active_plan_from_now_on(user, preferences):
    december = generate(user, "2026-12", BEFORE_DECEMBER)

    habit = habit_create(user=user, now=MID_DECEMBER, **RUN_INPUT)

    runs = active_occurrences(habit)
    assert runs and all(task.start_time >= MID_DECEMBER and task.plan_id == december.pk for task in runs)
    # From today (Tuesday 8, its window already over): this week's three on the days left.
    assert [task.start_time.astimezone(LONDON).day for task in runs] == [9, 10, 12, 14, 16, 18, 21, 23, 25, 28, 30]
    assert overlapping(list(december.tasks.all())) == []


def test_changing_the_window_moves_future_occurrences_and_leaves_logged_and_pinned_ones(user, run):
    december = generate(user, "2026-12", BEFORE_DECEMBER)
    runs = occurrences(december, run)
    logged = runs[0]
    ActivityLogFactory(task=logged)
    ticked = runs[1]
    plan_task_set_completed(task=ticked, is_completed=True, now=ticked.end_time)
    future = [task for task in runs if task.start_time > MID_DECEMBER]
    pinned = plan_task_set_pinned(task=future[0], is_pinned=True, now=MID_DECEMBER)
    kept = {task.pk: (task.start_time, task.end_time) for task in (logged, ticked, pinned)}

    habit_update(habit=run, now=MID_DECEMBER, window={"start": "19:00", "end": "21:00"})

    after = active_occurrences(run)
    assert {task.pk: (task.start_time, task.end_time) for task in after if task.pk in kept} == kept
    untouched = {task.pk: task.start_time for task in runs if task.start_time < MID_DECEMBER}
    assert {task.pk: task.start_time for task in after if task.pk in untouched} == untouched
    moved = [task for task in after if task.pk not in kept and task.pk not in untouched]
    assert moved and all(task.start_time > MID_DECEMBER for task in moved)
    assert all(task.start_time.astimezone(LONDON).time() >= dt.time(19) for task in moved)
    assert all("window, 19:00-21:00" in task.scheduling_reason for task in moved)
    assert one_a_day(after)
    assert ActivityLog.objects.filter(task=logged).exists()


def test_pausing_takes_out_future_occurrences_and_resuming_brings_them_back(user, run):
    december = generate(user, "2026-12", BEFORE_DECEMBER)
    runs = occurrences(december, run)
    past = [task for task in runs if task.end_time <= MID_DECEMBER]
    pinned = plan_task_set_pinned(task=runs[-1], is_pinned=True, now=MID_DECEMBER)

    habit_update(habit=run, now=MID_DECEMBER, is_active=False)

    assert [task.pk for task in active_occurrences(run)] == [task.pk for task in past]
    assert not PlanTask.objects.filter(pk=pinned.pk).exists()
    habit_update(habit=run, now=MID_DECEMBER, is_active=True)
    assert len(active_occurrences(run)) == len(runs)


def test_deleting_a_habit_keeps_its_past_as_plain_sessions(user, run):
    december = generate(user, "2026-12", BEFORE_DECEMBER)
    runs = occurrences(december, run)
    logged = runs[0]
    ActivityLogFactory(task=logged)

    habit_id = run.pk
    habit_delete(habit=run, now=MID_DECEMBER)

    assert not Habit.objects.filter(pk=habit_id).exists()
    remaining = PlanTask.objects.filter(task_key__startswith=f"habit-{habit_id}-")
    assert {task.pk for task in remaining} == {task.pk for task in runs if task.start_time < MID_DECEMBER}
    assert all(task.habit_id is None for task in remaining)
    assert ActivityLog.objects.filter(task=logged).exists()


def test_a_missed_day_is_reported_in_the_plans_unplaced_list(user, preferences):
    habit = HabitFactory(user=user, name="Lunch walk", times_per_week=None, days=["mon"], window_start=dt.time(12),
                         window_end=dt.time(13), min_minutes=30, ideal_minutes=30)  # fmt: skip
    preferences.delete()
    PreferencesFactory(user=user, working_hours={day: [] for day in ("mon", "tue", "wed", "thu", "fri", "sat",
                       "sun")})  # fmt: skip
    december = generate(user, "2026-12", BEFORE_DECEMBER)

    # Work 09:00-17:00 covers the window, and there are no working hours to fall back on.
    reported = [row for row in december.unplaced if row["task_key"].startswith(f"habit-{habit.pk}-")]
    assert [row["task_key"][-10:] for row in reported] == ["2026-12-07", "2026-12-14", "2026-12-21", "2026-12-28"]
    assert reported[0]["reason"] == (
        "Monday 7 December: no Lunch walk that day: not even the shortest 30 min was free in its window "
        "(12:00-13:00; Work is in it) or elsewhere in your hours that day, after commitments and other sessions."
    )


def test_an_occurrence_that_began_after_the_proposal_replaces_the_proposals_one_for_that_day(user, spanish):
    generate(user, "2026-12", BEFORE_DECEMBER)
    proposal = generate(user, "2026-12", MID_DECEMBER)
    assert proposal.tasks.filter(habit=spanish, task_key__endswith="2026-12-09").exists()

    # Accepted the next evening: the lesson of Wednesday 9 December (18:00) has begun by then.
    plan_accept(user=user, plan=proposal, now=dt.datetime(2026, 12, 9, 20, tzinfo=dt.UTC))

    lessons = active_occurrences(spanish)
    assert one_a_day(lessons) and len(lessons) == 23
    ninth = next(task for task in lessons if task.task_key.endswith("2026-12-09"))
    assert ninth.start_time < dt.datetime(2026, 12, 9, 20, tzinfo=dt.UTC) and ninth.plan_id == proposal.pk


def test_an_occurrence_is_ticked_moved_and_replaced_like_any_session(user, run, api):
    december = generate(user, "2026-12", BEFORE_DECEMBER)
    first, second, later = occurrences(december, run)[0], occurrences(december, run)[1], occurrences(december, run)[-1]

    ticked = api.patch(f"/api/plan-tasks/{first.pk}", {"is_completed": True}, format="json")
    evening = later.start_time.astimezone(LONDON).replace(hour=21).isoformat()
    moved = api.patch(f"/api/plan-tasks/{later.pk}", {"start_time": evening}, format="json")
    with time_machine.travel(MID_DECEMBER, tick=False):
        replaced = api_client_for(user).post("/api/plan-tasks/reschedule-missed")

    assert (ticked.status_code, ticked.json()["habit"], ticked.json()["is_completed"]) == (200, run.pk, True)
    assert (moved.status_code, moved.json()["habit"], moved.json()["moved_by_hand"]) == (200, run.pk, True)
    assert replaced.status_code == 200
    again = {item["task"]["id"]: item for item in replaced.json()["moved"]}
    assert second.pk in again and again[second.pk]["task"]["habit"] == run.pk
    assert PlanTask.objects.get(pk=second.pk).start_time > MID_DECEMBER
