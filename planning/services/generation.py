"""Asking for a plan, and making it.

The request side reserves quota and enqueues the work on commit; the worker side claims the
request, asks the AI provider for a draft, places it with the scheduler and writes plan and
tasks in one transaction. Every path that finally fails gives the quota back exactly once.
"""

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from accounts.models import User
from ai import PlanResult, get_provider
from insights.selectors import planning_signals
from planning.models import MonthlyPlan, PlanRequest, PlanTask, Preferences
from planning.months import MonthError, check_plannable
from planning.scheduler import Schedule, schedule_month
from planning.services.context import draft_tasks, month_window, plan_context, schedule_request
from planning.services.quota import quota_current, quota_refund, quota_reserve

logger = logging.getLogger(__name__)

# A running request whose worker vanished (crash, lost ack) is taken over after this long;
# longer than the task's hard time limit, so a live worker is never raced.
STALE_RUNNING_AFTER = dt.timedelta(minutes=10)


@dataclass
class GenerationRefused(Exception):
    """Why a generation was not accepted; `code` picks the HTTP status (quota -> 429)."""

    code: str  # "quota" | "month" | "preferences"
    message: str
    field: str | None = None

    def __str__(self) -> str:
        return self.message


def plan_generation_request(*, user: User, month: str, now: dt.datetime | None = None) -> PlanRequest:
    now = now or timezone.now()
    try:
        check_plannable(month, now=now, timezone=user.timezone)
    except MonthError as exc:
        raise GenerationRefused("month", str(exc), field="month")
    preference = Preferences.objects.filter(user=user).order_by("-input_saved_at", "-id").first()
    if preference is None:
        raise GenerationRefused(
            "preferences", "Tell us your goals first: save your goals and preferences, then generate a plan."
        )
    with transaction.atomic():
        quota = quota_current(user=user, now=now)
        if not quota_reserve(quota=quota):
            quota.refresh_from_db()
            raise GenerationRefused(
                "quota",
                f"You have used all {quota.total_allowed} plan generations for {quota.month_year}. "
                f"More become available on {quota.resets_on:%d %B %Y}.",
            )
        plan_request = PlanRequest.objects.create(user=user, month_year=month, preference=preference, quota=quota)
        transaction.on_commit(lambda: _enqueue(plan_request.pk))
    return plan_request


def _enqueue(plan_request_id: int) -> None:
    from planning.tasks import generate_plan

    generate_plan.delay(plan_request_id)


def plan_request_claim(*, plan_request_id: int, now: dt.datetime | None = None) -> bool:
    """Marks the request running if it is queued (or abandoned); False if someone else has it."""
    now = now or timezone.now()
    claimed = PlanRequest.objects.filter(
        Q(status=PlanRequest.Status.QUEUED)
        | Q(status=PlanRequest.Status.RUNNING, started_at__lt=now - STALE_RUNNING_AFTER),
        pk=plan_request_id,
    ).update(
        status=PlanRequest.Status.RUNNING,
        started_at=now,
        attempts=F("attempts") + 1,
        progress="Reading your goals and insights…",
    )
    return claimed == 1


def plan_request_requeue(*, plan_request_id: int, message: str) -> None:
    """Back to queued before a retry, so the retried task can claim it again."""
    PlanRequest.objects.filter(pk=plan_request_id, status=PlanRequest.Status.RUNNING).update(
        status=PlanRequest.Status.QUEUED, progress=message
    )


def plan_request_fail(*, plan_request_id: int, error: str) -> None:
    """Marks the request failed and gives its quota back, exactly once."""
    with transaction.atomic():
        plan_request = PlanRequest.objects.select_for_update().get(pk=plan_request_id)
        if plan_request.status == PlanRequest.Status.SUCCEEDED:
            return
        refund = not plan_request.quota_refunded
        plan_request.status = PlanRequest.Status.FAILED
        plan_request.error = error
        plan_request.progress = "Generation failed; your quota was returned." if refund else plan_request.progress
        plan_request.quota_refunded = True
        plan_request.finished_at = timezone.now()
        plan_request.save(update_fields=["status", "error", "progress", "quota_refunded", "finished_at"])
        if refund:
            quota_refund(quota_id=plan_request.quota_id)


def _progress(plan_request_id: int, text: str) -> None:
    PlanRequest.objects.filter(pk=plan_request_id, status=PlanRequest.Status.RUNNING).update(progress=text)


def plan_generate(*, plan_request_id: int, now: dt.datetime | None = None) -> MonthlyPlan:
    """The worker's part. Raises ai.ProviderError subclasses for the task to retry or fail."""
    now = now or timezone.now()
    plan_request = PlanRequest.objects.select_related("user", "preference").get(pk=plan_request_id)
    existing = MonthlyPlan.objects.filter(request_id=plan_request_id).first()
    if existing is not None:
        return existing
    user, preference = plan_request.user, plan_request.preference
    year, month = (int(part) for part in plan_request.month_year.split("-"))
    window = month_window(year=year, month=month, timezone=user.timezone, now=now)
    signals = planning_signals(user=user)
    context = plan_context(preference=preference, window=window, signals=signals)

    _progress(plan_request_id, "Drafting your month with the AI…")
    result = get_provider().draft_plan(context)

    _progress(plan_request_id, "Fitting sessions around your commitments…")
    tasks = draft_tasks(result.draft)
    schedule = schedule_month(schedule_request(preference=preference, window=window, signals=signals, tasks=tasks))
    return _write_plan(plan_request=plan_request, result=result, schedule=schedule, signals_used=signals.insights)


def _write_plan(
    *, plan_request: PlanRequest, result: PlanResult, schedule: Schedule, signals_used: dict
) -> MonthlyPlan:
    with transaction.atomic():
        # The row lock makes a redelivered or duplicated task wait here, then find the plan.
        locked = PlanRequest.objects.select_for_update().get(pk=plan_request.pk)
        existing = MonthlyPlan.objects.filter(request_id=locked.pk).first()
        if existing is not None:
            return existing
        if locked.status == PlanRequest.Status.FAILED:
            raise RuntimeError("This request already failed and was refunded; not writing a plan for it.")
        plan = MonthlyPlan.objects.create(
            user=plan_request.user,
            preference=plan_request.preference,
            request=locked,
            month_year=plan_request.month_year,
            ai_prompt=result.prompt,
            ai_response_raw=result.raw,
            monthly_summary=result.draft.summary,
            weekly_breakdown=[week.model_dump() for week in result.draft.weekly_breakdown],
            unplaced=[
                {
                    "task_key": item.task.key,
                    "task_description": item.task.description,
                    "focus_area": item.task.focus_area,
                    "duration_minutes": item.task.duration_minutes,
                    "difficulty_level": item.task.difficulty,
                    "reason": item.reason,
                }
                for item in schedule.unplaced
            ],
            insights_used=signals_used,
            provider=result.provider,
            model_name=result.model,
            prompt_version=getattr(get_provider(), "prompt_version", ""),
            input_tokens=result.usage.input_tokens,
            output_tokens=result.usage.output_tokens,
            cost=result.cost,
        )
        PlanTask.objects.bulk_create(
            PlanTask(
                plan=plan,
                user=plan_request.user,
                task_key=placement.task.key,
                task_description=placement.task.description,
                focus_area=placement.task.focus_area,
                start_time=placement.start,
                end_time=placement.end,
                difficulty_level=placement.task.difficulty,
                scheduling_reason=placement.reason,
            )
            for placement in schedule.placements
        )
        locked.status = PlanRequest.Status.SUCCEEDED
        locked.progress = "Your plan is ready."
        locked.error = ""
        locked.finished_at = timezone.now()
        locked.save(update_fields=["status", "progress", "error", "finished_at"])
    return plan
