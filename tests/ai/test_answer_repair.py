"""An answer that fits the JSON schema Monthwise sends is never refused for its shape: every
rule the schema cannot carry (lengths, ranges, the month's weeks, the person's focus areas,
storable text) is repaired on our side. Answers are generated from the schema the provider
actually sends, hostile text included, and read through the provider's own path.

The generator is our own: hypothesis-jsonschema 0.23.1, its newest release, breaks on the
hypothesis this project pins. It covers exactly the keywords the wire schema may hold and
fails loudly on any other, so a schema that grows cannot silently escape the test."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ai.base import DEFAULT_FOCUS_AREA, PlanContext, ProviderBadResponse
from ai.schemas import (
    DEFAULT_SUMMARY,
    PlanDraft,
    advice_from_answer,
    advice_response_format,
    draft_from_answer,
    plan_draft_response_format,
)
from tests.fakes.chat_server import Reply

PLAN_SCHEMA = plan_draft_response_format()["json_schema"]["schema"]
ADVICE_SCHEMA = advice_response_format()["json_schema"]["schema"]

NASTY = [
    "\x00",
    "a\x00b",
    "\x01\x07\x1b[31m\x7f\x85\x9f",
    "\ud800",
    "x\udfffy",
    "\u202eevil\u202c",  # right-to-left override
    "مرحبا بالعالم",  # right-to-left script
    "\u200f\u200e",
    "👩‍👩‍👧‍👦🏳️‍🌈",
    " \t\n ",
    "",
    "\ufeff\ufffe\uffff",
]
CHARACTERS = st.one_of(
    st.characters(),
    st.characters(categories=["Cc", "Cs", "Cf", "Zl", "Zp"]),
    st.sampled_from(["\x00", "\ud83d", "\ude00", "\u202e", "😀", "ש"]),
)
HOSTILE_TEXT = st.one_of(
    st.sampled_from(NASTY),
    st.text(CHARACTERS, max_size=40),
    # 300+ characters without asking hypothesis for one huge draw.
    st.builds(lambda piece, times: piece * times, st.text(CHARACTERS, min_size=1, max_size=6), st.integers(60, 800)),
)
FOCUS_AREA_SETS = [
    ("Health", "Career", "Learning"),
    ("Écriture", "家族", "Fitness & Mobility"),
    (),  # no focus areas saved: the neutral one
    ("  Health  ", "health"),
]


def _spellings(areas: tuple[str, ...]) -> st.SearchStrategy[str]:
    names = [area for area in areas if area.strip()] or [DEFAULT_FOCUS_AREA]
    return st.sampled_from(names).flatmap(
        lambda name: st.sampled_from([name, name.upper(), f"  {name.lower()} ", name[:-1], f"{name}\x00"])
    )


SUBSET = {"type", "properties", "required", "additionalProperties", "items", "enum", "minItems", "$defs", "$ref"}


def from_sent_schema(
    node: dict[str, Any], root: dict[str, Any], text: st.SearchStrategy[str]
) -> st.SearchStrategy[Any]:
    """Any JSON value the schema allows (within the subset we send); strings drawn from ``text``."""
    unknown = set(node) - SUBSET - {"description"}
    assert not unknown, f"the generator does not know {unknown}"
    if "$ref" in node:
        return from_sent_schema(root["$defs"][node["$ref"].removeprefix("#/$defs/")], root, text)
    if "enum" in node:
        return st.sampled_from(node["enum"])
    kind = node["type"]
    if kind == "string":
        return text
    if kind == "integer":
        return st.one_of(st.integers(-10, 300), st.integers(), st.integers(-(2**70), 2**70))
    if kind == "array":
        items = from_sent_schema(node["items"], root, text)
        return st.lists(items, min_size=node.get("minItems", 0), max_size=node.get("minItems", 0) + 12)
    assert kind == "object" and node["additionalProperties"] is False
    assert set(node["required"]) == set(node["properties"])
    return st.fixed_dictionaries({key: from_sent_schema(sub, root, text) for key, sub in node["properties"].items()})


def _storable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return not any((ord(char) < 32 and char not in "\t\n\r") or 0x7F <= ord(char) <= 0x9F for char in text)


def _strings(draft: PlanDraft) -> list[str]:
    strings = [draft.summary]
    for theme in draft.weekly_breakdown:
        strings += [theme.theme, *theme.focus_areas]
    for task in draft.tasks:
        strings += [task.description, task.focus_area, task.intent]
    return strings


def _assert_usable(draft: PlanDraft, context: PlanContext, answer: dict[str, Any]) -> None:
    allowed = set(context.allowed_focus_areas)
    assert PlanDraft.model_validate(draft.model_dump()) == draft
    assert len(draft.tasks) == min(len(answer["tasks"]), 200)
    assert all(task.focus_area in allowed and 1 <= task.week <= context.weeks for task in draft.tasks)
    weeks = [theme.week for theme in draft.weekly_breakdown]
    assert weeks == sorted(set(weeks)) and all(1 <= week <= context.weeks for week in weeks)
    assert all(set(theme.focus_areas) <= allowed for theme in draft.weekly_breakdown)
    assert all(_storable(text) for text in _strings(draft))
    assert draft.summary and all(task.description for task in draft.tasks)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(
    data=st.data(),
    weeks=st.integers(4, 6),
    areas=st.sampled_from(FOCUS_AREA_SETS),
    ascii_only=st.booleans(),
)
def test_every_answer_that_fits_the_sent_schema_becomes_a_usable_draft(data, weeks, areas, ascii_only):
    context = PlanContext(
        month="2026-03",
        timezone="Europe/Paris",
        goals_text="Run, write, rest.",
        task_complexity="Balanced",
        focus_areas=areas,
        weekend_preference="Rest",
        commitments=(),
        working_days=22,
        weeks=weeks,
    )
    text = st.one_of(st.text(max_size=20), HOSTILE_TEXT, _spellings(areas))
    answer = data.draw(from_sent_schema(PLAN_SCHEMA, PLAN_SCHEMA, text))
    jsonschema.Draft202012Validator(PLAN_SCHEMA).validate(answer)  # it fits what the model was told

    draft = draft_from_answer(json.dumps(answer, ensure_ascii=ascii_only), context)

    _assert_usable(draft, context, answer)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(answer=from_sent_schema(ADVICE_SCHEMA, ADVICE_SCHEMA, st.one_of(st.text(), HOSTILE_TEXT)))
def test_every_advice_that_fits_the_sent_schema_is_used_or_called_empty(answer):
    jsonschema.Draft202012Validator(ADVICE_SCHEMA).validate(answer)
    try:
        advice = advice_from_answer(json.dumps(answer))
    except ProviderBadResponse as refusal:
        # Only an answer with nothing to say is refused, and not for its shape.
        assert refusal.message == "The AI service returned an empty answer."
        assert not "".join(ch for ch in answer["advice"] if ch.isprintable() and not ch.isspace())
        return
    assert advice.advice and len(advice.advice) <= 4000 and _storable(advice.advice)


# --- the repairs, one by one, through the real client ---------------------------------------


def _task(**changes: Any) -> dict[str, Any]:
    task = {
        "description": "Run",
        "focus_area": "Health",
        "duration_minutes": 30,
        "difficulty": "easy",
        "week": 1,
        "intent": "",
    }
    task.update(changes)
    return task


def test_a_nul_and_other_controls_in_a_plan_are_stripped_not_a_failure(
    chat_server, make_provider, plan_context, draft_payload
):
    payload = draft_payload(
        summary="March\x00 plan\x07",
        tasks=[_task(description="Run\x00 5 km\x1b", intent="Base\x00", focus_area="Health\x00")],
    )
    chat_server.script(Reply(payload))

    result = make_provider().draft_plan(plan_context())

    assert result.draft.summary == "March plan"
    assert (result.draft.tasks[0].description, result.draft.tasks[0].intent) == ("Run 5 km", "Base")
    assert result.draft.tasks[0].focus_area == "Health"
    assert "\x00" not in result.raw and "\\u0000" in result.raw  # the record keeps the escape, not a NUL


def test_a_lone_surrogate_in_a_plan_is_dropped(chat_server, make_provider, plan_context, draft_payload):
    chat_server.script(Reply(json.dumps(draft_payload(summary="Plan \ud800for March"))))

    assert make_provider().draft_plan(plan_context()).draft.summary == "Plan for March"


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        pytest.param({"duration_minutes": 5}, {"duration_minutes": 15}, id="too-short-is-clamped"),
        pytest.param({"duration_minutes": 10_000}, {"duration_minutes": 240}, id="too-long-is-clamped"),
        pytest.param({"week": 7}, {"week": 5}, id="week-beyond-six-is-the-last-week"),
        pytest.param({"week": 0}, {"week": 1}, id="week-zero-is-the-first"),
        pytest.param({"description": "x" * 301}, {"description": "x" * 299 + "\u2026"}, id="long-text-is-trimmed"),
        pytest.param({"description": " \x00 "}, {"description": "Health session"}, id="empty-description-is-named"),
        pytest.param({"focus_area": "Cooking"}, {"focus_area": "Health"}, id="unknown-area-is-the-first"),
        pytest.param({"focus_area": "learn"}, {"focus_area": "Learning"}, id="close-area-is-the-close-one"),
    ],
)
def test_an_answer_within_the_schema_but_outside_a_limit_is_repaired(
    chat_server, make_provider, plan_context, draft_payload, changes, expected
):
    chat_server.script(Reply(draft_payload(tasks=[_task(**changes)])))

    task = make_provider().draft_plan(plan_context()).draft.tasks[0]

    assert {key: getattr(task, key) for key in expected} == expected


def test_the_weeks_are_brought_into_the_month_and_the_first_theme_for_a_week_wins(
    chat_server, make_provider, plan_context, draft_payload
):
    themes = [
        {"week": 9, "theme": "Late", "focus_areas": ["Health", "Cooking"]},
        {"week": 1, "theme": "", "focus_areas": ["career", "Career"]},
        {"week": 4, "theme": "Twice", "focus_areas": []},
    ]
    chat_server.script(Reply(draft_payload(summary=" ", weekly_breakdown=themes, tasks=[_task(week=5)])))

    draft = make_provider().draft_plan(plan_context(weeks=4)).draft

    assert draft.summary == DEFAULT_SUMMARY
    assert [(t.week, t.theme, t.focus_areas) for t in draft.weekly_breakdown] == [
        (1, "Week 1", ["Career"]),
        (4, "Late", ["Health"]),
    ]
    assert draft.tasks[0].week == 4


def test_more_sessions_than_the_limit_keep_the_first_two_hundred(draft_payload, plan_context):
    answer = draft_payload(tasks=[_task(description=f"Session {n}") for n in range(250)])

    draft = draft_from_answer(json.dumps(answer), plan_context())

    assert [task.description for task in draft.tasks] == [f"Session {n}" for n in range(200)]


def test_the_sent_schema_asks_for_at_least_one_session_and_one_week():
    assert PLAN_SCHEMA["properties"]["tasks"]["minItems"] == 1
    assert PLAN_SCHEMA["properties"]["weekly_breakdown"]["minItems"] == 1


def test_advice_with_a_nul_is_stripped_and_overlong_advice_is_trimmed(chat_server, make_provider, coaching_context):
    chat_server.script(Reply({"advice": "Start\x00 small."}), Reply({"advice": "x" * 4001}))
    provider = make_provider()

    assert provider.advise(coaching_context()).text == "Start small."
    assert provider.advise(coaching_context()).text == "x" * 3999 + "\u2026"


def test_advice_with_nothing_left_to_say_is_an_empty_answer(chat_server, make_provider, coaching_context):
    chat_server.script(Reply({"advice": "\x00 \x07"}))

    with pytest.raises(ProviderBadResponse) as caught:
        make_provider().advise(coaching_context())

    assert caught.value.message == "The AI service returned an empty answer."
    assert caught.value.usage is not None
