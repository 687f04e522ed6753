"""The offline coach: rule-based advice from the task's ratings and the person's goals.

A pure function of the context, so the same question always gets the same advice.
"""

from __future__ import annotations

from typing import Any

from ai.base import CoachingContext
from ai.offline.goals import content_words, shorten


def _most_relevant_goal(task_text: str, goals: tuple[dict[str, Any], ...]) -> dict[str, Any] | None:
    if not goals:
        return None
    task_words = content_words(task_text)

    def overlap(goal: dict[str, Any]) -> int:
        text = " ".join(str(goal.get(key) or "") for key in ("what_matters", "biggest_win", "worst_outcome"))
        return len(task_words & content_words(text))

    best = max(range(len(goals)), key=lambda index: (overlap(goals[index]), -index))
    return goals[best]


def _goal_field(goal: dict[str, Any] | None, key: str) -> str:
    return shorten(str((goal or {}).get(key) or "").strip().rstrip("."), 200)


def _is_unimportant(importance: int | None) -> bool:
    return importance is not None and importance <= 3


def build_advice(context: CoachingContext) -> str:
    task = shorten(" ".join(context.task_text.split()) or "this task", 120)
    goal = _most_relevant_goal(context.task_text, context.goals)
    matters = _goal_field(goal, "what_matters")

    lines = _advice_for_ratings(task, context.importance, context.confidence, goal)
    if context.importance is None or context.confidence is None:
        lines.append("Rate its importance and your confidence (1 to 10) and the advice gets sharper.")
    if matters and not _is_unimportant(context.importance):
        lines.append(f"It connects to what matters to you: \u201c{matters}\u201d.")
    if goal is None:
        lines.append("Add a personal goal so the coach can tie your tasks to what matters to you.")
    lines.append("(Offline coach: rule-based advice from your ratings and goals; no AI model was used.)")
    return "\n\n".join(lines)


def _advice_for_ratings(
    task: str, importance: int | None, confidence: int | None, goal: dict[str, Any] | None
) -> list[str]:
    """The advice proper: what to do with the task, given how much it matters and how sure the person is."""
    important = importance is not None and importance >= 7
    sure = confidence is not None and confidence >= 7
    unsure = confidence is not None and confidence <= 4
    first_step = (
        f"open a blank page, write the three smallest steps for \u201c{task}\u201d, "
        "then start on the first one with notifications off"
    )

    if _is_unimportant(importance):
        matters = _goal_field(goal, "what_matters")
        return [
            f"You rate \u201c{task}\u201d {importance}/10 for importance. That makes it a candidate to drop, "
            "delegate or batch with other small chores rather than spend your best hours on.",
            f"Ask whether it moves \u201c{matters}\u201d forward at all; if not, let it go without guilt."
            if matters
            else "If nobody would notice it undone in a month, let it go.",
        ]
    if important and unsure:
        lines = [
            f"This matters (importance {importance}/10) but feels hard (confidence {confidence}/10). "
            "Break it down instead of waiting to feel ready.",
            f"First 25-minute step: {first_step}. When the time is up, write down the next smallest step.",
        ]
        if avoid := _goal_field(goal, "worst_outcome"):
            lines.append(f"Leaving it undone risks what you told us you want to avoid: \u201c{avoid}\u201d.")
        return lines
    if important and sure:
        lines = [
            f"High importance ({importance}/10) and high confidence ({confidence}/10): this needs time, not more "
            "thinking. Book a focused block in your best hours this week, decide what done looks like, and "
            "start with the hardest part."
        ]
        if win := _goal_field(goal, "biggest_win"):
            lines.append(f"Finishing it is a step towards your biggest win: \u201c{win}\u201d.")
        return lines
    if important:
        return [
            f"This matters (importance {importance}/10). Protect one 25-minute block today: {first_step}. "
            "Doing a small part now is the quickest way to feel more sure about the rest."
        ]
    if unsure:
        return [
            f"Confidence is low ({confidence}/10) and the stakes are moderate, so timebox it: {first_step}. "
            "If it is still stuck after that, ask someone who has done it before."
        ]
    return [
        f"Timebox \u201c{task}\u201d to 25 minutes in a fixed slot and batch it with similar tasks, so it "
        "does not crowd out the work that matters most."
    ]
