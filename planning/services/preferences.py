"""Saving what a person wants from a month, as a new immutable snapshot."""

from collections.abc import Sequence
from typing import Any

from accounts.models import User
from config.refusal import Refusal
from planning.models import (
    FOCUS_AREA_MAX_LENGTH,
    FOCUS_AREAS_REQUIRED,
    GOALS_TEXT_MAX_LENGTH,
    GOALS_TEXT_REQUIRED,
    MAX_FOCUS_AREAS,
    Preferences,
    TaskComplexity,
    WeekendPreference,
)
from planning.scheduler import CommitmentError, parse_commitments


class PreferencesRefused(Refusal):
    """Preferences that cannot be saved. `errors` has every problem by field; commitment
    problems sit on their row: `{"fixed_commitments": [{}, {"start": ["..."]}]}`."""


def clean_goals_text(raw: Any) -> str:
    goals_text = str(raw or "").strip()
    if not goals_text:
        raise ValueError(GOALS_TEXT_REQUIRED)
    if len(goals_text) > GOALS_TEXT_MAX_LENGTH:
        raise ValueError(f"Keep your goals under {GOALS_TEXT_MAX_LENGTH} characters (now {len(goals_text)}).")
    return goals_text


def clean_focus_areas(raw: Sequence[Any]) -> list[str]:
    areas: list[str] = []
    for value in raw if isinstance(raw, (list, tuple)) else []:
        area = " ".join(str(value).split())
        if not area:
            continue
        if len(area) > FOCUS_AREA_MAX_LENGTH:
            raise ValueError(f"“{area[:20]}…” is too long: keep a focus area under {FOCUS_AREA_MAX_LENGTH} characters.")
        if area.casefold() not in {a.casefold() for a in areas}:
            areas.append(area)
    if not areas:
        raise ValueError(FOCUS_AREAS_REQUIRED)
    if len(areas) > MAX_FOCUS_AREAS:
        raise ValueError(f"Pick at most {MAX_FOCUS_AREAS} focus areas; a month cannot hold more well.")
    return areas


def commitment_errors(error: CommitmentError, rows: int) -> list[Any]:
    """The error on its row, as the API shows it (one entry per row), or the plain message
    when it is about the whole list."""
    if error.row is None or not 1 <= error.row <= rows:
        return [error.message]
    return [{error.field or "day": [error.message]} if number == error.row else {} for number in range(1, rows + 1)]


def preferences_save(
    *,
    user: User,
    goals_text: str,
    task_complexity: str,
    focus_areas: Sequence[Any],
    weekend_preference: str,
    fixed_commitments: Any,
) -> Preferences:
    """Saves a new snapshot, which becomes the current preferences; raises
    PreferencesRefused with every problem by field and saves nothing."""
    errors: dict[str, list[Any]] = {}
    cleaned: dict[str, Any] = {}
    for name, clean, raw in (
        ("goals_text", clean_goals_text, goals_text),
        ("focus_areas", clean_focus_areas, focus_areas),
    ):
        try:
            cleaned[name] = clean(raw)
        except ValueError as exc:
            errors[name] = [str(exc)]
    if task_complexity not in TaskComplexity.values:
        errors["task_complexity"] = [f"Choose one of {', '.join(TaskComplexity.values)}."]
    if weekend_preference not in WeekendPreference.values:
        errors["weekend_preference"] = [f"Choose one of {', '.join(WeekendPreference.values)}."]
    try:
        commitments = parse_commitments(fixed_commitments)
    except CommitmentError as exc:
        rows = len(fixed_commitments) if isinstance(fixed_commitments, list) else 0
        errors["fixed_commitments"] = commitment_errors(exc, rows)
        commitments = ()
    if errors:
        first = next(iter(errors.values()))[0]
        message = first if isinstance(first, str) else _row_message(errors)
        raise PreferencesRefused(message, errors=errors)
    return Preferences.objects.create(
        user=user,
        goals_text=cleaned["goals_text"],
        task_complexity=task_complexity,
        focus_areas=cleaned["focus_areas"],
        weekend_preference=weekend_preference,
        fixed_commitments=[commitment.as_json() for commitment in commitments],
    )


def _row_message(errors: dict[str, list[Any]]) -> str:
    for row in errors.get("fixed_commitments", []):
        if isinstance(row, dict) and row:
            return next(iter(row.values()))[0]
    return "Please correct the commitments."
