from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from config.redirects import safe_next
from insights.selectors import activity_log_of_task
from planning.calendar.grid import focus_colour
from planning.forms import MoveTaskForm
from planning.selectors import plan_task_get
from planning.services.missed import plan_tasks_reschedule_missed
from planning.services.plan_tasks import (
    TaskChangeRefused,
    plan_task_move,
    plan_task_move_warnings,
    plan_task_set_completed,
    plan_task_set_pinned,
    short_when,
)


@login_required
def task_detail(request: HttpRequest, pk: int, move_form: MoveTaskForm | None = None) -> HttpResponse:
    task = plan_task_get(user=request.user, task_id=pk)
    task.colour = focus_colour(task)
    form = move_form or MoveTaskForm(initial={"start_time": task.start_time}, timezone=request.user.timezone)
    week_url = reverse("planning:week") + f"?date={task.start_time.astimezone(form.zone).date().isoformat()}"
    return render(
        request,
        "planning/task_detail.html",
        # The session's one activity log: shown on the page, with "Edit log" in place of "Log time".
        {"task": task, "move_form": form, "week_url": week_url, "activity_log": activity_log_of_task(task=task)},
    )


@login_required
@require_POST
def task_complete(request: HttpRequest, pk: int) -> HttpResponse:
    task = plan_task_get(user=request.user, task_id=pk)
    is_completed = request.POST.get("is_completed") in ("1", "true", "on")
    plan_task_set_completed(task=task, is_completed=is_completed)
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({"id": task.pk, "is_completed": task.is_completed})
    messages.success(request, "Marked complete." if task.is_completed else "Marked not complete.")
    return redirect(safe_next(request, reverse("planning:task", args=[task.pk])) or "/")


@login_required
@require_POST
def task_pin(request: HttpRequest, pk: int) -> HttpResponse:
    task = plan_task_get(user=request.user, task_id=pk)
    plan_task_set_pinned(task=task, is_pinned=request.POST.get("is_pinned") in ("1", "true", "on"))
    messages.success(
        request,
        "Pinned: this session keeps its time when you re-plan the month."
        if task.is_pinned
        else "Unpinned: a new plan for the month may move this session.",
    )
    return redirect(safe_next(request, reverse("planning:task", args=[task.pk])) or "/")


@login_required
@require_POST
def task_move(request: HttpRequest, pk: int) -> HttpResponse:
    task = plan_task_get(user=request.user, task_id=pk)
    form = MoveTaskForm(request.POST, timezone=request.user.timezone)
    if form.is_valid():
        try:
            plan_task_move(task=task, start_time=form.cleaned_data["start_time"])
        except TaskChangeRefused as exc:
            form.add_error("start_time", exc.message)
        else:
            messages.success(request, "Session moved.")
            for warning in plan_task_move_warnings(task=task):
                messages.warning(request, warning)
            return redirect("planning:task", pk=task.pk)
    return task_detail(request, pk, move_form=form)


@login_required
@require_POST
def reschedule_missed(request: HttpRequest) -> HttpResponse:
    outcome = plan_tasks_reschedule_missed(user=request.user)
    zone = ZoneInfo(request.user.timezone)
    if outcome.moved:
        count = len(outcome.moved)
        moved = ngettext("Moved %d missed session", "Moved %d missed sessions", count) % count
        messages.success(request, f"{moved} into free time in the next 14 days:")
        for item in outcome.moved:
            waits = " (carried over: it waits for next month's plan)" if item.carried_over else ""
            messages.info(
                request,
                f"“{item.task.task_description}”: {short_when(item.old_start, zone)} → "
                f"{short_when(item.task.start_time, zone)}{waits}",
            )
    elif not outcome.unplaced:
        messages.info(request, "No missed sessions to move.")
    for task, reason in outcome.unplaced:
        messages.warning(request, f"Could not move “{task.task_description}”: {reason}")
    return redirect(safe_next(request, reverse("planning:calendar")) or "/")
