"""The habits page's form. It shapes what the person typed and shows the service's refusals
next to each input; the rules live in planning.services.habit_input, shared with the API."""

import datetime as dt
from typing import Any

from django import forms

from accounts.models import User
from planning.habit_model import HABIT_FOCUS_AREA_MAX_LENGTH, HABIT_MINUTES, HABIT_NAME_MAX_LENGTH, Habit, HabitPriority
from planning.scheduler import DAY_NAMES, WEEKDAYS
from planning.services.habit_input import HabitRefused
from planning.services.habits import habit_create, habit_update

HOW_OFTEN = (("times", "A number of times a week"), ("days", "On these days"))
# Where each part of the service's answer is shown: `minutes` and `window` come by part.
_FIELD_OF = {("minutes", "min"): "min_minutes", ("minutes", "ideal"): "ideal_minutes",
             ("window", "start"): "window_start", ("window", "end"): "window_end"}  # fmt: skip
_WHOLE_OF = {"minutes": "ideal_minutes", "window": "window_start", "is_active": None}


def _minutes_input(label: str, initial: int, help_text: str = "") -> forms.CharField:
    low, high = HABIT_MINUTES
    widget = forms.NumberInput(attrs={"min": low, "max": high, "step": 5, "inputmode": "numeric"})
    return forms.CharField(label=label, required=False, initial=initial, widget=widget, help_text=help_text)


class HabitForm(forms.Form):
    name = forms.CharField(
        label="Name", required=False, widget=forms.TextInput(attrs={"maxlength": HABIT_NAME_MAX_LENGTH,
        "placeholder": "e.g. Morning run"}),
    )  # fmt: skip
    focus_area = forms.CharField(
        label="Focus area", required=False,
        widget=forms.TextInput(attrs={"maxlength": HABIT_FOCUS_AREA_MAX_LENGTH, "list": "habit-focus-areas"}),
    )  # fmt: skip
    how_often = forms.ChoiceField(label="How often", choices=HOW_OFTEN, initial="times", widget=forms.RadioSelect)
    times_per_week = forms.CharField(
        label="Times a week", required=False, initial=3, widget=forms.NumberInput(attrs={"min": 1, "max": 7}),
        help_text="Spread over the week, on days with room.",
    )  # fmt: skip
    days = forms.MultipleChoiceField(
        label="Days", required=False, choices=list(zip(WEEKDAYS, DAY_NAMES, strict=True)),
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    ideal_minutes = _minutes_input("Ideal length (minutes)", 30)
    min_minutes = _minutes_input("Shortest (minutes)", 20, "On a full day it is shortened toward this first.")
    window_start = forms.CharField(label="From", required=False, initial="07:00",
                                   widget=forms.TimeInput(attrs={"type": "time"}))  # fmt: skip
    window_end = forms.CharField(label="To", required=False, initial="08:00",
                                 widget=forms.TimeInput(attrs={"type": "time"}))  # fmt: skip
    priority = forms.ChoiceField(
        label="Priority", choices=HabitPriority.choices, initial=HabitPriority.NORMAL, widget=forms.RadioSelect
    )
    starts_on = forms.CharField(label="Starts on", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.CharField(
        label="Ends on", required=False, widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Leave empty to keep it going.",
    )  # fmt: skip

    def __init__(self, data: Any = None, *, habit: Habit | None = None, today: dt.date | None = None) -> None:
        super().__init__(data, initial=_initial(habit) if habit else {"starts_on": today.isoformat() if today else ""})
        self.habit = habit

    def _raw(self) -> dict[str, Any]:
        data = self.cleaned_data
        by_times = data["how_often"] == "times"
        return {
            "name": data["name"],
            "focus_area": data["focus_area"],
            "times_per_week": data["times_per_week"] if by_times else None,
            "days": [] if by_times else data["days"],
            "minutes": {"ideal": data["ideal_minutes"], "min": data["min_minutes"]},
            "window": {"start": data["window_start"], "end": data["window_end"]},
            "priority": data["priority"],
            "starts_on": data["starts_on"],
            "ends_on": data["ends_on"] or None,
        }

    def save(self, *, user: User) -> Habit | None:
        """The saved habit, or None with every refusal shown by its field."""
        if not self.is_valid():
            return None
        try:
            if self.habit is None:
                return habit_create(user=user, **self._raw())
            return habit_update(habit=self.habit, **self._raw())
        except HabitRefused as refusal:
            self._show(refusal)
            return None

    def _show(self, refusal: HabitRefused) -> None:
        if not refusal.errors:
            self.add_error(None, refusal.message)
        for name, errors in refusal.errors.items():
            if isinstance(errors, dict):
                for part, messages in errors.items():
                    self.add_error(_FIELD_OF[name, part], messages)
            else:
                self.add_error(_WHOLE_OF.get(name, name), errors)


def _initial(habit: Habit) -> dict[str, Any]:
    return {
        "name": habit.name,
        "focus_area": habit.focus_area,
        "how_often": "times" if habit.times_per_week else "days",
        "times_per_week": habit.times_per_week or 3,
        "days": list(habit.days),
        "ideal_minutes": habit.ideal_minutes,
        "min_minutes": habit.min_minutes,
        "window_start": f"{habit.window_start:%H:%M}",
        "window_end": f"{habit.window_end:%H:%M}",
        "priority": habit.priority,
        "starts_on": habit.starts_on.isoformat(),
        "ends_on": habit.ends_on.isoformat() if habit.ends_on else "",
    }
