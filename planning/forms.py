"""Page forms. They shape what a person typed; the rules live in the services."""

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django import forms
from django.http import QueryDict

from planning.models import TaskComplexity, WeekendPreference
from planning.scheduler import WEEKDAYS

DAY_LABELS = dict(
    zip(WEEKDAYS, ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"), strict=True)
)
EMPTY_FOCUS_ROWS = 2
EMPTY_COMMITMENT_ROWS = 2


class PreferencesForm(forms.Form):
    goals_text = forms.CharField(
        label="What do you want from the month?",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        help_text="A few sentences: what you want to finish, start or keep up. The plan is built from this.",
        error_messages={"required": "Tell us what you want from the month: a sentence or two is enough."},
    )
    task_complexity = forms.ChoiceField(
        label="How ambitious?", choices=TaskComplexity.choices, widget=forms.RadioSelect, initial="Balanced"
    )
    weekend_preference = forms.ChoiceField(
        label="Weekends", choices=WeekendPreference.choices, widget=forms.RadioSelect, initial="Mixed"
    )


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
