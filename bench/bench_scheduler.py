"""Benchmark of the scheduler on a busy month: 150 drafted tasks around 20 weekly
commitments, with per-weekday working hours (a late Friday window past midnight), a
15-minute buffer, sessions of 25-90 minutes (longer work split) and the sessions a day
raised to 6 (4 x 31 days would not hold 150). Standalone (no Django); run from the
project root:

    .venv/bin/python bench/bench_scheduler.py [--runs 20]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time as clock
from dataclasses import replace
from datetime import UTC, datetime, time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from planning.scheduler import (
    Commitment,
    DraftTask,
    PeakWindow,
    ScheduleRequest,
    WorkingWindow,
    commitment_intervals,
    schedule_month,
)

TARGET_MS = 20.0  # the budget is 1 s; this is what "stay fast" means here
AREAS = ("writing", "fitness", "spanish", "guitar", "finances", "reading")
DIFFICULTIES = ("hard", "medium", "easy", "medium", "hard", "easy")
DURATIONS = (30, 45, 60, 90, 30, 60, 45)
WORKING_HOURS = (
    *(WorkingWindow(day, time(7), time(21)) for day in range(4)),
    WorkingWindow(4, time(7), time(1)),  # Friday runs past midnight
    WorkingWindow(5, time(8), time(20)),
    WorkingWindow(6, time(9), time(18)),
)


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
        working_hours=WORKING_HOURS,
        peak_windows=(PeakWindow(7, 9), PeakWindow(15, 18)),
        peak_source="stated",
        duration_multipliers={"writing": 1.3, "guitar": 0.8},
        buffer_minutes=15,
        session_minutes=(25, 90),  # 90-minute writing runs 115 with its overrun: split
        max_sessions_per_day=6,
    )


def derived_peaks_request() -> ScheduleRequest:
    """The same month with no peak windows: the scheduler derives them."""
    return replace(busy_month_request(), peak_windows=())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    runs = parser.parse_args().runs
    for name, request in (("stated peaks", busy_month_request()), ("derived peaks", derived_peaks_request())):
        schedule_month(request)  # warm-up: imports, zoneinfo caches
        timings = []
        for _ in range(runs):
            started = clock.perf_counter()
            schedule = schedule_month(request)
            timings.append((clock.perf_counter() - started) * 1000)
        # The floor, in the same run: expanding the month's commitments, the first thing any
        # placement of this month has to do.
        floors = []
        for _ in range(runs):
            started = clock.perf_counter()
            commitment_intervals(
                year=request.year, month=request.month, timezone=request.timezone, commitments=request.commitments
            )
            floors.append((clock.perf_counter() - started) * 1000)
        median, floor = statistics.median(timings), statistics.median(floors)
        print(
            f"scheduler ({name}): {len(request.tasks)} tasks, {len(request.commitments)} commitments: "
            f"median {median:.1f} ms, best {min(timings):.1f} ms (target < {TARGET_MS:.0f} ms), "
            f"placed {len(schedule.placements)}, unplaced {len(schedule.unplaced)}, advice {len(schedule.advice)}; "
            f"floor (expanding the commitments) {floor:.2f} ms, ratio {median / floor:.0f}x"
        )


if __name__ == "__main__":
    main()
