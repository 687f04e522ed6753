"""Page forms. They shape what a person typed and show the services' refusals by field;
the rules themselves live in the services and the scheduler."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.http import QueryDict

from accounts.models import User
from planning.models import (
    GOALS_TEXT_MAX_LENGTH,
    GOALS_TEXT_REQUIRED,
    Preferences,
    TaskComplexity,
    WeekendPreference,
)
from planning.scheduler import DAY_NAMES, WEEKDAYS
from planning.services.preferences import PreferencesRefused, preferences_save

DAY_LABELS = dict(zip(WEEKDAYS, DAY_NAMES, strict=True))
EMPTY_FOCUS_ROWS = 2
EMPTY_COMMITMENT_ROWS = 2


@dataclass
class CommitmentRow:
    day: str = ""
    start: str = ""
    end: str = ""
    label: str = ""
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def is_blank(self) -> bool:
        return not (self.day or self.start or self.end or self.label)

    def as_dict(self) -> dict[str, str]:
        return {"day": self.day, "start": self.start, "end": self.end, "label": self.label}


def focus_areas_from(data: QueryDict) -> list[str]:
    return [value for value in data.getlist("focus_areas") if value.strip()]


def commitment_rows_from(data: QueryDict) -> list[CommitmentRow]:
    """Rows posted as commitment-<n>-day/start/end/label, in order, blank rows dropped."""
    indices = sorted(
        {int(key.split("-")[1]) for key in data if key.startswith("commitment-") and key.split("-")[1].isdigit()}
    )
    rows = [
        CommitmentRow(
            day=data.get(f"commitment-{i}-day", "").strip(),
            start=data.get(f"commitment-{i}-start", "").strip(),
            end=data.get(f"commitment-{i}-end", "").strip(),
            label=data.get(f"commitment-{i}-label", "").strip(),
        )
        for i in indices
    ]
    return [row for row in rows if not row.is_blank]


def commitment_rows_for_display(rows: list[CommitmentRow]) -> list[CommitmentRow]:
    return [*rows, *(CommitmentRow() for _ in range(EMPTY_COMMITMENT_ROWS))]


class PreferencesForm(forms.Form):
    goals_text = forms.CharField(
        label="What do you want from the month?",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=GOALS_TEXT_MAX_LENGTH,
        help_text="A few sentences: what you want to finish, start or keep up. The plan is built from this.",
        error_messages={"required": GOALS_TEXT_REQUIRED},
    )
    task_complexity = forms.ChoiceField(
        label="How ambitious?", choices=TaskComplexity.choices, widget=forms.RadioSelect, initial="Balanced"
    )
    weekend_preference = forms.ChoiceField(
        label="Weekends", choices=WeekendPreference.choices, widget=forms.RadioSelect, initial="Mixed"
    )

    def __init__(self, data: QueryDict | None = None, *, current: Preferences | None = None) -> None:
        initial = {}
        if current is not None:
            initial = {
                "goals_text": current.goals_text,
                "task_complexity": current.task_complexity,
                "weekend_preference": current.weekend_preference,
            }
        super().__init__(data, initial=initial)
        self.focus_errors: list[str] = []
        self.commitment_errors: list[str] = []
        if data is not None:
            self.focus_areas = focus_areas_from(data)
            self.rows = commitment_rows_from(data)
        else:
            self.focus_areas = list(current.focus_areas) if current else []
            self.rows = [CommitmentRow(**row) for row in current.fixed_commitments] if current else []

    def save(self, *, user: User) -> Preferences | None:
        """The new snapshot, or None with every refusal shown by its field (and row)."""
        if not self.is_valid():
            return None
        try:
            return preferences_save(
                user=user,
                goals_text=self.cleaned_data["goals_text"],
                task_complexity=self.cleaned_data["task_complexity"],
                focus_areas=self.focus_areas,
                weekend_preference=self.cleaned_data["weekend_preference"],
                fixed_commitments=[row.as_dict() for row in self.rows],
            )
        except PreferencesRefused as refusal:
            for name, errors in refusal.errors.items():
                self._show(name, errors)
            return None

    def _show(self, name: str, errors: list[Any]) -> None:
        if name == "focus_areas":
            self.focus_errors.extend(errors)
        elif name == "fixed_commitments":
            for row, error in zip(self.rows, errors, strict=False):
                if isinstance(error, dict):
                    row.errors.update({field: messages[0] for field, messages in error.items()})
            self.commitment_errors.extend(error for error in errors if isinstance(error, str))
        else:
            self.add_error(name, errors)

    @property
    def focus_area_inputs(self) -> list[str]:
        return [*self.focus_areas, *([""] * EMPTY_FOCUS_ROWS)]

    @property
    def commitment_rows(self) -> list[CommitmentRow]:
        return commitment_rows_for_display(self.rows)


class MoveTaskForm(forms.Form):
    start_time = forms.DateTimeField(
        label="New start",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local", "step": 300}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        help_text="In your time zone. The session keeps its length.",
    )

    def __init__(self, *args: object, timezone: str, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.zone = ZoneInfo(timezone)

    def clean_start_time(self) -> dt.datetime:
        value = self.cleaned_data["start_time"]
        # The person typed a wall-clock time in their own zone; make it aware there.
        return value.replace(tzinfo=self.zone) if value.tzinfo is None else value.astimezone(self.zone)
