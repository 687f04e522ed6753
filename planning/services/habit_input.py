"""What a person may say about a habit, cleaned into the Habit's columns: one home for the
rules, so the habits page and the API refuse the same input with the same words.

Problems are collected by field, all at once; `minutes` and `window` keep theirs by part
(`{"minutes": {"min": ["..."]}}`), as the page shows them next to each input.
"""

import datetime as dt
from functools import partial
from typing import Any

from config.refusal import Refusal, cleaned_or_noted
from planning.habit_model import (
    HABIT_FOCUS_AREA_MAX_LENGTH,
    HABIT_MINUTES,
    HABIT_NAME_MAX_LENGTH,
    Habit,
    HabitPriority,
)
from planning.months import CALENDAR_YEARS
from planning.scheduler import WEEKDAYS, InputError, Problem, parse_clock

NAME_REQUIRED = "Name the habit, for example Morning run."
NAME_TOO_LONG = f"Keep the name to {HABIT_NAME_MAX_LENGTH} characters or fewer."
FOCUS_AREA_REQUIRED = "Give the habit a focus area, for example Fitness."
FOCUS_AREA_TOO_LONG = f"Keep the focus area to {HABIT_FOCUS_AREA_MAX_LENGTH} characters or fewer."
FREQUENCY_REQUIRED = "Say how often: a number of times a week (1 to 7), or the days."
FREQUENCY_BOTH = "Give a number of times a week or the days, not both."
TIMES_PER_WEEK_RANGE = "Times a week must be a whole number from 1 to 7."
MINUTES_REQUIRED = "Say how long: the ideal minutes, and the shortest you would still do."
WINDOW_REQUIRED = "Give the window the habit goes in, for example 06:00 to 09:00."
PRIORITY_CHOICE = "Choose high or normal."
DATE_FORMAT = "Give the date as YYYY-MM-DD, for example 2026-12-01."
ENDS_BEFORE_START = "The habit ends before it starts: choose an end date on or after the start date."
ACTIVE_CHOICE = "Give true or false."

FIELDS = ("name", "focus_area", "times_per_week", "days", "minutes", "window", "priority", "starts_on", "ends_on",
          "is_active")  # fmt: skip


class HabitRefused(Refusal):
    """A habit that cannot be saved; `errors` has every problem by field (and part)."""


def _text(raw: Any, *, required: str, too_long: str, limit: int) -> str:
    text = " ".join(raw.split()) if isinstance(raw, str) else ""
    if not text:
        raise ValueError(required)
    if len(text) > limit:
        raise ValueError(too_long)
    return text


def _times_per_week(raw: Any) -> int:
    try:
        number = int(raw)
        if isinstance(raw, bool) or number != float(raw):
            raise ValueError
    except (TypeError, ValueError, OverflowError):  # 1e400 reads as infinity
        raise ValueError(TIMES_PER_WEEK_RANGE)
    if number > 7:
        raise ValueError(f"{number} times a week is more than a week has days: choose 1 to 7, or name the days.")
    if number < 1:
        raise ValueError(TIMES_PER_WEEK_RANGE)
    return number


def _days(raw: Any) -> list[str]:
    values = raw if isinstance(raw, (list, tuple)) else [raw]
    found: set[str] = set()
    for value in values:
        code = value.strip().lower() if isinstance(value, str) else value
        if code not in WEEKDAYS:
            shown = f"“{value}”" if isinstance(value, str) else "That"
            raise ValueError(f"{shown} is not a day; use {', '.join(WEEKDAYS)}.")
        found.add(code)
    return [code for code in WEEKDAYS if code in found]


def _frequency(errors: dict[str, Any], times: Any, days: Any) -> tuple[int | None, list[str]]:
    has_times, has_days = times not in (None, ""), days not in (None, "", [], ())
    if has_times and has_days:
        errors["days"] = [FREQUENCY_BOTH]
    elif not has_times and not has_days:
        errors["times_per_week"] = [FREQUENCY_REQUIRED]
    cleaned: tuple[int | None, list[str]] = (None, [])
    try:
        if has_times:
            cleaned = (_times_per_week(times), [])
        elif has_days:
            cleaned = (None, _days(days))
    except ValueError as exc:
        errors.setdefault("times_per_week" if has_times else "days", []).append(str(exc))
    return cleaned


def _whole_minutes(value: Any, what: str) -> int:
    low, high = HABIT_MINUTES
    try:
        number = int(value)
        if isinstance(value, bool) or number != float(value):
            raise ValueError
    except (TypeError, ValueError, OverflowError):  # 1e400 reads as infinity
        raise ValueError(f"{what} must be a whole number of minutes from {low} to {high}.")
    if not low <= number <= high:
        raise ValueError(f"{what} must be from {low} to {high} minutes; {number} is outside that.")
    return number


def _minutes(raw: Any) -> tuple[int, int]:
    """{"min", "ideal"}: the shortest defaults to the ideal. Raises InputError by part."""
    if not isinstance(raw, dict) or "ideal" not in raw or set(raw) - {"min", "ideal"}:
        raise InputError([Problem(MINUTES_REQUIRED, field="ideal")])
    problems, values = [], {}
    for part, what in (("ideal", "The ideal length"), ("min", "The shortest length")):
        if part == "min" and raw.get("min") in (None, ""):
            values["min"] = values.get("ideal", 0)
            continue
        try:
            values[part] = _whole_minutes(raw.get(part), what)
        except ValueError as exc:
            problems.append(Problem(str(exc), field=part))
    if not problems and values["min"] > values["ideal"]:
        message = f"The shortest ({values['min']} min) is longer than the ideal ({values['ideal']} min)."
        problems.append(Problem(message, field="min"))
    if problems:
        raise InputError(problems)
    return values["min"], values["ideal"]


def _window(raw: Any) -> tuple[dt.time, dt.time]:
    if not isinstance(raw, dict) or set(raw) - {"start", "end"}:
        raise InputError([Problem(WINDOW_REQUIRED, field="start")])
    times, problems = {}, []
    for part in ("start", "end"):
        try:
            times[part] = parse_clock(raw.get(part), what="The window", field=part)
        except InputError as exc:
            problems += [Problem(problem.message, field=part) for problem in exc.problems]
    if not problems and times["start"] == times["end"]:
        problems.append(
            Problem(
                f"The window starts and ends at {times['start']:%H:%M}; a window must have some length "
                "(an end at or before the start runs past midnight).",
                field="end",
            )
        )
    if problems:
        raise InputError(problems)
    return times["start"], times["end"]


def _date(raw: Any, *, required: bool) -> dt.date | None:
    if raw in (None, ""):
        if required:
            raise ValueError(DATE_FORMAT)
        return None
    if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
        day = raw
    else:
        try:
            day = dt.date.fromisoformat(raw) if isinstance(raw, str) and len(raw.strip()) == 10 else None
        except ValueError:
            day = None
        if day is None:
            raise ValueError(DATE_FORMAT)
    if not CALENDAR_YEARS[0] <= day.year <= CALENDAR_YEARS[1]:
        raise ValueError(f"Pick a date in the years {CALENDAR_YEARS[0]} to {CALENDAR_YEARS[1]}.")
    return day


def _by_part(errors: dict[str, Any], name: str, clean: Any, raw: Any) -> Any:
    try:
        return clean(raw)
    except InputError as exc:
        for problem in exc.problems:
            errors.setdefault(name, {}).setdefault(problem.field, []).append(problem.message)
        return None



def habit_input_of(habit: Habit) -> dict[str, Any]:
    """A saved habit in the input's shape: what a change is laid over."""
    return {
        "name": habit.name,
        "focus_area": habit.focus_area,
        "times_per_week": habit.times_per_week,
        "days": list(habit.days),
        "minutes": {"min": habit.min_minutes, "ideal": habit.ideal_minutes},
        "window": {"start": f"{habit.window_start:%H:%M}", "end": f"{habit.window_end:%H:%M}"},
        "priority": habit.priority,
        "starts_on": habit.starts_on,
        "ends_on": habit.ends_on,
        "is_active": habit.is_active,
    }


def with_changes(current: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """The current input with a change laid over it: a new frequency replaces the other kind,
    and `minutes` or `window` may change one part."""
    merged = {**current, **changes}
    if changes.get("times_per_week") not in (None, "") and "days" not in changes:
        merged["days"] = []
    if changes.get("days") not in (None, "", [], ()) and "times_per_week" not in changes:
        merged["times_per_week"] = None
    for name in ("minutes", "window"):
        if isinstance(changes.get(name), dict) and isinstance(current.get(name), dict):
            merged[name] = {**current[name], **changes[name]}
    return merged


def clean_habit(raw: dict[str, Any]) -> dict[str, Any]:
    """The Habit's columns from a whole input; raises HabitRefused with every problem by field."""
    errors: dict[str, Any] = {}
    name = partial(_text, required=NAME_REQUIRED, too_long=NAME_TOO_LONG, limit=HABIT_NAME_MAX_LENGTH)
    area = partial(
        _text, required=FOCUS_AREA_REQUIRED, too_long=FOCUS_AREA_TOO_LONG, limit=HABIT_FOCUS_AREA_MAX_LENGTH
    )
    cleaned: dict[str, Any] = {
        "name": cleaned_or_noted(errors, "name", name, raw.get("name")),
        "focus_area": cleaned_or_noted(errors, "focus_area", area, raw.get("focus_area")),
    }
    cleaned["times_per_week"], cleaned["days"] = _frequency(errors, raw.get("times_per_week"), raw.get("days"))
    minutes = _by_part(errors, "minutes", _minutes, raw.get("minutes"))
    window = _by_part(errors, "window", _window, raw.get("window"))
    if raw.get("priority") not in HabitPriority.values:
        errors["priority"] = [PRIORITY_CHOICE]
    cleaned["starts_on"] = cleaned_or_noted(errors, "starts_on", partial(_date, required=True), raw.get("starts_on"))
    cleaned["ends_on"] = cleaned_or_noted(errors, "ends_on", partial(_date, required=False), raw.get("ends_on"))
    if cleaned["starts_on"] and cleaned["ends_on"] and cleaned["ends_on"] < cleaned["starts_on"]:
        errors["ends_on"] = [ENDS_BEFORE_START]
    if not isinstance(raw.get("is_active"), bool):
        errors["is_active"] = [ACTIVE_CHOICE]
    if errors:
        raise HabitRefused(first_message(errors), errors=errors)
    cleaned["min_minutes"], cleaned["ideal_minutes"] = minutes
    cleaned["window_start"], cleaned["window_end"] = window
    return {**cleaned, "priority": raw["priority"], "is_active": raw["is_active"]}


def first_message(errors: dict[str, Any]) -> str:
    value: Any = next(iter(errors.values()))
    while not isinstance(value, str):
        value = next(iter(value.values())) if isinstance(value, dict) else value[0]
    return value
