import datetime as dt
from zoneinfo import ZoneInfo

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from planning import selectors
from planning.calendar.grid import SLOT_MINUTES, focus_colour, month_grid, week_commitments, week_layout
from planning.models import PlanTask
from planning.months import (
    MonthError,
    add_months,
    calendar_day,
    calendar_month,
    is_calendar_year,
    month_end,
    month_key,
    month_start,
)
from planning.services.context import calendar_events

DEFAULT_FIRST_HOUR = 6
# How far before the week a session may start and still run into it (past Sunday midnight):
# sessions last hours, never a day.
LONGEST_SESSION = dt.timedelta(days=1)


def _neighbour_month(year: int, month: int, step: int) -> str | None:
    """The month `step` away, or None at the edge of the years the calendar shows (no link)."""
    year, month = add_months(year, month, step)
    return month_key(year, month) if is_calendar_year(year) else None


def _neighbour_week(monday: dt.date, step: int) -> str | None:
    day = monday + dt.timedelta(days=7 * step)
    return day.isoformat() if is_calendar_year(day.year) else None


@login_required
def month_view(request: HttpRequest) -> HttpResponse:
    zone = ZoneInfo(request.user.timezone)
    today = timezone.now().astimezone(zone).date()
    year, month = today.year, today.month
    if request.GET.get("month"):
        try:
            year, month = calendar_month(request.GET["month"])
        except MonthError as exc:
            raise Http404(str(exc)) from None
    tasks = list(
        selectors.plan_tasks_in_range(
            user=request.user,
            start=month_start(year, month, request.user.timezone),
            end=month_end(year, month, request.user.timezone),
        )
    )
    for task in tasks:
        task.colour = focus_colour(task)
    return render(
        request,
        "planning/calendar_month.html",
        {
            "weeks": month_grid(year=year, month=month, zone=zone, tasks=tasks, today=today),
            "month_date": dt.date(year, month, 1),
            "previous_month": _neighbour_month(year, month, -1),
            "next_month": _neighbour_month(year, month, 1),
            "this_month": month_key(today.year, today.month),
            "task_count": len(tasks),
            "has_preferences": selectors.preferences_current(user=request.user) is not None,
        },
    )


def _week_tasks(request: HttpRequest, start: dt.datetime, end: dt.datetime) -> list[PlanTask]:
    """Sessions that start in the week or run into it from the Sunday before."""
    tasks = selectors.plan_tasks_in_range(user=request.user, start=start - LONGEST_SESSION, end=end)
    return [task for task in tasks if task.end_time > start]


@login_required
def week_view(request: HttpRequest) -> HttpResponse:
    zone = ZoneInfo(request.user.timezone)
    today = timezone.now().astimezone(zone).date()
    day = today
    if request.GET.get("date"):
        try:
            day = calendar_day(request.GET["date"])
        except MonthError as exc:
            raise Http404(str(exc)) from None
    monday = day - dt.timedelta(days=day.weekday())
    start = dt.datetime.combine(monday, dt.time(), tzinfo=zone)
    tasks = _week_tasks(request, start, dt.datetime.combine(monday + dt.timedelta(days=7), dt.time(), tzinfo=zone))
    busy = week_commitments(
        preferences=selectors.preferences_current(user=request.user), monday=monday, timezone=request.user.timezone
    )
    week_end = dt.datetime.combine(monday + dt.timedelta(days=7), dt.time(), tzinfo=zone)
    # Events from the person's own calendars are busy blocks too, named by their summary.
    busy = sorted([*busy, *calendar_events(user_id=request.user.pk, start=start, end=week_end)], key=lambda b: b.start)
    layout = week_layout(monday=monday, zone=zone, tasks=tasks, busy=busy, earliest_hour=DEFAULT_FIRST_HOUR)
    for task in tasks:
        task.colour = focus_colour(task)
    first_hour = layout.first_hour
    return render(
        request,
        "planning/calendar_week.html",
        {
            "days": [monday + dt.timedelta(days=offset) for offset in range(7)],
            "today": today,
            "blocks": layout.blocks,
            "agenda": layout.agenda,
            "hours": [(hour, (hour - first_hour) * 60 // SLOT_MINUTES + 1) for hour in range(first_hour, 24)],
            "total_rows": (24 - first_hour) * 60 // SLOT_MINUTES,
            "previous_week": _neighbour_week(monday, -1),
            "next_week": _neighbour_week(monday, 1),
            "month_key": month_key(monday.year, monday.month),
            "busy_count": len(busy),
        },
    )
