"""What planning takes from what the person did (their insights): pure values, no Django.

insights builds these from its stored rows (insights.selectors.planning_signals); the
generation and re-placement services hand them to the AI provider and the scheduler.
"""

from dataclasses import dataclass, field

from planning.scheduler import PeakWindow


@dataclass(frozen=True)
class PlanningSignals:
    """Peak windows and duration multipliers for the scheduler, and the insights (without
    chart-only series) for the AI prompt. Empty until activity is logged."""

    peak_windows: tuple[PeakWindow, ...] = ()
    duration_multipliers: dict[str, float] = field(default_factory=dict)
    insights: dict = field(default_factory=dict)
