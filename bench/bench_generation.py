"""Plan generation with the offline provider, end to end and as the direct service call.

End to end: POST /api/plans/generate through the API (JWT, DRF), the enqueue on commit, a
real Celery worker process on Redis, and polling GET /api/plan-requests/{id} until the
request has succeeded. The floor, in the same run: `plan_generate` called directly
(context, offline draft, scheduler, writing plan and tasks in one transaction). The ratio
says what the queue and the HTTP round trips add.
"""

import datetime as dt
import statistics
import sys
import time
from pathlib import Path

from django_bench import throwaway_database

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

RUNS = 10
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")


def _person():
    from accounts.models import User
    from planning.services.preferences import preferences_save

    person = User.objects.create_user(email="bench@example.com", password="x" * 12, timezone="Europe/Berlin")
    preferences = preferences_save(
        user=person,
        goals_text="Write a novel draft, learn Spanish and train for a 10k.",
        task_complexity="Ambitious",
        focus_areas=["Writing", "Spanish", "Running"],
        weekend_preference="Mixed",
        fixed_commitments=[{"days": list(WEEKDAYS), "start": "09:00", "end": "17:00", "label": "Work"}],
    )
    return person, preferences


def _direct(person, preferences, month: str, now: dt.datetime) -> tuple[list[float], int]:
    from planning.models import PlanRequest, PlanTask
    from planning.services.generation_worker import plan_generate
    from planning.services.quota import quota_current

    quota = quota_current(user=person, now=now)
    timings, tasks = [], 0
    for _ in range(RUNS):
        plan_request = PlanRequest.objects.create(user=person, month_year=month, preference=preferences, quota=quota)
        start = time.perf_counter()
        plan = plan_generate(plan_request_id=plan_request.pk, now=now)
        timings.append((time.perf_counter() - start) * 1000)
        tasks = PlanTask.objects.filter(plan=plan).count()
    return timings, tasks


def _end_to_end(person, month: str) -> list[float]:
    from rest_framework.test import APIClient
    from rest_framework_simplejwt.tokens import RefreshToken

    from tests.celery_worker import celery_worker_process

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(person).access_token}")
    timings = []
    with celery_worker_process():
        for _ in range(RUNS):
            start = time.perf_counter()
            accepted = api.post("/api/plans/generate", {"month": month}, format="json")
            assert accepted.status_code == 202, accepted.content
            status_url = f"/api/plan-requests/{accepted.json()['id']}"
            while (state := api.get(status_url).json()["status"]) not in {"succeeded", "failed"}:
                time.sleep(0.005)
            assert state == "succeeded", api.get(status_url).json()
            timings.append((time.perf_counter() - start) * 1000)
    return timings


def main() -> None:
    with throwaway_database():
        from django.conf import settings

        settings.MONTHLY_GENERATION_ALLOWANCE = 10 * RUNS
        now = dt.datetime.now(dt.UTC)
        month = f"{now.year + (now.month == 12):04d}-{now.month % 12 + 1:02d}"
        person, preferences = _person()
        direct, tasks = _direct(person, preferences, month, now)
        end_to_end = _end_to_end(person, month)
        floor, median = statistics.median(direct), statistics.median(end_to_end)
        print(
            f"plan generation, direct service call (floor): median {floor:.1f} ms, best {min(direct):.1f} ms; "
            f"{tasks} sessions placed per plan"
        )
        print(
            f"plan generation end to end (HTTP -> Redis -> worker -> succeeded, polled every 5 ms): "
            f"median {median:.1f} ms, best {min(end_to_end):.1f} ms over {RUNS} runs; ratio {median / floor:.1f}x"
        )


if __name__ == "__main__":
    main()
