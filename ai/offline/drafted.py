"""What the offline drafter makes before it becomes a PlanDraft: each goal with the month's
amount it works towards, and each session with its target and what that target adds.

The bench (bench/bench_drafts.py) and tests/ai read these to check that targets add up."""

from __future__ import annotations

from dataclasses import dataclass

from ai.offline.goals import Goal
from ai.offline.month import Slot
from ai.offline.units import Unit


@dataclass(frozen=True)
class GoalPlan:
    goal: Goal
    unit: Unit | None  # what its sessions count in: the goal's unit, else its playbook's
    total: float | None  # the month's amount: the goal's (a rate times the month), or the default distance
    measurable: bool  # the person named the quantity
    label: str  # how a session names the goal when it must: "Organise your sister's wedding"
    headline: str  # how the summary and intents name it: "20,000 words of your novel"
    from_area: bool = False  # no goal of the person's: the focus area itself


@dataclass(frozen=True)
class Session:
    slot: Slot
    description: str
    target: str
    intent: str
    minutes: int  # the slot's length, or more when the target takes more (a long run)
    goal: int  # index of its GoalPlan
    carries: str = ""  # "share", "scaled", "goal", "stage", or "" (its own target or none)
    # share: what it adds to the total; scaled, goal: its distance; stage: 1 when it finishes an item
    amount: float = 0.0
    wanted_minutes: int = 0  # what the target takes, when more than the slot's length


@dataclass(frozen=True)
class DraftedMonth:
    goals: tuple[GoalPlan, ...]
    sessions: tuple[Session, ...]
    weeks: int
