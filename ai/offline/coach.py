"""The offline coach: rule-based advice from the task, its ratings, the person's goals and
what the app has learned about them.

The advice names a first step for this very task (from the task's own verb: writing gets
sentences, a call gets the question to ask, reading gets pages), sized to the person's
confidence: a tiny 10-minute step when it is low, 25 minutes in the middle, a 60-minute
chunk when it is high, stretched when their sessions are known to run over. It ties the
task to the goal it serves and to their learned traits and best hours, so it fits this
person and this task, not any task.

A pure function of the context, so the same question always gets the same advice.
"""

from __future__ import annotations

import re
from typing import Any

from ai.base import CoachingContext
from ai.offline.goals import content_words, shorten

LOW_CONFIDENCE, HIGH_CONFIDENCE = 4, 7  # at or below / at or above (as coaching.services.persona)
IMPORTANT, UNIMPORTANT = 7, 3
STEP_MINUTES = {"tiny": 10, "medium": 25, "chunk": 60}

# The first step by the task's verb (or the thing it makes): (words, {size: step}).
FIRST_STEPS: tuple[tuple[frozenset[str], dict[str, str]], ...] = (
    (
        frozenset({"write", "draft", "blog", "essay", "report", "letter", "chapter", "article", "grant", "cv"}),
        {
            "tiny": "open a blank page and write three rough sentences, no editing",
            "medium": "write the first 300 words straight through, fixing nothing",
            "chunk": "write the whole first section, then reread it once",
        },
    ),
    (
        frozenset({"call", "phone", "ring"}),
        {
            "tiny": "look up the number and write down the one question you need answered",
            "medium": "write your three questions, then make the call",
            "chunk": "make the call and every follow-up it needs, noting each answer",
        },
    ),
    (
        frozenset({"email", "reply", "message", "text", "answer"}),
        {
            "tiny": "write the subject line and the first sentence",
            "medium": "write and send it in one go, three short paragraphs at most",
            "chunk": "send it and clear the replies it leads to, one after another",
        },
    ),
    (
        frozenset({"read", "study", "learn", "review", "revise", "practise", "practice", "research"}),
        {
            "tiny": "read or work through just 5 pages and note one question",
            "medium": "work through 20 pages and write three lines on what stuck",
            "chunk": "finish a whole chapter or unit and test yourself on it",
        },
    ),
    (
        frozenset({"fix", "repair", "debug", "solve", "update", "install"}),
        {
            "tiny": "write down exactly what is wrong and the first thing to try",
            "medium": "try the first fix and note what happened",
            "chunk": "work through it until it works once, end to end",
        },
    ),
    (
        frozenset({"clean", "tidy", "declutter", "sort", "organise", "organize", "clear", "pack", "move"}),
        {
            "tiny": "start with one shelf or one drawer, timer on",
            "medium": "do one whole corner or cupboard and bag what goes",
            "chunk": "go space by space until the first half is done",
        },
    ),
    (
        frozenset({"apply", "application", "submit", "register", "renew", "form", "tax", "taxes", "budget", "pay"}),
        {
            "tiny": "gather what it needs into one folder and list what is missing",
            "medium": "fill in the first section with what you already have",
            "chunk": "complete it up to the point of sending it",
        },
    ),
    (
        frozenset({"build", "code", "ship", "implement", "deploy", "launch", "design", "make", "create"}),
        {
            "tiny": "write the three smallest changes it needs and make the first",
            "medium": "get the first small piece working and save it",
            "chunk": "build the first piece someone could use or see",
        },
    ),
    (
        frozenset({"book", "schedule", "plan", "arrange", "prepare", "buy", "order", "find"}),
        {
            "tiny": "write down two options and the one thing that decides between them",
            "medium": "compare the options and pick one",
            "chunk": "decide, book and confirm everything it needs",
        },
    ),
)
DEFAULT_STEPS = {
    "tiny": "write one line on what \u201cdone\u201d means and do the very first part",
    "medium": "work on the first part and stop where you can pick it up again",
    "chunk": "finish its first complete part",
}
_WORD = re.compile(r"[a-z]+")


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
    return importance is not None and importance <= UNIMPORTANT


def _step_size(confidence: int | None) -> str:
    if confidence is not None and confidence <= LOW_CONFIDENCE:
        return "tiny"
    if confidence is not None and confidence >= HIGH_CONFIDENCE:
        return "chunk"
    return "medium"


def _steps_for(task_text: str) -> dict[str, str]:
    # The task's first recognised verb (or noun) picks the kind of step: "Write the grant
    # application" is writing before it is an application.
    for word in _WORD.findall(task_text.lower()):
        for verbs, steps in FIRST_STEPS:
            if word in verbs:
                return steps
    return DEFAULT_STEPS


def _minutes(size: str, signals: dict[str, Any]) -> int:
    """The step's length, stretched (never shrunk) by how much longer their sessions really take."""
    minutes = STEP_MINUTES[size]
    factor = signals.get("sessions_take")
    if isinstance(factor, int | float) and factor > 1:
        minutes = 5 * round(minutes * factor / 5)
    return minutes


def first_step(context: CoachingContext, task: str) -> str:
    """The advice's first concrete step, sized to the confidence rating."""
    size = _step_size(context.confidence)
    signals = context.persona_signals
    minutes = _minutes(size, signals)
    step = _steps_for(context.task_text)[size]
    line = f"First {minutes}-minute step for \u201c{task}\u201d: {step}."
    if minutes != STEP_MINUTES[size]:
        line += f" That is {minutes} minutes, not {STEP_MINUTES[size]}: your sessions tend to run over."
    if best := signals.get("best_hours"):
        line += f" Put it in your best hours, {best}, when you finish most of what you start."
    if size == "tiny":
        line += " When the time is up, write down the next smallest step."
    return line


def _trait_lines(context: CoachingContext) -> list[str]:
    """What the app learned about them (coaching.services.persona's traits), where it bears on this task."""
    traits = context.persona_signals
    important = context.importance is not None and context.importance >= IMPORTANT
    unsure = context.confidence is not None and context.confidence <= LOW_CONFIDENCE
    lines = []
    if "underrates_confidence" in traits and unsure:
        lines.append(
            f"You rate this {context.confidence}/10 for confidence, but you have finished tasks you rated that low "
            "before: your doubts tend to be bigger than the task."
        )
    if "leaves_important_open" in traits and important:
        lines.append("Important tasks tend to stay open for weeks with you: take the first step today, not this week.")
    if "finishes_what_matters" in traits and important:
        lines.append("You usually finish what you rate important: once this is started, it is likely to get done.")
    return lines


def build_advice(context: CoachingContext) -> str:
    task = shorten(" ".join(context.task_text.split()) or "this task", 120)
    goal = _most_relevant_goal(context.task_text, context.goals)
    matters = _goal_field(goal, "what_matters")

    lines = _advice_for_ratings(task, context.importance, context.confidence, goal)
    if not _is_unimportant(context.importance):
        lines.append(first_step(context, task))
        lines.extend(_trait_lines(context))
    if context.importance is None or context.confidence is None:
        lines.append("Rate its importance and your confidence (1 to 10) and the advice gets sharper.")
    if matters and not _is_unimportant(context.importance):
        lines.append(f"It connects to what matters to you: \u201c{matters}\u201d.")
    if goal is None:
        lines.append("Add a personal goal so the coach can tie your tasks to what matters to you.")
    lines.append("(Offline coach: rule-based advice from your ratings, goals and history; no AI model was used.)")
    return "\n\n".join(lines)


def _advice_for_ratings(
    task: str, importance: int | None, confidence: int | None, goal: dict[str, Any] | None
) -> list[str]:
    """How to treat the task, given how much it matters and how sure the person is."""
    important = importance is not None and importance >= IMPORTANT
    sure = confidence is not None and confidence >= HIGH_CONFIDENCE
    unsure = confidence is not None and confidence <= LOW_CONFIDENCE

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
            f"\u201c{task}\u201d matters (importance {importance}/10) but feels hard (confidence {confidence}/10). "
            "Break it down instead of waiting to feel ready."
        ]
        if avoid := _goal_field(goal, "worst_outcome"):
            lines.append(f"Leaving it undone risks what you told us you want to avoid: \u201c{avoid}\u201d.")
        return lines
    if important and sure:
        lines = [
            f"High importance ({importance}/10) and high confidence ({confidence}/10): \u201c{task}\u201d needs time, "
            "not more thinking. Book a focused block this week, decide what done looks like, and start with the "
            "hardest part."
        ]
        if win := _goal_field(goal, "biggest_win"):
            lines.append(f"Finishing it is a step towards your biggest win: \u201c{win}\u201d.")
        return lines
    if important:
        return [
            f"\u201c{task}\u201d matters (importance {importance}/10). Protect one block for it today: doing a part "
            "now is the quickest way to feel more sure about the rest."
        ]
    if unsure:
        return [
            f"Confidence is low ({confidence}/10) and the stakes are moderate, so timebox \u201c{task}\u201d. "
            "If it is still stuck after the first step, ask someone who has done it before."
        ]
    return [
        f"Timebox \u201c{task}\u201d in a fixed slot and batch it with similar tasks, so it does not crowd out the "
        "work that matters most."
    ]
