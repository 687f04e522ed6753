"""A request whose queued message the broker accepted and then lost: the watchdog sends it
again once (still one plan, one charge), and fails it with the quota returned if it is
still queued a period after that."""

import datetime as dt

import pytest
import time_machine

from planning.models import GenerationQuota, MonthlyPlan, PlanRequest
from planning.services.generation import plan_generation_request
from planning.services.generation_watchdog import MESSAGE_LOST, plan_requests_resend_lost
from planning.tasks import LOST_QUEUED_AFTER, RETRY_AFTER_CAP, generate_plan, recover_stuck_plan_requests
from tests.planning.conftest import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture
def lost_request(user, preferences, run_on_commit, monkeypatch) -> PlanRequest:
    """A generation the broker accepted (no error at enqueue) and then lost."""
    monkeypatch.setattr("planning.services.generation.enqueue_generation", lambda plan_request_id: None)
    with time_machine.travel(NOW, tick=False), run_on_commit():
        return plan_generation_request(user=user, month="2026-12")


class Broker:
    """Records what the watchdog sends; `deliver` runs the messages, `lose` drops them."""

    def __init__(self) -> None:
        self.sent: list[int] = []

    def send(self, plan_request_id: int) -> None:
        self.sent.append(plan_request_id)

    def deliver(self) -> None:
        for plan_request_id in self.sent:
            generate_plan.apply(args=[plan_request_id])


def watchdog_at(moment: dt.datetime, broker: Broker) -> dict[str, int]:
    with time_machine.travel(moment, tick=False):
        return plan_requests_resend_lost(now=moment, lost_after=LOST_QUEUED_AFTER, enqueue=broker.send)


def test_a_request_queued_for_a_minute_is_left_alone(lost_request):
    broker = Broker()
    assert watchdog_at(NOW + dt.timedelta(minutes=1), broker) == {"resent": 0, "failed": 0}
    assert broker.sent == []
    lost_request.refresh_from_db()
    assert lost_request.status == "queued"


def test_a_lost_message_is_sent_again_once_and_the_plan_is_made_with_one_charge(user, lost_request):
    broker = Broker()
    later = NOW + LOST_QUEUED_AFTER + dt.timedelta(seconds=1)
    assert watchdog_at(later, broker) == {"resent": 1, "failed": 0}
    # The next beat run finds it already sent again: nothing is sent twice.
    assert watchdog_at(later + dt.timedelta(minutes=1), broker) == {"resent": 0, "failed": 0}
    assert broker.sent == [lost_request.pk]

    broker.deliver()
    generate_plan.apply(args=[lost_request.pk])  # the first message after all, only late
    lost_request.refresh_from_db()
    assert lost_request.status == "succeeded"
    assert lost_request.attempts == 1
    assert MonthlyPlan.objects.filter(user=user).count() == 1
    assert GenerationQuota.objects.get(user=user).generations_used == 1


def test_a_request_still_queued_after_being_sent_again_is_failed_and_its_quota_returned(user, lost_request):
    broker = Broker()  # loses the second message too
    resent = NOW + LOST_QUEUED_AFTER + dt.timedelta(seconds=1)
    assert watchdog_at(resent, broker) == {"resent": 1, "failed": 0}
    assert watchdog_at(resent + LOST_QUEUED_AFTER - dt.timedelta(seconds=1), broker) == {"resent": 0, "failed": 0}
    assert watchdog_at(resent + LOST_QUEUED_AFTER + dt.timedelta(seconds=1), broker) == {"resent": 0, "failed": 1}
    assert watchdog_at(resent + 3 * LOST_QUEUED_AFTER, broker) == {"resent": 0, "failed": 0}

    lost_request.refresh_from_db()
    assert (lost_request.status, lost_request.error, lost_request.quota_refunded) == ("failed", MESSAGE_LOST, True)
    assert GenerationQuota.objects.get(user=user).generations_used == 0
    broker.deliver()  # a message that turns up after all makes no plan and charges nothing
    assert MonthlyPlan.objects.filter(user=user).count() == 0
    assert GenerationQuota.objects.get(user=user).generations_used == 0
    assert broker.sent == [lost_request.pk]


def test_a_request_claimed_after_being_sent_again_is_not_failed(user, lost_request):
    broker = Broker()
    resent = NOW + LOST_QUEUED_AFTER + dt.timedelta(seconds=1)
    watchdog_at(resent, broker)
    with time_machine.travel(resent + dt.timedelta(seconds=30), tick=False):
        assert PlanRequest.objects.claim(lost_request.pk, now=resent + dt.timedelta(seconds=30))
    assert watchdog_at(resent + 2 * LOST_QUEUED_AFTER, broker) == {"resent": 0, "failed": 0}
    lost_request.refresh_from_db()
    assert lost_request.status == "running"
    assert GenerationQuota.objects.get(user=user).generations_used == 1


def test_a_retry_waiting_out_its_countdown_is_not_taken_for_lost(lost_request):
    claimed = NOW + dt.timedelta(seconds=5)
    PlanRequest.objects.claim(lost_request.pk, now=claimed)
    requeued = claimed + dt.timedelta(seconds=200)  # a long attempt, then a busy model
    PlanRequest.objects.requeue(lost_request.pk, message="The AI service is busy; trying again in 120 s…", now=requeued)
    broker = Broker()
    assert watchdog_at(requeued + dt.timedelta(seconds=RETRY_AFTER_CAP), broker) == {"resent": 0, "failed": 0}
    # Its retry lost too: sent again like a new request's.
    assert watchdog_at(requeued + LOST_QUEUED_AFTER + dt.timedelta(seconds=1), broker) == {"resent": 1, "failed": 0}


def test_the_beat_task_sends_a_lost_request_again_and_the_worker_makes_the_plan(user, lost_request):
    # Tasks run in-process in the test settings: the message sent again runs at once.
    with time_machine.travel(NOW + LOST_QUEUED_AFTER + dt.timedelta(seconds=1), tick=False):
        outcome = recover_stuck_plan_requests()
    assert outcome == {"requeued": 0, "failed": 0, "resent": 1, "failed_queued": 0}
    lost_request.refresh_from_db()
    assert lost_request.status == "succeeded"
    assert MonthlyPlan.objects.filter(user=user).count() == 1
    assert GenerationQuota.objects.get(user=user).generations_used == 1
