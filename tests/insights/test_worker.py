"""With a real Celery worker process: activity logged through the API updates insights."""

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from insights.models import Insight
from tests.celery_worker import ROOT, celery_worker_process, wait_for
from tests.insights.factories import plan_for
from tests.planning.factories import PlanTaskFactory

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def _past_tasks(user, count: int, *, hour: int):
    """`count` one-hour tasks at `hour` local on the days before today, newest first."""
    zone = ZoneInfo(user.timezone)
    today = timezone.now().astimezone(zone).date()
    plan = plan_for(user, f"{today:%Y-%m}")
    starts = [
        dt.datetime.combine(today - dt.timedelta(days=back), dt.time(hour), tzinfo=zone) for back in range(1, count + 1)
    ]
    return [
        PlanTaskFactory(plan=plan, user=user, start_time=start, end_time=start + dt.timedelta(hours=1))
        for start in starts
    ]


def _post_log(api, task, *, minutes: int = 60, completed: bool = True) -> None:
    response = api.post(
        "/api/activity",
        {
            "task": task.pk,
            "actual_start_time": task.start_time.isoformat(),
            "actual_end_time": (task.start_time + dt.timedelta(minutes=minutes)).isoformat(),
            "was_completed": completed,
        },
        format="json",
    )
    assert response.status_code == 201, response.content


def _peak(user) -> dict | None:
    row = Insight.objects.filter(user=user, insight_type="PeakEnergy").first()
    return row.insight_value if row else None


def _recomputations_run(queue: str) -> int:
    log = Path(ROOT / "test-artifacts" / f"celery-{queue}.log").read_text()
    return sum(
        1 for line in log.splitlines() if "insights.tasks.recompute_user_insights[" in line and "succeeded" in line
    )


def test_logging_activity_through_the_api_updates_insights_in_the_worker(user, api, settings):
    settings.INSIGHTS_RECOMPUTE_DELAY_SECONDS = 0
    mornings = _past_tasks(user, 10, hour=9)

    with celery_worker_process():
        for task in mornings[:5]:
            _post_log(api, task)
        first = wait_for(lambda: (value := _peak(user)) and value["sample_size"] == 5 and value)
        assert [w["label"] for w in first["best_windows"]] == ["08:00–11:00"]

        for task in mornings[5:]:
            _post_log(api, task, minutes=90)
        wait_for(lambda: (value := _peak(user)) and value["sample_size"] == 10)

    assert Insight.objects.filter(user=user).count() == 4
    duration = Insight.objects.get(user=user, insight_type="SessionDuration").insight_value
    assert duration["multipliers"] == {"Writing": 1.25}


def test_a_burst_of_twenty_logs_causes_one_recomputation_in_the_worker(user, api, settings):
    settings.INSIGHTS_RECOMPUTE_DELAY_SECONDS = 3
    tasks = _past_tasks(user, 20, hour=10)

    with celery_worker_process() as queue:
        for task in tasks:
            _post_log(api, task)
        wait_for(lambda: (value := _peak(user)) and value["sample_size"] == 20, timeout=30)

    assert _recomputations_run(queue) == 1
