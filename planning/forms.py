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
    BUFFER_MINUTES,
    GOALS_TEXT_MAX_LENGTH,
    GOALS_TEXT_REQUIRED,
    MAX_SESSIONS_PER_DAY,
    SESSION_MAX_MINUTES,
    SESSION_MIN_MINUTES,
    PeakSource,
    Preferences,
    TaskComplexity,
    WeekendPreference,
)
from planning.scheduler import DAY_NAMES, WEEKDAYS, parse_working_hours, working_hours_as_json
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
    days: list[str] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def is_blank(self) -> bool:
        return not (self.day or self.days or self.start or self.end or self.label)

    @property
    def chosen_days(self) -> list[str]:
        return self.days or ([self.day] if self.day else [])

    def as_dict(self) -> dict[str, Any]:
        days = {"days": self.days} if len(self.days) > 1 else {"day": self.days[0] if self.days else self.day}
        return {**days, "start": self.start, "end": self.end, "label": self.label}


@dataclass
class WindowRow:
    """One start-end pair on the page: a working window of a day, or a peak window."""

    start: str = ""
    end: str = ""
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def is_blank(self) -> bool:
        return not (self.start or self.end)

    def as_dict(self) -> dict[str, str]:
        return {"start": self.start, "end": self.end}


@dataclass
class DayHours:
    code: str
    name: str
    windows: list[WindowRow]


WINDOWS_PER_DAY = 2
PEAK_ROWS = 3


def _windows_from(data: QueryDict, prefix: str, count: int) -> list[WindowRow]:
    rows = [
        WindowRow(data.get(f"{prefix}-{n}-start", "").strip(), data.get(f"{prefix}-{n}-end", "").strip())
        for n in range(1, count + 1)
    ]
    return [row for row in rows if not row.is_blank]


def _padded(rows: list[WindowRow], count: int) -> list[WindowRow]:
    return [*rows, *(WindowRow() for _ in range(max(count - len(rows), 0)))]


def working_hours_from(data: QueryDict) -> dict[str, list[WindowRow]] | None:
    """Windows posted as hours-<day>-<n>-start/end; None when the page sent none at all (an
    older form), so the default day applies. A day whose windows are blank is a day off."""
    if not any(key.startswith("hours-") for key in data):
        return None
    return {day: _windows_from(data, f"hours-{day}", WINDOWS_PER_DAY) for day in WEEKDAYS}


def working_hours_rows(current: Preferences | None) -> dict[str, list[WindowRow]]:
    stored = working_hours_as_json(current.working_windows if current else parse_working_hours(None))
    return {day: [WindowRow(**window) for window in windows] for day, windows in stored.items()}


def focus_areas_from(data: QueryDict) -> list[str]:
    return [value for value in data.getlist("focus_areas") if value.strip()]


def commitment_rows_from(data: QueryDict) -> list[CommitmentRow]:
    """Rows posted as commitment-<n>-days (day chips; or -day)/start/end/label, in order,
    blank rows dropped."""
    indices = sorted(
        {int(key.split("-")[1]) for key in data if key.startswith("commitment-") and key.split("-")[1].isdigit()}
    )
    rows = [
        CommitmentRow(
            day=data.get(f"commitment-{i}-day", "").strip(),
            days=[day for day in data.getlist(f"commitment-{i}-days") if day],
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
    peak_source = forms.ChoiceField(
        label="Which peak hours to plan hard sessions in",
        choices=PeakSource.choices,
        widget=forms.RadioSelect,
        initial=PeakSource.AUTO,
        required=False,
    )
    # Numbers are checked by the service, so the page and the API say the same thing.
    buffer_minutes = forms.CharField(
        label="Free minutes around commitments and between sessions",
        required=False,
        initial=BUFFER_MINUTES[2],
        widget=forms.NumberInput(attrs={"min": BUFFER_MINUTES[0], "max": BUFFER_MINUTES[1], "step": 5}),
    )
    session_min = forms.CharField(
        label="Shortest session (minutes)",
        required=False,
        initial=SESSION_MIN_MINUTES[2],
        widget=forms.NumberInput(attrs={"min": SESSION_MIN_MINUTES[0], "max": SESSION_MIN_MINUTES[1], "step": 5}),
    )
    session_max = forms.CharField(
        label="Longest session (minutes)",
        required=False,
        initial=SESSION_MAX_MINUTES[2],
        help_text="Longer work is split into parts on different days.",
        widget=forms.NumberInput(attrs={"min": SESSION_MAX_MINUTES[0], "max": SESSION_MAX_MINUTES[1], "step": 5}),
    )
    max_sessions_per_day = forms.CharField(
        label="Sessions a day at most",
        required=False,
        help_text="Leave empty for the default of your complexity.",
        widget=forms.NumberInput(attrs={"min": MAX_SESSIONS_PER_DAY[0], "max": MAX_SESSIONS_PER_DAY[1]}),
    )

    def __init__(self, data: QueryDict | None = None, *, current: Preferences | None = None) -> None:
        super().__init__(data, initial=_initial(current))
        self.focus_errors: list[str] = []
        self.commitment_errors: list[str] = []
        self.hours_errors: list[str] = []
        self.peak_errors: list[str] = []
        if data is not None:
            self.focus_areas = focus_areas_from(data)
            self.rows = commitment_rows_from(data)
            self.hours = working_hours_from(data)
            self.peaks = _windows_from(data, "peak", PEAK_ROWS)
        else:
            self.focus_areas = list(current.focus_areas) if current else []
            self.rows = [CommitmentRow(**row) for row in current.fixed_commitments] if current else []
            self.hours = working_hours_rows(current)
            self.peaks = [WindowRow(**peak) for peak in current.peak_hours] if current else []

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
                working_hours=(
                    None
                    if self.hours is None
                    else {day: [row.as_dict() for row in rows] for day, rows in self.hours.items()}
                ),
                peak_hours=[row.as_dict() for row in self.peaks],
                peak_source=self.cleaned_data["peak_source"] or PeakSource.AUTO,
                buffer_minutes=_number(self.cleaned_data["buffer_minutes"], BUFFER_MINUTES[2]),
                session_minutes={
                    "min": _number(self.cleaned_data["session_min"], SESSION_MIN_MINUTES[2]),
                    "max": _number(self.cleaned_data["session_max"], SESSION_MAX_MINUTES[2]),
                },
                max_sessions_per_day=self.cleaned_data["max_sessions_per_day"] or None,
            )
        except PreferencesRefused as refusal:
            for name, errors in refusal.errors.items():
                self._show(name, errors)
            return None

    def _show(self, name: str, errors: Any) -> None:
        if name == "focus_areas":
            self.focus_errors.extend(errors)
        elif name == "fixed_commitments":
            self.commitment_errors.extend(_on_rows(self.rows, errors))
        elif name == "peak_hours":
            self.peak_errors.extend(_on_rows(self.peaks, errors))
        elif name == "working_hours":
            self._show_hours(errors)
        elif name == "session_minutes":
            for part, messages in errors.items():
                self.add_error("session_min" if part == "min" else "session_max", messages)
        else:
            self.add_error(name, errors)

    def _show_hours(self, errors: Any) -> None:
        if isinstance(errors, list):
            self.hours_errors.extend(errors)
            return
        for day, rows in errors.items():
            if day == "non_field_errors":
                self.hours_errors.extend(rows)
            elif self.hours is not None and day in self.hours:
                self.hours_errors.extend(_on_rows(self.hours[day], rows))

    @property
    def hours_by_day(self) -> list[DayHours]:
        hours = self.hours if self.hours is not None else working_hours_rows(None)
        return [
            DayHours(code, name, _padded(hours[code], WINDOWS_PER_DAY))
            for code, name in zip(WEEKDAYS, DAY_NAMES, strict=True)
        ]

    @property
    def peak_rows(self) -> list[WindowRow]:
        return _padded(self.peaks, PEAK_ROWS)

    @property
    def focus_area_inputs(self) -> list[str]:
        return [*self.focus_areas, *([""] * EMPTY_FOCUS_ROWS)]

    @property
    def commitment_rows(self) -> list[CommitmentRow]:
        return commitment_rows_for_display(self.rows)


def _initial(current: Preferences | None) -> dict[str, Any]:
    if current is None:
        return {}
    return {
        "goals_text": current.goals_text,
        "task_complexity": current.task_complexity,
        "weekend_preference": current.weekend_preference,
        "peak_source": current.peak_source,
        "buffer_minutes": current.buffer_minutes,
        "session_min": current.session_min_minutes,
        "session_max": current.session_max_minutes,
        "max_sessions_per_day": current.max_sessions_per_day or "",
    }


def _number(value: str, default: int) -> str | int:
    return value.strip() if value and value.strip() else default


def _on_rows(rows: list[Any], errors: list[Any]) -> list[str]:
    """Puts each row's messages on its row; returns the messages about the whole list."""
    for row, error in zip(rows, errors, strict=False):
        if isinstance(error, dict):
            row.errors.update({field: messages[0] for field, messages in error.items()})
    return [error for error in errors if isinstance(error, str)]


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
