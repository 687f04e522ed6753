"""The month's shape: how many sessions each week holds, how demanding each is, and which
focus area it serves, before any session is worded.

It follows the same workload guide as the prompt the OpenAI-compatible provider sends
(``ai.prompts.COMPLEXITY_GUIDES``) and sizes each week to its free time.
"""

from __future__ import annotations

from dataclasses import dataclass

from ai.base import PlanContext
from ai.prompts import FREE_TIME_SHARE, ComplexityGuide
from planning.scheduler import DIFFICULTIES

# Share of a week's free minutes a draft may fill: the rest absorbs measured overruns and
# the 5-minute grid and sessions that do not pack into a short free evening, so little is
# left unplaced (tests/planning/test_generation_fit.py: a week 80% committed).
# The AI is asked for the same share of a week's free time (ai.prompts).
FREE_TIME_FILL = FREE_TIME_SHARE


@dataclass(frozen=True)
class Slot:
    """One session of the month before it is worded."""

    week: int
    index: int  # within the week
    difficulty: str
    area: str
    minutes: int  # the guide's typical length for the difficulty

    @property
    def order(self) -> tuple[int, int]:
        return self.week, self.index


def stage(week: int, weeks: int) -> str:
    if week == 1 and weeks > 1:
        return "foundation"
    if week == weeks:
        return "review"
    return "build"


def tasks_per_week(total: int, weeks: int) -> list[int]:
    counts = [total // weeks] * weeks
    # First and last weeks are usually partial: give the extra sessions to the middle ones.
    order = [*range(1, weeks - 1), 0, weeks - 1] if weeks > 2 else list(range(weeks))
    for offset in range(total % weeks):
        counts[order[offset % len(order)]] += 1
    return counts


def fit_to_free_time(counts: list[int], context: PlanContext, guide: ComplexityGuide) -> list[int]:
    """Fewer sessions in weeks without the free time for them (a packed week), never more
    than the complexity asks for. Weeks past the last one with a known figure use it."""
    free = context.free_minutes_by_week
    if not free:
        return counts
    average = sum(guide.typical_minutes[level] * share for level, share in guide.difficulty_mix.items())
    last = max(free)
    fitted = []
    for week, count in enumerate(counts, start=1):
        minutes = free.get(week, free[last] if week > last else 0)
        fitted.append(min(count, int(minutes * FREE_TIME_FILL // average)))
    if not any(fitted):
        fitted[max(range(len(counts)), key=lambda index: free.get(index + 1, 0))] = 1  # one session at least
    return fitted


def week_budget(context: PlanContext, week: int) -> float | None:
    """The minutes a week's sessions may take (FREE_TIME_FILL of its free time), None if unknown."""
    free = context.free_minutes_by_week
    if not free:
        return None
    last = max(free)
    return free.get(week, free[last] if week > last else 0) * FREE_TIME_FILL


def _difficulty_counts(total: int, mix: dict[str, float]) -> dict[str, int]:
    exact = {level: total * mix[level] for level in DIFFICULTIES}
    counts = {level: int(exact[level]) for level in DIFFICULTIES}
    by_remainder = sorted(DIFFICULTIES, key=lambda level: (-(exact[level] - counts[level]), DIFFICULTIES.index(level)))
    for level in by_remainder[: total - sum(counts.values())]:
        counts[level] += 1
    return counts


def _difficulty_by_slot(slots: list[tuple[int, int]], weeks: int, counts: dict[str, int]) -> dict[tuple[int, int], str]:
    # Hard sessions go to the middle weeks first (spread across them), easy ones to week 1.
    stage_rank = {"foundation": 0, "review": 1, "build": 2}
    by_demand = sorted(slots, key=lambda slot: (stage_rank[stage(slot[0], weeks)], -slot[1], -slot[0]))
    difficulty_of: dict[tuple[int, int], str] = {}
    position = 0
    for level in DIFFICULTIES:
        for slot in by_demand[position : position + counts[level]]:
            difficulty_of[slot] = level
        position += counts[level]
    return difficulty_of


def month_slots(counts: list[int], weeks: int, areas: tuple[str, ...], guide: ComplexityGuide) -> list[Slot]:
    """Every session of the month in order, with its difficulty (the guide's mix) and area.

    Areas go round-robin within each difficulty, continuing across levels, so every area
    is used and each gets its share of hard work."""
    places = [(week, index) for week, count in enumerate(counts, start=1) for index in range(count)]
    difficulty_of = _difficulty_by_slot(places, weeks, _difficulty_counts(len(places), guide.difficulty_mix))
    area_of: dict[tuple[int, int], str] = {}
    turn = 0
    for level in DIFFICULTIES:
        for place in sorted(place for place in places if difficulty_of[place] == level):
            area_of[place] = areas[turn % len(areas)]
            turn += 1
    return [
        Slot(week, index, level, area_of[(week, index)], guide.typical_minutes[level])
        for week, index in places
        for level in (difficulty_of[(week, index)],)
    ]
