"""How good a drafted month is, in figures: repeated descriptions, over-long ones, and for
each measurable goal the share of its sessions with a target and whether the targets,
read back from what the person sees, add up to (or build up to) what the goal names.

The bench (bench/bench_drafts.py) prints these over a set of profiles and
tests/ai/test_offline_quality.py holds them to their thresholds.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ai.offline.drafted import DraftedMonth
from ai.offline.quantities import goal_quantity
from ai.offline.wording import DESCRIPTION_MAX


@dataclass(frozen=True)
class GoalFigures:
    headline: str  # "20,000 words of your novel"
    measure: str  # "total": the targets add up to it; "distance": they build up to it
    wanted: float
    reached: float  # the targets' sum (total) or the furthest one (distance), read from their text
    sessions: int
    with_target: int

    @property
    def target_share(self) -> float:
        return self.with_target / self.sessions if self.sessions else 0.0

    @property
    def error(self) -> float:
        return abs(self.reached - self.wanted) / self.wanted if self.wanted else 0.0


@dataclass(frozen=True)
class DraftFigures:
    sessions: int
    duplicates: int  # sessions whose description an earlier session already had
    long_descriptions: int  # over DESCRIPTION_MAX characters
    goals: tuple[GoalFigures, ...]  # the measurable ones

    @property
    def duplicate_ratio(self) -> float:
        return self.duplicates / self.sessions if self.sessions else 0.0


def duplicate_count(descriptions: list[str]) -> int:
    return sum(count - 1 for count in Counter(descriptions).values())


def _read_back(target: str, kind: str, unit_key: str) -> float:
    quantity = goal_quantity(target, frozenset({kind}))
    return quantity.amount if quantity is not None and quantity.unit == unit_key else 0.0


def draft_figures(month: DraftedMonth) -> DraftFigures:
    descriptions = [session.description for session in month.sessions]
    goals = []
    for index, plan in enumerate(month.goals):
        if not plan.measurable or plan.unit is None or plan.total is None or plan.goal.playbook is None:
            continue
        mine = [session for session in month.sessions if session.goal == index]
        kind, unit_key = plan.goal.playbook.kind, plan.unit.key
        if plan.unit.measure == "total":
            counted = [s for s in mine if s.carries == "share" or (s.carries == "stage" and s.amount)]
            reached = sum(_read_back(session.target, kind, unit_key) for session in counted)
        else:
            built = [s for s in mine if s.carries in ("scaled", "goal")]
            reached = max((_read_back(session.target, kind, unit_key) for session in built), default=0.0)
        goals.append(
            GoalFigures(
                headline=plan.headline,
                measure=plan.unit.measure,
                wanted=plan.total,
                reached=round(reached, 1),
                sessions=len(mine),
                with_target=sum(1 for session in mine if session.target),
            )
        )
    return DraftFigures(
        sessions=len(descriptions),
        duplicates=duplicate_count(descriptions),
        long_descriptions=sum(1 for text in descriptions if len(text) > DESCRIPTION_MAX),
        goals=tuple(goals),
    )
