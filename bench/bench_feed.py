"""The iCal feed as calendar apps poll it: a full build against a conditional GET that finds
nothing new (304), through the whole Django stack on PostgreSQL.

One person with 602 sessions in the feed's window (43 in each of the 14 months from two
back to eleven ahead, the size the issue measured at 208 ms a poll). Each run asks for the
feed without validators (the full build: the person, the version aggregate, the sessions,
every VEVENT and the VTIMEZONE), then with the ETag it got (the person and the aggregate
only). Target: the 304 at most a tenth of the full build.
"""

import datetime as dt
import statistics
import time

from django_bench import throwaway_database

RUNS = 30
SESSIONS_A_MONTH = 43
TARGET_RATIO = 10


def _fill(person, now: dt.datetime) -> int:
    from planning.models import MonthlyPlan, PlanTask, Preferences
    from planning.months import add_months, local_month_of, month_key, month_start

    preference = Preferences.objects.create(user=person, goals_text="Bench", focus_areas=["Writing", "Running"])
    year, month = local_month_of(now, person.timezone)
    tasks = []
    for offset in range(-2, 12):
        key = month_key(*add_months(year, month, offset))
        plan = MonthlyPlan.objects.create(
            user=person,
            preference=preference,
            month_year=key,
            ai_prompt="",
            ai_response_raw="{}",
            monthly_summary="Bench",
            provider="offline",
            model_name="bench",
        )
        first = month_start(*add_months(year, month, offset), person.timezone)
        for index in range(SESSIONS_A_MONTH):
            start = first + dt.timedelta(hours=8 + 16 * index)
            tasks.append(
                PlanTask(
                    plan=plan,
                    user=person,
                    task_key=f"w{index // 10 + 1}-t{index}",
                    task_description=f"Session {index} of {key}",
                    focus_area=("Writing", "Running")[index % 2],
                    start_time=start,
                    end_time=start + dt.timedelta(minutes=45 + 15 * (index % 4)),
                    difficulty_level=("easy", "medium", "hard")[index % 3],
                    scheduling_reason="Placed in free time after work, in your peak window.",
                )
            )
    return len(PlanTask.objects.bulk_create(tasks))


def main() -> None:
    with throwaway_database():
        from django.test import Client
        from django.utils import timezone

        from accounts.models import User

        person = User.objects.create_user(email="feed@example.com", password="x" * 12, timezone="Europe/Berlin")
        sessions = _fill(person, timezone.now())
        client, url = Client(), f"/calendar/{person.calendar_secret}.ics"
        full, not_modified, size = [], [], 0
        for _ in range(RUNS):
            begin = time.perf_counter()
            response = client.get(url)
            full.append((time.perf_counter() - begin) * 1000)
            assert response.status_code == 200, response.status_code
            size = len(response.content)
            begin = time.perf_counter()
            again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
            not_modified.append((time.perf_counter() - begin) * 1000)
            assert again.status_code == 304, again.status_code
        events = response.content.count(b"BEGIN:VEVENT")
        assert events == sessions, (events, sessions)
        built, cached = statistics.median(full), statistics.median(not_modified)
        ratio = built / cached
        print(
            f"feed, full build ({events} events, {size // 1024} KiB): median {built:.1f} ms, best {min(full):.1f} ms; "
            f"304 on a matching ETag: median {cached:.2f} ms, best {min(not_modified):.2f} ms over {RUNS} runs; "
            f"ratio {ratio:.0f}x; target {TARGET_RATIO}x: {'met' if ratio >= TARGET_RATIO else 'MISSED'}"
        )


if __name__ == "__main__":
    main()
