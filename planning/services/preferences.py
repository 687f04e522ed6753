"""Saving what a person wants from a month, as a new immutable snapshot."""

from collections.abc import Sequence
from typing import Any

from accounts.models import User
from config.refusal import Refusal, cleaned_or_noted
from planning.models import (
    BUFFER_MINUTES,
    FOCUS_AREA_MAX_LENGTH,
    FOCUS_AREAS_REQUIRED,
    GOALS_TEXT_MAX_LENGTH,
    GOALS_TEXT_REQUIRED,
    MAX_FOCUS_AREAS,
    MAX_SESSIONS_PER_DAY,
    SESSION_MAX_MINUTES,
    SESSION_MIN_MINUTES,
    PeakSource,
    Preferences,
    TaskComplexity,
    WeekendPreference,
)
from planning.scheduler import (
    WEEKDAYS,
    InputError,
    Problem,
    commitment_rows_as_json,
    parse_commitments,
    parse_peak_hours,
    parse_working_hours,
    peak_hours_as_json,
    working_hours_as_json,
)


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


def row_errors(problems: tuple[Problem, ...], rows: int) -> list[Any]:
    """Problems with a list input, as the API shows them: one entry per row ({} for a good
    row, {field: [messages]} for a bad one), then any problem about the whole list."""
    by_row: list[dict[str, list[str]]] = [{} for _ in range(rows)]
    whole: list[str] = []
    for problem in problems:
        if problem.row is not None and 1 <= problem.row <= rows:
            by_row[problem.row - 1].setdefault(problem.field or "day", []).append(problem.message)
        else:
            whole.append(problem.message)
    return [*(by_row if any(by_row) else []), *whole]


def working_hours_errors(problems: tuple[Problem, ...], raw: Any) -> Any:
    """By day, then by row: `{"tue": [{}, {"end": ["..."]}]}`; problems about the whole
    input as a list of messages."""
    by_day: dict[str, Any] = {}
    whole: list[str] = []
    for problem in problems:
        if problem.day in WEEKDAYS and problem.row is not None:
            rows = raw.get(problem.day) if isinstance(raw, dict) else None
            count = len(rows) if isinstance(rows, list) else problem.row
            day_rows = by_day.setdefault(problem.day, [{} for _ in range(max(count, problem.row))])
            day_rows[problem.row - 1].setdefault(problem.field or "start", []).append(problem.message)
        else:
            whole.append(problem.message)
    return by_day if by_day and not whole else ({**by_day, "non_field_errors": whole} if by_day else whole)


def _whole_minutes(value: Any, *, bounds: tuple[int, ...], what: str) -> int:
    low, high = bounds[0], bounds[1]
    try:
        number = int(value)
        if isinstance(value, bool) or number != float(value):
            raise ValueError
    except (TypeError, ValueError):
        raise ValueError(f"{what} must be a whole number of minutes from {low} to {high}.")
    if not low <= number <= high:
        raise ValueError(f"{what} must be from {low} to {high} minutes; {number} is outside that.")
    return number


def clean_session_minutes(raw: Any) -> tuple[int, int]:
    """`{"min": 25, "max": 120}`: min 15-120, max 30-240, min <= max. Raises InputError
    with problems whose field is "min" or "max"."""
    if raw is None:
        raw = {}
    if not isinstance(raw, dict) or set(raw) - {"min", "max"}:
        raise InputError([Problem('Session lengths are {"min": minutes, "max": minutes}.', field="min")])
    problems: list[Problem] = []
    values: dict[str, int] = {}
    for field, bounds, what in (
        ("min", SESSION_MIN_MINUTES, "The shortest session"),
        ("max", SESSION_MAX_MINUTES, "The longest session"),
    ):
        try:
            values[field] = _whole_minutes(raw.get(field, bounds[2]), bounds=bounds, what=what)
        except ValueError as exc:
            problems.append(Problem(str(exc), field=field))
    if not problems and values["min"] > values["max"]:
        message = f"The shortest session ({values['min']} min) is longer than the longest ({values['max']} min)."
        problems.append(Problem(message, field="min"))
    if problems:
        raise InputError(problems)
    return values["min"], values["max"]


def clean_max_sessions_per_day(raw: Any) -> int | None:
    if raw in (None, ""):
        return None
    low, high = MAX_SESSIONS_PER_DAY
    try:
        number = int(raw)
        if isinstance(raw, bool) or number != float(raw) or not low <= number <= high:
            raise ValueError
    except (TypeError, ValueError):
        raise ValueError(f"Sessions a day must be a whole number from {low} to {high}, or empty for the default.")
    return number



def _clean_schedule(errors: dict[str, Any], **raw: Any) -> dict[str, Any]:
    """The person's schedule settings, cleaned into their stored form; problems go into
    `errors` by field (and row)."""
    cleaned: dict[str, Any] = {}
    commitments = raw["fixed_commitments"]
    try:
        parse_commitments(commitments)
        cleaned["fixed_commitments"] = commitment_rows_as_json(commitments)
    except InputError as exc:
        errors["fixed_commitments"] = row_errors(exc.problems, len(commitments) if isinstance(commitments, list) else 0)
    try:
        cleaned["working_hours"] = working_hours_as_json(parse_working_hours(raw["working_hours"]))
    except InputError as exc:
        errors["working_hours"] = working_hours_errors(exc.problems, raw["working_hours"])
    peaks = raw["peak_hours"]
    try:
        cleaned["peak_hours"] = peak_hours_as_json(parse_peak_hours(peaks))
    except InputError as exc:
        errors["peak_hours"] = row_errors(exc.problems, len(peaks) if isinstance(peaks, list) else 0)
    if raw["peak_source"] not in PeakSource.values:
        errors["peak_source"] = [f"Choose one of {', '.join(PeakSource.values)}."]
    cleaned["buffer_minutes"] = cleaned_or_noted(
        errors,
        "buffer_minutes",
        lambda value: _whole_minutes(value, bounds=BUFFER_MINUTES, what="The free time around commitments"),
        raw["buffer_minutes"],
    )
    try:
        cleaned["session_min_minutes"], cleaned["session_max_minutes"] = clean_session_minutes(raw["session_minutes"])
    except InputError as exc:
        errors["session_minutes"] = {problem.field: [problem.message] for problem in exc.problems}
    cleaned["max_sessions_per_day"] = cleaned_or_noted(
        errors, "max_sessions_per_day", clean_max_sessions_per_day, raw["max_sessions_per_day"]
    )
    return cleaned


def _first_message(errors: dict[str, Any]) -> str:
    value: Any = next(iter(errors.values()))
    while not isinstance(value, str):
        if isinstance(value, dict):
            value = next((inner for inner in value.values() if inner), "Please correct the highlighted fields.")
        elif isinstance(value, list):
            value = next((inner for inner in value if inner), "Please correct the highlighted fields.")
        else:
            return "Please correct the highlighted fields."
    return value


def preferences_save(
    *,
    user: User,
    goals_text: str,
    task_complexity: str,
    focus_areas: Sequence[Any],
    weekend_preference: str,
    fixed_commitments: Any,
    working_hours: Any = None,
    peak_hours: Any = None,
    peak_source: str = PeakSource.AUTO,
    buffer_minutes: Any = BUFFER_MINUTES[2],
    session_minutes: Any = None,
    max_sessions_per_day: Any = None,
) -> Preferences:
    """Saves a new snapshot, which becomes the current preferences; raises
    PreferencesRefused with every problem by field (and row) and saves nothing. The
    schedule settings are optional: left out, they keep a sensible day."""
    errors: dict[str, Any] = {}
    cleaned: dict[str, Any] = {}
    for name, clean, raw in (
        ("goals_text", clean_goals_text, goals_text),
        ("focus_areas", clean_focus_areas, focus_areas),
    ):
        cleaned[name] = cleaned_or_noted(errors, name, clean, raw)
    if task_complexity not in TaskComplexity.values:
        errors["task_complexity"] = [f"Choose one of {', '.join(TaskComplexity.values)}."]
    if weekend_preference not in WeekendPreference.values:
        errors["weekend_preference"] = [f"Choose one of {', '.join(WeekendPreference.values)}."]
    cleaned |= _clean_schedule(
        errors,
        fixed_commitments=fixed_commitments,
        working_hours=working_hours,
        peak_hours=peak_hours,
        peak_source=peak_source,
        buffer_minutes=buffer_minutes,
        session_minutes=session_minutes,
        max_sessions_per_day=max_sessions_per_day,
    )
    if errors:
        raise PreferencesRefused(_first_message(errors), errors=errors)
    return Preferences.objects.create(
        user=user,
        task_complexity=task_complexity,
        weekend_preference=weekend_preference,
        peak_source=peak_source,
        **cleaned,
    )
