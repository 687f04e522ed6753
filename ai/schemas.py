"""Structured output: the pydantic models a provider's answer must satisfy, and their wire schema.

The models are strict (unknown keys refused, no type coercion, surrounding whitespace
stripped). The JSON schema sent in ``response_format`` keeps only the conservative subset
of JSON Schema that OpenAI's strict mode and compatible servers (vLLM, Ollama) accept:
type, properties, required, additionalProperties, items, enum, $defs/$ref, description.
Length and range limits are stated in each field's description instead; the pydantic
models enforce them on our side, whatever the server did.

Coaching uses structured output too (``Advice``), so both calls fail the same way when a
model answers with something that is not the promised JSON.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from ai.base import ProviderBadResponse

if TYPE_CHECKING:
    from ai.base import PlanContext

Difficulty = Literal["easy", "medium", "hard"]


class _StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, str_strip_whitespace=True, frozen=True)


class WeekTheme(_StrictModel):
    week: int = Field(ge=1, le=6, description="Week number within the month, 1 to 6.")
    theme: str = Field(
        min_length=1,
        max_length=300,
        description="The week's theme, at most 300 characters.",
    )
    focus_areas: list[str] = Field(
        max_length=20,
        description="The focus areas this week works on, spelled exactly as given.",
    )


class DraftTaskSpec(_StrictModel):
    description: str = Field(
        min_length=1,
        max_length=300,
        description="One concrete work session, at most 300 characters.",
    )
    focus_area: str = Field(
        min_length=1,
        max_length=100,
        description="One of the given focus areas, spelled exactly.",
    )
    duration_minutes: int = Field(ge=15, le=240, description="Session length in minutes, 15 to 240.")
    difficulty: Difficulty = Field(description="easy, medium or hard.")
    week: int = Field(
        ge=1,
        le=6,
        description="The week of the month this session belongs to, 1 to the number of weeks.",
    )
    intent: str = Field(
        max_length=300,
        description="Why this session matters for the goals, at most 300 characters.",
    )


class PlanDraft(_StrictModel):
    summary: str = Field(
        min_length=1,
        max_length=2000,
        description="The month's plan in a few sentences.",
    )
    weekly_breakdown: list[WeekTheme] = Field(min_length=1, max_length=6, description="One entry per week.")
    tasks: list[DraftTaskSpec] = Field(min_length=1, max_length=200, description="Between 1 and 200 sessions.")


class Advice(_StrictModel):
    advice: str = Field(
        min_length=1,
        max_length=4000,
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


# --- parsing and validation --------------------------------------------------------------


def _describe_validation_error(error: ValidationError, limit: int = 3) -> str:
    parts = []
    for item in error.errors()[:limit]:
        where = ".".join(str(part) for part in item["loc"]) or "answer"
        parts.append(f"{where}: {item['msg']}")
    more = len(error.errors()) - limit
    if more > 0:
        parts.append(f"and {more} more")
    return "; ".join(parts)


def parse_model[M: BaseModel](model: type[M], raw: str) -> M:
    """Parse a model's JSON answer, or raise ProviderBadResponse saying what was wrong."""
    try:
        return model.model_validate_json(raw)
    except ValidationError as error:
        if any(item["type"] == "json_invalid" for item in error.errors()):
            raise ProviderBadResponse(
                "The AI service answered with something that is not valid JSON.",
                detail=_describe_validation_error(error),
                raw=raw,
            ) from None
        raise ProviderBadResponse(
            "The AI service's answer did not have the expected shape.",
            detail=_describe_validation_error(error),
            raw=raw,
        ) from None


def validate_draft(draft: PlanDraft, context: PlanContext) -> PlanDraft:
    """Check a draft against the person's context; return it with focus areas spelled as theirs.

    A focus area that differs only in case or surrounding space is accepted and rewritten;
    any other unknown focus area, or a week beyond the month's weeks, refuses the draft.
    """
    allowed = context.allowed_focus_areas
    canonical = {area.casefold(): area for area in allowed}
    weeks = context.weeks

    def known(area: str, where: str) -> str:
        found = canonical.get(area.strip().casefold())
        if found is None:
            raise ProviderBadResponse(
                "The AI plan used a focus area you did not choose.",
                detail=f"{where} names {area!r}; allowed: {', '.join(allowed)}",
            )
        return found

    seen_weeks: set[int] = set()
    themes = []
    for index, theme in enumerate(draft.weekly_breakdown):
        if theme.week > weeks:
            raise ProviderBadResponse(
                "The AI plan has weeks this month does not have.",
                detail=f"weekly_breakdown.{index} is week {theme.week}; the month has {weeks} weeks",
            )
        if theme.week in seen_weeks:
            raise ProviderBadResponse(
                "The AI plan describes the same week twice.",
                detail=f"weekly_breakdown.{index} repeats week {theme.week}",
            )
        seen_weeks.add(theme.week)
        areas = [known(area, f"weekly_breakdown.{index}") for area in theme.focus_areas]
        themes.append(theme.model_copy(update={"focus_areas": areas}))

    tasks = []
    for index, task in enumerate(draft.tasks):
        if task.week > weeks:
            raise ProviderBadResponse(
                "The AI plan has weeks this month does not have.",
                detail=f"tasks.{index} is in week {task.week}; the month has {weeks} weeks",
            )
        tasks.append(task.model_copy(update={"focus_area": known(task.focus_area, f"tasks.{index}")}))

    return draft.model_copy(update={"weekly_breakdown": themes, "tasks": tasks})
