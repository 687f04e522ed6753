"""Benchmark of the scheduler on a busy month: 150 drafted tasks around 20 weekly
commitments. Standalone (no Django); run from the project root:

    .venv/bin/python bench/bench_scheduler.py [--runs 20]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time as clock
from datetime import UTC, datetime, time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from planning.scheduler import (
    Commitment,
    DraftTask,
    PeakWindow,
    ScheduleRequest,
    schedule_month,
)

TARGET_MS = 20.0
AREAS = ("writing", "fitness", "spanish", "guitar", "finances", "reading")
DIFFICULTIES = ("hard", "medium", "easy", "medium", "hard", "easy")
DURATIONS = (30, 45, 60, 90, 30, 60, 45)


def busy_month_request() -> ScheduleRequest:
    commitments: list[Commitment] = []
    for day in range(5):  # 15 weekday slots: work mornings, a long lunch, evening meal
        commitments.append(Commitment(day, time(9), time(12), "Work"))
        commitments.append(Commitment(day, time(13), time(15), "Work"))
        commitments.append(Commitment(day, time(18), time(19), "Dinner"))
    commitments.append(Commitment(1, time(20), time(21), "Choir"))
    commitments.append(Commitment(3, time(20), time(21), "Choir"))
    commitments.append(Commitment(4, time(22), time(2), "Night shift"))  # overnight
    commitments.append(Commitment(5, time(10), time(12), "Market"))
    commitments.append(Commitment(6, time(10), time(12), "Family lunch"))
    tasks = tuple(
        DraftTask(
            key=f"w{index % 4 + 1}-t{index}",
            description=f"Session {index}",
            focus_area=AREAS[index % len(AREAS)],
            duration_minutes=DURATIONS[index % len(DURATIONS)],
            difficulty=DIFFICULTIES[index % len(DIFFICULTIES)],
            week=(index % 4 + 1) if index % 3 == 0 else None,
        )
        for index in range(150)
    )
    assert len(commitments) == 20
    return ScheduleRequest(
        year=2026,
        month=3,  # has the US spring-forward change in it
        timezone="America/New_York",
        not_before=datetime(2026, 2, 20, tzinfo=UTC),
        tasks=tasks,
        commitments=tuple(commitments),
        weekend_preference="Work",
        complexity="Ambitious",
        working_window=(time(7), time(21)),
        peak_windows=(PeakWindow(7, 9), PeakWindow(15, 18)),
        duration_multipliers={"writing": 1.3, "guitar": 0.8},
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    runs = parser.parse_args().runs
    request = busy_month_request()
    schedule_month(request)  # warm-up: imports, zoneinfo caches
    timings = []
    for _ in range(runs):
        started = clock.perf_counter()
        schedule = schedule_month(request)
        timings.append((clock.perf_counter() - started) * 1000)
    median = statistics.median(timings)
    print(
        f"scheduler: {len(request.tasks)} tasks, {len(request.commitments)} commitments: "
        f"median {median:.1f} ms, best {min(timings):.1f} ms (target < {TARGET_MS:.0f} ms), "
        f"placed {len(schedule.placements)}, unplaced {len(schedule.unplaced)}"
    )


if __name__ == "__main__":
    main()
