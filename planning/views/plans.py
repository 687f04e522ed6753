"""The plans list and one plan."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from planning import selectors
from planning.models import PlanState


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
    plan = selectors.plan_get(user=request.user, plan_id=pk)
    return render(
        request,
        "planning/plan_detail.html",
        {
            "plan": plan,
            "task_count": plan.tasks.count(),
            "calendar_url": reverse("planning:calendar") + f"?month={plan.month_year}",
            "is_latest": plan.state == PlanState.ACTIVE,
        },
    )
