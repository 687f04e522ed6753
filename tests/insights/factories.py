"""Factory-built activity histories with answers known in advance."""

import datetime as dt
from zoneinfo import ZoneInfo

import factory

from insights.maths import duration_deviation_minutes
from insights.models import ActivityLog, Insight, InsightType
from planning.models import MonthlyPlan, PlanTask
from tests.planning.factories import MonthlyPlanFactory, PlanTaskFactory


def _deviation(log: "ActivityLogFactory") -> int:  # type: ignore[name-defined]
    return duration_deviation_minutes(
        planned_start=log.task.start_time,
        planned_end=log.task.end_time,
        actual_start=log.actual_start_time,
        actual_end=log.actual_end_time,
    )


class ActivityLogFactory(factory.django.DjangoModelFactory):
    """A finished session that went exactly as planned, unless told otherwise."""

    class Meta:
        model = ActivityLog

    task = factory.SubFactory(PlanTaskFactory)
    user = factory.SelfAttribute("task.user")
    actual_start_time = factory.LazyAttribute(lambda log: log.task.start_time)
    actual_end_time = factory.LazyAttribute(lambda log: log.task.end_time)
    was_completed = True
    duration_deviation = factory.LazyAttribute(_deviation)


class InsightFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Insight

    user = factory.SubFactory("tests.factories.UserFactory")
    insight_type = InsightType.PEAK_ENERGY
    insight_value = factory.LazyFunction(dict)


NEW_YORK = ZoneInfo("America/New_York")
# 09:00 in New York on Friday 20 November 2026 (EST, UTC-5); the suite's now is 22 November.
PLANNED = dt.datetime(2026, 11, 20, 9, tzinfo=NEW_YORK)


def planned_session(user, *, minutes: int) -> PlanTask:
    """"Draft chapter 3" at PLANNED for `minutes`, for a person who lives in New York."""
    user.timezone = NEW_YORK.key
    user.save(update_fields=["timezone"])
    return PlanTaskFactory(
        plan__user=user,
        plan__preference__user=user,
        plan__month_year="2026-11",
        user=user,
        task_description="Draft chapter 3",
        start_time=PLANNED,
        end_time=PLANNED + dt.timedelta(minutes=minutes),
    )


def plan_for(user, month_year: str = "2026-10") -> MonthlyPlan:
    return MonthlyPlanFactory(user=user, preference__user=user, month_year=month_year)


def session(
    plan: MonthlyPlan,
    *,
    start: dt.datetime,
    planned_minutes: int = 60,
    actual_minutes: int | None = None,
    completed: bool = True,
    late_minutes: int = 0,
    focus_area: str = "Writing",
    difficulty: str = "medium",
) -> ActivityLog:
    """One planned task and its log. `start` is naive local wall-clock time in the person's
    zone; the session starts `late_minutes` after the plan and lasts `actual_minutes`."""
    zone = ZoneInfo(plan.user.timezone)
    planned_start = start.replace(tzinfo=zone)
    task: PlanTask = PlanTaskFactory(
        plan=plan,
        user=plan.user,
        start_time=planned_start,
        end_time=planned_start + dt.timedelta(minutes=planned_minutes),
        focus_area=focus_area,
        difficulty_level=difficulty,
    )
    actual_start = planned_start + dt.timedelta(minutes=late_minutes)
    minutes = planned_minutes if actual_minutes is None else actual_minutes
    return ActivityLogFactory(
        task=task,
        actual_start_time=actual_start,
        actual_end_time=actual_start + dt.timedelta(minutes=minutes),
        was_completed=completed,
    )


def days(start: dt.date, count: int) -> list[dt.date]:
    return [start + dt.timedelta(days=offset) for offset in range(count)]


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute))


def morning_person(plan: MonthlyPlan, *, first_day: dt.date = dt.date(2026, 10, 5), count: int = 10) -> None:
    """Finishes every 09:00 session and skips every 19:00 one."""
    for day in days(first_day, count):
        session(plan, start=at(day, 9), completed=True)
        session(plan, start=at(day, 19), completed=False, actual_minutes=10, focus_area="Fitness")


def bulk_history(
    plan: MonthlyPlan, count: int, *, first: dt.datetime | None = None, focus_areas: tuple[str, ...] = ("Writing",)
) -> list[ActivityLog]:
    """`count` more planned-and-logged sessions, one every 3 hours, written with bulk_create
    (fast enough for histories of thousands of rows). Every third one is left unfinished and
    every session runs 10 minutes over."""
    zone = ZoneInfo(plan.user.timezone)
    start = first or dt.datetime(2026, 6, 1, 6, tzinfo=zone)
    already = PlanTask.objects.filter(plan=plan).count()
    tasks = []
    for index in range(already, already + count):
        begins = start + dt.timedelta(hours=3 * index)
        tasks.append(
            PlanTask(
                plan=plan,
                user=plan.user,
                task_key=f"bulk-{index}",
                task_description=f"Session {index}",
                focus_area=focus_areas[index % len(focus_areas)],
                start_time=begins,
                end_time=begins + dt.timedelta(minutes=60),
                difficulty_level=("easy", "medium", "hard")[index % 3],
                scheduling_reason="Bulk history.",
            )
        )
    PlanTask.objects.bulk_create(tasks)
    logs = [
        ActivityLog(
            user=plan.user,
            task=task,
            actual_start_time=task.start_time,
            actual_end_time=task.end_time + dt.timedelta(minutes=10),
            duration_deviation=10,
            was_completed=index % 3 != 2,
        )
        for index, task in enumerate(tasks)
    ]
    return ActivityLog.objects.bulk_create(logs)
