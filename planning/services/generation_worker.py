"""Making a requested plan: the worker side.

The Celery task (planning.tasks) claims the request, then plan_generate asks the AI
provider for a draft, places it with the scheduler and writes plan and tasks in one
transaction. Every path that finally fails gives the quota back exactly once; the state
changes themselves are PlanRequest.objects.claim/requeue/fail/succeed.
"""

import datetime as dt
import logging
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from ai import PlanResult, get_provider
from insights.selectors import planning_signals
from planning.extensions import PlanAdvice, before_generation, sessions_changed
from planning.models import MonthlyPlan, PlanRequest, PlanState, PlanTask
from planning.months import month_end, month_start
from planning.scheduler import Schedule, schedule_month
from planning.services.context import draft_tasks, month_window, plan_context, schedule_request
from planning.services.habit_occurrences import habits_for_month
from planning.services.plan_life import carried_into, kept_sessions
from planning.services.replacing import busy_of, plan_task_of

logger = logging.getLogger(__name__)


PLANNING_PAUSED = (
    "Planning is paused for a moment on our side. Please try again in a minute; "
    "this attempt did not use your allowance."
)
WORKER_LOST = "The worker making your plan stopped twice. Your quota was returned; please try again in a few minutes."
# A request whose worker vanished is tried again this many times in all (see claim/take_over).
ATTEMPTS_WHEN_LOST = 2


def plan_request_claim(*, plan_request_id: int, now: dt.datetime | None = None) -> bool:
    """Marks the request running if it is queued (or abandoned); False if someone else has it."""
    return PlanRequest.objects.claim(plan_request_id, now=now or timezone.now())


def plan_request_requeue(*, plan_request_id: int, message: str) -> None:
    """Back to queued before a retry, so the retried task can claim it again."""
    PlanRequest.objects.requeue(plan_request_id, message=message)


def plan_request_fail(*, plan_request_id: int, error: str) -> None:
    """Marks the request failed and gives its quota back, exactly once."""
    PlanRequest.objects.fail(plan_request_id, error=error, now=timezone.now())


def plan_generate(*, plan_request_id: int, now: dt.datetime | None = None) -> MonthlyPlan:
    """The worker's part. Raises ai.ProviderError subclasses for the task to retry or fail."""
    now = now or timezone.now()
    plan_request = PlanRequest.objects.select_related("user", "preference").get(pk=plan_request_id)
    existing = MonthlyPlan.objects.filter(request_id=plan_request_id).first()
    if existing is not None:
        return existing
    user, preference = plan_request.user, plan_request.preference
    year, month = (int(part) for part in plan_request.month_year.split("-"))
    # The person's calendars are read afresh (briefly; a dead server leaves advice instead).
    calendar_advice = before_generation(user_id=user.pk, now=now)
    window = month_window(year=year, month=month, timezone=user.timezone, now=now)
    signals = planning_signals(user=user)
    # A re-plan places around what the month's plan keeps; a first plan around the sessions
    # carried over into the month, which it then adopts.
    active = MonthlyPlan.objects.filter(user=user, month_year=plan_request.month_year, state=PlanState.ACTIVE).first()
    kept = list(kept_sessions(plan=active, now=now)) if active is not None else []
    carried = list(
        carried_into(
            user=user,
            month_year=plan_request.month_year,
            start=month_start(year, month, user.timezone),
            end=month_end(year, month, user.timezone),
        )
    )
    busy = busy_of([*kept, *carried])
    habits = habits_for_month(user=user, year=year, month=month, kept=[*kept, *carried])
    context = plan_context(preference=preference, window=window, signals=signals, busy=busy, habits=habits)

    PlanRequest.objects.report_progress(plan_request_id, "Drafting your month with the AI…")
    result = get_provider().draft_plan(context)

    PlanRequest.objects.report_progress(plan_request_id, "Fitting sessions around your commitments…")
    tasks = draft_tasks(result.draft)
    request = schedule_request(
        preference=preference, window=window, signals=signals, tasks=tasks, busy=busy, habits=habits
    )
    schedule = schedule_month(request)
    return _write_plan(
        plan_request=plan_request,
        result=result,
        schedule=schedule,
        signals_used=signals.insights,
        carried_ids=[task.pk for task in carried],
        calendar_advice=calendar_advice,
    )


def _write_plan(
    *,
    plan_request: PlanRequest,
    result: PlanResult,
    schedule: Schedule,
    signals_used: dict,
    carried_ids: list[int],
    calendar_advice: list[PlanAdvice],
) -> MonthlyPlan:
    with transaction.atomic():
        # The row lock makes a redelivered or duplicated task wait here, then find the plan.
        locked = PlanRequest.objects.select_for_update().get(pk=plan_request.pk)
        existing = MonthlyPlan.objects.filter(request_id=locked.pk).first()
        if existing is not None:
            return existing
        if locked.status == PlanRequest.Status.FAILED:
            raise RuntimeError("This request already failed and was refunded; not writing a plan for it.")
        # The month's first plan is active at once, a later one is a proposal. The person's
        # row lock orders this against an accept and against another generation's write.
        User.objects.select_for_update().filter(pk=plan_request.user_id).first()
        has_active = MonthlyPlan.objects.filter(
            user_id=plan_request.user_id, month_year=plan_request.month_year, state=PlanState.ACTIVE
        ).exists()
        plan = MonthlyPlan.objects.create(
            state=PlanState.PROPOSED if has_active else PlanState.ACTIVE,
            user=plan_request.user,
            preference=plan_request.preference,
            request=locked,
            month_year=plan_request.month_year,
            ai_prompt=result.prompt,
            ai_response_raw=result.raw,
            monthly_summary=result.draft.summary,
            weekly_breakdown=[week.model_dump() for week in result.draft.weekly_breakdown],
            unplaced=_unplaced_rows(schedule),
            advice=[
                *(item.as_json() for item in calendar_advice),
                *({"kind": item.kind, "message": item.message} for item in schedule.advice),
            ],
            insights_used=signals_used,
            provider=result.provider,
            model_name=result.model,
            prompt_version=getattr(get_provider(), "prompt_version", ""),
            input_tokens=result.usage.input_tokens,
            output_tokens=result.usage.output_tokens,
            cost=result.cost,
            ai_calls=result.calls,
        )
        now = timezone.now()
        PlanTask.objects.bulk_create(plan_task_of(placement, plan=plan, now=now) for placement in schedule.placements)
        _settle_month(plan=plan, is_proposal=has_active, carried_ids=carried_ids, now=now)
        PlanRequest.objects.succeed(locked.pk, now=now)
    return plan


def _settle_month(*, plan: MonthlyPlan, is_proposal: bool, carried_ids: list[int], now: dt.datetime) -> None:
    """A proposal replaces any proposal still waiting (one at a time); a month's first plan
    adopts the sessions carried over into it, and the person's calendars hear of it."""
    if is_proposal:
        MonthlyPlan.objects.filter(user_id=plan.user_id, month_year=plan.month_year, state=PlanState.PROPOSED).exclude(
            pk=plan.pk
        ).update(state=PlanState.DISCARDED, decided_at=now)
        return
    PlanTask.objects.filter(pk__in=carried_ids, is_carried_over=True, plan__state=PlanState.ACTIVE).update(
        plan=plan, is_carried_over=False
    )
    sessions_changed(user_id=plan.user_id)


def _unplaced_rows(schedule: Schedule) -> list[dict]:
    return [
        {
            "task_key": item.task.key,
            "task_description": item.task.description,
            "target": item.task.target,
            "focus_area": item.task.focus_area,
            "duration_minutes": item.task.duration_minutes,
            "difficulty_level": item.task.difficulty,
            "reason": item.reason,
        }
        for item in schedule.unplaced
    ]


def plan_request_enqueue_or_refund(plan_request_id: int, enqueue: Callable[[int], object]) -> bool:
    """Enqueues (after commit). Should the broker be away, the request would sit "queued"
    for ever with the generation charged: it is failed and refunded instead. `enqueue` is
    the Celery task's delay, passed in so this module never imports the tasks module that
    imports it."""
    try:
        enqueue(plan_request_id)
    except Exception:  # kombu, redis and socket errors alike: the message was not sent
        logger.warning(
            "plan request %s could not be enqueued; failing it and refunding", plan_request_id, exc_info=True
        )
        PlanRequest.objects.fail(plan_request_id, error=PLANNING_PAUSED, now=timezone.now())
        return False
    return True


def plan_requests_recover_stuck(
    *, now: dt.datetime, stuck_after: dt.timedelta, enqueue: Callable[[int], object]
) -> dict[str, int]:
    """Requests still "running" long after their claim lost their worker (SIGKILL, OOM, a
    lost machine; the hard time limit ended any live one). Each is queued and enqueued
    again once; one whose retry was lost too is failed with its quota returned. Running it
    twice, or beside a redelivered task, changes nothing twice: claim, take_over,
    requeue_stuck and fail are conditional updates, and the plan write locks the request."""
    started_before = now - stuck_after
    stuck = PlanRequest.objects.filter(status=PlanRequest.Status.RUNNING, started_at__lt=started_before)
    outcome = {"requeued": 0, "failed": 0}
    for plan_request_id, attempts in stuck.values_list("pk", "attempts"):
        if attempts < ATTEMPTS_WHEN_LOST:
            if PlanRequest.objects.requeue_stuck(
                plan_request_id,
                started_before=started_before,
                message="The worker making your plan stopped; trying again…",
            ):
                logger.warning("plan request %s lost its worker; enqueued again", plan_request_id)
                if plan_request_enqueue_or_refund(plan_request_id, enqueue):
                    outcome["requeued"] += 1
                else:
                    outcome["failed"] += 1
        elif PlanRequest.objects.fail(plan_request_id, error=WORKER_LOST, now=now):
            logger.warning("plan request %s lost its worker again; failed and refunded", plan_request_id)
            outcome["failed"] += 1
    return outcome


def plan_request_take_over(*, plan_request_id: int, lost_attempt: int) -> bool:
    """For a redelivered task whose worker died mid-attempt: running again, once."""
    return PlanRequest.objects.take_over(plan_request_id, now=timezone.now(), lost_attempt=lost_attempt)
