"""Asking for a plan: the request side.

It checks the month, reserves one generation of the person's quota and records the
request, all in one transaction, and enqueues the work when that commits. The worker side
is planning.services.generation_worker.
"""

import datetime as dt
import logging

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from config.refusal import Refusal
from planning.models import PlanRequest
from planning.months import MonthError, check_plannable
from planning.selectors import preferences_current
from planning.services.quota import quota_current, quota_reserve
from planning.tasks import generate_plan

logger = logging.getLogger(__name__)

PLANNING_PAUSED = (
    "Planning is paused for a moment on our side. Please try again in a minute; "
    "this attempt did not use your allowance."
)
PAUSED_RETRY_AFTER_SECONDS = 60
WORKER_LOST = "The worker making your plan stopped twice. Your quota was returned; please try again in a few minutes."
# A request whose worker vanished is tried again this many times in all (see claim/take_over).
ATTEMPTS_WHEN_LOST = 2

REFUSAL_STATUS = {"quota": 429, "paused": 503}


class GenerationRefused(Refusal):
    """Why a generation was not accepted; `code` says which rule: "quota" (429), "paused"
    (503: the queue cannot be reached; nothing was charged), "month" or "preferences" (400)."""

    def __init__(self, code: str, message: str, *, field: str | None = None) -> None:
        super().__init__(
            message,
            field=field,
            status=REFUSAL_STATUS.get(code, 400),
            retry_after=PAUSED_RETRY_AFTER_SECONDS if code == "paused" else None,
        )
        self.code = code


def plan_generation_request(*, user: User, month: str, now: dt.datetime | None = None) -> PlanRequest:
    now = now or timezone.now()
    try:
        check_plannable(month, now=now, timezone=user.timezone)
    except MonthError as exc:
        raise GenerationRefused("month", str(exc), field="month")
    preference = preferences_current(user=user)
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
        enqueued: list[bool] = []
        transaction.on_commit(lambda: enqueued.append(_enqueue_or_refund(plan_request.pk)))
    # The callback ran when the block committed, unless an outer transaction defers it (it
    # then still fails and refunds the request, but cannot tell this caller).
    if enqueued == [False]:
        raise GenerationRefused("paused", PLANNING_PAUSED)
    return plan_request


def enqueue_generation(plan_request_id: int) -> None:
    generate_plan.delay(plan_request_id)


def _enqueue_or_refund(plan_request_id: int) -> bool:
    """Enqueues after commit. Should the broker be away, the request would sit "queued"
    for ever with the generation charged: it is failed and refunded instead."""
    try:
        enqueue_generation(plan_request_id)
    except Exception:  # kombu, redis and socket errors alike: the message was not sent
        logger.warning(
            "plan request %s could not be enqueued; failing it and refunding", plan_request_id, exc_info=True
        )
        PlanRequest.objects.fail(plan_request_id, error=PLANNING_PAUSED, now=timezone.now())
        return False
    return True


def plan_requests_recover_stuck(*, now: dt.datetime, stuck_after: dt.timedelta) -> dict[str, int]:
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
                if _enqueue_or_refund(plan_request_id):
                    outcome["requeued"] += 1
                else:
                    outcome["failed"] += 1
        elif PlanRequest.objects.fail(plan_request_id, error=WORKER_LOST, now=now):
            logger.warning("plan request %s lost its worker again; failed and refunded", plan_request_id)
            outcome["failed"] += 1
    return outcome
