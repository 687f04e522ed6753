from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from planning import selectors
from planning.forms import (
    DAY_LABELS,
    EMPTY_FOCUS_ROWS,
    CommitmentRow,
    PreferencesForm,
    commitment_rows_for_display,
    commitment_rows_from,
    focus_areas_from,
)
from planning.services import preferences_save


@login_required
def goals(request: HttpRequest) -> HttpResponse:
    current = selectors.preferences_current(user=request.user)
    focus_errors: list[str] = []
    commitment_errors: list[str] = []
    if request.method == "POST":
        form = PreferencesForm(request.POST)
        focus_areas = focus_areas_from(request.POST)
        rows = commitment_rows_from(request.POST)
        if form.is_valid():
            try:
                preferences_save(
                    user=request.user,
                    goals_text=form.cleaned_data["goals_text"],
                    task_complexity=form.cleaned_data["task_complexity"],
                    focus_areas=focus_areas,
                    weekend_preference=form.cleaned_data["weekend_preference"],
                    fixed_commitments=[row.as_dict() for row in rows],
                )
            except ValidationError as exc:
                for name, errors in exc.error_dict.items():
                    if name == "focus_areas":
                        focus_errors = [message for error in errors for message in error.messages]
                    elif name == "fixed_commitments":
                        for error in errors:
                            where = error.params or {}
                            if where.get("row") and where["row"] <= len(rows):
                                rows[where["row"] - 1].errors[where.get("field") or "day"] = error.messages[0]
                            else:
                                commitment_errors.extend(error.messages)
                    else:
                        form.add_error(name, errors)
            else:
                messages.success(request, "Goals saved. Next: generate your plan for the month.")
                return redirect("planning:generate")
    else:
        initial = {}
        if current is not None:
            initial = {
                "goals_text": current.goals_text,
                "task_complexity": current.task_complexity,
                "weekend_preference": current.weekend_preference,
            }
        form = PreferencesForm(initial=initial)
        focus_areas = list(current.focus_areas) if current else []
        rows = [CommitmentRow(**row) for row in current.fixed_commitments] if current else []
    return render(
        request,
        "planning/goals.html",
        {
            "form": form,
            "current": current,
            "focus_areas": [*focus_areas, *([""] * EMPTY_FOCUS_ROWS)],
            "focus_errors": focus_errors,
            "commitment_rows": commitment_rows_for_display(rows),
            "commitment_errors": commitment_errors,
            "day_labels": DAY_LABELS,
        },
    )
