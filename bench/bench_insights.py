"""Benchmark of insight recomputation on PostgreSQL. Run from the project root:

    .venv/bin/python bench/bench_insights.py [--rows 10000] [--people 10000] [--logs-per-person 20]

It creates a throwaway database (`bench_insights_<pid>`, on the server of DATABASE_URL, by
default the test server 127.0.0.1:5432), fills it with bulk_create, measures, and drops it.
Two numbers:

1. one person with `--rows` activity rows: the wall time of `insights_recompute` (all four
   insights: three aggregate queries and one upsert), median of `--runs` runs; target < 100 ms.
2. the nightly fan-out for `--people` people: `recompute_all_insights` only queues one chunk
   task per 500 people; the work is the chunk task's body (`recompute_people`). Here every
   chunk body runs one after the other in this one process, which is what one worker process
   (solo pool, one database connection) does with its share of the chunks. People per second
   per worker = people / total time of all chunk bodies; N workers share the chunks, so the
   night's work takes about people / (N x that rate) seconds while the database keeps up.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from itertools import batched
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

TARGET_MS = 100.0
AREAS = ("Writing", "Fitness", "Spanish", "Guitar", "Finances")
DIFFICULTIES = ("easy", "medium", "hard")
ZONES = ("Europe/London", "America/New_York", "Asia/Tokyo", "Europe/Berlin", "Australia/Sydney")
BATCH = 5000


def _people(count: int, prefix: str) -> list:
    from accounts.models import User

    users = [
        User(email=f"{prefix}{index}@bench.example", timezone=ZONES[index % len(ZONES)], password="!")
        for index in range(count)
    ]
    return User.objects.bulk_create(users, batch_size=BATCH)


def _plans(people: list) -> list:
    from planning.models import MonthlyPlan, Preferences

    preferences = Preferences.objects.bulk_create(
        [Preferences(user=person, goals_text="Bench", focus_areas=list(AREAS)) for person in people], batch_size=BATCH
    )
    return MonthlyPlan.objects.bulk_create(
        [
            MonthlyPlan(
                user=person,
                preference=preference,
                month_year="2026-10",
                ai_prompt="",
                ai_response_raw="{}",
                monthly_summary="Bench",
                provider="offline",
                model_name="bench",
            )
            for person, preference in zip(people, preferences, strict=True)
        ],
        batch_size=BATCH,
    )


def _history(plans: list, per_plan: int, *, now: dt.datetime) -> int:
    """`per_plan` sessions per person over the past months: mornings mostly finished,
    evenings mostly not, writing overrunning by half."""
    from insights.models import ActivityLog
    from planning.models import PlanTask

    written = 0
    for chunk in batched(plans, max(1, BATCH // max(per_plan, 1))):
        tasks = []
        for plan in chunk:
            zone = ZoneInfo(plan.user.timezone)
            for index in range(per_plan):
                day = (now - dt.timedelta(days=1 + index * 300 // max(per_plan, 1))).astimezone(zone).date()
                hour = (8, 10, 14, 19, 21)[index % 5]
                start = dt.datetime.combine(day, dt.time(hour), tzinfo=zone)
                tasks.append(
                    PlanTask(
                        plan=plan,
                        user=plan.user,
                        task_key=f"b{index}",
                        task_description=f"Session {index}",
                        focus_area=AREAS[index % len(AREAS)],
                        start_time=start,
                        end_time=start + dt.timedelta(minutes=60),
                        difficulty_level=DIFFICULTIES[index % 3],
                        scheduling_reason="Bench",
                    )
                )
        PlanTask.objects.bulk_create(tasks, batch_size=BATCH)
        logs = []
        for index, task in enumerate(tasks):
            overrun = 90 if task.focus_area == "Writing" else 55 + index % 15
            finished = task.start_time.hour < 17 or index % 4 == 0
            logs.append(
                ActivityLog(
                    user=task.user,
                    task=task,
                    actual_start_time=task.start_time + dt.timedelta(minutes=index % 20),
                    actual_end_time=task.start_time + dt.timedelta(minutes=index % 20 + overrun),
                    duration_deviation=overrun - 60,
                    was_completed=finished,
                )
            )
        ActivityLog.objects.bulk_create(logs, batch_size=BATCH)
        written += len(logs)
    return written


def bench_one_person(rows: int, runs: int, now: dt.datetime) -> None:
    from zoneinfo import ZoneInfo

    from django.db.models import Count, Sum
    from django.db.models.functions import ExtractHour

    from insights.computation import insights_recompute
    from insights.models import ActivityLog

    started = time.perf_counter()
    (person,) = _people(1, "solo")
    _history(_plans([person]), rows, now=now)
    connection.cursor().execute("ANALYZE")
    print(f"  data: 1 person, {rows:,} activity rows + plan tasks ({time.perf_counter() - started:.1f} s to write)")

    with CaptureQueriesContext(connection) as queries:
        values = insights_recompute(user=person, now=now)
    timings = []
    for _ in range(runs):
        began = time.perf_counter()
        insights_recompute(user=person, now=now)
        timings.append((time.perf_counter() - began) * 1000)
    # The floor, in the same run: one pass over the person's rows in SQL (count and total
    # minutes by local hour), the least any recomputation has to read.
    floors = []
    for _ in range(runs):
        began = time.perf_counter()
        list(
            ActivityLog.objects.filter(user=person)
            .annotate(hour=ExtractHour("actual_start_time", tzinfo=ZoneInfo(person.timezone)))
            .values("hour")
            .annotate(count=Count("id"), late=Sum("duration_deviation"))
        )
        floors.append((time.perf_counter() - began) * 1000)
    median = statistics.median(timings)
    print(f"  queries per recomputation: {len(queries.captured_queries)}")
    print(
        f"  floor (one pass over the rows by hour): median {statistics.median(floors):.1f} ms, "
        f"ratio {median / statistics.median(floors):.1f}x"
    )
    print(
        f"  recompute one person: median {median:.1f} ms, min {min(timings):.1f} ms, max {max(timings):.1f} ms "
        f"over {runs} runs -> {'OK' if median < TARGET_MS else 'SLOWER THAN'} target {TARGET_MS:.0f} ms"
    )
    peak = values["PeakEnergy"]["best_windows"]
    print(
        f"  sanity: peak windows {[w['label'] for w in peak]}, multipliers {values['SessionDuration']['multipliers']}"
    )


def bench_fan_out(people: int, per_person: int, now: dt.datetime) -> None:
    from unittest import mock

    from insights import tasks
    from insights.selectors import people_with_insights_or_activity

    started = time.perf_counter()
    crowd = _people(people, "crowd")
    rows = _history(_plans(crowd), per_person, now=now)
    connection.cursor().execute("ANALYZE")
    print(
        f"  data: {people:,} people x {per_person} activity rows = {rows:,} rows "
        f"({time.perf_counter() - started:.1f} s to write)"
    )

    # The beat task itself: enumerate people and queue chunks (queueing replaced by a list).
    queued: list[list[str]] = []
    with mock.patch.object(tasks.recompute_insights_chunk, "delay", side_effect=queued.append):
        began = time.perf_counter()
        chunks = tasks.recompute_all_insights()
        dispatch = time.perf_counter() - began
    print(
        f"  recompute_all_insights: {chunks} chunk tasks of <= {tasks.NIGHTLY_CHUNK_SIZE} people queued "
        f"in {dispatch * 1000:.0f} ms"
    )
    assert sum(len(chunk) for chunk in queued) == people + 1  # + the person of part 1

    per_chunk = []
    began = time.perf_counter()
    for chunk in queued:
        chunk_began = time.perf_counter()
        tasks.recompute_people(chunk)
        per_chunk.append(time.perf_counter() - chunk_began)
    total = time.perf_counter() - began
    done = sum(len(chunk) for chunk in queued)
    print(
        f"  chunk bodies, in-process, one after another: {done:,} people in {total:.1f} s "
        f"(median chunk {statistics.median(per_chunk):.2f} s)"
    )
    print(f"  throughput: {done / total:,.0f} people per second per worker")
    assert sum(1 for _ in people_with_insights_or_activity()) == done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=10_000, help="activity rows of the one person")
    parser.add_argument("--runs", type=int, default=9, help="timed recomputations of the one person")
    parser.add_argument("--people", type=int, default=10_000, help="people in the nightly fan-out")
    parser.add_argument("--logs-per-person", type=int, default=20, help="activity rows per person in the fan-out")
    args = parser.parse_args()

    settings.DEBUG = False  # no query log: it would cost memory and time
    database = f"bench_insights_{os.getpid()}"
    connection.settings_dict.setdefault("TEST", {})["NAME"] = database
    if connection.vendor != "postgresql":
        sys.exit("This benchmark needs PostgreSQL (set DATABASE_URL).")
    original = connection.settings_dict["NAME"]
    print(f"Insights benchmark on PostgreSQL, throwaway database {database}")
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        now = dt.datetime.now(dt.UTC)
        print("1. Recomputing one person's four insights")
        bench_one_person(args.rows, args.runs, now)
        print("2. Nightly fan-out (recompute_all_insights -> recompute_insights_chunk bodies)")
        bench_fan_out(args.people, args.logs_per_person, now)
    finally:
        connection.creation.destroy_test_db(original, verbosity=0)


if __name__ == "__main__":
    main()
