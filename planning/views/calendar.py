import datetime as dt
from zoneinfo import ZoneInfo

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from planning import selectors
from planning.calendar.grid import SLOT_MINUTES, focus_colour, month_grid, week_blocks, week_commitments
from planning.months import MonthError, add_months, month_end, month_key, month_start, parse_month

DEFAULT_FIRST_HOUR = 6


@login_required
def month_view(request: HttpRequest) -> HttpResponse:
    zone = ZoneInfo(request.user.timezone)
    today = timezone.now().astimezone(zone).date()
    try:
        year, month = parse_month(request.GET.get("month", ""))
    except MonthError:
        year, month = today.year, today.month
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
            "previous_month": month_key(*add_months(year, month, -1)),
            "next_month": month_key(*add_months(year, month, 1)),
            "this_month": month_key(today.year, today.month),
            "task_count": len(tasks),
            "has_preferences": selectors.preferences_current(user=request.user) is not None,
        },
    )


@login_required
def week_view(request: HttpRequest) -> HttpResponse:
    zone = ZoneInfo(request.user.timezone)
    today = timezone.now().astimezone(zone).date()
    try:
        day = dt.date.fromisoformat(request.GET.get("date", ""))
    except ValueError:
        day = today
    monday = day - dt.timedelta(days=day.weekday())
    start = dt.datetime.combine(monday, dt.time(), tzinfo=zone)
    end = dt.datetime.combine(monday + dt.timedelta(days=7), dt.time(), tzinfo=zone)
    tasks = list(selectors.plan_tasks_in_range(user=request.user, start=start, end=end))
    busy = week_commitments(
        preferences=selectors.preferences_current(user=request.user), monday=monday, timezone=request.user.timezone
    )
    earliest = min(
        [t.start_time.astimezone(zone).hour for t in tasks] + [DEFAULT_FIRST_HOUR], default=DEFAULT_FIRST_HOUR
    )
    first_hour = min(earliest, DEFAULT_FIRST_HOUR)
    blocks = week_blocks(monday=monday, zone=zone, tasks=tasks, busy=busy, first_hour=first_hour)
    days = [monday + dt.timedelta(days=offset) for offset in range(7)]
    agenda = [(d, [t for t in tasks if t.start_time.astimezone(zone).date() == d]) for d in days]
    for task in tasks:
        task.colour = focus_colour(task)
    hours = list(range(first_hour, 24))
    return render(
        request,
        "planning/calendar_week.html",
        {
            "days": days,
            "today": today,
            "blocks": blocks,
            "agenda": agenda,
            "hours": [(hour, (hour - first_hour) * 60 // SLOT_MINUTES + 1) for hour in hours],
            "total_rows": (24 - first_hour) * 60 // SLOT_MINUTES,
            "previous_week": (monday - dt.timedelta(days=7)).isoformat(),
            "next_week": (monday + dt.timedelta(days=7)).isoformat(),
            "month_key": month_key(monday.year, monday.month),
            "busy_count": len(busy),
        },
    )
