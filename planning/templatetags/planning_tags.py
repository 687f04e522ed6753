from django import template

from planning.months import MonthError, parse_month
from planning.scheduler import MONTH_NAMES

register = template.Library()


@register.filter
def month_label(value: str) -> str:
    """'2026-11' -> 'November 2026'."""
    try:
        year, month = parse_month(value)
    except MonthError:
        return value
    return f"{MONTH_NAMES[month - 1]} {year}"
