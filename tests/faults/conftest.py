"""Fixtures that take one service away: the broker, the cache. Each points a setting at a
closed port (127.0.0.1:1) for the test only; the shared servers stay up for other runs."""

import datetime as dt

import pytest

from config.celery import app as celery_app
from tests.planning.factories import PlanTaskFactory

CLOSED_PORT_REDIS = "redis://127.0.0.1:1/0"


def _forget_broker_connections() -> None:
    # Only forgotten, not closed: kombu's registry shares these pools with later tests.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def broker_down():
    """Tasks really go to a broker (eager off), and the broker does not answer."""
    conf = celery_app.conf
    saved = (conf.task_always_eager, conf.broker_url, conf.broker_write_url)
    conf.task_always_eager = False
    conf.broker_url = CLOSED_PORT_REDIS
    conf.broker_write_url = None
    _forget_broker_connections()
    try:
        yield
    finally:
        conf.task_always_eager, conf.broker_url, conf.broker_write_url = saved
        _forget_broker_connections()


@pytest.fixture
def cache_down(settings):
    """The cache (throttles, the insights debounce) points at a closed port."""
    settings.CACHES = {
        "default": {
            **settings.CACHES["default"],
            "LOCATION": CLOSED_PORT_REDIS,
        }
    }


@pytest.fixture
def planned_task(user):
    start = dt.datetime(2026, 11, 20, 9, tzinfo=dt.UTC)
    return PlanTaskFactory(
        plan__user=user,
        plan__preference__user=user,
        plan__month_year="2026-11",
        user=user,
        start_time=start,
        end_time=start + dt.timedelta(minutes=60),
    )


def activity_body(task) -> dict:
    return {
        "task": task.pk,
        "actual_start_time": "2026-11-20T09:10:00Z",
        "actual_end_time": "2026-11-20T10:00:00Z",
        "was_completed": True,
    }
