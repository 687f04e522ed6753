"""The coaching pages: the to-do list with the coach, and the goals.

Progressive enhancement: every action is a normal form POST answered with a redirect.
coaching.js sends the same POSTs with ``X-Requested-With: fetch`` and swaps the HTML
fragment these views then answer with (a task row, the coach's advice) in place.
"""

from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from coaching.forms import GoalForm, TaskForm
from coaching.models import Goal, Interaction, Task
from coaching.selectors import (
    TaskOrder,
    coaching_goal_get,
    coaching_goals_list,
    coaching_interaction_get,
    coaching_task_get,
    coaching_tasks_list,
)
from coaching.services import (
    AllowanceStatus,
    CoachingAllowanceSpent,
    CoachingUnavailable,
    coaching_advice_get,
    coaching_allowance_status,
    coaching_goal_create,
    coaching_goal_delete,
    coaching_goal_update,
    coaching_task_create,
    coaching_task_delete,
    coaching_task_update,
)
from coaching.services.allowance import reset_time_text

# The list shows this many open and completed tasks; the API pages through all of them.
OPEN_TASKS_SHOWN = 200
COMPLETED_TASKS_SHOWN = 50


def _wants_fragment(request: HttpRequest) -> bool:
    return request.headers.get("X-Requested-With") == "fetch"


def _order(request: HttpRequest) -> TaskOrder:
    value = request.POST.get("sort") or request.GET.get("sort")
    return TaskOrder.IMPORTANCE if value == TaskOrder.IMPORTANCE else TaskOrder.NEWEST


def _index_url(order: TaskOrder, *, anchor: str = "", **query: str) -> str:
    params = {"sort": order.value} if order == TaskOrder.IMPORTANCE else {}
    params.update(query)
    url = reverse("coaching:index")
    if params:
        url += "?" + urlencode(params)
    return url + (f"#{anchor}" if anchor else "")


def _own_task(request: HttpRequest, task_id: uuid.UUID) -> Task:
    return coaching_task_get(user=request.user, task_id=task_id)


def _own_goal(request: HttpRequest, goal_id: uuid.UUID) -> Goal:
    return coaching_goal_get(user=request.user, goal_id=goal_id)


def allowance_sentence(status: AllowanceStatus, timezone_name: str) -> str:
    counts = {"allowance": status.allowance, "remaining": status.remaining, "days": status.period_days}
    if status.resets_at is None:
        questions = ngettext("%(allowance)d question", "%(allowance)d questions", status.allowance) % counts
        every = ngettext("every day", "every %(days)d days", status.period_days) % counts
        return f"You can ask the coach {questions} {every}; the period starts with your first question."
    left = ngettext(
        "%(remaining)d of %(allowance)d coach question left", "%(remaining)d of %(allowance)d coach questions left",
        status.allowance,
    )
    return f"{left % counts} until {reset_time_text(status.resets_at, timezone_name)}."


def _index(
    request: HttpRequest,
    *,
    task_form: TaskForm | None = None,
    goal_form: GoalForm | None = None,
) -> HttpResponse:
    user = request.user
    order = _order(request)
    open_tasks = list(coaching_tasks_list(user=user, order=order, is_completed=False)[: OPEN_TASKS_SHOWN + 1])
    completed = list(coaching_tasks_list(user=user, is_completed=True)[: COMPLETED_TASKS_SHOWN + 1])
    advice: Interaction | None = None
    advice_id = request.GET.get("advice")
    if advice_id:
        try:
            advice = coaching_interaction_get(user=user, interaction_id=uuid.UUID(advice_id))
        except (ValueError, Http404):
            advice = None  # someone else's, or not an id: show nothing
    status = coaching_allowance_status(user=user)
    context: dict[str, Any] = {
        "order": order.value,
        "open_tasks": open_tasks[:OPEN_TASKS_SHOWN],
        "more_open": len(open_tasks) > OPEN_TASKS_SHOWN,
        "completed_tasks": completed[:COMPLETED_TASKS_SHOWN],
        "more_completed": len(completed) > COMPLETED_TASKS_SHOWN,
        "goals": list(coaching_goals_list(user=user)),
        "task_form": task_form or TaskForm(),
        "goal_form": goal_form or GoalForm(),
        "advice": advice,
        "allowance": status,
        "allowance_text": allowance_sentence(status, user.timezone),
    }
    return render(request, "coaching/index.html", context)


@login_required
def index(request: HttpRequest) -> HttpResponse:
    return _index(request)


# --- tasks -----------------------------------------------------------------------------


@login_required
@require_POST
def task_add(request: HttpRequest) -> HttpResponse:
    form = TaskForm(request.POST)
    if form.is_valid():
        try:
            task = coaching_task_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Task added. Ask the coach about it when you are ready.")
            return redirect(_index_url(_order(request), anchor=f"task-{task.id}"))
    return _index(request, task_form=form)


@login_required
def task_edit(request: HttpRequest, task_id: uuid.UUID) -> HttpResponse:
    task = _own_task(request, task_id)
    if request.method != "POST":
        form = TaskForm(instance=task)
    else:
        # The form validates a scratch copy; the service makes the change.
        form = TaskForm(request.POST, instance=Task(user=request.user))
        if form.is_valid():
            try:
                coaching_task_update(task=task, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, "Task saved.")
                return redirect(_index_url(TaskOrder.NEWEST, anchor=f"task-{task.id}"))
    return render(request, "coaching/task_edit.html", {"task": task, "form": form})


@login_required
@require_POST
def task_complete(request: HttpRequest, task_id: uuid.UUID) -> HttpResponse:
    task = _own_task(request, task_id)
    done = request.POST.get("is_completed", "true") != "false"
    task = coaching_task_update(task=task, is_completed=done)
    if _wants_fragment(request):
        return render(request, "coaching/partials/task_row.html", {"task": task, "order": _order(request).value})
    messages.success(request, "Nice work: task done." if done else "Task reopened.")
    return redirect(_index_url(_order(request), anchor=f"task-{task.id}"))


@login_required
@require_POST
def task_delete(request: HttpRequest, task_id: uuid.UUID) -> HttpResponse:
    task = _own_task(request, task_id)
    coaching_task_delete(task=task)
    messages.success(request, "Task deleted. Its coaching history stays in your data export.")
    return redirect("coaching:index")


@login_required
@require_POST
def task_advice(request: HttpRequest, task_id: uuid.UUID) -> HttpResponse:
    """Asks the coach. With fetch: the advice fragment; without: a redirect that shows it."""
    task = _own_task(request, task_id)
    order = _order(request)
    anchor = f"task-{task.id}"
    try:
        outcome = coaching_advice_get(user=request.user, task=task)
    except (CoachingAllowanceSpent, CoachingUnavailable) as exc:
        code = 429 if isinstance(exc, CoachingAllowanceSpent) else exc.status_code
        if _wants_fragment(request):
            return render(request, "coaching/partials/advice_error.html", {"message": exc.message}, status=code)
        messages.error(request, exc.message)
        return redirect(_index_url(order, anchor=anchor))
    if _wants_fragment(request):
        status = coaching_allowance_status(user=request.user)
        context = {"advice": outcome.interaction, "allowance_text": allowance_sentence(status, request.user.timezone)}
        return render(request, "coaching/partials/advice.html", context)
    return redirect(_index_url(order, anchor=anchor, advice=str(outcome.interaction.id)))


# --- goals -----------------------------------------------------------------------------


@login_required
@require_POST
def goal_add(request: HttpRequest) -> HttpResponse:
    form = GoalForm(request.POST)
    if form.is_valid():
        try:
            coaching_goal_create(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Goal saved. The coach will tie its advice to it.")
            return redirect(reverse("coaching:index") + "#goals")
    return _index(request, goal_form=form)


@login_required
def goal_edit(request: HttpRequest, goal_id: uuid.UUID) -> HttpResponse:
    goal = _own_goal(request, goal_id)
    if request.method != "POST":
        form = GoalForm(instance=goal)
    else:
        form = GoalForm(request.POST, instance=Goal(user=request.user))
        if form.is_valid():
            try:
                coaching_goal_update(goal=goal, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, "Goal saved.")
                return redirect(reverse("coaching:index") + "#goals")
    return render(request, "coaching/goal_edit.html", {"goal": goal, "form": form})


@login_required
@require_POST
def goal_delete(request: HttpRequest, goal_id: uuid.UUID) -> HttpResponse:
    coaching_goal_delete(goal=_own_goal(request, goal_id))
    messages.success(request, "Goal removed.")
    return redirect(reverse("coaching:index") + "#goals")
