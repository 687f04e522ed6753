from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError

from accounts.models import User
from planning.models import Preferences, TaskComplexity, WeekendPreference
from planning.scheduler import CommitmentError, parse_commitments

MAX_GOALS_LENGTH = 5000
MAX_FOCUS_AREAS = 8
MAX_FOCUS_AREA_LENGTH = 40


def clean_focus_areas(raw: Sequence[Any]) -> list[str]:
    areas: list[str] = []
    for value in raw:
        area = " ".join(str(value).split())
        if not area:
            continue
        if len(area) > MAX_FOCUS_AREA_LENGTH:
            raise ValidationError(
                f"“{area[:20]}…” is too long: keep a focus area under {MAX_FOCUS_AREA_LENGTH} characters."
            )
        if area.casefold() not in {a.casefold() for a in areas}:
            areas.append(area)
    if not areas:
        raise ValidationError("Name at least one focus area, for example Writing or Fitness.")
    if len(areas) > MAX_FOCUS_AREAS:
        raise ValidationError(f"Pick at most {MAX_FOCUS_AREAS} focus areas; a month cannot hold more well.")
    return areas


def clean_commitments(raw: Any) -> list[dict[str, str]]:
    """Validates and normalises weekly commitments; the error names the row and field."""
    if not isinstance(raw, list):
        raise ValidationError("Fixed commitments must be a list of {day, start, end, label}.")
    parse_commitments(raw)  # raises CommitmentError with a message a person understands
    return [
        {
            "day": str(row["day"]).strip().lower()[:3],
            "start": str(row["start"]).strip(),
            "end": str(row["end"]).strip(),
            "label": str(row.get("label") or "").strip(),
        }
        for row in raw
    ]


def preferences_save(
    *,
    user: User,
    goals_text: str,
    task_complexity: str,
    focus_areas: Sequence[Any],
    weekend_preference: str,
    fixed_commitments: Any,
) -> Preferences:
    """Saves a new immutable snapshot; it becomes the current preferences."""
    errors: dict[str, list[str]] = {}
    goals_text = (goals_text or "").strip()
    if not goals_text:
        errors["goals_text"] = ["Tell us what you want from the month: a sentence or two is enough."]
    elif len(goals_text) > MAX_GOALS_LENGTH:
        errors["goals_text"] = [f"Keep your goals under {MAX_GOALS_LENGTH} characters (now {len(goals_text)})."]
    if task_complexity not in TaskComplexity.values:
        errors["task_complexity"] = [f"Choose one of {', '.join(TaskComplexity.values)}."]
    if weekend_preference not in WeekendPreference.values:
        errors["weekend_preference"] = [f"Choose one of {', '.join(WeekendPreference.values)}."]
    areas: list[str] = []
    try:
        areas = clean_focus_areas(focus_areas)
    except ValidationError as exc:
        errors["focus_areas"] = exc.messages
    commitments: list[dict[str, str]] = []
    try:
        commitments = clean_commitments(fixed_commitments)
    except CommitmentError as exc:
        # Keep where the problem is, so a page can show it on the right row and input.
        errors["fixed_commitments"] = [
            ValidationError(exc.message, code="commitment", params={"row": exc.row, "field": exc.field})
        ]
    except ValidationError as exc:
        errors["fixed_commitments"] = exc.messages
    if errors:
        raise ValidationError(errors)
    return Preferences.objects.create(
        user=user,
        goals_text=goals_text,
        task_complexity=task_complexity,
        focus_areas=areas,
        weekend_preference=weekend_preference,
        fixed_commitments=commitments,
    )
