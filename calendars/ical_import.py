"""Busy time from an iCalendar file: the events of a window, as UTC intervals.

- One-off and repeating events (RRULE, RDATE, EXDATE, RECURRENCE-ID overrides) are expanded
  with recurring-ical-events, only inside the window (widened by a day, as floating and
  all-day times are placed in the person's zone afterwards, then cut to the window).
- Zones: TZID (IANA, Windows names from Outlook, the file's own VTIMEZONE; see
  calendars.ical_zones), UTC, Google's X-WR-TIMEZONE (the x-wr-timezone package, applied here
  with the zone read the same way) and floating times, which are the person's zone.
- An all-day event makes whole local days busy in the person's zone: from midnight to the
  midnight after its last day, so a day when the clocks change is 23 or 25 hours.
- TRANSP:TRANSPARENT ("free") and STATUS:CANCELLED events are not busy (a cancelled
  override removes that one occurrence). An event with no DTEND nor DURATION lasts a day
  when it is a date and no time when it is a date-time (RFC 5545 3.6.1): a deadline or a
  reminder holds no time, so it is left out.
- Bounded: a file with more events than `max_occurrences`, or repeating events that would
  take too long to expand (calendars.ical_bounds) or give more occurrences than that in the
  window, is refused with a message rather than imported in part; so is a file with an event
  whose times can't be read. One-off events well outside the window are left out before
  expansion, so years of history cost little more than their parsing.
"""

import datetime as dt
import re
import zoneinfo
from dataclasses import dataclass

import icalendar
import recurring_ical_events
import x_wr_timezone
from icalendar.error import BrokenCalendarProperty

from calendars.ical_bounds import estimate_expansion
from calendars.ical_zones import forget_file_zones, reattach_zones, zone_named
from config.refusal import Refusal

MAX_OCCURRENCES = 20_000
# Estimated expansion steps a file may take: about 1.5 s of dateutil at the worst (an hourly
# rule since 2000 is 235,000; a daily one since 1970, 21,000).
MAX_EXPANSION_STEPS = 400_000
# Floating and all-day times move by at most a day when placed in a zone.
_WINDOW_MARGIN = dt.timedelta(days=1, hours=2)
_EVENT_BEGIN = re.compile(rb"^BEGIN:VEVENT\s*$", re.IGNORECASE | re.MULTILINE)
_ZONE_BEGIN = re.compile(rb"^BEGIN:VTIMEZONE\s*$", re.IGNORECASE | re.MULTILINE)
# Each VTIMEZONE icalendar doesn't know costs a few milliseconds to build; real files define
# a handful.
MAX_TIME_ZONES = 100
_CALENDAR_BEGIN = re.compile(rb"^\s*BEGIN:VCALENDAR\s*$", re.IGNORECASE | re.MULTILINE)

NOT_ICALENDAR = (
    "That is not an iCalendar file: the address should give a calendar (.ics) that starts with "
    "BEGIN:VCALENDAR. Copy the calendar's iCal/ICS export or subscription address."
)
MALFORMED = "The calendar file is malformed and can't be read"
TOO_SLOW_TO_EXPAND = (
    "The calendar has events that repeat too often, or since too long ago, to be expanded "
    "(for example every minute). Monthwise can't import it."
)


def too_many_events_message(limit: int) -> str:
    return f"The calendar has more than {limit:,} events in the imported weeks, more than Monthwise imports."


class CalendarDataRefused(Refusal):
    """Calendar data Monthwise will not import: not a calendar, malformed, or too much."""

    status = 400

    def __init__(self, message: str, *, field: str | None = "url", **kwargs: object) -> None:
        super().__init__(message, field=field, **kwargs)  # type: ignore[arg-type]


@dataclass(frozen=True)
class ImportedBusy:
    uid: str
    recurrence_id: str  # which occurrence of a repeating event ("" for a one-off event)
    start: dt.datetime  # aware, UTC
    end: dt.datetime  # aware, UTC, after start
    summary: str
    all_day: bool


def _parse(data: bytes | str, max_events: int) -> list[icalendar.Calendar]:
    raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    if not _CALENDAR_BEGIN.match(raw[:2048]):
        raise CalendarDataRefused(NOT_ICALENDAR)
    if len(_EVENT_BEGIN.findall(raw)) > max_events:
        raise CalendarDataRefused(too_many_events_message(max_events))
    if len(_ZONE_BEGIN.findall(raw)) > MAX_TIME_ZONES:
        raise CalendarDataRefused(f"{MALFORMED}: it defines more than {MAX_TIME_ZONES} time zones")
    try:
        calendars = icalendar.Calendar.from_ical(raw, multiple=True)
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise CalendarDataRefused(f"{MALFORMED}: {_short(exc)}")
    finally:
        forget_file_zones()
    if not calendars:
        raise CalendarDataRefused(f"{MALFORMED}: it stops before END:VCALENDAR")
    if any(calendar.name != "VCALENDAR" for calendar in calendars):
        raise CalendarDataRefused(NOT_ICALENDAR)
    return calendars


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text[:200]


def _event_label(event: icalendar.Component) -> str:
    summary = str(event.get("SUMMARY", "")).strip()
    return f'the event "{summary[:80]}"' if summary else f"the event {str(event.get('UID', ''))[:80]!r}"


def _check_events(calendar: icalendar.Component) -> None:
    """icalendar keeps going past a value it can't read inside an event (it notes the error
    and keeps the text): an event whose times can't be read would be silently wrong, so the
    file is refused, naming the event."""
    for event in calendar.walk("VEVENT"):
        broken = [error for prop, error in getattr(event, "errors", []) if prop is None or prop.upper() in _TIMES]
        start = event.get("DTSTART")
        if not broken and (start is None or not isinstance(getattr(start, "dt", None), dt.date)):
            broken.append("it has no start (DTSTART)")
        rules = event.get("RRULE")
        # An RRULE without FREQ (even "RRULE:garbage") is read as an empty rule that repeats nothing.
        if not broken and rules is not None and any(not rule.get("FREQ") for rule in _listed(rules)):
            broken.append("its repeat rule (RRULE) has no frequency")
        if broken:
            raise CalendarDataRefused(f"{MALFORMED}: {_event_label(event)}: {_short(Exception(broken[0]))}")


def _listed(value: object) -> list:
    return value if isinstance(value, list) else [value]


_TIMES = {"DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID"}


def _standard_zones(calendar: icalendar.Calendar) -> icalendar.Calendar:
    """Google's X-WR-TIMEZONE made RFC 5545 (UTC and floating times moved into that zone)."""
    reattach_zones(calendar)
    name = str(calendar.get("X-WR-TIMEZONE", "")).strip()
    zone = zone_named(name) if name else None
    if zone is None:
        return calendar
    return x_wr_timezone.to_standard(calendar, timezone=zone)


def _repeating_uids(calendar: icalendar.Calendar) -> set[str]:
    return {
        str(event.get("UID", ""))
        for event in calendar.walk("VEVENT")
        if any(name in event for name in ("RRULE", "RDATE", "RECURRENCE-ID"))
    }


def _surely_outside(event: icalendar.Component, start: dt.datetime, end: dt.datetime) -> bool:
    """A one-off event that starts after the (widened) window or ends before it: leaving it
    out before expansion spares the library its work (a calendar with years of history)."""
    first = event["DTSTART"].dt
    if not isinstance(first, dt.datetime):
        first = dt.datetime.combine(first, dt.time())
    first = first.replace(tzinfo=dt.UTC) if first.tzinfo is None else first
    if first > end:
        return True
    last_prop = event.get("DTEND")
    if last_prop is None:
        return event.get("DURATION") is None and first + dt.timedelta(days=1) < start
    last = last_prop.dt if isinstance(last_prop.dt, dt.datetime) else dt.datetime.combine(last_prop.dt, dt.time())
    last = last.replace(tzinfo=dt.UTC) if last.tzinfo is None else last
    return last < start and first < start


def _without_events_outside(calendar: icalendar.Calendar, start: dt.datetime, end: dt.datetime) -> None:
    repeating = _repeating_uids(calendar)
    calendar.subcomponents = [
        component
        for component in calendar.subcomponents
        if component.name != "VEVENT"
        or str(component.get("UID", "")) in repeating
        or not _surely_outside(component, start - _WINDOW_MARGIN, end + _WINDOW_MARGIN)
    ]


def _recurrence_id(value: dt.date) -> str:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            return value.strftime("%Y%m%dT%H%M%S")
        return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    return value.strftime("%Y%m%d")


def _instant(value: dt.date, zone: dt.tzinfo) -> dt.datetime:
    if not isinstance(value, dt.datetime):
        # Local midnight (a zone that skips midnight gives the instant after the gap).
        value = dt.datetime.combine(value, dt.time(), tzinfo=zone)
    elif value.tzinfo is None:  # floating: the person's zone
        value = value.replace(tzinfo=zone)
    return value.astimezone(dt.UTC)


def _is_busy(occurrence: icalendar.Component) -> bool:
    if str(occurrence.get("TRANSP", "OPAQUE")).upper() == "TRANSPARENT":
        return False
    return str(occurrence.get("STATUS", "")).upper() != "CANCELLED"


def _interval(occurrence: icalendar.Component, zone: dt.tzinfo) -> tuple[dt.datetime, dt.datetime, bool] | None:
    start_value = occurrence["DTSTART"].dt
    end_prop = occurrence.get("DTEND")
    end_value = end_prop.dt if end_prop is not None else start_value
    all_day = not isinstance(start_value, dt.datetime)
    start, end = _instant(start_value, zone), _instant(end_value, zone)
    if end <= start:  # no length (a date-time event without an end): no busy time
        return None
    return start, end, all_day


def _occurrences(
    calendar: icalendar.Calendar, start: dt.datetime, end: dt.datetime
) -> list[icalendar.Component]:
    try:
        query = recurring_ical_events.CalendarQuery(calendar, keep_recurrence_attributes=False)
        return query.between(start - _WINDOW_MARGIN, end + _WINDOW_MARGIN)
    except (
        recurring_ical_events.InvalidCalendar,
        recurring_ical_events.BadRuleStringFormat,
        recurring_ical_events.PeriodEndBeforeStart,
        BrokenCalendarProperty,
        ValueError,
        TypeError,
        KeyError,
        AttributeError,
    ) as exc:
        raise CalendarDataRefused(f"{MALFORMED}: {_short(exc)}")


def _calendar_busy(
    calendar: icalendar.Calendar, *, start: dt.datetime, end: dt.datetime, zone: dt.tzinfo, limit: int
) -> list[ImportedBusy]:
    _check_events(calendar)
    calendar = _standard_zones(calendar)
    _without_events_outside(calendar, start, end)
    estimate = estimate_expansion(calendar, window_start=start - _WINDOW_MARGIN, window_end=end + _WINDOW_MARGIN)
    if estimate.steps > MAX_EXPANSION_STEPS:
        raise CalendarDataRefused(TOO_SLOW_TO_EXPAND)
    # The estimate is an upper bound (BY filters drop some): twice the cap stops only what is
    # surely too much before expanding it; the exact count is checked as occurrences come.
    if estimate.in_window > limit * 2:
        raise CalendarDataRefused(too_many_events_message(limit))
    repeating = _repeating_uids(calendar)
    busy: list[ImportedBusy] = []
    for occurrence in _occurrences(calendar, start, end):
        if not _is_busy(occurrence):
            continue
        interval = _interval(occurrence, zone)
        if interval is None or interval[1] <= start or interval[0] >= end:
            continue
        uid = str(occurrence.get("UID", ""))
        recurrence = occurrence.get("RECURRENCE-ID")
        busy.append(
            ImportedBusy(
                uid=uid,
                recurrence_id=_recurrence_id(recurrence.dt) if uid in repeating and recurrence is not None else "",
                start=interval[0],
                end=interval[1],
                summary=" ".join(str(occurrence.get("SUMMARY", "")).split()),
                all_day=interval[2],
            )
        )
        if len(busy) > limit:
            raise CalendarDataRefused(too_many_events_message(limit))
    return busy


def busy_from_ical(
    data: bytes | str,
    *,
    start: dt.datetime,
    end: dt.datetime,
    timezone: str,
    max_occurrences: int = MAX_OCCURRENCES,
) -> list[ImportedBusy]:
    """The busy intervals of the calendar's events that overlap [start, end), sorted by start;
    floating and all-day times are read in `timezone` (the person's IANA zone)."""
    if start.tzinfo is None or end.tzinfo is None:
        raise ValueError("busy_from_ical needs aware start and end")
    zone = zoneinfo.ZoneInfo(timezone)
    start, end = start.astimezone(dt.UTC), end.astimezone(dt.UTC)
    busy: list[ImportedBusy] = []
    for calendar in _parse(data, max_occurrences):
        busy += _calendar_busy(calendar, start=start, end=end, zone=zone, limit=max_occurrences - len(busy))
    busy.sort(key=lambda item: (item.start, item.end, item.uid, item.recurrence_id))
    return busy
