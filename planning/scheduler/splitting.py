"""Splitting drafted work longer than the person's longest session into parts.

A task of `minutes` real minutes (after the measured overrun) longer than the max becomes
k = ceil(minutes / max) parts of equal length on the 5-minute grid (the first ones 5
minutes longer when it does not divide), adding up to exactly `minutes`. When equal parts
would fall below the min (min 100, max 120, 130 minutes), fewer, longer parts win: the
min is the rule that keeps a session worth sitting down for. Each part is placed on a
different day; the planned minutes of the draft are shared out the same way.
"""

from __future__ import annotations

import math
from dataclasses import replace

from planning.scheduler.localtime import GRID
from planning.scheduler.types import DraftTask, ScheduleRequest, SizedTask


def session_bounds(request: ScheduleRequest) -> tuple[int, int] | None:
    if request.session_minutes is None:
        return None
    shortest, longest = request.session_minutes
    if not 0 < shortest <= longest:
        raise ValueError(f"session_minutes must be (min, max) with 0 < min <= max, got {request.session_minutes}")
    return shortest, longest


def _shares(total: int, count: int, unit: int) -> list[int]:
    units, extra = divmod(total // unit, count)
    shares = [(units + (1 if n < extra else 0)) * unit for n in range(count)]
    shares[0] += total - sum(shares)  # whatever is off the grid (planned minutes only)
    return shares


def part_count(minutes: int, bounds: tuple[int, int]) -> int:
    shortest, longest = bounds
    if minutes <= longest:
        return 1
    count = math.ceil(minutes / longest)
    while count > 1 and minutes // GRID // count * GRID < shortest:
        count -= 1
    return count


def part_task(task: DraftTask, part: int, parts: int, planned: int) -> DraftTask:
    return replace(
        task,
        key=f"{task.key}-p{part}",
        description=f"{task.description} (part {part} of {parts})",
        duration_minutes=planned,
    )


def split(sized: SizedTask, bounds: tuple[int, int] | None) -> list[SizedTask]:
    """The task itself, or its parts: same focus area, difficulty and week."""
    count = 1 if bounds is None or sized.task.duration_minutes <= 0 else part_count(sized.minutes, bounds)
    if count == 1:
        return [sized]
    real = _shares(sized.minutes, count, GRID)
    planned = _shares(sized.task.duration_minutes, count, 1)
    return [
        replace(
            sized,
            task=part_task(sized.task, n + 1, count, planned[n]),
            minutes=real[n],
            part=n + 1,
            parts=count,
            whole_minutes=sized.minutes,
        )
        for n in range(count)
    ]
