"""The IANA time zones a person may pick."""

import functools
import zoneinfo


@functools.cache
def timezone_names() -> tuple[str, ...]:
    # available_timezones() reads the whole tzdata tree; cache it for the process.
    return tuple(sorted(name for name in zoneinfo.available_timezones() if "/" in name or name == "UTC"))


@functools.cache
def _timezone_set() -> frozenset[str]:
    return frozenset(timezone_names())


def is_valid_timezone(name: str) -> bool:
    return name in _timezone_set()
