"""Local wall-clock time <-> absolute time, with daylight-saving edges made explicit.

The scheduler thinks in whole "epoch minutes" (minutes since 1970-01-01 UTC). Absolute
arithmetic makes a 60-minute task 60 real minutes even across a fall-back hour, and any
absolute minute converted back to local time is a time that really exists. The only
dangerous direction is wall clock -> absolute, which is what `wall_to_epoch_minutes`
pins down.

Python compares and subtracts two datetimes that share a tzinfo by their wall clock,
ignoring the offset; that is why nothing here does arithmetic on local datetimes.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

ONE_DAY = timedelta(days=1)
# Placements start on a 5-minute grid of absolute time. Every UTC offset in use today is
# a multiple of 15 minutes (Kolkata +5:30, Chatham +12:45, Lord Howe +10:30), so the same
# grid is also a 5-minute grid on the local clock.
GRID = 5


def load_zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"Unknown time zone {name!r}") from exc


def epoch_minutes(moment: datetime, *, round_up: bool = False) -> int:
    """The absolute minute of an aware datetime (seconds rounded down, or up)."""
    # timestamp() of an aware datetime goes through its UTC offset, so this is absolute;
    # a float is exact for whole seconds in any year the planner will see.
    seconds = moment.timestamp()
    return math.ceil(seconds / 60) if round_up else math.floor(seconds / 60)


def grid_up(minute: int) -> int:
    return -(-minute // GRID) * GRID


def grid_down(minute: int) -> int:
    return minute // GRID * GRID


def to_local(minute: int, zone: ZoneInfo) -> datetime:
    # fromtimestamp goes UTC -> local through zone.fromutc, which sets `fold` on the
    # second pass through a fall-back hour; the result always exists on the local clock.
    return datetime.fromtimestamp(minute * 60, tz=zone)


def is_real_local_time(moment: datetime) -> bool:
    """False for a wall time inside a spring-forward gap (or a wrongly folded one)."""
    round_trip = moment.astimezone(UTC).astimezone(moment.tzinfo)
    return round_trip.replace(tzinfo=None) == moment.replace(tzinfo=None) and (
        round_trip.utcoffset() == moment.utcoffset()
    )


def wall_to_epoch_minutes(day: date, wall: time, zone: ZoneInfo, *, is_end: bool) -> int:
    """The absolute minute at which the local clock shows `wall` on `day`.

    The two DST edge cases, chosen so that the interval between a start and an end
    always covers every instant whose wall time lies between them:
    - ambiguous (fall-back, the hour happens twice): a start takes the first pass and an
      end the second, so a 01:00-02:00 commitment blocks both passes;
    - non-existent (spring-forward gap): the transition instant, i.e. the first real
      minute after the gap, for starts and ends alike.
    Seconds are ignored: commitments and windows are minute-precise.
    """
    naive = datetime.combine(day, wall.replace(second=0, microsecond=0, tzinfo=None))
    # PEP 495: fold=0 reads the wall time with the offset in force before a transition,
    # fold=1 with the offset after it.
    before = epoch_minutes(naive.replace(tzinfo=zone, fold=0))
    after = epoch_minutes(naive.replace(tzinfo=zone, fold=1))
    if before == after:
        return before
    if before < after:  # the wall time happens twice
        return after if is_end else before
    return _transition_minute(after, before, zone)


def _transition_minute(low: int, high: int, zone: ZoneInfo) -> int:
    """The first minute in (low, high] that carries the offset in force at `high`.

    zoneinfo does not expose its transitions, so bisect; a gap is at most a couple of
    hours, so this is a handful of steps, and it only runs for times inside a gap.
    """
    target = to_local(high, zone).utcoffset()
    while high - low > 1:
        middle = (low + high) // 2
        if to_local(middle, zone).utcoffset() == target:
            high = middle
        else:
            low = middle
    return high


def month_days(year: int, month: int) -> list[date]:
    first = date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    return [first + timedelta(days=offset) for offset in range((following - first).days)]


def month_bounds(year: int, month: int, zone: ZoneInfo) -> tuple[int, int]:
    """[local midnight of the 1st, local midnight of the next month's 1st) in epoch minutes."""
    days = month_days(year, month)
    start = wall_to_epoch_minutes(days[0], time(0), zone, is_end=False)
    end = wall_to_epoch_minutes(days[-1] + ONE_DAY, time(0), zone, is_end=False)
    return start, end
