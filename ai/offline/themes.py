"""The plan's words around the sessions: each week's theme, naming that week's targets, and
the summary, naming the month's."""

from __future__ import annotations

import re

from ai.base import PlanContext
from ai.offline.drafted import DraftedMonth, GoalPlan, Session
from ai.offline.goals import shorten
from ai.schemas import SUMMARY_MAX_LENGTH, TEXT_MAX_LENGTH, WeekTheme
from planning.scheduler import MONTH_NAMES

_MIDDLE_TITLES = ("Build the pace", "Keep the pace", "Push on", "Hold steady")
_STEP = re.compile(r"step (\d+) of")
_NAME_MAX = 30


def week_title(week: int, weeks: int) -> str:
    if week == 1:
        return "Start"
    if week == weeks:
        return "Finish and check"
    return _MIDDLE_TITLES[(week - 2) % len(_MIDDLE_TITLES)]


def _steps_part(plan: GoalPlan, sessions: list[Session]) -> str:
    """A goal of no known kind in a week: "Family: steps 2-3"."""
    steps = [int(match[1]) for session in sessions if (match := _STEP.match(session.target))]
    if not steps or not sessions:
        return ""
    name = plan.label if len(plan.label) <= _NAME_MAX else sessions[0].slot.area
    return f"{name}: step {steps[0]}" if len(steps) == 1 else f"{name}: steps {steps[0]}\u2013{steps[-1]}"


def _week_part(plan: GoalPlan, sessions: list[Session]) -> str:
    """What one goal aims at in a week: "2,250 words of your novel", "runs up to 8 km"."""
    book, unit = plan.goal.playbook, plan.unit
    if book is None or unit is None:
        return _steps_part(plan, sessions)
    subject = plan.goal.subject or book.default_subject
    added = sum(session.amount for session in sessions if session.carries in ("share", "stage"))
    if added:
        return book.summary_for(unit.key).format(total=unit.amount(round(added, 1)), subject=subject)
    if any(session.carries == "goal" for session in sessions) and plan.total:
        return book.summary_for(unit.key).format(total=unit.amount(plan.total), subject=subject)
    furthest = max((session.amount for session in sessions if session.carries == "scaled"), default=0.0)
    return book.week_summary.format(total=unit.amount(furthest), subject=subject) if furthest else ""


def _join(items: list[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def week_themes(month: DraftedMonth, areas: tuple[str, ...]) -> list[WeekTheme]:
    themes = []
    for week in range(1, month.weeks + 1):
        sessions = [session for session in month.sessions if session.slot.week == week]
        parts = []
        for index, plan in enumerate(month.goals):
            part = _week_part(plan, [session for session in sessions if session.goal == index])
            if part:
                parts.append(part)
        week_areas = [area for area in areas if any(session.slot.area == area for session in sessions)]
        title = week_title(week, month.weeks)
        theme = f"{title}: {'; '.join(parts)}" if parts else f"{title}: {_join(week_areas or list(areas))}"
        themes.append(WeekTheme(week=week, theme=shorten(theme, TEXT_MAX_LENGTH), focus_areas=week_areas))
    return themes


def month_name(month: str) -> str:
    try:
        year, number = month.split("-")
        return f"{MONTH_NAMES[int(number) - 1]} {int(year)}"
    except (ValueError, IndexError):
        return month


def summary(month: DraftedMonth, context: PlanContext) -> str:
    planned = {session.goal for session in month.sessions}
    targets = [plan.headline for index, plan in enumerate(month.goals) if plan.measurable and index in planned]
    unplanned = [plan.headline for index, plan in enumerate(month.goals) if plan.measurable and index not in planned]
    others = [plan.headline for plan in month.goals if not plan.measurable and not plan.from_area]
    if targets or others or unplanned:
        goals = f"This month's targets: {_join(targets)}." if targets else ""
        if others:
            goals += f" {'Also' if targets else 'It works towards'}: {'; '.join(others)}."
        if unplanned:
            goals += f" No room this month for: {'; '.join(unplanned)}."
    else:
        goals = "You have not written goals yet, so it spreads steady progress over your focus areas."
    weekend = {
        "Rest": "Weekends stay free.",
        "Mixed": "Weekends only get light sessions.",
        "Work": "Weekends count as working days.",
    }.get(context.weekend_preference, "")
    text = (
        f"Your {month_name(context.month)} plan ({context.task_complexity.lower()} pace): {len(month.sessions)} "
        f"sessions over {month.weeks} weeks across {_join(list(context.allowed_focus_areas))}. {goals} "
        f"Week 1 starts gently, the middle weeks carry the most demanding sessions, and week {month.weeks} "
        f"finishes and checks each target. {weekend} Built offline from your goals and focus areas."
    )
    return shorten(" ".join(text.split()), SUMMARY_MAX_LENGTH)
