"""How much work a calendar's repeating events would take to expand, before expanding them.

recurring-ical-events (through dateutil) walks a rule from its DTSTART, occurrence by
occurrence, up to the window asked for: an hourly rule that started in 2000 is 230,000 steps
(about a second) before the first one in the window, a minutely one fifty times that. So
before expanding, each rule's steps are estimated from its frequency, interval, BY lists,
DTSTART and UNTIL -- an upper bound, as BY filters only remove occurrences -- and a file
whose total is too high, or which would put more occurrences in the window than the cap, is
refused instead of being expanded.
"""

import datetime as dt
import re
from dataclasses import dataclass

import icalendar

_PERIOD_SECONDS = {
    "SECONDLY": 1,
    "MINUTELY": 60,
    "HOURLY": 3600,
    "DAILY": 86_400,
    "WEEKLY": 7 * 86_400,
    "MONTHLY": 28 * 86_400,
    "YEARLY": 365 * 86_400,
}
# The unit each BY list picks; a list of a finer unit than the frequency multiplies its
# occurrences (BYDAY is counted apart: "MO" in a month is about five Mondays, "2MO" one).
_UNIT_OF = {
    "BYMONTH": "MONTHLY",
    "BYWEEKNO": "WEEKLY",
    "BYYEARDAY": "DAILY",
    "BYMONTHDAY": "DAILY",
    "BYHOUR": "HOURLY",
    "BYMINUTE": "MINUTELY",
    "BYSECOND": "SECONDLY",
}
_ORDINAL = re.compile(r"^[+-]?\d")

@dataclass(frozen=True)
class ExpansionEstimate:
    steps: int  # occurrences walked from each DTSTART to the window's end
    in_window: int  # occurrences that could fall in the window


def _as_utc(value: dt.date | dt.datetime) -> dt.datetime:
    if not isinstance(value, dt.datetime):
        return dt.datetime.combine(value, dt.time(), tzinfo=dt.UTC)
    if value.tzinfo is None:  # floating: within a day of UTC, close enough for a bound
        return value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)


def _per_period(rule: icalendar.vRecur, freq: str) -> int:
    def listed(name: str) -> list:
        return list(rule.get(name) or [])

    count = 1
    for name, unit in _UNIT_OF.items():
        if listed(name) and _PERIOD_SECONDS[unit] < _PERIOD_SECONDS[freq]:
            count *= len(listed(name))
    days = [str(day) for day in listed("BYDAY")]
    if days and freq in ("WEEKLY", "MONTHLY", "YEARLY"):
        ordinal = sum(1 for day in days if _ORDINAL.match(day))
        if freq == "WEEKLY" or listed("BYWEEKNO"):
            weeks = 1
        elif freq == "MONTHLY" or listed("BYMONTH"):
            weeks = 5
        else:
            weeks = 53
        count *= (len(days) - ordinal) * weeks + ordinal
    elif listed("BYWEEKNO"):
        count *= 7
    if freq == "YEARLY" and listed("BYMONTHDAY") and not listed("BYMONTH"):
        count *= 12
    return count


def _rule_estimate(
    rule: icalendar.vRecur, first: dt.datetime, window_start: dt.datetime, window_end: dt.datetime
) -> ExpansionEstimate:
    freq = str((rule.get("FREQ") or ["DAILY"])[0]).upper()
    if freq not in _PERIOD_SECONDS:
        return ExpansionEstimate(0, 0)
    try:
        interval = max(1, int((rule.get("INTERVAL") or [1])[0]))
    except (TypeError, ValueError):
        interval = 1
    last = window_end
    until = rule.get("UNTIL")
    if until:
        last = min(last, _as_utc(until[0]))
    period = _PERIOD_SECONDS[freq] * interval
    per_period = _per_period(rule, freq)
    walked = max(0.0, (last - first).total_seconds()) / period + 1
    in_window_span = max(0.0, (last - max(first, window_start)).total_seconds()) / period + 1
    steps, in_window = walked * per_period, min(walked, in_window_span) * per_period
    count = _count(rule)
    if count is not None:
        # COUNT caps what is yielded; it caps what is walked only when no BY list filters.
        in_window = min(in_window, count)
        if not any(name.startswith("BY") for name in rule):
            steps = min(steps, count)
    return ExpansionEstimate(int(steps), int(in_window))


def _count(rule: icalendar.vRecur) -> int | None:
    try:
        return int((rule.get("COUNT") or [None])[0])
    except (TypeError, ValueError):
        return None


def estimate_expansion(
    calendar: icalendar.Component, *, window_start: dt.datetime, window_end: dt.datetime
) -> ExpansionEstimate:
    """An upper bound of the steps and window occurrences of every VEVENT in the calendar."""
    steps = in_window = 0
    for event in calendar.walk("VEVENT"):
        start = event.get("DTSTART")
        if start is None or not hasattr(start, "dt"):
            continue
        rules = event.get("RRULE")
        rdates = event.get("RDATE")
        if rules is None and rdates is None:
            steps += 1
            in_window += 1
            continue
        first = _as_utc(start.dt)
        for rule in rules if isinstance(rules, list) else ([rules] if rules is not None else []):
            estimate = _rule_estimate(rule, first, window_start, window_end)
            steps += estimate.steps
            in_window += estimate.in_window
        for rdate in rdates if isinstance(rdates, list) else ([rdates] if rdates is not None else []):
            size = len(getattr(rdate, "dts", ()))
            steps += size
            in_window += size
    return ExpansionEstimate(steps, in_window)
