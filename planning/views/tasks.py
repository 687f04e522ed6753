from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import select_template
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from planning.calendar import focus_colour
from planning.forms import MoveTaskForm
from planning.models import PlanTask


def own_task(request: HttpRequest, pk: int) -> PlanTask:
    try:
        return PlanTask.objects.select_related("plan__preference").get(user=request.user, pk=pk)
    except PlanTask.DoesNotExist:
        raise Http404("No such task.")


def safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _log_time_partial() -> str | None:
    try:
        return select_template(["insights/partials/log_time_link.html"]).template.name
    except TemplateDoesNotExist:
        return None


@login_required
def task_detail(request: HttpRequest, pk: int, move_form: MoveTaskForm | None = None) -> HttpResponse:
    task = own_task(request, pk)
    task.colour = focus_colour(task)
    form = move_form or MoveTaskForm(initial={"start_time": task.start_time}, timezone=request.user.timezone)
    week_url = reverse("planning:week") + f"?date={task.start_time.astimezone(form.zone).date().isoformat()}"
    return render(
        request,
        "planning/task_detail.html",
        {"task": task, "move_form": form, "week_url": week_url, "log_time_partial": _log_time_partial()},
    )


@login_required
@require_POST
def task_complete(request: HttpRequest, pk: int) -> HttpResponse:
    from planning.services import plan_task_set_completed

    task = own_task(request, pk)
    is_completed = request.POST.get("is_completed") in ("1", "true", "on")
    plan_task_set_completed(task=task, is_completed=is_completed)
    if request.headers.get("Accept", "").startswith("application/json"):
        return JsonResponse({"id": task.pk, "is_completed": task.is_completed})
    messages.success(request, "Marked complete." if task.is_completed else "Marked not complete.")
    return redirect(safe_next(request, reverse("planning:task", args=[task.pk])))


@login_required
@require_POST
def task_move(request: HttpRequest, pk: int) -> HttpResponse:
    from planning.services import TaskChangeRefused, plan_task_move

    task = own_task(request, pk)
    form = MoveTaskForm(request.POST, timezone=request.user.timezone)
    if form.is_valid():
        try:
            plan_task_move(task=task, start_time=form.cleaned_data["start_time"])
        except TaskChangeRefused as exc:
            form.add_error("start_time", exc.message)
        else:
            messages.success(request, "Session moved.")
            return redirect("planning:task", pk=task.pk)
    return task_detail(request, pk, move_form=form)
