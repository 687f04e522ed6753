import datetime as dt

from django import template

from planning.months import MonthError, parse_month

register = template.Library()


@register.filter
def month_label(value: str) -> str:
    """'2026-11' -> 'November 2026'."""
    try:
        year, month = parse_month(value)
    except MonthError:
        return value
    return dt.date(year, month, 1).strftime("%B %Y")
