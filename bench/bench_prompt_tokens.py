"""Prompt tokens of one plan draft: today's prompt against the previous one, counted with a real tokenizer.

    .venv/bin/python bench/bench_prompt_tokens.py

The tokenizer is o200k_base, gpt-4o-mini's (and gpt-4o's, gpt-4.1's, gpt-5's) encoding,
from the ``bpe-openai`` package (requirements-dev.txt): tiktoken itself downloads its
encoding files at run time, which these machines cannot, while bpe-openai ships
o200k_base in its wheel (the same file tiktoken fetches: its SHA-256 is tiktoken's
expected hash) and encodes with GitHub's Rust ``bpe-openai`` crate; its token ids were
checked equal to tiktoken's (with that file) on these prompts and on Japanese, Hindi and
emoji text when the package was chosen.

What is counted, per request: each message as OpenAI's chat format bills it (3 tokens of
framing, the role, the content), 3 tokens priming the answer, and the response_format's
JSON schema as compact JSON. The service rewrites a strict schema into its own grammar
before counting it, so the schema part is close, not exact.

The floor is the previous request: ai/prompts.py and ai/schemas.py as they were at commit
c4e7136 (read with git), on the same contexts, so the schema's new `target` field counts
against today's prompt. The ratio is now / previous, and must stay at or below 1. Also
printed: a repair call's prompt (the draft's messages, the model's first answer of 26
sessions, and the problems found), which a plan pays only when its first draft was poor.

Exit status: 1 when today's prompt is longer than the previous one for a context.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import types
from collections.abc import Callable
from datetime import date, timedelta
from importlib.metadata import version
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import bpe_openai  # noqa: E402
import django  # noqa: E402

django.setup()

from ai.base import PlanContext  # noqa: E402
from ai.draft_quality import draft_quality  # noqa: E402
from ai.prompts import plan_messages, plan_repair_messages  # noqa: E402
from ai.schemas import draft_from_answer, plan_draft_response_format  # noqa: E402
from insights.challenges import challenges_value  # noqa: E402
from insights.maths import (  # noqa: E402
    Durations,
    Tally,
    completion_rate_value,
    peak_energy_value,
    session_duration_value,
)
from insights.selectors import CHART_ONLY_KEYS  # noqa: E402

PREVIOUS_COMMIT = "c4e7136"
ENCODING = "o200k_base"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri")
# OpenAI's chat format: every message is framed by 3 tokens; the answer is primed by 3.
TOKENS_PER_MESSAGE = 3
TOKENS_PRIMING_THE_ANSWER = 3
# What the previous prompt and schema (PREVIOUS_COMMIT) take on CONTEXTS, as main() measures
# them: the ceiling tests/ai/test_prompt_tokens.py holds today's prompt to, without git.
CEILINGS = {"without insights": 1177, "with insights": 2377}

GOALS = (
    "Finish the first draft of my novel: 20,000 words this month.\n"
    "Get ready for a 10K run at the end of next month; I can run 3 km now.\n"
    "Learn 200 new Spanish words before the trip in spring."
)


def encoding() -> Any:
    return bpe_openai.get_encoding(ENCODING)


def tokens(text: str) -> int:
    return len(encoding().encode(text))


def request_tokens(messages: list[dict[str, str]], response_format: dict[str, Any] | None = None) -> int:
    """The prompt tokens of one chat-completions request, as described in the module docstring."""
    count = TOKENS_PRIMING_THE_ANSWER
    for message in messages:
        count += TOKENS_PER_MESSAGE + tokens(message["role"]) + tokens(message["content"])
    if response_format is not None:
        count += tokens(json.dumps(response_format["json_schema"]["schema"], separators=(",", ":")))
    return count


def learned_insights() -> dict[str, Any]:
    """The four insights of a person with two months of logged sessions, as planning hands
    them to the prompt (insights.selectors.planning_signals: chart-only series left out)."""
    cells = {
        (weekday, hour): Tally(logged=3, completed=3 if hour < 12 else 1, on_time=2)
        for weekday in range(5)
        for hour in (8, 9, 10, 14, 19)
    }
    by_area = {"Writing": Tally(30, 21, 18), "Fitness": Tally(25, 20, 19), "Spanish": Tally(20, 9, 8)}
    by_difficulty = {"easy": Tally(25, 22, 20), "medium": Tally(30, 19, 17), "hard": Tally(20, 9, 8)}
    durations = {
        "Writing": Durations(21, 1890, 2400),
        "Fitness": Durations(20, 900, 880),
        "Spanish": Durations(9, 270, 230),
    }
    by_week = {date(2026, 9, 7) + timedelta(weeks=week): Tally(8, 5 + week % 3, 4) for week in range(8)}
    values = {
        "PeakEnergy": peak_energy_value(cells),
        "CompletionRate": completion_rate_value(
            by_area=by_area,
            by_difficulty=by_difficulty,
            recent=Tally(30, 19, 15),
            by_week=by_week,
            today=date(2026, 11, 1),
        ),
        "SessionDuration": session_duration_value(durations),
        "Challenges": challenges_value(cells=cells, by_area=by_area, durations=durations),
    }
    return {
        name: {key: part for key, part in value.items() if key not in CHART_ONLY_KEYS}
        for name, value in sorted(values.items())
    }


def plan_context(*, insights: bool) -> PlanContext:
    """A typical month: three goals, three focus areas, a 9-to-5 job, five weeks."""
    return PlanContext(
        month="2026-12",
        timezone="Europe/Berlin",
        goals_text=GOALS,
        task_complexity="Balanced",
        focus_areas=("Writing", "Fitness", "Spanish"),
        weekend_preference="Mixed",
        commitments=tuple(
            {"day": day, "start": "09:00", "end": "17:00", "label": "Work"} for day in WEEKDAYS
        ),
        working_days=31,
        weeks=5,
        insights=learned_insights() if insights else {},
        free_minutes_by_week={1: 1260, 2: 1470, 3: 1470, 4: 1470, 5: 840},
    )


CONTEXTS: dict[str, Callable[[], PlanContext]] = {
    "without insights": lambda: plan_context(insights=False),
    "with insights": lambda: plan_context(insights=True),
}


def previous_module(path: str) -> types.ModuleType:
    """A module as it was at PREVIOUS_COMMIT (read with git), loaded under a name of its own."""
    source = subprocess.run(
        ["git", "show", f"{PREVIOUS_COMMIT}:{path}"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    module = types.ModuleType(f"previous_{Path(path).stem}")
    sys.modules[module.__name__] = module  # dataclasses look their module up while the class is built
    exec(compile(source, f"{PREVIOUS_COMMIT}:{path}", "exec"), module.__dict__)  # our own history, read with git
    return module


def previous_request_tokens(context: PlanContext) -> int:
    """The previous prompt and schema (PREVIOUS_COMMIT) on the same context."""
    prompts, schemas = previous_module("ai/prompts.py"), previous_module("ai/schemas.py")
    return request_tokens(prompts.plan_messages(context), schemas.plan_draft_response_format())


def _poor_answer(context: PlanContext) -> str:
    """A full-size draft the quality check calls poor: most sessions say the same thing."""
    tasks = [
        {
            "description": "Work on the novel" if index % 4 else f"Easy {3 + index // 4} km run",
            "target": "",
            "focus_area": context.allowed_focus_areas[index % len(context.allowed_focus_areas)],
            "duration_minutes": 60,
            "difficulty": "medium",
            "week": 1 + index % context.weeks,
            "intent": "Moves the month's main goal forward while there is time for it.",
        }
        for index in range(26)
    ]
    themes = [{"week": week, "theme": f"Week {week}", "focus_areas": []} for week in range(1, context.weeks + 1)]
    return json.dumps({"summary": "A month of steady work.", "weekly_breakdown": themes, "tasks": tasks})


def repair_request_tokens(context: PlanContext) -> tuple[int, int]:
    """The repair call's prompt tokens for a poor full-size draft, and how many problems it names."""
    raw = _poor_answer(context)
    quality = draft_quality(draft_from_answer(raw, context), context)
    messages = plan_repair_messages(plan_messages(context), raw, quality.problems)
    return request_tokens(messages, plan_draft_response_format()), len(quality.problems)


def main() -> int:
    print(f"tokenizer: {ENCODING} (bpe-openai {version('bpe-openai')})")
    longer = 0
    for name, build in CONTEXTS.items():
        context = build()
        now = request_tokens(plan_messages(context), plan_draft_response_format())
        floor = previous_request_tokens(context)
        longer += now > floor
        print(
            f"plan draft, {name:<17} now {now:5d} tokens   previous prompt {PREVIOUS_COMMIT} (floor) {floor:5d}   "
            f"ratio {now / floor:.2f}   ceiling in tests {CEILINGS[name]}   {'OK' if now <= floor else 'LONGER'}"
        )
        repair, problems = repair_request_tokens(context)
        print(f"  + a repair call, only when the draft was poor: {repair:5d} tokens ({problems} problem(s) named)")
    return 1 if longer else 0


if __name__ == "__main__":
    sys.exit(main())
