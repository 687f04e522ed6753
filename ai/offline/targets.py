"""Dividing a goal into per-session targets.

A total (20,000 words) is shared out over the sessions that carry it, in proportion to
their length and their place on the ramp, in round steps (250 words, 5 pages, 0.1 kg),
and the last of them takes what rounding left, so the targets add up to the goal. A
distance (a 10 km run) is built towards: each session type runs a share of it that grows
from the type's first session to its last. A small count (3 blog posts over 8 sessions)
is worked on item by item, each in a few sessions.
"""

from __future__ import annotations

import math

from ai.offline.units import Unit

_NICE = (1, 2, 2.5, 5)


def nice_step(rough: float, *, integral: bool) -> float:
    """The round step at or below `rough`: 1, 2, 2.5, 5, 10, 20, 25, 50, 100... (0.1 up for tenths)."""
    floor = 1.0 if integral else 0.1
    if rough <= floor:
        return floor
    power = 10 ** math.floor(math.log10(rough))
    nices = _NICE if power >= 10 else (1, 2, 5)  # 0.25 kg would not survive one decimal
    step = max(power * nice for nice in nices if power * nice <= rough)
    return max(step, floor) if not (integral and step % 1) else max(math.floor(step), 1)


def rounded(amount: float, step: float) -> float:
    return round(round(amount / step) * step, 1)


def share_out(total: float, weights: list[float], unit: Unit) -> list[float]:
    """`total` over sessions of these weights, in round steps, adding up to exactly `total`.

    Every session gets at least one step when the total allows it; the last session takes
    the rounding rest."""
    count = len(weights)
    if count == 0:
        return []
    step = nice_step(total / count / 10, integral=unit.integral)
    steps = max(round(total / step), 0)
    weight_sum = sum(weights) or 1.0
    exact = [steps * weight / weight_sum for weight in weights]
    given = [math.floor(value) for value in exact]
    by_remainder = sorted(range(count), key=lambda i: (-(exact[i] - given[i]), i))
    for index in by_remainder[: steps - sum(given)]:
        given[index] += 1
    if steps >= count:  # nobody left with nothing: take from the largest
        for index in range(count):
            while given[index] == 0:
                donor = max(range(count), key=lambda i: (given[i], -i))
                given[donor] -= 1
                given[index] += 1
    amounts = [round(units * step, 1) for units in given]
    amounts[-1] = round(amounts[-1] + total - sum(amounts), 1)
    return amounts


def ramp_weights(minutes: list[int], ramp: tuple[float, ...]) -> list[float]:
    """Session length times its place on the ramp: (0.6, 0.8) means the first two sessions
    aim at 60% and 80% of the pace, the rest at the full pace."""
    return [length * (ramp[index] if index < len(ramp) else 1.0) for index, length in enumerate(minutes)]


def built_up(total: float, scale: tuple[float, float], weeks: list[int], month_weeks: int, unit: Unit) -> list[float]:
    """A session type's amounts, one a session in these weeks: from scale[0] of the goal in
    the month's first week to scale[1] in its last, in half units."""
    low, high = scale
    step = 0.5 if not unit.integral else nice_step(total / 20, integral=True)
    span = max(month_weeks - 1, 1)
    return [max(rounded(total * (low + (high - low) * (week - 1) / span), step), step) for week in weeks]


def groups(sessions: int, items: int) -> list[int]:
    """How many sessions each of `items` gets, the first ones one more when it does not divide."""
    base, extra = divmod(sessions, items)
    return [base + (1 if index < extra else 0) for index in range(items)]


def by_rate(rate_per_hour: float, minutes: int, ramp: float, unit: Unit) -> float:
    """Without a total: what a session of this length aims at, at the playbook's rate."""
    amount = rate_per_hour * minutes / 60 * ramp
    step = nice_step(amount / 10, integral=unit.integral)
    return max(rounded(amount, step), step)
