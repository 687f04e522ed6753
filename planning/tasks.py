"""Planning's Celery tasks: they claim, call a service and own the retry policy."""

import logging

from celery import shared_task
from celery.exceptions import SoftTimeLimitExceeded

from ai import ProviderBadResponse, ProviderError, ProviderUnavailable
from planning.services.generation_worker import (
    plan_generate,
    plan_request_claim,
    plan_request_fail,
    plan_request_requeue,
)

logger = logging.getLogger(__name__)

RETRY_COUNTDOWNS = (10, 30, 90)  # seconds; the provider already retried briefly inside each attempt
BAD_RESPONSE_RETRIES = 1  # a model that answered malformed JSON often answers well the next time


@shared_task(bind=True, acks_late=True, max_retries=len(RETRY_COUNTDOWNS), soft_time_limit=240, time_limit=300)
def generate_plan(self, plan_request_id: int) -> None:  # type: ignore[no-untyped-def]
    """Generates one requested plan. Safe to run twice: the claim and the plan write are atomic."""
    if not plan_request_claim(plan_request_id=plan_request_id):
        logger.info("plan request %s is not claimable (done, failed or taken); skipping", plan_request_id)
        return
    retries = self.request.retries
    try:
        plan_generate(plan_request_id=plan_request_id)
    except ProviderUnavailable as exc:
        if retries < len(RETRY_COUNTDOWNS):
            countdown = max(RETRY_COUNTDOWNS[retries], int(exc.retry_after or 0))
            plan_request_requeue(
                plan_request_id=plan_request_id, message=f"The AI service is busy; trying again in {countdown} s…"
            )
            raise self.retry(exc=exc, countdown=countdown)
        plan_request_fail(plan_request_id=plan_request_id, error=exc.message)
    except ProviderBadResponse as exc:
        if retries < BAD_RESPONSE_RETRIES:
            plan_request_requeue(plan_request_id=plan_request_id, message="The AI's draft was unusable; asking again…")
            raise self.retry(exc=exc, countdown=5)
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
