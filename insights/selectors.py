"""Reads of a person's insights. Owned by the insights capability (issue 5)."""

from dataclasses import dataclass, field

from planning.scheduler import PeakWindow


@dataclass(frozen=True)
class PlanningSignals:
    """What the planner learns from insights: peak windows, duration multipliers, prompt context."""

    peak_windows: tuple[PeakWindow, ...] = ()
    duration_multipliers: dict[str, float] = field(default_factory=dict)
    insights: dict = field(default_factory=dict)


def planning_signals(*, user) -> PlanningSignals:  # type: ignore[no-untyped-def]
    # Until activity is logged there is nothing learned: the scheduler uses its defaults.
    return PlanningSignals()
