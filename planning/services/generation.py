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
from planning.services.generation_worker import PLANNING_PAUSED, plan_request_enqueue_or_refund
from planning.services.quota import quota_current, quota_reserve
from planning.tasks import generate_plan

logger = logging.getLogger(__name__)

PAUSED_RETRY_AFTER_SECONDS = 60

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
        transaction.on_commit(
            lambda: enqueued.append(plan_request_enqueue_or_refund(plan_request.pk, enqueue_generation))
        )
    # The callback ran when the block committed, unless an outer transaction defers it (it
    # then still fails and refunds the request, but cannot tell this caller).
    if enqueued == [False]:
        raise GenerationRefused("paused", PLANNING_PAUSED)
    return plan_request


def enqueue_generation(plan_request_id: int) -> None:
    generate_plan.delay(plan_request_id)
