"""The prompts, their versions, and the workload guide both providers follow.

Prompts are built deterministically (sorted JSON, fixed wording) because the coaching
cache key and the stored ``ai_prompt`` depend on the exact text. Change the wording,
change the version.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ai.base import CoachingContext, PlanContext

PLAN_PROMPT_VERSION = "plan-v2"
COACH_PROMPT_VERSION = "coach-v2"
# The share of a week's free minutes its sessions may fill, for the AI and the offline drafter alike.
FREE_TIME_SHARE = 0.8


@dataclass(frozen=True)
class ComplexityGuide:
    sessions_per_week: tuple[int, int]  # for a full five-day working week
    difficulty_mix: dict[str, float]  # share of easy / medium / hard sessions
    typical_minutes: dict[str, int]  # per difficulty


COMPLEXITY_GUIDES: dict[str, ComplexityGuide] = {
    "Simple": ComplexityGuide(
        sessions_per_week=(2, 3),
        difficulty_mix={"easy": 0.5, "medium": 0.4, "hard": 0.1},
        typical_minutes={"easy": 30, "medium": 45, "hard": 60},
    ),
    "Balanced": ComplexityGuide(
        sessions_per_week=(4, 5),
        difficulty_mix={"easy": 0.3, "medium": 0.5, "hard": 0.2},
        typical_minutes={"easy": 30, "medium": 60, "hard": 90},
    ),
    "Ambitious": ComplexityGuide(
        sessions_per_week=(6, 8),
        difficulty_mix={"easy": 0.2, "medium": 0.4, "hard": 0.4},
        typical_minutes={"easy": 45, "medium": 75, "hard": 120},
    ),
}
DEFAULT_COMPLEXITY = "Balanced"
MAX_TASKS = 200


def complexity_guide(complexity: str) -> ComplexityGuide:
    return COMPLEXITY_GUIDES.get(complexity, COMPLEXITY_GUIDES[DEFAULT_COMPLEXITY])


def task_count_range(context: PlanContext) -> tuple[int, int]:
    """How many sessions the month should hold: the weekly rate scaled to the working days."""
    low_rate, high_rate = complexity_guide(context.task_complexity).sessions_per_week
    working_weeks = max(context.working_days, 0) / 5
    low = min(MAX_TASKS, max(1, math.floor(low_rate * working_weeks)))
    high = min(MAX_TASKS, max(low, math.ceil(high_rate * working_weeks)))
    return low, high


def _weekly_free_minutes(context: PlanContext) -> list[int]:
    """Each week's free minutes; a week past the last known figure has that figure (as the offline drafter reads it)."""
    free = context.free_minutes_by_week
    last = max(free)
    return [free.get(week, free[last] if week > last else 0) for week in range(1, max(context.weeks, 1) + 1)]


def month_minutes(context: PlanContext) -> int:
    """The session minutes the month should hold: the complexity's workload (the middle of
    its session range at the mix's typical lengths), each week at most FREE_TIME_SHARE of its
    free time when that is known. The prompt asks for it; the quality check measures by it."""
    guide = complexity_guide(context.task_complexity)
    low, high = task_count_range(context)
    average = sum(guide.typical_minutes[level] * share for level, share in guide.difficulty_mix.items())
    workload = (low + high) / 2 * average
    if not context.free_minutes_by_week:
        return round(workload)
    weekly = workload / max(context.weeks, 1)
    return round(sum(min(weekly, minutes * FREE_TIME_SHARE) for minutes in _weekly_free_minutes(context)))


def _free_time_line(context: PlanContext) -> str:
    if not context.free_minutes_by_week:
        return ""
    weeks = "; ".join(
        f"week {week}: {minutes // 60} h {minutes % 60:02d} min"
        for week, minutes in sorted(context.free_minutes_by_week.items())
    )
    return (
        f"Free time for sessions, inside the person's working hours and around their commitments: {weeks}. "
        "Keep each week's session minutes within about 80% of its free time: a packed week gets fewer, "
        "shorter sessions.\n"
    )


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


_PLAN_SYSTEM = """\
You are Monthwise's planner. You turn a person's goals for one month into work sessions they \
can start without thinking. A scheduler places the sessions around their commitments: give \
each a week number, never a date or time. Answer with JSON only, in the plan_draft schema.
- tasks: sessions of 15 to 240 minutes in weeks 1 to the month's last, each in one of the \
person's focus areas spelled exactly; use every week and every area.
- description: an instruction of at most 100 characters naming the session's own step, its \
target and the running total, e.g. "Write 1,250 words of chapter 3 (5,000 of 20,000)", "Easy \
4 km run", "Learn 20 Spanish words: food and restaurants". Never quote or restate the goal \
text; no two descriptions alike.
- target: the session's measurable amount ("1,250 words", "8 km"), or "" if it has none.
- intent: which goal it serves and why now, at most 300 characters.
- A measurable goal (a number and a unit: 20,000 words, a 10K, 200 words, 12 chapters, EUR 500) \
is divided into session targets that add up to it over the month, progressing where it \
matters: a running plan builds the long run between easy runs and rest; writing ramps up, then \
keeps pace; the goal's last session checks the milestone. Other goals get concrete steps, \
explore, plan, do in increments, review, each worded differently.
- weekly_breakdown: one theme per week, different each week, naming that week's targets.
- summary: the month's measurable targets, e.g. "20,000 words, a 10 km run, 200 Spanish words".
- Size the month as the request says: the number of sessions, the difficulty mix, the minutes.
- Insights, when given: hard work in the hours they finish most, lengths they really complete, \
more support where plans failed. Weekends: Rest means weekdays only, Mixed only light sessions."""


def _text(value: Any) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


def _rates(rows: Any, key: str) -> str:
    """"Writing 70%, Fitness 80%" from rows like {"focus_area": "Writing", "completion_rate": 0.7}."""
    parts = []
    for row in rows if isinstance(rows, list) else ():
        rate = row.get("completion_rate") if isinstance(row, dict) else None
        if isinstance(rate, int | float) and _text(row.get(key)):
            parts.append(f"{_text(row[key])} {rate:.0%}")
    return ", ".join(parts)


def _insight_details(name: str, value: dict[str, Any]) -> list[str]:
    if name == "PeakEnergy" and isinstance(value.get("best_weekdays"), list) and value["best_weekdays"]:
        return [f"Best days: {', '.join(_text(day) for day in value['best_weekdays'])}."]
    if name == "CompletionRate":
        found = [
            f"{label}: {rates}"
            for label, rates in (
                ("Finished by area", _rates(value.get("by_focus_area"), "focus_area")),
                ("by difficulty", _rates(value.get("by_difficulty"), "difficulty")),
            )
            if rates
        ]
        return ["; ".join(found) + "."] if found else []
    if name == "SessionDuration" and isinstance(value.get("multipliers"), dict):
        changed = [
            f"{_text(area)} x{factor:g}"
            for area, factor in sorted(value["multipliers"].items())
            if isinstance(factor, int | float) and abs(factor - 1) >= 0.05
        ]
        return [f"Real length against planned: {', '.join(changed)}."] if changed else []
    if name == "Challenges" and isinstance(value.get("items"), list):
        texts = (_text(item.get("text")) for item in value["items"] if isinstance(item, dict))
        return [text for text in texts if text]
    return []


def insights_brief(insights: dict[str, Any]) -> str:
    """What the insights say, in their own sentences and a few figures: the stored values
    (counts, samples, bounds) would cost the prompt over a thousand tokens for no more sense."""
    lines = []
    for name, value in sorted(insights.items()):
        if not isinstance(value, dict):
            continue
        details = _insight_details(name, value)
        summary = _text(value.get("summary"))
        # A challenge's summary is its first item: say it once.
        parts = list(dict.fromkeys(part for part in (summary, *details) if part))
        if parts:
            lines.append(f"- {name}: {' '.join(parts)}")
    return "What their logged sessions show:\n" + "\n".join(lines) if lines else ""


def _commitments_line(context: PlanContext) -> str:
    # With the free time known, commitments are already counted in it: the model gets them
    # only when it is not.
    if context.free_minutes_by_week or not context.commitments:
        return ""
    items = (
        f"{item.get('day', '')} {item.get('start', '')}-{item.get('end', '')} {item.get('label', '')}".strip()
        for item in context.commitments
    )
    return f"Fixed commitments: {'; '.join(items)}.\n"


def plan_messages(context: PlanContext) -> list[dict[str, str]]:
    guide = complexity_guide(context.task_complexity)
    low, high = task_count_range(context)
    mix = ", ".join(
        f"{share:.0%} {level} (~{guide.typical_minutes[level]} min)" for level, share in guide.difficulty_mix.items()
    )
    goals = context.goals_text.strip() or "(none written: steady progress in each focus area)"
    user = (
        f"Plan {context.month}: {context.weeks} weeks, {context.working_days} working days, "
        f"weekends {context.weekend_preference}.\n"
        f"Goals:\n{goals}\n"
        f"Focus areas, exactly: {_json(list(context.allowed_focus_areas))}.\n"
        f"{context.task_complexity} complexity: {low} to {high} sessions; {mix}; "
        f"about {month_minutes(context):,} session minutes in all.\n"
        f"{_free_time_line(context)}"
        f"{_commitments_line(context)}"
        f"{insights_brief(context.insights)}"
    )
    return [
        {"role": "system", "content": _PLAN_SYSTEM},
        {"role": "user", "content": user.rstrip()},
    ]


def plan_repair_messages(messages: list[dict[str, str]], answer: str, problems: Sequence[str]) -> list[dict[str, str]]:
    """The draft's conversation, the model's answer, and what was wrong with it: one repair call."""
    listed = "\n".join(f"- {problem}" for problem in problems)
    request = (
        f"Your draft has these problems:\n{listed}\n"
        "Answer again with the whole plan_draft JSON: fix them, keep what was right, follow every rule above."
    )
    return [*messages, {"role": "assistant", "content": answer}, {"role": "user", "content": request}]


_COACH_SYSTEM = """\
You are Monthwise's coach: direct, warm and practical. The person asks about one task \
from their to-do list. Using their importance and confidence ratings (1 to 10), their \
personal goals and what the app has learned about how they work (persona_signals: traits, \
their best hours, how long their sessions really take):
- Name one concrete first step for this very task, sized to their confidence: at 1 to 4 a \
tiny step of about 10 minutes, at 5 or 6 about 25 minutes, at 7 to 10 a solid 60-minute chunk.
- If it matters little, say so honestly and suggest dropping, delegating or batching it.
- Connect the advice to what matters to them, in their own words where possible.
- Be concrete and brief: at most about 200 words, no preamble, nothing that would fit any task.
Answer with JSON only: {"advice": "..."}."""


def coach_messages(context: CoachingContext) -> list[dict[str, str]]:
    request = {
        "task": context.task_text.strip(),
        "importance": context.importance,
        "confidence": context.confidence,
        "goals": list(context.goals),
        "persona_signals": context.persona_signals,
    }
    user = f"Coach me on this task.\n\nContext (JSON):\n{_json(request)}"
    return [
        {"role": "system", "content": _COACH_SYSTEM},
        {"role": "user", "content": user},
    ]


def prompt_text(messages: list[dict[str, str]]) -> str:
    """The messages as one text, for storing in ``ai_prompt`` and hashing."""
    return "\n\n".join(f"[{message['role']}]\n{message['content']}" for message in messages)
