"""Re-placing missed sessions, as the "Re-place missed sessions" button does in a web request.

A month of 150 sessions around weekday work, half of the first two weeks missed, on
PostgreSQL. Each run re-places them inside a transaction that is rolled back, so every run
starts from the same month. The floor, in the same run: reading the month's sessions once
(the query the service starts with). Target: at most 200 ms median.
"""

import datetime as dt
import statistics
import time

from django_bench import throwaway_database

RUNS = 15
TARGET_MS = 200
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")


class Rollback(Exception):
    pass


def main() -> None:
    with throwaway_database():
        from django.db import transaction

        from accounts.models import User
        from planning.models import PlanRequest, PlanTask
        from planning.selectors import plan_tasks_in_range
        from planning.services.generation_worker import plan_generate
        from planning.services.missed import plan_tasks_reschedule_missed
        from planning.services.preferences import preferences_save
        from planning.services.quota import quota_current

        planned_at = dt.datetime(2026, 11, 22, 10, tzinfo=dt.UTC)
        person = User.objects.create_user(email="bench@example.com", password="x" * 12, timezone="Europe/Berlin")
        preferences = preferences_save(
            user=person,
            goals_text="Write a novel draft, learn Spanish and train for a 10k.",
            task_complexity="Ambitious",
            focus_areas=["Writing", "Spanish", "Running"],
            weekend_preference="Work",
            fixed_commitments=[{"days": list(WEEKDAYS), "start": "09:00", "end": "17:00", "label": "Work"}],
            max_sessions_per_day=6,
        )
        plan_request = PlanRequest.objects.create(
            user=person, month_year="2026-12", preference=preferences, quota=quota_current(user=person, now=planned_at)
        )
        plan = plan_generate(plan_request_id=plan_request.pk, now=planned_at)
        now = dt.datetime(2026, 12, 16, 6, tzinfo=dt.UTC)
        past = list(PlanTask.objects.filter(plan=plan, end_time__lt=now).order_by("start_time"))
        PlanTask.objects.filter(pk__in=[task.pk for task in past[::2]]).update(is_completed=True)
        total, missed = PlanTask.objects.filter(plan=plan).count(), len(past) - len(past[::2])

        start, end = dt.datetime(2026, 12, 1, tzinfo=dt.UTC), dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
        floors, timings, moved = [], [], 0
        for _ in range(RUNS):
            begin = time.perf_counter()
            list(plan_tasks_in_range(user=person, start=start, end=end))
            floors.append((time.perf_counter() - begin) * 1000)
            try:
                with transaction.atomic():
                    begin = time.perf_counter()
                    outcome = plan_tasks_reschedule_missed(user=person, now=now)
                    timings.append((time.perf_counter() - begin) * 1000)
                    moved = len(outcome.moved)
                    raise Rollback
            except Rollback:
                pass
        median, floor = statistics.median(timings), statistics.median(floors)
        print(
            f"re-place missed sessions ({missed} missed of {total}, {moved} moved): median {median:.1f} ms, "
            f"best {min(timings):.1f} ms over {RUNS} runs; floor (reading the month) {floor:.1f} ms, "
            f"ratio {median / floor:.0f}x; target {TARGET_MS} ms: {'met' if median <= TARGET_MS else 'MISSED'}"
        )


if __name__ == "__main__":
    main()
