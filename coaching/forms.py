"""Page forms. Their limits and messages are the model fields' own (see coaching.models)."""

from __future__ import annotations

from django import forms

from coaching.models import (
    GOAL_TEXT_MAX_LENGTH,
    GOAL_TEXT_TOO_LONG,
    RATING_MAX,
    RATING_MIN,
    RATING_OUT_OF_RANGE,
    TASK_TEXT_MAX_LENGTH,
    TASK_TEXT_REQUIRED,
    TASK_TEXT_TOO_LONG,
    WHAT_MATTERS_REQUIRED,
    Goal,
    Task,
)

_RATING_ERRORS = {code: RATING_OUT_OF_RANGE for code in ("invalid", "min_value", "max_value")}


def _rating_widget(label: str) -> forms.NumberInput:
    return forms.NumberInput(
        attrs={"min": RATING_MIN, "max": RATING_MAX, "step": 1, "inputmode": "numeric", "placeholder": label}
    )


class TaskForm(forms.ModelForm):
    class Meta:
        model = Task
        fields = ("text", "importance", "confidence")
        labels = {"text": "Task", "importance": "Importance", "confidence": "Confidence"}
        help_texts = {
            "importance": "1 hardly matters, 10 matters a lot.",
            "confidence": "1 not sure at all, 10 certain.",
        }
        widgets = {
            "text": forms.TextInput(
                attrs={"maxlength": TASK_TEXT_MAX_LENGTH, "placeholder": "e.g. Write the grant application"}
            ),
            "importance": _rating_widget("1-10"),
            "confidence": _rating_widget("1-10"),
        }
        error_messages = {
            "text": {"required": TASK_TEXT_REQUIRED, "max_length": TASK_TEXT_TOO_LONG},
            "importance": _RATING_ERRORS,
            "confidence": _RATING_ERRORS,
        }


class GoalForm(forms.ModelForm):
    class Meta:
        model = Goal
        fields = ("what_matters", "biggest_win", "worst_outcome")
        widgets = {
            field: forms.Textarea(attrs={"rows": 2, "maxlength": GOAL_TEXT_MAX_LENGTH})
            for field in ("what_matters", "biggest_win", "worst_outcome")
        }
        error_messages = {
            "what_matters": {"required": WHAT_MATTERS_REQUIRED, "max_length": GOAL_TEXT_TOO_LONG},
            "biggest_win": {"max_length": GOAL_TEXT_TOO_LONG},
            "worst_outcome": {"max_length": GOAL_TEXT_TOO_LONG},
        }
