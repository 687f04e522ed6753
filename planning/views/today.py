"""Today on the signed-in home page, and its Start and Stop buttons (plain POST forms)."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.models import User
from config.redirects import safe_next
from config.refusal import Refusal
from insights.services import ActivityLogExists
from planning.calendar.grid import focus_colour
from planning.models import PlanTask
from planning.selectors import plan_task_get
from planning.services.today import plan_task_start, plan_task_stop
from planning.today import today_for


def today_context(*, user: User, now: dt.datetime) -> dict:
    """What templates/home.html shows a signed-in person (see planning/today.py)."""
    today = today_for(user=user, now=now)
    tasks: list[PlanTask] = [session.task for session in today.sessions] + today.missed
    tasks += [task for task in (today.next_session, today.running) if task is not None]
    for task in tasks:
        task.colour = focus_colour(task)
    week = today.week
    return {
        "today": today,
        "this_month": f"{today.date:%Y-%m}",
        "week_percent": round(100 * week.done_sessions / week.planned_sessions) if week.planned_sessions else 0,
        "running_elsewhere": today.running is not None
        and all(session.task.pk != today.running.pk for session in today.sessions),
    }


def _back(request: HttpRequest) -> HttpResponse:
    return redirect(safe_next(request, reverse("home")) or "/")


@login_required
@require_POST
def task_start(request: HttpRequest, pk: int) -> HttpResponse:
    task = plan_task_get(user=request.user, task_id=pk)
    try:
        plan_task_start(task=task)
    except Refusal as refusal:
        messages.error(request, refusal.message)
    else:
        started = task.started_at.astimezone(ZoneInfo(request.user.timezone))
        messages.success(request, f"Started “{task.task_description}” at {started:%H:%M}. Press Stop when you finish.")
    return _back(request)


@login_required
@require_POST
def task_stop(request: HttpRequest, pk: int) -> HttpResponse:
    task = plan_task_get(user=request.user, task_id=pk)
    try:
        log = plan_task_stop(task=task, now=timezone.now())
    except ActivityLogExists:
        messages.error(
            request,
            f"“{task.task_description}” was already logged, so Stop logged nothing; the timer is stopped. "
            "Edit the log if its times are wrong.",
        )
    except Refusal as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, f"Logged {log.actual_minutes} min on “{task.task_description}” (finished).")
    return _back(request)
