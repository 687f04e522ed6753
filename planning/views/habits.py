"""The habits page: the person's habits with how each is going (streak, weeks, a better window
when the current one keeps failing), adding one, editing, pausing and deleting."""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from insights.habit_hours import WindowSuggestion, habit_hours, window_suggestion
from planning import selectors
from planning.habit_forms import HabitForm
from planning.habit_model import MAX_ACTIVE_HABITS, Habit
from planning.habit_progress import HabitProgress, habits_progress
from planning.scheduler import DAY_NAMES, WEEKDAYS
from planning.services.habit_input import HabitRefused
from planning.services.habits import habit_delete, habit_update

BAR_HEIGHT = 30  # the weeks chart: a bar of 8 units every 10, 30 high for 100%


@dataclass(frozen=True)
class WeekBar:
    monday: dt.date
    ended: int
    done: int
    x: int
    height: int

    @property
    def y(self) -> int:
        return BAR_HEIGHT - self.height


@dataclass(frozen=True)
class HabitCard:
    habit: Habit
    how_often: str  # "3 times a week", "Monday, Wednesday and Friday"
    progress: HabitProgress
    suggestion: WindowSuggestion | None

    @property
    def weeks(self) -> list[WeekBar]:
        return [
            WeekBar(week.monday, week.ended, week.done, index * 10, round(BAR_HEIGHT * (week.percent or 0) / 100))
            for index, week in enumerate(self.progress.weeks)
        ]

    @property
    def chart_width(self) -> int:
        return len(self.progress.weeks) * 10 - 2


def _how_often(habit: Habit) -> str:
    if habit.times_per_week:
        return "once a week" if habit.times_per_week == 1 else f"{habit.times_per_week} times a week"
    names = [DAY_NAMES[WEEKDAYS.index(code)] for code in habit.days]
    if len(names) == 7:
        return "every day"
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def _cards(request: HttpRequest, now: dt.datetime) -> list[HabitCard]:
    habits = list(selectors.habits_for(user=request.user))
    progress = habits_progress(user=request.user, habits=habits, now=now)
    hours = habit_hours(user=request.user, habits=habits, now=now)
    return [
        HabitCard(habit, _how_often(habit), progress[habit.pk], window_suggestion(habit, hours.get(habit.pk, {})))
        for habit in habits
    ]


def _today(request: HttpRequest, now: dt.datetime) -> dt.date:
    return now.astimezone(ZoneInfo(request.user.timezone)).date()


def _focus_areas(request: HttpRequest) -> list[str]:
    current = selectors.preferences_current(user=request.user)
    return list(current.focus_areas) if current else []


@login_required
def habits(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    form = HabitForm(request.POST or None, today=_today(request, now))
    if request.method == "POST":
        habit = form.save(user=request.user)
        if habit is not None:
            messages.success(request, f"{habit.name} added: its sessions go into your plans from now on.")
            return redirect("planning:habits")
    cards = _cards(request, now)
    return render(
        request,
        "planning/habits.html",
        {
            "cards": cards,
            "form": form,
            "focus_areas": _focus_areas(request),
            "active_count": sum(card.habit.is_active for card in cards),
            "max_active": MAX_ACTIVE_HABITS,
        },
    )


@login_required
def habit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    habit = selectors.habit_get(user=request.user, habit_id=pk)
    form = HabitForm(request.POST or None, habit=habit)
    if request.method == "POST" and form.save(user=request.user) is not None:
        messages.success(request, f"{form.cleaned_data['name'] or habit.name} saved. Its future sessions follow.")
        return redirect("planning:habits")
    return render(request, "planning/habits_form.html", {"form": form, "habit": habit,
                                                        "focus_areas": _focus_areas(request)})  # fmt: skip


@login_required
@require_POST
def habit_pause(request: HttpRequest, pk: int) -> HttpResponse:
    habit = selectors.habit_get(user=request.user, habit_id=pk)
    resume = request.POST.get("is_active") == "true"
    try:
        habit_update(habit=habit, is_active=resume)
    except HabitRefused as refusal:
        messages.error(request, refusal.message)
        return redirect("planning:habits")
    done = "resumed: its sessions are back from now on" if resume else "paused: its future sessions are gone"
    messages.success(request, f"{habit.name} {done}.")
    return redirect("planning:habits")


@login_required
@require_POST
def habit_remove(request: HttpRequest, pk: int) -> HttpResponse:
    habit = selectors.habit_get(user=request.user, habit_id=pk)
    name = habit.name
    habit_delete(habit=habit)
    messages.success(request, f"{name} deleted. Sessions you already did or logged stay in your history.")
    return redirect("planning:habits")


@login_required
@require_POST
def habit_window(request: HttpRequest, pk: int) -> HttpResponse:
    """Accepting a suggested window: the one change the suggestion offers, nothing else."""
    habit = selectors.habit_get(user=request.user, habit_id=pk)
    window = {"start": request.POST.get("start", ""), "end": request.POST.get("end", "")}
    try:
        habit = habit_update(habit=habit, window=window)
    except HabitRefused as refusal:
        messages.error(request, refusal.message)
        return redirect("planning:habits")
    messages.success(request, f"{habit.name} now goes in {habit.window_label}; its future sessions moved there.")
    return redirect("planning:habits")
