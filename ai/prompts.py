"""The prompts, their versions, and the workload guide both providers follow.

Prompts are built deterministically (sorted JSON, fixed wording) because the coaching
cache key and the stored ``ai_prompt`` depend on the exact text. Change the wording,
change the version.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

from ai.base import CoachingContext, PlanContext

PLAN_PROMPT_VERSION = "plan-v1"
COACH_PROMPT_VERSION = "coach-v1"


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
You are Monthwise's planner. You turn a person's goals for one month into concrete work \
sessions. A separate scheduler places the sessions in the calendar around the person's \
fixed commitments, so never give dates or times: give each session a week number instead.

Rules:
- Answer with JSON only, matching the plan_draft schema: a summary, a weekly_breakdown \
with one theme per week, and the tasks.
- Every task's focus_area, and every focus area in the weekly breakdown, must be one of \
the person's focus areas, spelled exactly as given. Spread the tasks over all of them.
- Weeks are numbered 1 to the number of weeks in the month; use each week.
- Each task is one session of 15 to 240 minutes with a concrete, checkable description \
(at most 300 characters) and an intent (at most 300 characters) that says which goal it \
serves and why now.
- The number of tasks and the mix of difficulties follow the person's complexity setting \
and working days, as stated in the request. Build up: foundations first, the hardest \
work in the middle weeks, review and consolidation in the last week.
- Use the insights when present: put hard work where the person finishes most, keep \
sessions near the lengths they really complete, and plan extra support where plans failed.
- Respect the weekend preference: Rest means the plan must fit into weekdays; Mixed means \
only light sessions at weekends."""


def plan_messages(context: PlanContext) -> list[dict[str, str]]:
    guide = complexity_guide(context.task_complexity)
    low, high = task_count_range(context)
    mix = ", ".join(f"{share:.0%} {level}" for level, share in guide.difficulty_mix.items())
    minutes = ", ".join(f"{level} about {value} min" for level, value in guide.typical_minutes.items())
    request = {
        "month": context.month,
        "timezone": context.timezone,
        "goals": context.goals_text.strip() or "(no goals written; plan steady progress in each focus area)",
        "focus_areas": list(context.allowed_focus_areas),
        "task_complexity": context.task_complexity,
        "weekend_preference": context.weekend_preference,
        "fixed_commitments": list(context.commitments),
        "working_days": context.working_days,
        "weeks": context.weeks,
        "insights": context.insights,
        "free_minutes_by_week": {str(week): minutes for week, minutes in sorted(context.free_minutes_by_week.items())},
    }
    user = (
        f"Plan {context.month} for this person.\n\n"
        f"Request (JSON):\n{_json(request)}\n\n"
        f"Workload for {context.task_complexity} complexity over {context.working_days} working days: "
        f"between {low} and {high} tasks in weeks 1 to {context.weeks}; difficulty mix about {mix}; "
        f"typical durations {minutes}.\n"
        f"{_free_time_line(context)}"
        f"Allowed focus areas, exactly: {_json(list(context.allowed_focus_areas))}."
    )
    return [
        {"role": "system", "content": _PLAN_SYSTEM},
        {"role": "user", "content": user},
    ]


_COACH_SYSTEM = """\
You are Monthwise's coach: direct, warm and practical. The person asks about one task \
from their to-do list. Using their importance and confidence ratings (1 to 10), their \
personal goals and what the app has learned about how they work:
- If the task matters and confidence is low, break it down and name the very first step \
they can do in 25 minutes.
- If it matters little, say so honestly and suggest dropping, delegating or batching it.
- Connect the advice to what matters to them, in their own words where possible.
- Be concrete and brief: at most about 200 words, no preamble, no lists of generic tips.
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
