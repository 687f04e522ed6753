"""A session's `target` in the draft schema: sent as a required string (strict structured
output wants every property), read as no target when a server leaves it out, trimmed to
its 80 characters, never a reason to refuse an answer."""

import json

from ai.schemas import draft_from_answer, plan_draft_response_format
from planning.models import PlanTask
from planning.scheduler import TARGET_MAX_LENGTH


def _task_schema() -> dict:
    schema = plan_draft_response_format()["json_schema"]["schema"]
    return schema["$defs"]["DraftTaskSpec"]


def test_the_wire_schema_asks_every_session_for_a_target_string_with_its_limit_in_words():
    task = _task_schema()

    assert "target" in task["required"]
    assert task["properties"]["target"]["type"] == "string"
    assert "at most 80 characters" in task["properties"]["target"]["description"]
    assert "maxLength" not in task["properties"]["target"]


def test_the_target_limit_is_the_plan_task_columns():
    assert PlanTask._meta.get_field("target").max_length == TARGET_MAX_LENGTH == 80


def test_an_answer_without_targets_is_read_as_sessions_without_one(plan_context, draft_payload):
    draft = draft_from_answer(json.dumps(draft_payload()), plan_context())

    assert [task.target for task in draft.tasks] == ["", "", ""]


def test_targets_are_kept_cleaned_and_an_over_long_one_is_trimmed_not_refused(plan_context, draft_payload):
    payload = draft_payload()
    targets = ["5 km", "  1,250\x00 words ", "x" * 200]
    for task, target in zip(payload["tasks"], targets, strict=True):
        task["target"] = target

    draft = draft_from_answer(json.dumps(payload), plan_context())

    assert [task.target for task in draft.tasks] == ["5 km", "1,250 words", "x" * 79 + "\u2026"]
