"""The sentences a person reads about a habit's occurrence: why it is where it is, or why a
day has none."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from planning.scheduler.habit_spec import HabitSpec
from planning.scheduler.types import DAY_NAMES, MONTH_NAMES, Day, ScheduleRequest


@dataclass(frozen=True)
class Miss:
    """Why a day could not hold an occurrence: "cap" (sessions a day), "load" or "room"."""

    kind: str
    limit: int  # the sessions a day for "cap", the day's load in minutes for "load"


def _day_words(moment: datetime) -> str:
    return f"{DAY_NAMES[moment.weekday()]} {moment.day} {MONTH_NAMES[moment.month - 1]}"


def _priority_note(spec: HabitSpec) -> str:
    if spec.priority == "high":
        return "A high-priority habit: placed before the plan's sessions."
    return "Placed after the plan's sessions, in the time they left."


def occurrence_reason(
    spec: HabitSpec,
    start: datetime,
    minutes: int,
    *,
    kind: str,
    why_shorter: str,
    blocker: str,
    request: ScheduleRequest,
    capacity: int,
) -> str:
    window = f"Your {spec.name} window, {spec.window_label}"
    when = f"{_day_words(start)} at {start:%H:%M}"
    if kind == "window":
        where = f"{window}: {when}."
    else:
        taken = f" ({blocker} is in it)" if blocker else ""
        where = f"{window}, had no free {minutes} min that day{taken}; placed at the nearest free time, {when}."
    sentences = [where]
    if why_shorter == "load":
        sentences.append(
            f"Shortened from {spec.ideal_minutes} to {minutes} min (your shortest is {spec.min_minutes}): the day's "
            f"other sessions leave {minutes} min of its load ({capacity} min for {request.complexity})."
        )
    elif why_shorter == "room":
        sentences.append(
            f"Shortened from {spec.ideal_minutes} to {minutes} min (your shortest is {spec.min_minutes}): no longer "
            f"stretch was free that day."
        )
    sentences.append(_priority_note(spec))
    return " ".join(sentences)


def missed_reason(spec: HabitSpec, day: Day, miss: Miss, *, blocker: str, request: ScheduleRequest) -> str:
    none = f"{day.label}: no {spec.name} that day"
    if miss.kind == "cap":
        whose = "you allow" if request.max_sessions_per_day is not None else f"for {request.complexity}"
        sessions = f"{miss.limit} session{'s' * (miss.limit != 1)}"
        return f"{none}: the day already has {sessions}, the most a day {whose}."
    if miss.kind == "load":
        return (
            f"{none}: its sessions already fill the day's load ({miss.limit} min for {request.complexity}), "
            f"leaving less than the shortest {spec.min_minutes} min."
        )
    taken = f"; {blocker} is in it" if blocker else ""
    return (
        f"{none}: not even the shortest {spec.min_minutes} min was free in its window ({spec.window_label}{taken}) "
        f"or elsewhere in your hours that day, after commitments and other sessions."
    )
