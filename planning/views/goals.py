from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from insights.selectors import planning_signals
from planning import selectors
from planning.forms import DAY_LABELS, PreferencesForm
from planning.models import FOCUS_AREA_MAX_LENGTH
from planning.scheduler import MAX_LABEL_LENGTH


@login_required
def goals(request: HttpRequest) -> HttpResponse:
    current = selectors.preferences_current(user=request.user)
    learned = planning_signals(user=request.user)
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
            "hours_by_day": form.hours_by_day,
            "hours_errors": form.hours_errors,
            "peak_rows": form.peak_rows,
            "peak_errors": form.peak_errors,
            "learned_peaks": [f"{peak.start_hour:02d}:00–{peak.end_hour:02d}:00" for peak in learned.peak_windows],
            "focus_area_max_length": FOCUS_AREA_MAX_LENGTH,
            "label_max_length": MAX_LABEL_LENGTH,
            "day_labels": DAY_LABELS,
        },
    )
