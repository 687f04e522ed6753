"""Month arithmetic in a person's time zone ("YYYY-MM" strings, local calendar months)."""

import calendar
import datetime as dt
import re
from zoneinfo import ZoneInfo

# Exactly YYYY-MM in ASCII digits: no stray spaces or newline (refused, never stripped, so
# the page and the API agree), no other scripts' digits.
MONTH_PATTERN = re.compile(r"(\d{4})-(\d{2})", re.ASCII)
MONTHS_AHEAD = 12
# Years the calendar pages show: every day of them, and of the weeks and months drawn around
# them, converts to and from UTC in every zone without leaving Python's years 1 to 9999.
CALENDAR_YEARS = (1900, 9998)
# With this many days or fewer left in a month after today, the month to plan is the next one.
MONTH_NEARLY_OVER_DAYS = 7


class MonthError(ValueError):
    pass


def parse_month(value: str) -> tuple[int, int]:
    match = MONTH_PATTERN.fullmatch(value or "")
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise MonthError(f"“{value}” is not a month. Use YYYY-MM, for example 2026-12.")
    return int(match.group(1)), int(match.group(2))


def month_key(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}"


def add_months(year: int, month: int, count: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + count
    return index // 12, index % 12 + 1


def local_month_of(moment: dt.datetime, timezone: str) -> tuple[int, int]:
    local = moment.astimezone(ZoneInfo(timezone))
    return local.year, local.month


def month_start(year: int, month: int, timezone: str) -> dt.datetime:
    return dt.datetime(year, month, 1, tzinfo=ZoneInfo(timezone))


def month_end(year: int, month: int, timezone: str) -> dt.datetime:
    """The first instant of the next local month."""
    next_year, next_month = add_months(year, month, 1)
    return dt.datetime(next_year, next_month, 1, tzinfo=ZoneInfo(timezone))


def days_in_month(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def weeks_in_month(year: int, month: int) -> int:
    """Calendar rows (Monday-first) the month touches: 4 to 6."""
    first_weekday = dt.date(year, month, 1).weekday()
    return -(-(first_weekday + days_in_month(year, month)) // 7)


def calendar_month(value: str) -> tuple[int, int]:
    """A month the calendar pages can show, from "YYYY-MM"."""
    year, month = parse_month(value)
    if not is_calendar_year(year):
        raise MonthError(f"The calendar shows the years {CALENDAR_YEARS[0]} to {CALENDAR_YEARS[1]}.")
    return year, month


def calendar_day(value: str) -> dt.date:
    """A day the calendar pages can show, from "YYYY-MM-DD"."""
    try:
        day = dt.date.fromisoformat(value)
    except ValueError:
        raise MonthError(f"“{value}” is not a date. Use YYYY-MM-DD, for example 2026-12-31.") from None
    if not is_calendar_year(day.year):
        raise MonthError(f"The calendar shows the years {CALENDAR_YEARS[0]} to {CALENDAR_YEARS[1]}.")
    return day


def is_calendar_year(year: int) -> bool:
    return CALENDAR_YEARS[0] <= year <= CALENDAR_YEARS[1]


def allowed_months(now: dt.datetime, timezone: str) -> list[str]:
    year, month = local_month_of(now, timezone)
    return [month_key(*add_months(year, month, offset)) for offset in range(MONTHS_AHEAD + 1)]


def days_left_in_month(day: dt.date) -> int:
    """Days of the month after `day` (0 on its last day)."""
    return days_in_month(day.year, day.month) - day.day


def month_to_plan(now: dt.datetime, timezone: str) -> str:
    """The month a person most likely wants to plan next: this one, or the next once this
    one is nearly over on their own calendar."""
    today = now.astimezone(ZoneInfo(timezone)).date()
    step = 1 if days_left_in_month(today) <= MONTH_NEARLY_OVER_DAYS else 0
    return month_key(*add_months(today.year, today.month, step))


def check_plannable(value: str, *, now: dt.datetime, timezone: str) -> tuple[int, int]:
    """The month as (year, month) if a plan may be made for it: this month or up to 12 ahead."""
    year, month = parse_month(value)
    allowed = allowed_months(now, timezone)
    if month_key(year, month) not in allowed:
        raise MonthError(
            f"Plans can be made for this month ({allowed[0]}) up to {allowed[-1]}; {value} is outside that range."
        )
    return year, month
