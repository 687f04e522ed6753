"""Planning's Celery tasks: they claim, call a service and own the retry policy."""

import datetime as dt
import logging
import math

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.utils import timezone

from ai import ProviderBadResponse, ProviderError, ProviderUnavailable
from planning.services.generation_watchdog import plan_requests_resend_lost
from planning.services.generation_worker import (
    plan_generate,
    plan_request_claim,
    plan_request_fail,
    plan_request_requeue,
    plan_request_take_over,
    plan_requests_recover_stuck,
)

logger = logging.getLogger(__name__)

RETRY_COUNTDOWNS = (10, 30, 90)  # seconds; the provider already retried briefly inside each attempt
BAD_RESPONSE_RETRIES = 1  # a model that answered malformed JSON often answers well the next time
BAD_RESPONSE_COUNTDOWN = 5
# A model's Retry-After is honoured up to this. Above it the request would sit "queued" for
# as long as the model likes (999 s seen), and a countdown longer than the broker's
# visibility timeout makes Redis hand the waiting retry to a second worker.
RETRY_AFTER_CAP = 120
HARD_TIME_LIMIT = 300
# A request still running this long after its claim has lost its worker: the hard time
# limit has killed or would have killed the task by then.
STUCK_AFTER = dt.timedelta(seconds=HARD_TIME_LIMIT + 30)
# A request still queued this long had its message lost by the broker (or lost in a
# backlog): a little over two minutes, longer than any retry's countdown (RETRY_AFTER_CAP),
# so a retry waiting for its time is not taken for lost.
LOST_QUEUED_AFTER = dt.timedelta(seconds=RETRY_AFTER_CAP + 30)


def retry_countdown(retries: int, retry_after: float | None) -> int:
    """Seconds before the next attempt: the schedule, or the model's Retry-After when it
    asks for longer, never more than RETRY_AFTER_CAP."""
    asked = retry_after if retry_after is not None and math.isfinite(retry_after) else 0
    return min(max(RETRY_COUNTDOWNS[retries], math.ceil(asked)), RETRY_AFTER_CAP)


@shared_task(
    bind=True,
    acks_late=True,
    # A pool child killed mid-generation (OOM, SIGKILL) puts the message back at once; the
    # redelivered task takes the request over (below) instead of waiting for the watchdog.
    reject_on_worker_lost=True,
    max_retries=len(RETRY_COUNTDOWNS),
    soft_time_limit=240,
    time_limit=HARD_TIME_LIMIT,
)
def generate_plan(self, plan_request_id: int) -> None:  # type: ignore[no-untyped-def]
    """Generates one requested plan. Safe to run twice: the claim and the plan write are atomic."""
    if not plan_request_claim(plan_request_id=plan_request_id) and not _take_over_if_lost(self, plan_request_id):
        logger.info("plan request %s is not claimable (done, failed or taken); skipping", plan_request_id)
        return
    retries = self.request.retries
    try:
        plan_generate(plan_request_id=plan_request_id)
    except ProviderUnavailable as exc:
        if retries < len(RETRY_COUNTDOWNS):
            countdown = retry_countdown(retries, exc.retry_after)
            plan_request_requeue(
                plan_request_id=plan_request_id, message=f"The AI service is busy; trying again in {countdown} s…"
            )
            raise self.retry(exc=exc, countdown=countdown)
        plan_request_fail(plan_request_id=plan_request_id, error=exc.message)
    except ProviderBadResponse as exc:
        if retries < BAD_RESPONSE_RETRIES:
            plan_request_requeue(plan_request_id=plan_request_id, message="The AI's draft was unusable; asking again…")
            raise self.retry(exc=exc, countdown=BAD_RESPONSE_COUNTDOWN)
        plan_request_fail(plan_request_id=plan_request_id, error=exc.message)
    except ProviderError as exc:
        plan_request_fail(plan_request_id=plan_request_id, error=exc.message)
    except SoftTimeLimitExceeded:
        plan_request_fail(plan_request_id=plan_request_id, error="Generating took too long. Please try again.")
    except Exception:
        logger.exception("plan request %s failed unexpectedly", plan_request_id)
        plan_request_fail(
            plan_request_id=plan_request_id,
            error="Something went wrong on our side while making your plan. Your quota was returned; please try again.",
        )


def _take_over_if_lost(task, plan_request_id: int) -> bool:  # type: ignore[no-untyped-def]
    """A redelivered message (its worker died before acking) finds its request still
    "running" under the dead worker's claim; this delivery's attempt was the lost one,
    so it may take the request over, once."""
    if not (task.request.delivery_info or {}).get("redelivered"):
        return False
    taken = plan_request_take_over(plan_request_id=plan_request_id, lost_attempt=task.request.retries + 1)
    if taken:
        logger.warning("plan request %s: its worker was lost mid-generation; taking it over", plan_request_id)
    return taken


@shared_task
def recover_stuck_plan_requests() -> dict[str, int]:
    """Every minute (CELERY_BEAT_SCHEDULE): requests whose worker vanished are tried once
    more or failed with the quota returned, instead of showing "running" for an hour; and
    requests whose queued message was lost are sent again once, then failed and refunded,
    instead of showing "queued" for ever."""
    now = timezone.now()
    stuck = plan_requests_recover_stuck(now=now, stuck_after=STUCK_AFTER, enqueue=generate_plan.delay)
    lost = plan_requests_resend_lost(now=now, lost_after=LOST_QUEUED_AFTER, enqueue=generate_plan.delay)
    return {**stuck, "resent": lost["resent"], "failed_queued": lost["failed"]}
