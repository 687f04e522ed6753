"""The arc for a goal of no known kind: explore, plan, do it in numbered increments, review.

Every session names the goal (or, for a long one, what it is: "Career goal") and its step
of the month, so no two read alike and none could belong to another goal.
"""

from __future__ import annotations

from ai.offline.drafted import GoalPlan, Session
from ai.offline.month import Slot
from ai.offline.playbooks import SessionType, generic
from ai.offline.sessions import week_words
from ai.offline.wording import fill, fitted, intent_text


def phases(count: int) -> list[str]:
    """The arc over `count` sessions: "explore", "plan", "do" (at least one), "review"."""
    explore = (1 if count >= 3 else 0) + (1 if count >= 10 else 0)
    plan = (1 if count >= 5 else 0) + (1 if count >= 14 else 0)
    review = (1 if count >= 2 else 0) + (1 if count >= 12 else 0)
    do = count - explore - plan - review
    return ["explore"] * explore + ["plan"] * plan + ["do"] * do + ["review"] * review


def _kinds() -> dict[str, SessionType]:
    return {kind.name: kind for kind in generic().sessions}


def generic_sessions(plan: GoalPlan, goal_index: int, slots: list[Slot], weeks: int) -> list[Session]:
    arc = phases(len(slots))
    if plan.from_area and arc and arc[0] == "explore":
        arc[0] = "choose"
    kinds = _kinds()
    steps = arc.count("do")
    seen: dict[str, int] = {}
    sessions = []
    for slot, phase in zip(slots, arc, strict=True):
        kind = kinds["do once" if phase == "do" and steps == 1 else phase]
        turn = seen.get(phase, 0)
        seen[phase] = turn + 1
        values = {"goal": plan.label, "steps": steps, "k": turn + 1}
        description = fitted(kind.templates, values, start=turn)
        opening = f"Week {slot.week} of {weeks}, {week_words(slot.week, weeks)}."
        sessions.append(
            Session(
                slot=slot,
                description=description,
                target=fill(kind.target, values) if kind.carries == "fixed" else "",
                intent=intent_text(f"{opening} A step towards {plan.headline}."),
                minutes=slot.minutes,
                goal=goal_index,
                wanted_minutes=slot.minutes,
            )
        )
    return sessions
