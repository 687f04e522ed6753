"""A worker killed (SIGKILL) in the middle of a generation: the request does not sit
"running" for the broker's hour; it finishes with exactly one plan and one charge."""

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from config.celery import app as celery_app
from planning.models import GenerationQuota, MonthlyPlan, PlanRequest
from planning.services.generation_worker import plan_requests_recover_stuck
from planning.tasks import STUCK_AFTER, generate_plan
from tests.celery_worker import ROOT, _database_url, wait_for, worker_log_path
from tests.clock import month_from_now
from tests.factories import UserFactory
from tests.fakes.chat_server import ChatServer, Reply, Slow
from tests.planning.factories import PreferencesFactory
from tests.planning.test_openai_pipeline import DRAFT

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


@contextmanager
def private_queue() -> Iterator[str]:
    queue = f"test-{uuid.uuid4().hex[:12]}"
    saved = (celery_app.conf.task_always_eager, celery_app.conf.task_default_queue)
    celery_app.conf.task_always_eager, celery_app.conf.task_default_queue = False, queue
    try:
        yield queue
    finally:
        celery_app.conf.task_always_eager, celery_app.conf.task_default_queue = saved


@contextmanager
def worker(queue: str, *, chat_url: str, pool: str = "solo") -> Iterator[subprocess.Popen]:
    """A worker on `queue` whose AI provider is the fake chat server; yields the process so
    the test can kill it."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "DATABASE_URL": _database_url(),
        "DATABASE_POOL": "false",
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "AI_PROVIDER": "openai",
        "OPENAI_API_KEY": "test-key",
        "OPENAI_BASE_URL": chat_url,
        "OPENAI_TIMEOUT": "120",
        "OPENAI_MAX_RETRIES": "0",
    }
    log_path = worker_log_path(f"{queue}-{uuid.uuid4().hex[:4]}")
    log_path.parent.mkdir(exist_ok=True)
    with log_path.open("w+") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", f"--pool={pool}", "--concurrency=1",
             "--without-mingle", "--without-gossip", "--without-heartbeat", "-Q", queue, "--loglevel=INFO",
             "-n", f"{log_path.stem}@%h"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            wait_for(lambda: "ready." in log_path.read_text() or process.poll() is not None, timeout=30)
            assert process.poll() is None, log_path.read_text()[-3000:]
            yield process
        finally:
            if process.poll() is None:
                process.terminate()
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()


def _children(pid: int) -> list[int]:
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


@pytest.fixture
def person():
    person = UserFactory()
    PreferencesFactory(user=person)
    return person


def _ask_for_a_plan(person) -> PlanRequest:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(person).access_token}")
    response = api.post("/api/plans/generate", {"month": month_from_now(timezone=person.timezone)}, format="json")
    assert response.status_code == 202, response.json()
    return PlanRequest.objects.get(pk=response.json()["id"])


def _status(plan_request: PlanRequest) -> str:
    return PlanRequest.objects.values_list("status", flat=True).get(pk=plan_request.pk)


def _assert_one_plan_one_charge(person, plan_request: PlanRequest) -> None:
    plan_request.refresh_from_db()
    assert plan_request.status == "succeeded", (plan_request.status, plan_request.error)
    assert MonthlyPlan.objects.filter(user=person).count() == 1
    assert MonthlyPlan.objects.get(user=person).request_id == plan_request.pk
    assert GenerationQuota.objects.get(user=person).generations_used == 1
    assert not plan_request.quota_refunded


def test_a_worker_killed_mid_generation_is_recovered_by_the_watchdog_with_one_plan_and_one_charge(person):
    with ChatServer() as server, private_queue() as queue:
        # The first call hangs (the worker dies in it); the retry is answered at once.
        server.script(Slow(60, then=Reply(json.dumps(DRAFT))), Reply(json.dumps(DRAFT)))
        with worker(queue, chat_url=server.base_url) as doomed:
            plan_request = _ask_for_a_plan(person)
            wait_for(lambda: len(server.requests) == 1 and _status(plan_request) == "running")
            doomed.send_signal(signal.SIGKILL)
            doomed.wait(timeout=10)
        killed = time.monotonic()
        time.sleep(1)
        assert _status(plan_request) == "running"  # the dead worker's claim, until the watchdog

        # The beat watchdog, as it runs once the hard time limit (and its grace) has passed.
        later = timezone.now() + STUCK_AFTER + timedelta(seconds=1)
        assert plan_requests_recover_stuck(now=later, stuck_after=STUCK_AFTER, enqueue=generate_plan.delay) == {
            "requeued": 1,
            "failed": 0,
        }
        assert _status(plan_request) == "queued"
        with worker(queue, chat_url=server.base_url):
            wait_for(lambda: _status(plan_request) in {"succeeded", "failed"}, timeout=60)
            recovered = time.monotonic() - killed
            # Running the watchdog again finds nothing to do.
            assert plan_requests_recover_stuck(now=later, stuck_after=STUCK_AFTER, enqueue=generate_plan.delay) == {
                "requeued": 0,
                "failed": 0,
            }
        assert len(server.requests) == 2
    _assert_one_plan_one_charge(person, plan_request)
    assert PlanRequest.objects.get(pk=plan_request.pk).attempts == 2
    print(
        f"\nwatchdog recovery after SIGKILL: {recovered:.1f} s (plus {STUCK_AFTER.total_seconds():.0f} s + beat period)"
    )


def test_a_pool_child_killed_mid_generation_is_redelivered_and_taken_over_at_once(person):
    with ChatServer() as server, private_queue() as queue:
        server.script(Slow(60, then=Reply(json.dumps(DRAFT))), Reply(json.dumps(DRAFT)))
        with worker(queue, chat_url=server.base_url, pool="prefork") as parent:
            plan_request = _ask_for_a_plan(person)
            wait_for(lambda: len(server.requests) == 1 and _status(plan_request) == "running")
            (child,) = _children(parent.pid)
            os.kill(child, signal.SIGKILL)
            killed = time.monotonic()
            # reject_on_worker_lost puts the message back; the new child takes the request over.
            wait_for(lambda: _status(plan_request) in {"succeeded", "failed"}, timeout=60)
            recovered = time.monotonic() - killed
        assert len(server.requests) == 2
    _assert_one_plan_one_charge(person, plan_request)
    assert PlanRequest.objects.get(pk=plan_request.pk).attempts == 2
    print(f"\nredelivery recovery after SIGKILL of the pool child: {recovered:.1f} s")
