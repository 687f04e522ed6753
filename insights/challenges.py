"""The Challenges insight: where plans fail most, each in a sentence a person understands.

Four kinds, each from the same counts as the other insights (no Django import): the focus
areas that get finished least, the hardest weekday, the hours that rarely get done, and
the areas whose sessions run over.
"""

from __future__ import annotations

from collections.abc import Mapping

from insights.maths import (
    MIN_WINDOW_SAMPLES,
    WEEKDAY_NAMES,
    Durations,
    Tally,
    candidate_windows,
    centre_offset,
    duration_multiplier,
    part_of_day,
    percent,
    ranked_groups,
    total,
    window_label,
)

# A group is a challenge when it finishes clearly less than the person does overall.
CHALLENGE_MARGIN = 0.15
# An area "overruns" when its sessions take at least 25% longer (or 25% less) than planned.
OVERRUN_THRESHOLD = 0.25
MAX_FOCUS_AREA_CHALLENGES = 2


def _is_struggle(tally: Tally, overall: Tally) -> bool:
    got = tally.completion_rate or 0.0
    return got < 0.5 or got <= (overall.completion_rate or 0.0) - CHALLENGE_MARGIN


def _challenge(kind: str, subject: str, text: str, tally: Tally) -> dict[str, object]:
    return {"kind": kind, "subject": subject, "text": text, **tally.as_dict()}


def challenges_value(
    *,
    cells: Mapping[tuple[int, int], Tally],
    by_area: Mapping[str, Tally],
    durations: Mapping[str, Durations],
) -> dict[str, object]:
    """Where plans fail most, each in a sentence a person understands."""
    overall = total(by_area.values())
    by_weekday: dict[str, Tally] = {}
    by_hour: dict[int, Tally] = {}
    for (weekday, hour), tally in cells.items():
        by_weekday[WEEKDAY_NAMES[weekday]] = by_weekday.get(WEEKDAY_NAMES[weekday], Tally()) + tally
        by_hour[hour] = by_hour.get(hour, Tally()) + tally

    items = [
        *focus_area_challenges(by_area, overall),
        *weekday_challenge(by_weekday, overall),
        *hours_challenge(by_hour, overall),
        *overrun_challenges(durations),
    ]
    return {"summary": _summary(items, overall), "items": items}


def _summary(items: list[dict[str, object]], overall: Tally) -> str:
    if items:
        return str(items[0]["text"])
    if overall.logged < MIN_WINDOW_SAMPLES:
        return "Too early to tell where plans slip: log a few more sessions."
    if overall.logged:
        return "No weak spot stands out yet: your plans hold up across areas, days and hours."
    return "Log time on a few tasks to see where plans slip."


def focus_area_challenges(by_area: Mapping[str, Tally], overall: Tally) -> list[dict[str, object]]:
    """The (at most two) focus areas that get finished clearly less than the rest, worst first."""
    items: list[dict[str, object]] = []
    for area, tally in reversed(ranked_groups(by_area)):
        if _is_struggle(tally, overall) and len(items) < MAX_FOCUS_AREA_CHALLENGES:
            items.append(
                _challenge(
                    "focus_area",
                    area,
                    f"{area} sessions get finished {tally.completed} time{'s' * (tally.completed != 1)} "
                    f"out of {tally.logged} "
                    f"({percent(tally.completion_rate)}), against {percent(overall.completion_rate)} overall.",
                    tally,
                )
            )
    return items


def weekday_challenge(by_weekday: Mapping[str, Tally], overall: Tally) -> list[dict[str, object]]:
    """The weekday that finishes least, if it struggles (an empty list if none does)."""
    weekdays = ranked_groups(by_weekday)
    if not weekdays or not _is_struggle(weekdays[-1][1], overall):
        return []
    name, tally = weekdays[-1]
    return [
        _challenge(
            "weekday",
            name,
            f"{name}s are your hardest day: {tally.completed} of {tally.logged} sessions finished "
            f"({percent(tally.completion_rate)}).",
            tally,
        )
    ]


def hours_challenge(by_hour: Mapping[int, Tally], overall: Tally) -> list[dict[str, object]]:
    """The window of the day that finishes least, if it struggles (an empty list if none does)."""
    windows = [w for w in candidate_windows(by_hour) if w.tally.logged >= MIN_WINDOW_SAMPLES]
    if not windows:
        return []
    worst = min(
        windows,
        key=lambda w: (
            round(w.tally.smoothed_rate, 6),
            -w.tally.logged,
            centre_offset(by_hour, w.start_hour, w.end_hour),
            w.start_hour,
        ),
    )
    if not _is_struggle(worst.tally, overall):
        return []
    label = window_label(worst.start_hour, worst.end_hour)
    return [
        _challenge(
            "hours",
            label,
            f"Sessions started in the {part_of_day(worst.start_hour, worst.end_hour)} ({label}) "
            f"rarely get done: {worst.tally.completed} of {worst.tally.logged} finished.",
            worst.tally,
        )
    ]


def overrun_challenges(durations: Mapping[str, Durations]) -> list[dict[str, object]]:
    """Every focus area whose finished sessions take OVERRUN_THRESHOLD longer than planned, or more."""
    items: list[dict[str, object]] = []
    for area, measured in sorted(durations.items()):
        multiplier = duration_multiplier(measured)
        if multiplier is not None and multiplier >= 1 + OVERRUN_THRESHOLD:
            items.append(
                {
                    "kind": "overrun",
                    "subject": area,
                    "text": f"{area} sessions run over: they take {round((multiplier - 1) * 100)}% longer than "
                    f"planned ({round(measured.actual_minutes / measured.sessions)} min instead of "
                    f"{round(measured.planned_minutes / measured.sessions)} min).",
                    "multiplier": multiplier,
                }
            )
    return items
