from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from config.redirects import safe_next
from insights import charts
from insights.forms import ActivityLogForm
from insights.models import InsightType
from insights.selectors import activity_history, insights_of
from insights.services import activity_log
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


@login_required
def log_time(request: HttpRequest, task_id: int) -> HttpResponse:
    task = plan_task_get(user=request.user, task_id=task_id)
    next_url = safe_next(request)
    form = ActivityLogForm(
        request.POST or None,
        initial={"actual_start_time": task.start_time, "actual_end_time": task.end_time, "was_completed": True},
    )
    if request.method == "POST" and form.is_valid():
        try:
            log = activity_log(user=request.user, task=task, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            minutes = log.actual_minutes
            if log.duration_deviation > 0:
                against_plan = f", {log.duration_deviation} min more than planned"
            elif log.duration_deviation < 0:
                against_plan = f", {-log.duration_deviation} min less than planned"
            else:
                against_plan = ", exactly as planned"
            state = "finished" if log.was_completed else "not finished yet"
            messages.success(request, f"Logged {minutes} min on “{task.task_description}” ({state}{against_plan}).")
            return redirect(next_url or reverse("insights:index"))
    return render(request, "insights/log_time.html", {"task": task, "form": form, "next_url": next_url})
