"""Plan generation with the offline provider, excluding the worker hop.

Measures `plan_generate` (context, offline draft, scheduler, writing plan and tasks in one
transaction) for a person with weekday work commitments, on PostgreSQL.
"""

import datetime as dt
import statistics
import time

from django_bench import throwaway_database

RUNS = 15
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")


def main() -> None:
    with throwaway_database():
        from accounts.models import User
        from planning.models import PlanRequest, PlanTask
        from planning.services.generation_worker import plan_generate
        from planning.services.preferences import preferences_save
        from planning.services.quota import quota_current

        now = dt.datetime(2026, 11, 22, 10, tzinfo=dt.UTC)
        person = User.objects.create_user(email="bench@example.com", password="x" * 12, timezone="Europe/Berlin")
        preferences = preferences_save(
            user=person,
            goals_text="Write a novel draft, learn Spanish and train for a 10k.",
            task_complexity="Ambitious",
            focus_areas=["Writing", "Spanish", "Running"],
            weekend_preference="Mixed",
            fixed_commitments=[{"day": day, "start": "09:00", "end": "17:00", "label": "Work"} for day in WEEKDAYS],
        )
        quota = quota_current(user=person, now=now)
        timings, task_counts = [], []
        for _ in range(RUNS):
            plan_request = PlanRequest.objects.create(
                user=person, month_year="2026-12", preference=preferences, quota=quota
            )
            start = time.perf_counter()
            plan = plan_generate(plan_request_id=plan_request.pk, now=now)
            timings.append((time.perf_counter() - start) * 1000)
            task_counts.append(PlanTask.objects.filter(plan=plan).count())
        print(
            f"plan generation (offline provider, no worker hop): median {statistics.median(timings):.1f} ms, "
            f"best {min(timings):.1f} ms over {RUNS} runs; {task_counts[0]} tasks placed per plan"
        )


if __name__ == "__main__":
    main()
