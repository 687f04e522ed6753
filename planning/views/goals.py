from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from planning import selectors
from planning.forms import DAY_LABELS, PreferencesForm


@login_required
def goals(request: HttpRequest) -> HttpResponse:
    current = selectors.preferences_current(user=request.user)
    if request.method == "POST":
        form = PreferencesForm(request.POST, current=current)
        if form.save(user=request.user) is not None:
            messages.success(request, "Goals saved. Next: generate your plan for the month.")
            return redirect("planning:generate")
    else:
        form = PreferencesForm(current=current)
    return render(
        request,
        "planning/goals.html",
        {
            "form": form,
            "current": current,
            "focus_areas": form.focus_area_inputs,
            "focus_errors": form.focus_errors,
            "commitment_rows": form.commitment_rows,
            "commitment_errors": form.commitment_errors,
            "day_labels": DAY_LABELS,
        },
    )
