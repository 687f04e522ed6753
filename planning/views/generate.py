from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from planning import selectors
from planning.models import MonthlyPlan, PlanRequest
from planning.months import allowed_months, parse_month
from planning.services import GenerationRefused, plan_generation_request, quota_current
from planning.views.tasks import safe_next


def _month_choices(user) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    import datetime as dt

    choices = []
    for key in allowed_months(timezone.now(), user.timezone):
        year, month = parse_month(key)
        choices.append((key, dt.date(year, month, 1).strftime("%B %Y")))
    return choices


@login_required
def generate(request: HttpRequest) -> HttpResponse:
    preferences = selectors.preferences_current(user=request.user)
    quota = quota_current(user=request.user)
    month_choices = _month_choices(request.user)
    selected = request.POST.get("month") or request.GET.get("month") or month_choices[0][0]
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
            "selected_month": selected,
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
    try:
        return selectors.plan_request_get(user=request.user, plan_request_id=pk)
    except PlanRequest.DoesNotExist:
        raise Http404("No such plan request.")


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


@login_required
def plans(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "planning/plans.html",
        {
            "plans": selectors.plans_for(user=request.user)[:24],
            "preferences": selectors.preferences_current(user=request.user),
        },
    )


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        plan = MonthlyPlan.objects.select_related("preference").get(user=request.user, pk=pk)
    except MonthlyPlan.DoesNotExist:
        raise Http404("No such plan.")
    return render(
        request,
        "planning/plan_detail.html",
        {
            "plan": plan,
            "task_count": plan.tasks.count(),
            "calendar_url": reverse("planning:calendar") + f"?month={plan.month_year}",
            "is_latest": selectors.latest_plan_for_month(user=request.user, month_year=plan.month_year) == plan,
        },
    )


@login_required
@require_POST
def reschedule_missed(request: HttpRequest) -> HttpResponse:
    from planning.services import plan_tasks_reschedule_missed

    outcome = plan_tasks_reschedule_missed(user=request.user)
    if outcome.moved:
        messages.success(request, f"Moved {len(outcome.moved)} missed session(s) into free time later this month.")
    else:
        messages.info(request, "No missed sessions to move.")
    for task, reason in outcome.unplaced:
        messages.warning(request, f"Could not move “{task.task_description}”: {reason}")
    return redirect(safe_next(request, reverse("planning:calendar")))
