"""Splitting drafted work longer than the person's longest session into parts.

A task of `minutes` real minutes (after the measured overrun) longer than the max becomes
k = ceil(minutes / max) parts of equal length on the 5-minute grid (the first ones 5
minutes longer when it does not divide), adding up to exactly `minutes`. When equal parts
would fall below the min (min 100, max 120, 130 minutes), fewer, longer parts win: the
min is the rule that keeps a session worth sitting down for. Each part is placed on a
different day; the planned minutes of the draft are shared out the same way, and so is a
target that starts with an amount ("1,250 words": 625 words a part); any other target
("song 2: first half") says which part it is.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace

from planning.scheduler.localtime import GRID
from planning.scheduler.types import DESCRIPTION_MAX_LENGTH, TARGET_MAX_LENGTH, DraftTask, ScheduleRequest, SizedTask

# "1,250 words", "8.5 km", "€125", "CHF 100": a short prefix, a whole or one-decimal amount, the rest.
_AMOUNT = re.compile(
    r"(?P<prefix>[^\d\s]{0,3}\s?)(?P<number>\d{1,3}(?:,\d{3})+|\d+)(?:\.(?P<tenth>\d))?(?P<rest>\s.*|)"
)


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


def _amount_share(match: re.Match[str], part: int, parts: int) -> str | None:
    """This part's share of the amount, the first parts one unit more when it does not
    divide; None when a part would get less than 2 whole units (no "1 rounds")."""
    decimal = match["tenth"] is not None
    units = int(match["number"].replace(",", "")) * (10 if decimal else 1) + int(match["tenth"] or 0)
    base, extra = divmod(units, parts)
    if base < (1 if decimal else 2):
        return None
    share = base + (1 if part <= extra else 0)
    if decimal:
        return f"{share // 10}.{share % 10}"
    return f"{share:,}" if "," in match["number"] else str(share)


def part_target(target: str, part: int, parts: int) -> str:
    """What one part of a split session aims at: its share of an amount, or the target as
    it is, with which part this is."""
    if not target:
        return ""
    suffix = f" (part {part} of {parts})"
    match = _AMOUNT.fullmatch(target)
    share = _amount_share(match, part, parts) if match else None
    if match and share is not None:
        text = f"{match['prefix']}{share}{match['rest']}{suffix}"
        if len(text) <= TARGET_MAX_LENGTH:
            return text
    return _with_suffix(target, suffix, TARGET_MAX_LENGTH)


def _with_suffix(text: str, suffix: str, limit: int) -> str:
    """`text` and `suffix` within `limit` characters, the text shortened with an ellipsis."""
    room = limit - len(suffix)
    return (text if len(text) <= room else f"{text[: room - 1].rstrip()}\u2026") + suffix


def part_task(task: DraftTask, part: int, parts: int, planned: int) -> DraftTask:
    return replace(
        task,
        key=f"{task.key}-p{part}",
        # The session's column holds DESCRIPTION_MAX_LENGTH characters, the part's words included.
        description=_with_suffix(task.description, f" (part {part} of {parts})", DESCRIPTION_MAX_LENGTH),
        duration_minutes=planned,
        target=part_target(task.target, part, parts),
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
