import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from accounts.models import User
from planning import selectors
from planning.models import PlanRequest
from planning.months import allowed_months, month_to_plan, parse_month
from planning.scheduler import MONTH_NAMES
from planning.services.generation import GenerationRefused, plan_generation_request
from planning.services.quota import quota_current


def _month_choices(user: User, now: dt.datetime) -> list[tuple[str, str]]:
    choices = []
    for key in allowed_months(now, user.timezone):
        year, month = parse_month(key)
        choices.append((key, f"{MONTH_NAMES[month - 1]} {year}"))
    return choices


@login_required
def generate(request: HttpRequest) -> HttpResponse:
    preferences = selectors.preferences_current(user=request.user)
    quota = quota_current(user=request.user)
    now = timezone.now()
    month_choices = _month_choices(request.user, now)
    suggested = month_to_plan(now, request.user.timezone)
    selected = request.POST.get("month") or request.GET.get("month") or suggested
    month_error = ""
    if request.method == "POST":
        try:
            plan_request = plan_generation_request(user=request.user, month=request.POST.get("month", ""))
        except GenerationRefused as exc:
            if exc.code == "month":
                month_error = exc.message
            else:
                messages.error(request, exc.message)
                if exc.code == "preferences":
                    return redirect("planning:goals")
        else:
            return redirect("planning:request", pk=plan_request.pk)
    return render(
        request,
        "planning/generate.html",
        {
            "preferences": preferences,
            "quota": quota,
            "month_choices": month_choices,
            "planned_months": selectors.months_with_active_plan(
                user=request.user, month_years=[key for key, _ in month_choices]
            ),
            "selected_month": selected,
            "suggests_next_month": suggested != month_choices[0][0],
            "month_error": month_error,
            "recent_requests": PlanRequest.objects.filter(user=request.user).select_related("plan")[:5],
        },
    )


def _request_state(plan_request: PlanRequest) -> dict:
    plan = getattr(plan_request, "plan", None)
    return {
        "id": plan_request.pk,
        "status": plan_request.status,
        "status_label": plan_request.get_status_display(),
        "progress": plan_request.progress,
        "error": plan_request.error,
        "quota_refunded": plan_request.quota_refunded,
        "plan_url": reverse("planning:plan", args=[plan.pk]) if plan else None,
        "finished": plan_request.is_finished,
    }


def _own_request(request: HttpRequest, pk: int) -> PlanRequest:
    return selectors.plan_request_get(user=request.user, plan_request_id=pk)


@login_required
@never_cache
def request_progress(request: HttpRequest, pk: int) -> HttpResponse:
    plan_request = _own_request(request, pk)
    return render(
        request, "planning/progress.html", {"plan_request": plan_request, "state": _request_state(plan_request)}
    )


@login_required
@never_cache
def request_status(request: HttpRequest, pk: int) -> JsonResponse:
    """Polled by the progress page's script."""
    return JsonResponse(_request_state(_own_request(request, pk)))
