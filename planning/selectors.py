"""Planning reads shared by the pages and the API."""

import datetime as dt

from django.db.models import Prefetch, QuerySet

from accounts.models import User
from config.ownership import owned_or_404
from planning.models import Habit, MonthlyPlan, PlanRequest, PlanState, PlanTask, Preferences


def preferences_current(*, user: User) -> Preferences | None:
    return Preferences.objects.filter(user=user).order_by("-input_saved_at", "-id").first()


def preferences_history(*, user: User) -> QuerySet[Preferences]:
    return Preferences.objects.filter(user=user).order_by("-input_saved_at", "-id")


# The prompt and the model's raw answer (about 16 KB a plan) are shown only in the admin.
LARGE_PLAN_COLUMNS = ("ai_prompt", "ai_response_raw")
LARGE_PLAN_COLUMNS_VIA_PLAN = tuple(f"plan__{column}" for column in LARGE_PLAN_COLUMNS)


def plan_request_get(*, user: User, plan_request_id: int) -> PlanRequest:
    """The person's request; Http404 for a missing id and for another person's alike."""
    requests = PlanRequest.objects.select_related("plan").defer(*LARGE_PLAN_COLUMNS_VIA_PLAN)
    return owned_or_404(requests, user=user, pk=plan_request_id, what="plan request")


def plans_for(*, user: User) -> QuerySet[MonthlyPlan]:
    return MonthlyPlan.objects.filter(user=user).defer(*LARGE_PLAN_COLUMNS).order_by("-generated_at", "-id")


def plan_get(*, user: User, plan_id: int) -> MonthlyPlan:
    """The person's plan with its preferences; Http404 for anyone else's or a missing id."""
    plans = MonthlyPlan.objects.select_related("preference").defer(*LARGE_PLAN_COLUMNS)
    return owned_or_404(plans, user=user, pk=plan_id, what="plan")


def plan_with_tasks(*, user: User, plan_id: int) -> MonthlyPlan:
    tasks = Prefetch("tasks", queryset=PlanTask.objects.order_by("start_time", "id"))
    plans = MonthlyPlan.objects.prefetch_related(tasks).defer(*LARGE_PLAN_COLUMNS)
    return owned_or_404(plans, user=user, pk=plan_id, what="plan")


def plan_task_get(*, user: User, task_id: int) -> PlanTask:
    """The person's plan task with its plan and preferences; Http404 for anyone else's."""
    tasks = PlanTask.objects.select_related("plan__preference").defer(*LARGE_PLAN_COLUMNS_VIA_PLAN)
    task = owned_or_404(tasks, user=user, pk=task_id, what="task")
    task.user = user  # the same person; saves a query in the services
    return task


def active_plan_for_month(*, user: User, month_year: str) -> MonthlyPlan | None:
    return plans_for(user=user).filter(month_year=month_year, state=PlanState.ACTIVE).first()


def months_with_active_plan(*, user: User, month_years: list[str]) -> set[str]:
    return set(
        MonthlyPlan.objects.filter(user=user, month_year__in=month_years, state=PlanState.ACTIVE).values_list(
            "month_year", flat=True
        )
    )


def plan_tasks_in_range(*, user: User, start: dt.datetime, end: dt.datetime) -> QuerySet[PlanTask]:
    """Tasks of the active plan of each month, starting in [start, end), by start time.
    A carried-over task starts in the month after its plan's and is found here all the same."""
    return (
        PlanTask.objects.filter(user=user, start_time__gte=start, start_time__lt=end, plan__state=PlanState.ACTIVE)
        .select_related("plan__preference")
        # The plan's prompt and raw answer are large and never shown with a task.
        .defer(*LARGE_PLAN_COLUMNS_VIA_PLAN)
        .order_by("start_time", "id")
    )


def habits_for(*, user: User) -> QuerySet[Habit]:
    """The person's habits: active ones first, then by name."""
    return Habit.objects.filter(user=user).order_by("-is_active", "name", "id")


def habit_get(*, user: User, habit_id: object) -> Habit:
    """The person's habit; Http404 for anyone else's or a missing id."""
    habit = owned_or_404(Habit.objects.all(), user=user, pk=habit_id, what="habit")
    habit.user = user  # the same person; saves a query in the services
    return habit
