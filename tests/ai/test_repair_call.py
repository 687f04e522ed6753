"""A poor draft gets one repair call that says what was wrong; the better draft is kept and
both calls are counted. Exercised with the real openai client against the local server."""

import json
import time
from decimal import Decimal
from typing import Any

import pytest

from ai import openai_provider
from ai.base import Usage
from ai.openai_provider import PLAN_BUDGET_SECONDS
from ai.pricing import cost_for
from planning.tasks import generate_plan
from tests.fakes.chat_server import Malformed, Reply, Slow, Status

GOOD = [
    "Easy 5 km run, note the pace",
    "Write the landing page copy",
    "Read 60 pages of the first book (60 of 1,200)",
    "Intervals: 6 x 400 m at 10K pace",
    "Set up the sign-up form and test it once",
    "Read 60 pages of the first book (120 of 1,200)",
]
REPEATED = ["Work on the side project"] * 5 + ["Easy 5 km run, note the pace"]
# The conftest's goals: "I want to run a half marathon in under 2 hours. Ship the first
# version of my side project, and read 4 books."
ECHOES = [
    "Run a half marathon in under 2 hours",
    "Ship the first version of my side project",
    "Read 4 books",
    "Easy 5 km run, note the pace",
    "Write the landing page copy",
    "Read 60 pages of the first book (60 of 1,200)",
]


def _answer(draft_payload, descriptions: list[str], *, minutes: int = 45) -> dict[str, Any]:
    template = draft_payload()["tasks"][0]
    tasks = [
        {**template, "description": text, "duration_minutes": minutes, "week": 1 + index % 5}
        for index, text in enumerate(descriptions)
    ]
    return draft_payload(tasks=tasks)


def _descriptions(result) -> list[str]:
    return [task.description for task in result.draft.tasks]


def test_a_good_draft_takes_one_call(chat_server, make_provider, plan_context, draft_payload):
    chat_server.script(Reply(_answer(draft_payload, GOOD), prompt_tokens=1000, completion_tokens=400))

    result = make_provider().draft_plan(plan_context())

    assert result.calls == 1
    assert len(chat_server.requests) == 1
    assert _descriptions(result) == GOOD
    assert result.usage == Usage(1000, 400)


def test_repeated_descriptions_get_one_repair_call_and_the_plan_uses_the_repaired_draft(
    chat_server, make_provider, plan_context, draft_payload
):
    poor, good = _answer(draft_payload, REPEATED), _answer(draft_payload, GOOD)
    chat_server.script(
        Reply(poor, prompt_tokens=1000, completion_tokens=400), Reply(good, prompt_tokens=1500, completion_tokens=450)
    )

    result = make_provider().draft_plan(plan_context())

    assert result.calls == 2
    assert len(chat_server.requests) == 2
    assert _descriptions(result) == GOOD
    assert result.raw == json.dumps(good)
    assert result.usage == Usage(2500, 850)
    assert result.cost == cost_for("gpt-4o-mini", Usage(1000, 400)) + cost_for("gpt-4o-mini", Usage(1500, 450))
    assert result.cost == Decimal("0.000885")  # 2,500 x 0.15 + 850 x 0.60 per million


def test_the_repair_request_holds_the_conversation_the_answer_and_the_problems_found(
    chat_server, make_provider, plan_context, draft_payload
):
    poor = _answer(draft_payload, REPEATED)
    chat_server.script(Reply(poor), Reply(_answer(draft_payload, GOOD)))

    result = make_provider().draft_plan(plan_context())

    first, repair = (request.json for request in chat_server.requests)
    assert repair["messages"][:2] == first["messages"]
    assert [message["role"] for message in repair["messages"]] == ["system", "user", "assistant", "user"]
    assert repair["messages"][2]["content"] == json.dumps(poor)
    problems = repair["messages"][3]["content"]
    assert problems.startswith("Your draft has these problems:\n- 4 of 6 sessions repeat an earlier description")
    assert "\u201cWork on the side project (x5)\u201d" in problems
    assert repair["response_format"] == first["response_format"]
    # The stored prompt is the whole conversation.
    assert "[assistant]" in result.prompt and "Your draft has these problems" in result.prompt


def test_descriptions_that_quote_the_goals_get_a_repair_call(chat_server, make_provider, plan_context, draft_payload):
    chat_server.script(Reply(_answer(draft_payload, ECHOES)), Reply(_answer(draft_payload, GOOD)))

    result = make_provider().draft_plan(plan_context())

    assert result.calls == 2
    assert _descriptions(result) == GOOD
    problems = chat_server.requests[1].json["messages"][3]["content"]
    assert "3 quote the goal text instead of saying what to do" in problems
    assert "\u201cRun a half marathon in under 2 hours\u201d" in problems


def test_a_month_far_below_the_free_time_gets_a_repair_call(chat_server, make_provider, plan_context, draft_payload):
    roomy = plan_context(free_minutes_by_week=dict.fromkeys(range(1, 6), 900))
    sized = GOOD * 4 + [f"Easy {km} km run" for km in range(3, 7)]  # 28 distinct-enough sessions
    sized = [f"{text} ({index})" for index, text in enumerate(sized, start=1)]
    chat_server.script(Reply(_answer(draft_payload, GOOD)), Reply(_answer(draft_payload, sized)))

    result = make_provider().draft_plan(roomy)

    assert result.calls == 2
    assert len(result.draft.tasks) == 28
    assert "The sessions add up to 270 minutes, too little" in chat_server.requests[1].json["messages"][3]["content"]


def test_a_repair_answer_still_poor_keeps_the_better_of_the_two(
    chat_server, make_provider, plan_context, draft_payload
):
    worst = _answer(draft_payload, ["Work on it"] * 6)
    chat_server.script(Reply(_answer(draft_payload, REPEATED)), Reply(worst))

    result = make_provider().draft_plan(plan_context())

    assert result.calls == 2
    assert _descriptions(result) == REPEATED  # the first: 4 repeats against 5
    assert result.raw == json.dumps(_answer(draft_payload, REPEATED))
    assert result.usage == Usage(20, 40)


def test_a_repair_answer_better_but_still_poor_is_kept(chat_server, make_provider, plan_context, draft_payload):
    chat_server.script(Reply(_answer(draft_payload, ["Work on it"] * 6)), Reply(_answer(draft_payload, REPEATED)))

    result = make_provider().draft_plan(plan_context())

    assert result.calls == 2
    assert _descriptions(result) == REPEATED


@pytest.mark.parametrize(
    "repair",
    [Malformed("{not json", prompt_tokens=900, completion_tokens=7), Reply({"summary": "no tasks"}, 900, 7)],
    ids=["not-json", "wrong-shape"],
)
def test_a_malformed_repair_answer_keeps_the_first_draft_and_counts_its_tokens(
    chat_server, make_provider, plan_context, draft_payload, repair
):
    chat_server.script(Reply(_answer(draft_payload, REPEATED), prompt_tokens=1000, completion_tokens=400), repair)

    result = make_provider().draft_plan(plan_context())

    assert result.calls == 2
    assert _descriptions(result) == REPEATED
    assert result.usage == Usage(1900, 407)


def test_a_repair_call_the_service_cannot_answer_keeps_the_first_draft(
    chat_server, make_provider, plan_context, draft_payload
):
    chat_server.script(Reply(_answer(draft_payload, REPEATED), prompt_tokens=1000, completion_tokens=400), Status(500))

    result = make_provider(max_retries=1).draft_plan(plan_context())

    assert result.calls == 2
    assert _descriptions(result) == REPEATED
    assert result.usage == Usage(1000, 400)
    assert len(chat_server.requests) == 3  # the draft, then the repair and its one retry


def test_the_repair_call_gets_only_what_is_left_of_the_plan_budget(
    chat_server, make_provider, plan_context, draft_payload, monkeypatch
):
    monkeypatch.setattr(openai_provider, "_MIN_REPAIR_SECONDS", 0.5)
    chat_server.script(Reply(_answer(draft_payload, REPEATED)), Slow(10, then=Reply(_answer(draft_payload, GOOD))))
    started = time.monotonic()

    result = make_provider(timeout_seconds=10, deadline_seconds=10, plan_budget_seconds=1.5).draft_plan(plan_context())

    assert time.monotonic() - started < 3
    assert (result.calls, _descriptions(result)) == (2, REPEATED)


def test_no_repair_call_starts_without_time_left_in_the_plan_budget(
    chat_server, make_provider, plan_context, draft_payload
):
    chat_server.script(Reply(_answer(draft_payload, REPEATED)), Reply(_answer(draft_payload, GOOD)))

    result = make_provider(plan_budget_seconds=4).draft_plan(plan_context())

    assert (result.calls, len(chat_server.requests), _descriptions(result)) == (1, 1, REPEATED)


def test_a_draft_and_its_repair_end_well_inside_the_generation_tasks_soft_time_limit():
    # The worker holds the request while the model answers: both calls, the scheduler and
    # the plan write must end before Celery's soft limit fails the request.
    assert PLAN_BUDGET_SECONDS + 60 <= generate_plan.soft_time_limit < generate_plan.time_limit


def test_the_log_gives_the_drafts_figures_never_its_descriptions(
    chat_server, make_provider, plan_context, draft_payload, caplog
):
    # A description that quotes the goals quotes the person: the log says how many, not what.
    chat_server.script(Reply(_answer(draft_payload, ECHOES)), Reply(_answer(draft_payload, ECHOES)))

    with caplog.at_level("INFO", logger="ai.openai_provider"):
        make_provider().draft_plan(plan_context())

    logged = "\n".join(record.getMessage() for record in caplog.records if record.name == "ai.openai_provider")
    assert "6 sessions, 0 repeated, 0 blank, 3 quoting the goals" in logged
    assert "marathon" not in logged and "side project" not in logged
