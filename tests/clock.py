"""Months for tests that cannot freeze the clock (a real worker process, a real browser):
they derive the month from the clock the whole run shares, so they pass on any date."""

import datetime as dt

from planning.months import add_months, local_month_of, month_key


def month_from_now(offset: int = 1, *, timezone: str = "UTC", now: dt.datetime | None = None) -> str:
    """ "YYYY-MM" of the month `offset` months after the current one, in `timezone`."""
    year, month = local_month_of(now or dt.datetime.now(dt.UTC), timezone)
    return month_key(*add_months(year, month, offset))
