"""Time zones of one iCalendar file, read the same way whoever's file came first.

icalendar 7 resolves a TZID through one process-wide cache, which the first VTIMEZONE with a
TZID it does not know fills, first come first kept. In a worker that reads many people's
calendars, one file's "Customized Time Zone" (Outlook) -- or a file that redefines
"W. Europe Standard Time" -- would decide the times of the next person's file, and a
VTIMEZONE placed after the events that use it is not known yet when they are read (they come
out floating). So after parsing, every date-time with a TZID is put back in the zone this
file means, decided here in this order:

1. an IANA name (zoneinfo), also inside a globally unique "/vendor/Area/City" TZID;
2. a Windows name (Outlook, Exchange: "W. Europe Standard Time"), by CLDR's table that
   icalendar ships;
3. the file's own VTIMEZONE with that TZID (built fresh, and kept by its text, so the same
   definition is built once per process, never shared between two different definitions);
4. otherwise floating: the person's zone, as for a time written without any zone.
"""

import datetime as dt
import functools
import zoneinfo
from collections.abc import Iterable

import icalendar
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

# The properties whose date-times carry a TZID.
_SINGLE_TIMES = ("DTSTART", "DTEND", "RECURRENCE-ID")
_TIME_LISTS = ("EXDATE", "RDATE")


@functools.lru_cache(maxsize=1024)
def zone_named(name: str) -> dt.tzinfo | None:
    """The zone an IANA or Windows name (or a "/vendor/Area/City" TZID) means, or None."""
    cleaned = name.strip().strip('"').strip()
    candidates = [cleaned.strip("/")]
    if cleaned in WINDOWS_TO_OLSON:
        candidates.append(WINDOWS_TO_OLSON[cleaned])
    if cleaned.startswith("/"):
        parts = cleaned.strip("/").split("/")
        candidates += ["/".join(parts[start:]) for start in range(1, len(parts))]
    for candidate in candidates:
        if candidate.upper() == "UTC" or candidate.upper() == "Z":
            return dt.UTC
        try:
            return zoneinfo.ZoneInfo(candidate)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            continue
    return None


@functools.lru_cache(maxsize=256)
def _zone_from_definition(definition: bytes) -> dt.tzinfo | None:
    component = icalendar.Timezone.from_ical(definition)
    try:
        return component.to_tz(lookup_tzid=False)
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def file_zones(calendar: icalendar.Component) -> dict[str, dt.tzinfo]:
    """The zones this file defines itself (VTIMEZONE) under TZIDs no name table knows."""
    zones: dict[str, dt.tzinfo] = {}
    for component in calendar.walk("VTIMEZONE"):
        tzid = str(component.get("TZID", "")).strip()
        if not tzid or tzid in zones or zone_named(tzid) is not None:
            continue
        zone = _zone_from_definition(component.to_ical())
        if zone is not None:
            zones[tzid] = zone
    return zones


def forget_file_zones() -> None:
    """Empties icalendar's process-wide cache of the zones files defined. Nothing here reads
    it (see above), and kept it would grow with every new TZID anyone's calendar names, and
    let one file's definition stand in for another's in code that does read it. The provider
    stays zoneinfo, icalendar's default."""
    icalendar.use_zoneinfo()


def _in_zone(value: object, zone: dt.tzinfo | None) -> object:
    # The wall-clock digits are the file's; only the zone they are read in changes.
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=zone)
    if isinstance(value, tuple):  # an RDATE period: (start, end or duration)
        return tuple(_in_zone(part, zone) for part in value)
    return value


def _zone_for(tzid: object, zones: dict[str, dt.tzinfo]) -> tuple[bool, dt.tzinfo | None]:
    """(whether the value names a zone, the zone it means or None for floating)."""
    if not tzid:
        return False, None
    tzid = str(tzid).strip()
    return True, zone_named(tzid) or zones.get(tzid)


def _properties(event: icalendar.Component, name: str) -> Iterable[object]:
    value = event.get(name)
    if value is None:
        return ()
    return value if isinstance(value, list) else (value,)


def reattach_zones(calendar: icalendar.Component) -> None:
    """Puts every event date-time with a TZID in the zone this file means (see above)."""
    zones = file_zones(calendar)
    for event in calendar.walk("VEVENT"):
        for name in _SINGLE_TIMES:
            for prop in _properties(event, name):
                has_zone, zone = _zone_for(getattr(prop, "params", {}).get("TZID"), zones)
                if has_zone and hasattr(prop, "dt"):
                    prop.dt = _in_zone(prop.dt, zone)
        for name in _TIME_LISTS:
            for prop in _properties(event, name):
                has_zone, zone = _zone_for(getattr(prop, "params", {}).get("TZID"), zones)
                if has_zone:
                    for item in getattr(prop, "dts", ()):
                        item.dt = _in_zone(item.dt, zone)
