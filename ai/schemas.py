"""Structured output: the pydantic models a provider's answer must satisfy, and their wire schema.

The models are strict (unknown keys refused, no type coercion, surrounding whitespace
stripped). The JSON schema sent in ``response_format`` keeps only the conservative subset
of JSON Schema that OpenAI's strict mode and compatible servers (vLLM, Ollama) accept:
type, properties, required, additionalProperties, items, enum, minItems, $defs/$ref,
description. Length and range limits are stated in each field's description instead, and
an answer that breaks one is repaired (see "reading an answer" below), never refused: a
model that followed the schema it was sent has answered correctly.

Coaching uses structured output too (``Advice``), so both calls fail the same way when a
model answers with something that is not the promised JSON.
"""

from __future__ import annotations

import copy
import difflib
import json
import re
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ai.base import ProviderBadResponse
from planning.scheduler import TARGET_MAX_LENGTH

if TYPE_CHECKING:
    from ai.base import PlanContext

Difficulty = Literal["easy", "medium", "hard"]

# One home for each limit: the models enforce them, the repair brings answers within them.
TEXT_MAX_LENGTH = 300
SUMMARY_MAX_LENGTH = 2000
ADVICE_MAX_LENGTH = 4000
DURATION_MIN, DURATION_MAX = 15, 240
WEEKS_MAX = 6
TASKS_MAX = 200
FOCUS_AREAS_MAX = 20


class _StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, str_strip_whitespace=True, frozen=True)


class WeekTheme(_StrictModel):
    week: int = Field(ge=1, le=WEEKS_MAX, description="Week number within the month, 1 to 6.")
    theme: str = Field(
        min_length=1,
        max_length=TEXT_MAX_LENGTH,
        description="The week's theme, at most 300 characters.",
    )
    focus_areas: list[str] = Field(
        max_length=FOCUS_AREAS_MAX,
        description="The focus areas this week works on, spelled exactly as given.",
    )


class DraftTaskSpec(_StrictModel):
    description: str = Field(
        min_length=1,
        max_length=TEXT_MAX_LENGTH,
        description="One concrete work session, at most 300 characters.",
    )
    target: str = Field(
        default="",
        max_length=TARGET_MAX_LENGTH,
        description=(
            "What this session aims to get done, measurable where the goal is (e.g. '1,250 words', '8 km'), "
            "at most 80 characters; empty when the session has no such target."
        ),
    )
    focus_area: str = Field(
        min_length=1,
        max_length=100,
        description="One of the given focus areas, spelled exactly.",
    )
    duration_minutes: int = Field(ge=DURATION_MIN, le=DURATION_MAX, description="Session length in minutes, 15 to 240.")
    difficulty: Difficulty = Field(description="easy, medium or hard.")
    week: int = Field(
        ge=1,
        le=WEEKS_MAX,
        description="The week of the month this session belongs to, 1 to the number of weeks.",
    )
    intent: str = Field(
        max_length=TEXT_MAX_LENGTH,
        description="Why this session matters for the goals, at most 300 characters.",
    )


class PlanDraft(_StrictModel):
    summary: str = Field(
        min_length=1,
        max_length=SUMMARY_MAX_LENGTH,
        description="The month's plan in a few sentences.",
    )
    weekly_breakdown: list[WeekTheme] = Field(min_length=1, max_length=WEEKS_MAX, description="One entry per week.")
    tasks: list[DraftTaskSpec] = Field(min_length=1, max_length=TASKS_MAX, description="Between 1 and 200 sessions.")


class Advice(_StrictModel):
    advice: str = Field(
        min_length=1,
        max_length=ADVICE_MAX_LENGTH,
        description="The coaching advice, at most 4000 characters.",
    )


# --- the wire schema -------------------------------------------------------------------

_KEPT_KEYWORDS = frozenset(
    {
        "type",
        "properties",
        "required",
        "additionalProperties",
        "items",
        "enum",
        "minItems",
        "$defs",
        "$ref",
        "description",
    }
)


def _strict_node(node: Any) -> Any:
    if isinstance(node, list):
        return [_strict_node(item) for item in node]
    if not isinstance(node, dict):
        return node
    if "const" in node and "enum" not in node:
        node = {**node, "enum": [node["const"]]}
    kept: dict[str, Any] = {}
    for key, value in node.items():
        if key not in _KEPT_KEYWORDS:
            continue
        if key in ("properties", "$defs"):
            kept[key] = {name: _strict_node(sub) for name, sub in value.items()}
        elif key in ("items",):
            kept[key] = _strict_node(value)
        else:
            kept[key] = copy.deepcopy(value)
    if kept.get("type") == "object" and "properties" in kept:
        # Strict mode wants every property required and nothing else allowed.
        kept["required"] = list(kept["properties"])
        kept["additionalProperties"] = False
    return kept


def strict_json_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON schema reduced to what strict structured output accepts."""
    return _strict_node(model.model_json_schema())


def plan_draft_response_format() -> dict[str, Any]:
    return {
        "type": "json_schema",
        "json_schema": {
            "name": "plan_draft",
            "strict": True,
            "schema": strict_json_schema(PlanDraft),
        },
    }


def advice_response_format() -> dict[str, Any]:
    return {
        "type": "json_schema",
        "json_schema": {
            "name": "coaching_advice",
            "strict": True,
            "schema": strict_json_schema(Advice),
        },
    }


# --- reading an answer ------------------------------------------------------------------------
#
# An answer is judged in three steps. (1) It must be JSON: anything else is "not valid JSON".
# (2) It must fit the schema we sent (types, required and extra keys, enums, minItems): only
# then is it "not the expected shape". (3) Every other rule is repaired, never refused: text is
# made storable and trimmed, numbers clamped, weeks brought into the month, unknown focus
# areas mapped to the person's own. A rule that is neither sent nor repaired would refuse an
# answer the model was told was right.

# C0 and C1 controls except tab, newline and carriage return, and surrogates: PostgreSQL
# cannot store NUL, and a lone surrogate cannot be encoded as UTF-8 at all.
_UNSTORABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_UNSTORABLE_IN_RAW = re.compile("[\x00\ud800-\udfff]")
_CLOSE_ENOUGH = 0.75  # difflib ratio for "Learn" ~ "Learning", not "Cooking" ~ "Career"

DEFAULT_SUMMARY = "Your plan for the month."


def storable_text(text: str) -> str:
    """The text without control characters (tab and line breaks kept) or lone surrogates."""
    return _UNSTORABLE.sub("", text)


def storable_raw(raw: str) -> str:
    """The answer as received, less what the database cannot hold (NUL, lone surrogates)."""
    return _UNSTORABLE_IN_RAW.sub("", raw)


def _text(value: str, limit: int) -> str:
    text = storable_text(value).strip()
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "\u2026"
    return text


def _whole(value: int | float, low: int, high: int) -> int:
    return min(max(int(value), low), high)


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not a JSON number")


def _parsed(raw: str) -> Any:
    # strict=False: a raw control character inside a string is cleaned later, not refused.
    try:
        return json.loads(raw, strict=False, parse_constant=_refuse_constant)
    except (ValueError, RecursionError) as error:
        raise ProviderBadResponse(
            "The AI service answered with something that is not valid JSON.",
            detail=str(error)[:300],
            raw=storable_raw(raw),
        ) from None


def _misfit(value: Any, node: dict[str, Any], root: dict[str, Any], where: str) -> str | None:
    """Where the value breaks the (strict subset) schema we sent, or None if it fits."""
    if "$ref" in node:
        node = root["$defs"][node["$ref"].removeprefix("#/$defs/")]
    kind = node.get("type")
    if "enum" in node and value not in node["enum"]:
        return f"{where}: {str(value)[:40]!r} is not one of {node['enum']}"
    if kind == "string" and not isinstance(value, str):
        return f"{where}: expected text"
    if kind == "integer" and (
        isinstance(value, bool) or not (isinstance(value, int) or (isinstance(value, float) and value.is_integer()))
    ):
        return f"{where}: expected a whole number"
    if kind == "array":
        if not isinstance(value, list):
            return f"{where}: expected a list"
        if len(value) < node.get("minItems", 0):
            return f"{where}: expected at least {node['minItems']} item(s)"
        found = (_misfit(item, node.get("items", {}), root, f"{where}.{index}") for index, item in enumerate(value))
        return next((problem for problem in found if problem), None)
    if kind == "object":
        if not isinstance(value, dict):
            return f"{where}: expected an object"
        properties = node.get("properties", {})
        missing = [key for key in node.get("required", []) if key not in value]
        extra = [key for key in value if key not in properties] if node.get("additionalProperties") is False else []
        if missing or extra:
            return f"{where}: missing {missing}, unexpected {extra}"
        found = (_misfit(value[key], sub, root, f"{where}.{key}") for key, sub in properties.items() if key in value)
        return next((problem for problem in found if problem), None)
    return None


def _fitting[M: BaseModel](model: type[M], raw: str, *, defaults: Any = None) -> dict[str, Any]:
    """The parsed answer, once it fits the schema sent for ``model``; else ProviderBadResponse.
    `defaults` fills in what an answer may leave out before it is checked."""
    answer = _parsed(raw)
    if defaults is not None:
        defaults(answer)
    problem = _misfit(answer, strict_json_schema(model), strict_json_schema(model), "answer")
    if problem:
        raise ProviderBadResponse(
            "The AI service's answer did not have the expected shape.", detail=problem, raw=storable_raw(raw)
        )
    return answer


def _validated[M: BaseModel](model: type[M], repaired: dict[str, Any], raw: str) -> M:
    try:
        return model.model_validate(repaired)
    except ValidationError as error:  # a repair that missed a rule: say so, do not crash
        raise ProviderBadResponse(
            "The AI service's answer did not have the expected shape.",
            detail=_describe_validation_error(error),
            raw=storable_raw(raw),
        ) from None


def _describe_validation_error(error: ValidationError, limit: int = 3) -> str:
    parts = []
    for item in error.errors()[:limit]:
        where = ".".join(str(part) for part in item["loc"]) or "answer"
        parts.append(f"{where}: {item['msg']}")
    more = len(error.errors()) - limit
    if more > 0:
        parts.append(f"and {more} more")
    return "; ".join(parts)


def advice_from_answer(raw: str) -> Advice:
    """The coach's answer, cleaned and trimmed to fit; only empty advice is refused."""
    text = _text(_fitting(Advice, raw)["advice"], ADVICE_MAX_LENGTH)
    if not text:
        raise ProviderBadResponse(
            "The AI service returned an empty answer.", detail="empty advice", raw=storable_raw(raw)
        )
    return _validated(Advice, {"advice": text}, raw)


def _sessions_without_target(answer: Any) -> None:
    # `target` is sent as required (strict mode wants every property), but a server that
    # ignores the schema, or one from before the field existed, leaves it out: no target.
    tasks = answer.get("tasks") if isinstance(answer, dict) else None
    for task in tasks if isinstance(tasks, list) else ():
        if isinstance(task, dict):
            task.setdefault("target", "")


def draft_from_answer(raw: str, context: PlanContext) -> PlanDraft:
    """A plan draft from the model's answer, repaired to the person's month and focus areas."""
    answer = _fitting(PlanDraft, raw, defaults=_sessions_without_target)
    return _validated(PlanDraft, draft_repair(answer, context), raw)


def validate_draft(draft: PlanDraft, context: PlanContext) -> PlanDraft:
    """The draft repaired to the person's context (a draft that already fits comes back equal)."""
    return PlanDraft.model_validate(draft_repair(draft.model_dump(), context))


class _FocusAreas:
    """The person's focus areas, and how a model's spelling of one is read."""

    def __init__(self, allowed: tuple[str, ...]) -> None:
        self.allowed = allowed
        self.canonical = {area.casefold(): area for area in allowed}

    def known(self, name: str) -> str | None:
        key = " ".join(storable_text(name).split()).casefold()
        if key in self.canonical:
            return self.canonical[key]
        close = difflib.get_close_matches(key, list(self.canonical), n=1, cutoff=_CLOSE_ENOUGH)
        return self.canonical[close[0]] if close else None

    def for_task(self, name: str) -> str:
        # A session has to sit in one of the person's areas: the closest, else their first.
        return self.known(name) or self.allowed[0]


def _task_repair(task: dict[str, Any], areas: _FocusAreas, weeks: int) -> dict[str, Any]:
    area = areas.for_task(task["focus_area"])
    return {
        "description": _text(task["description"], TEXT_MAX_LENGTH) or f"{area} session",
        "target": _text(task.get("target", ""), TARGET_MAX_LENGTH),
        "focus_area": area,
        "duration_minutes": _whole(task["duration_minutes"], DURATION_MIN, DURATION_MAX),
        "difficulty": task["difficulty"],
        "week": _whole(task["week"], 1, weeks),
        "intent": _text(task["intent"], TEXT_MAX_LENGTH),
    }


def draft_repair(answer: dict[str, Any], context: PlanContext) -> dict[str, Any]:
    """An answer that fits the sent schema, brought within every rule PlanDraft enforces.

    Weeks are clamped into the month (the first theme for a week wins), unknown focus areas
    are mapped to the closest of the person's (a theme drops one that is close to none),
    text is made storable and trimmed, and sessions beyond the limit are dropped.
    """
    weeks = _whole(context.weeks, 1, WEEKS_MAX)
    areas = _FocusAreas(context.allowed_focus_areas)
    tasks = [_task_repair(task, areas, weeks) for task in answer["tasks"][:TASKS_MAX]]
    themes: dict[int, dict[str, Any]] = {}
    for theme in answer["weekly_breakdown"]:
        week = _whole(theme["week"], 1, weeks)
        if week not in themes:
            known = (areas.known(name) for name in theme["focus_areas"])
            themes[week] = {
                "week": week,
                "theme": _text(theme["theme"], TEXT_MAX_LENGTH) or f"Week {week}",
                "focus_areas": list(dict.fromkeys(area for area in known if area))[:FOCUS_AREAS_MAX],
            }
    return {
        "summary": _text(answer["summary"], SUMMARY_MAX_LENGTH) or DEFAULT_SUMMARY,
        "weekly_breakdown": [themes[week] for week in sorted(themes)],
        "tasks": tasks,
    }
