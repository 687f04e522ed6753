"""The watchdog for plan requests whose queued message was lost.

A broker can accept a message and then lose it (Redis restarted without persistence, a
failover, a queue purged by hand): the request then waits "queued" with its generation
charged and nothing coming. The beat task (planning.tasks.recover_stuck_plan_requests)
calls this every minute. A request queued for longer than `lost_after` has its message sent
again, once for each time it waits queued; still queued `lost_after` after that, it is
failed with its quota returned.

Sending twice is safe: a message that was only late rather than lost meets a request that
the other message already claimed (the claim is one conditional UPDATE), so there is still
one plan and one charge. `lost_after` is longer than any retry's countdown, so a retry
waiting for its time is never taken for lost.
"""

import datetime as dt
import logging
from collections.abc import Callable

from planning.models import PlanRequest
from planning.services.generation_worker import plan_request_enqueue_or_refund

logger = logging.getLogger(__name__)

RESENT = "Still waiting for a worker; sent again…"
MESSAGE_LOST = (
    "Your request never reached a worker on our side. Your quota was returned; please try again in a few minutes."
)


def plan_requests_resend_lost(
    *, now: dt.datetime, lost_after: dt.timedelta, enqueue: Callable[[int], object]
) -> dict[str, int]:
    """Requests queued since before `now - lost_after`: sent again if not yet, else (sent
    again before then, and still not claimed) failed and refunded. Running it twice, or
    beside a worker claiming the request, changes nothing twice: mark_resent and
    fail_still_queued are conditional updates on a still-queued row."""
    before = now - lost_after
    waiting = PlanRequest.objects.filter(status=PlanRequest.Status.QUEUED, queued_at__lt=before)
    outcome = {"resent": 0, "failed": 0}
    for plan_request_id, resent_at in waiting.values_list("pk", "resent_at"):
        if resent_at is None:
            if PlanRequest.objects.mark_resent(plan_request_id, queued_before=before, now=now, message=RESENT):
                logger.warning("plan request %s waited queued past %s; sending it again", plan_request_id, lost_after)
                if plan_request_enqueue_or_refund(plan_request_id, enqueue):
                    outcome["resent"] += 1
                else:
                    outcome["failed"] += 1
        elif resent_at < before and PlanRequest.objects.fail_still_queued(
            plan_request_id, resent_before=before, error=MESSAGE_LOST, now=now
        ):
            logger.warning("plan request %s was sent twice and never claimed; failed and refunded", plan_request_id)
            outcome["failed"] += 1
    return outcome
