import datetime as dt
from zoneinfo import ZoneInfo

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from planning import selectors
from planning.calendar import SLOT_MINUTES, focus_colour, month_grid, week_blocks
from planning.months import MonthError, add_months, month_end, month_key, month_start, parse_month
from planning.scheduler import CommitmentError, commitment_intervals, parse_commitments

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


def _commitments_for_week(user, monday: dt.date) -> list:  # type: ignore[no-untyped-def]
    preferences = selectors.preferences_current(user=user)
    if preferences is None:
        return []
    try:
        commitments = parse_commitments(preferences.fixed_commitments)
    except CommitmentError:
        return []
    busy = []
    months = {
        (monday.year, monday.month),
        ((monday + dt.timedelta(days=6)).year, (monday + dt.timedelta(days=6)).month),
    }
    for year, month in sorted(months):
        busy += commitment_intervals(year=year, month=month, timezone=user.timezone, commitments=commitments)
    zone = ZoneInfo(user.timezone)
    week_start = dt.datetime.combine(monday, dt.time(), tzinfo=zone)
    week_end = dt.datetime.combine(monday + dt.timedelta(days=7), dt.time(), tzinfo=zone)
    unique = {(b.start, b.end): b for b in busy if b.end > week_start and b.start < week_end}
    return sorted(unique.values(), key=lambda b: b.start)


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
    busy = _commitments_for_week(request.user, monday)
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
