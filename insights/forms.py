from django import forms

DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format=DATETIME_LOCAL)


class ActivityLogForm(forms.Form):
    """The "log time" form, also used to correct a log: field layout only; the rules live in insights.services."""

    actual_start_time = forms.DateTimeField(
        label="Started",
        widget=DateTimeLocalInput(),
        help_text="Your local time.",
        error_messages={"invalid": "Enter a date and time, e.g. 2026-11-20 09:30."},
    )
    actual_end_time = forms.DateTimeField(
        label="Ended",
        widget=DateTimeLocalInput(),
        help_text="At most 12 hours after the start.",
        error_messages={"invalid": "Enter a date and time, e.g. 2026-11-20 10:30."},
    )
    was_completed = forms.BooleanField(
        label="I finished this task",
        required=False,
        initial=True,
        help_text="Untick it if you worked on the task but did not finish it.",
    )
