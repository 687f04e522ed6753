from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from config.redirects import safe_next
from insights import charts
from insights.forms import ActivityLogForm
from insights.models import ActivityLog, InsightType
from insights.selectors import activity_history, activity_log_get, activity_log_of_task, insights_of
from insights.services import ActivityLogExists, activity_log_create, activity_log_delete, activity_log_update
from planning.selectors import plan_task_get

RECENT_ACTIVITY = 8


def _value(stored: dict, insight_type: str) -> dict:
    insight = stored.get(insight_type)
    return insight.insight_value if insight else {}


@login_required
def index(request: HttpRequest) -> HttpResponse:
    stored = insights_of(user=request.user)
    recent = list(activity_history(user=request.user)[:RECENT_ACTIVITY])
    peak = _value(stored, InsightType.PEAK_ENERGY)
    completion = _value(stored, InsightType.COMPLETION_RATE)
    duration = _value(stored, InsightType.SESSION_DURATION)
    context = {
        "has_activity": bool(recent),
        "has_insights": bool(stored),
        "last_updated": max((insight.last_updated for insight in stored.values()), default=None),
        "recent": recent,
        "peak": peak,
        "completion": completion,
        "duration": duration,
        "challenges": _value(stored, InsightType.CHALLENGES),
        "heatmap": charts.heatmap(peak),
        "weekly": charts.weekly_chart(completion),
        "durations": charts.duration_chart(duration),
        "by_area": charts.rate_rows(completion.get("by_focus_area", []), "focus_area"),
        "by_difficulty": charts.rate_rows(completion.get("by_difficulty", []), "difficulty"),
    }
    return render(request, "insights/index.html", context)


def _with_next(url: str, next_url: str | None) -> str:
    return f"{url}?{urlencode({'next': next_url})}" if next_url else url


def _edit_url(log: ActivityLog | int, next_url: str | None) -> str:
    return _with_next(reverse("insights:log_edit", args=[getattr(log, "pk", log)]), next_url)


def _outcome(log: ActivityLog) -> str:
    state = "finished" if log.was_completed else "not finished yet"
    return f"{log.actual_minutes} min on “{log.task.task_description}” ({state}, {log.against_plan})"


@login_required
def log_time(request: HttpRequest, task_id: int) -> HttpResponse:
    """Logs a session; a session already logged is corrected on its log's page instead."""
    task = plan_task_get(user=request.user, task_id=task_id)
    next_url = safe_next(request)
    existing = activity_log_of_task(task=task)
    if existing is not None:
        return redirect(_edit_url(existing, next_url))
    form = ActivityLogForm(
        request.POST or None,
        initial={"actual_start_time": task.start_time, "actual_end_time": task.end_time, "was_completed": True},
    )
    if request.method == "POST" and form.is_valid():
        try:
            log = activity_log_create(user=request.user, task=task, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        except ActivityLogExists as exc:  # logged meanwhile, e.g. from another tab
            messages.info(request, "This session was already logged: correct its log here.")
            return redirect(_edit_url(exc.log_id, next_url))
        else:
            messages.success(request, f"Logged {_outcome(log)}.")
            return redirect(next_url or reverse("insights:index"))
    return render(request, "insights/log_time.html", {"task": task, "form": form, "next_url": next_url})


@login_required
def log_edit(request: HttpRequest, log_id: int) -> HttpResponse:
    """Corrects the session's one log: the same form, prefilled with what was logged."""
    log = activity_log_get(user=request.user, log_id=log_id)
    next_url = safe_next(request)
    form = ActivityLogForm(
        request.POST or None,
        initial={
            "actual_start_time": log.actual_start_time,
            "actual_end_time": log.actual_end_time,
            "was_completed": log.was_completed,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            log = activity_log_update(user=request.user, log=log, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Log corrected: {_outcome(log)}.")
            return redirect(next_url or reverse("insights:index"))
    context = {"task": log.task, "log": log, "form": form, "next_url": next_url}
    return render(request, "insights/log_time.html", context)


@login_required
def log_delete(request: HttpRequest, log_id: int) -> HttpResponse:
    """Asks first (the page works without JavaScript), then deletes on POST."""
    log = activity_log_get(user=request.user, log_id=log_id)
    next_url = safe_next(request)
    if request.method == "POST":
        activity_log_delete(user=request.user, log=log)
        messages.success(request, f"Log of “{log.task.task_description}” deleted.")
        return redirect(next_url or reverse("planning:task", args=[log.task_id]))
    context = {"task": log.task, "log": log, "next_url": next_url, "edit_url": _edit_url(log, next_url)}
    return render(request, "insights/log_delete.html", context)
