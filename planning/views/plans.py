"""The plans list, one plan, and deciding on a proposal."""

from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from planning import selectors
from planning.models import PlanState
from planning.plan_pages import plan_weeks, plans_by_month, proposal_changes
from planning.services.plan_life import PlanStateRefused, plan_accept, plan_discard
from planning.templatetags.planning_tags import month_label


@login_required
def plans(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "planning/plans.html",
        {
            "months": plans_by_month(user=request.user),
            "preferences": selectors.preferences_current(user=request.user),
        },
    )


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, plan_id=pk)
    weeks = plan_weeks(plan=plan, zone=ZoneInfo(request.user.timezone), now=timezone.now())
    active = None
    if plan.state != PlanState.ACTIVE:
        active = selectors.active_plan_for_month(user=request.user, month_year=plan.month_year)
    return render(
        request,
        "planning/plan_detail.html",
        {
            "plan": plan,
            "weeks": weeks,
            "task_count": sum(len(week.sessions) for week in weeks),
            "calendar_url": reverse("planning:calendar") + f"?month={plan.month_year}",
            "changes": proposal_changes(plan=plan) if plan.state == PlanState.PROPOSED else None,
            # What would make the month fit, apart from a calendar that could not be read.
            "fit_advice": [item for item in plan.advice if item.get("kind") != "calendar_stale"],
            "calendar_advice": [item for item in plan.advice if item.get("kind") == "calendar_stale"],
            "active": active,
        },
    )


@login_required
@require_POST
def plan_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    plan = selectors.plan_get(user=request.user, plan_id=pk)
    month = month_label(plan.month_year)
    try:
        if decision == "accept":
            plan_accept(user=request.user, plan=plan)
            messages.success(request, f"This is now your plan for {month}. Done, logged and pinned sessions kept.")
        else:
            plan_discard(user=request.user, plan=plan)
            messages.success(request, f"Proposal discarded; your plan for {month} is unchanged.")
            active = selectors.active_plan_for_month(user=request.user, month_year=plan.month_year)
            if active is not None:
                return redirect("planning:plan", active.pk)
    except PlanStateRefused as refusal:
        messages.error(request, refusal.message)
    return redirect("planning:plan", plan.pk)
