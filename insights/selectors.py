"""Reads of a person's activity and insights, shared by the pages, the API and planning."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from uuid import UUID

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from accounts.models import User
from config.ownership import owned_or_404
from config.refusal import Refusal
from insights.maths import MULTIPLIER_BOUNDS
from insights.models import ActivityLog, Insight, InsightType
from planning.learning import PlanningSignals
from planning.models import PlanTask
from planning.scheduler import PeakWindow
from planning.selectors import plan_task_get

# Chart series that help a page but would only bloat the AI prompt.
CHART_ONLY_KEYS = frozenset({"cells", "by_hour", "weekly"})


def insights_of(*, user: User) -> dict[str, Insight]:
    """The person's stored insights by type (at most four rows, one query)."""
    return {insight.insight_type: insight for insight in Insight.objects.filter(user=user)}


def _peak_windows(value: dict[str, Any]) -> tuple[PeakWindow, ...]:
    windows = []
    for window in value.get("best_windows", []):
        try:
            windows.append(PeakWindow(int(window["start_hour"]), int(window["end_hour"]), window.get("weekday")))
        except (KeyError, TypeError, ValueError):
            continue  # a row written by an older version: skip it rather than fail a plan
    return tuple(windows)


def _multipliers(value: dict[str, Any]) -> dict[str, float]:
    low, high = MULTIPLIER_BOUNDS
    multipliers = {}
    for area, raw in value.get("multipliers", {}).items():
        try:
            multipliers[str(area)] = min(max(float(raw), low), high)
        except (TypeError, ValueError):
            continue
    return multipliers


def planning_signals(*, user: User) -> PlanningSignals:
    """Peak windows (PeakEnergy), duration multipliers per focus area (SessionDuration) and
    the insights for the AI prompt, from the stored rows. Until activity is logged there is
    nothing learned and the scheduler uses its defaults."""
    stored = insights_of(user=user)
    if not stored:
        return PlanningSignals()
    peak = stored.get(InsightType.PEAK_ENERGY)
    duration = stored.get(InsightType.SESSION_DURATION)
    prompt = {
        insight_type: {key: value for key, value in insight.insight_value.items() if key not in CHART_ONLY_KEYS}
        for insight_type, insight in sorted(stored.items())
    }
    return PlanningSignals(
        peak_windows=_peak_windows(peak.insight_value) if peak else (),
        duration_multipliers=_multipliers(duration.insight_value) if duration else {},
        insights=prompt,
    )


def activity_history(*, user: User) -> QuerySet[ActivityLog]:
    """The person's logs, newest first, with their task."""
    return ActivityLog.objects.filter(user=user).select_related("task").order_by("-actual_start_time", "-id")


def activity_log_get(*, user: User, log_id: object) -> ActivityLog:
    """One of the person's logs, with its task; Http404 for anyone else's or a missing id."""
    return owned_or_404(ActivityLog.objects.select_related("task"), user=user, pk=log_id, what="activity log")


def activity_log_of_task(*, task: PlanTask) -> ActivityLog | None:
    """The task's one log, if it has been logged."""
    return ActivityLog.objects.filter(task=task).first()


TASK_NOT_FOUND = "No such task in your plans."


class TaskNotFound(Refusal):
    """The task named in a log is not one of the person's (or does not exist)."""

    status = 404


def plan_task_for_logging(*, user: User, task_id: int) -> PlanTask:
    """The person's own plan task, through planning's one lookup; anyone else's is refused
    exactly like a missing id, naming the `task` field."""
    try:
        return plan_task_get(user=user, task_id=task_id)
    except Http404:
        raise TaskNotFound(TASK_NOT_FOUND, field="task")


def people_with_insights_or_activity() -> Iterator[UUID]:
    """Everyone with activity or stored insights (the latter so that the insights of a
    person whose activity is gone get cleared), streamed in primary-key order."""
    has_activity = Exists(ActivityLog.objects.filter(user=OuterRef("pk")))
    has_insights = Exists(Insight.objects.filter(user=OuterRef("pk")))
    return (
        User.objects.filter(Q(has_activity) | Q(has_insights))
        .order_by("pk")
        .values_list("pk", flat=True)
        .iterator(chunk_size=2000)
    )
