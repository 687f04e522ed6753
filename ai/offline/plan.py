"""The offline plan drafter: a useful month plan from the goals and focus areas, no network.

The month's shape comes first (ai/offline/month.py: sessions a week, their difficulty and
focus area, sized to the free time). Each goal then gets its share of its area's sessions,
worded by its playbook (ai/offline/sessions.py: per-session targets that add up to, or
build towards, what the goal names) or by the generic arc (ai/offline/generic.py). A
session whose target takes longer than its slot (a long run) gets the time where the
week has room, and no two sessions keep the same words.

A pure function of the context, so the same context always gives the same draft.
"""

from __future__ import annotations

import calendar
from dataclasses import replace

from ai.base import PlanContext
from ai.offline.areas import goals_by_area
from ai.offline.drafted import DraftedMonth, GoalPlan, Session
from ai.offline.generic import generic_sessions
from ai.offline.goals import Goal, area_playbook, in_your_words, read_goals
from ai.offline.month import FREE_TIME_FILL, Slot, fit_to_free_time, month_slots, tasks_per_week, week_budget
from ai.offline.sessions import playbook_sessions
from ai.offline.themes import summary, week_themes
from ai.offline.units import unit
from ai.offline.wording import DESCRIPTION_MAX, appended, capitalised
from ai.prompts import complexity_guide, task_count_range
from ai.schemas import DraftTaskSpec, PlanDraft

__all__ = ["FREE_TIME_FILL", "build_draft", "draft_month"]

_LABEL_MAX = 48  # a goal named in a session's words; a longer one goes by its area
_HEADLINE_MAX = 100


def _days_in_month(month: str) -> int:
    try:
        year, number = (int(part) for part in month.split("-"))
        return calendar.monthrange(year, number)[1]
    except (ValueError, calendar.IllegalMonthError):
        return 30


def _goal_plan(goal: Goal, label: str, days: int) -> GoalPlan:
    book = goal.playbook
    spoken = capitalised(in_your_words(goal.text))
    if goal.quantity is not None and goal.unit is not None and book is not None:
        # A rate counts for the month's total; "5 km twice a week" is still a 5 km run.
        total = round(goal.quantity.amount if goal.unit.measure == "distance" else goal.quantity.month_amount(days), 1)
        subject = goal.subject or book.default_subject
        headline = book.summary_for(goal.unit.key).format(total=goal.unit.amount(total), subject=subject)
        return GoalPlan(goal, goal.unit, total, True, label, headline)
    headline = in_your_words(goal.text) if len(goal.text) <= _HEADLINE_MAX else label
    if book is not None and book.default_unit:
        return GoalPlan(goal, unit(book.default_unit), book.default_amount or None, False, spoken, headline)
    return GoalPlan(goal, None, None, False, label, headline)


def _area_plan(area: str) -> GoalPlan:
    book = area_playbook(area)
    subject = ""
    if book is not None:
        subject = next((name for word, name in book.subjects if word == area.casefold()), book.default_subject)
    goal = Goal(text=area, playbook=book, quantity=None, subject=subject)
    plan = _goal_plan(goal, area, 30)
    return replace(plan, label=area, headline=f"your {area} goals", from_area=True)


def _plans(goals: list[Goal], by_area: dict[str, list[int]], days: int) -> list[GoalPlan]:
    """Each goal's plan, named in sessions by its own words when they are short enough,
    else by its area ("Career goal", "Career goal 2")."""
    labels: dict[int, str] = {}
    for area, indices in by_area.items():
        long_ones = [index for index in indices if len(goals[index].text) > _LABEL_MAX]
        for number, index in enumerate(long_ones, start=1):
            labels[index] = f"{area} goal" + (f" {number}" if len(long_ones) > 1 else "")
    return [
        _goal_plan(goal, labels.get(index) or capitalised(in_your_words(goal.text)), days)
        for index, goal in enumerate(goals)
    ]


def _sessions_for(plan: GoalPlan, index: int, slots: list[Slot], weeks: int, *, opening: bool) -> list[Session]:
    if plan.goal.playbook is None:
        return generic_sessions(plan, index, slots, weeks)
    return playbook_sessions(plan, index, slots, weeks, opening=opening)


def _folded(goals: list[Goal]) -> set[int]:
    """Goals worked on within another of the same kind: one without a quantity when that
    kind already has a goal with one (or an earlier one without): "send 30 applications"
    and "practise interviews" make one job search, not two."""
    folded = set()
    for index, goal in enumerate(goals):
        if goal.playbook is None or goal.quantity is not None:
            continue
        if any(
            other.playbook is goal.playbook and (other.quantity is not None or position < index)
            for position, other in enumerate(goals)
            if position != index
        ):
            folded.add(index)
    return folded


def _by_area(areas: tuple[str, ...], goals: list[Goal]) -> dict[str, list[int]]:
    worked_on = [index for index in range(len(goals)) if index not in _folded(goals)]
    by_area = goals_by_area(areas, [goals[index] for index in worked_on])
    return {area: [worked_on[position] for position in positions] for area, positions in by_area.items()}


def _lengthened(sessions: list[Session], context: PlanContext) -> list[Session]:
    """Longer sessions for targets that need the time (a 16 km long run), where the week's
    free time has room for it: the milestone first, then in order."""
    room: dict[int, float] = {}
    for session in sessions:
        budget = week_budget(context, session.slot.week)
        room.setdefault(session.slot.week, float("inf") if budget is None else budget)
        room[session.slot.week] -= session.minutes
    lengthened = list(sessions)
    wanting = sorted(
        (i for i, s in enumerate(sessions) if s.wanted_minutes > s.minutes),
        key=lambda i: (sessions[i].carries != "goal", i),
    )
    for index in wanting:
        session = sessions[index]
        grant = int(min(session.wanted_minutes - session.minutes, max(room[session.slot.week], 0))) // 5 * 5
        if grant:
            room[session.slot.week] -= grant
            lengthened[index] = replace(session, minutes=session.minutes + grant)
    return lengthened


def _ordinal(number: int) -> str:
    ending = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{ending}"


def _distinct(sessions: list[Session]) -> list[Session]:
    """No two sessions with the same words: a repeat says which time it is ("(2nd time)")."""
    times: dict[str, int] = {}
    taken: set[str] = set()
    distinct = []
    for session in sessions:
        description = session.description
        times[description] = times.get(description, 0) + 1
        count = times[description]
        while description in taken:
            description = appended(session.description, f" ({_ordinal(count)} time)")
            count += 1
        taken.add(description)
        distinct.append(replace(session, description=description) if description != session.description else session)
    return distinct


def draft_month(context: PlanContext) -> DraftedMonth:
    """The month's goals and sessions with their targets, before they become a PlanDraft."""
    weeks = min(max(context.weeks, 1), 6)
    areas = context.allowed_focus_areas
    guide = complexity_guide(context.task_complexity)
    low, high = task_count_range(context)
    counts = fit_to_free_time(tasks_per_week((low + high) // 2, weeks), context, guide)
    slots = month_slots(counts, weeks, areas, guide)
    goals = read_goals(context.goals_text)
    by_area = _by_area(areas, goals)
    plans = _plans(goals, by_area, _days_in_month(context.month))
    sessions: list[Session] = []
    opened: set[str] = set()  # kinds whose opening session (a CV, an outline) is planned already
    for area in areas:
        indices = by_area[area]
        if not indices:
            plans.append(_area_plan(area))
            indices = [len(plans) - 1]
        area_slots = [slot for slot in slots if slot.area == area]
        for position, index in enumerate(indices):
            mine = area_slots[position :: len(indices)]
            kind = plans[index].goal.playbook.kind if plans[index].goal.playbook else ""
            if mine:
                sessions += _sessions_for(plans[index], index, mine, weeks, opening=kind not in opened)
                opened.add(kind)
    sessions.sort(key=lambda session: session.slot.order)
    return DraftedMonth(tuple(plans), tuple(_distinct(_lengthened(sessions, context))), weeks)


def build_draft(context: PlanContext) -> PlanDraft:
    month = draft_month(context)
    tasks = [
        DraftTaskSpec(
            description=session.description[:DESCRIPTION_MAX],
            focus_area=session.slot.area,
            duration_minutes=session.minutes,
            difficulty=session.slot.difficulty,
            week=session.slot.week,
            intent=session.intent,
            target=session.target,
        )
        for session in month.sessions
    ]
    return PlanDraft(
        summary=summary(month, context),
        weekly_breakdown=week_themes(month, context.allowed_focus_areas),
        tasks=tasks,
    )
