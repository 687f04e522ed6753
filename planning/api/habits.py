"""Habits: GET/POST /api/habits, GET/PATCH/DELETE /api/habits/{id}.

The input fields are passed on as sent: planning.services.habit_input checks them, with the
habits page's words, and answers every problem by field (`minutes` and `window` by part).
The serializers below describe the shapes for the schema.
"""

from typing import Any

from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from config.api.fields import PersonDateTimeField, StrictBooleanField
from planning import selectors
from planning.habit_model import (
    HABIT_FOCUS_AREA_MAX_LENGTH,
    HABIT_MINUTES,
    HABIT_NAME_MAX_LENGTH,
    Habit,
    HabitPriority,
)
from planning.scheduler import WEEKDAYS
from planning.services.habit_input import (
    DATE_FORMAT,
    FOCUS_AREA_REQUIRED,
    MINUTES_REQUIRED,
    NAME_REQUIRED,
    PRIORITY_CHOICE,
    WINDOW_REQUIRED,
)
from planning.services.habits import habit_create, habit_delete, habit_update

TAGS = ["habits"]


class HabitMinutesSerializer(serializers.Serializer):
    min = serializers.IntegerField(
        min_value=HABIT_MINUTES[0], max_value=HABIT_MINUTES[1], required=False,
        help_text="The shortest you would still do; an occurrence is shrunk toward it before a day is given up. "
        "Left out: the ideal.",
    )  # fmt: skip
    ideal = serializers.IntegerField(min_value=HABIT_MINUTES[0], max_value=HABIT_MINUTES[1])


class HabitWindowSerializer(serializers.Serializer):
    start = serializers.RegexField(r"^([01]?\d|2[0-3]):[0-5]\d$", help_text="HH:MM, your local time.")
    end = serializers.RegexField(
        r"^(([01]?\d|2[0-3]):[0-5]\d|24:00)$",
        help_text="HH:MM; at or before the start, the window runs past midnight; equal to the start is refused.",
    )


def _text_schema(limit: int) -> dict:
    # Trimmed, so a name of spaces only is blank and refused.
    return {"type": "string", "minLength": 1, "maxLength": limit, "pattern": r"\S"}


@extend_schema_field(_text_schema(HABIT_NAME_MAX_LENGTH))
class NameField(serializers.JSONField):
    """Passed on as sent."""


@extend_schema_field(_text_schema(HABIT_FOCUS_AREA_MAX_LENGTH))
class FocusAreaField(serializers.JSONField):
    """Passed on as sent."""


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": 7, "nullable": True})
class TimesPerWeekField(serializers.JSONField):
    """Passed on as sent."""


@extend_schema_field(serializers.ListField(child=serializers.ChoiceField(choices=list(WEEKDAYS)), allow_null=True))
class DaysField(serializers.JSONField):
    """Passed on as sent."""


@extend_schema_field(HabitMinutesSerializer)
class MinutesField(serializers.JSONField):
    """Passed on as sent."""


@extend_schema_field(HabitWindowSerializer)
class WindowField(serializers.JSONField):
    """Passed on as sent."""


@extend_schema_field(serializers.ChoiceField(choices=HabitPriority.choices))
class PriorityField(serializers.JSONField):
    """Passed on as sent."""


@extend_schema_field(serializers.DateField())
class DateInputField(serializers.JSONField):
    """Passed on as sent."""


@extend_schema_field(serializers.DateField(allow_null=True))
class EndDateField(serializers.JSONField):
    """Passed on as sent."""


FREQUENCY_HELP = "Times a week, 1-7 (spread over the week, on days with room); or use `days`, not both."
DAYS_HELP = "Explicit weekdays, e.g. [\"mon\", \"wed\", \"fri\"]; or use `times_per_week`, not both."


class HabitInputSerializer(serializers.Serializer):
    name = NameField(error_messages={"required": NAME_REQUIRED, "null": NAME_REQUIRED})
    focus_area = FocusAreaField(error_messages={"required": FOCUS_AREA_REQUIRED, "null": FOCUS_AREA_REQUIRED})
    times_per_week = TimesPerWeekField(required=False, allow_null=True, help_text=FREQUENCY_HELP)
    days = DaysField(required=False, allow_null=True, help_text=DAYS_HELP)
    minutes = MinutesField(error_messages={"required": MINUTES_REQUIRED, "null": MINUTES_REQUIRED})
    window = WindowField(
        error_messages={"required": WINDOW_REQUIRED, "null": WINDOW_REQUIRED},
        help_text="Local wall-clock time the habit goes in; it overrides your working hours.",
    )
    priority = PriorityField(
        required=False,
        error_messages={"null": PRIORITY_CHOICE},
        help_text="high: placed before the plan's sessions; normal (default): in the time they leave.",
    )
    starts_on = DateInputField(required=False, error_messages={"null": DATE_FORMAT}, help_text="Left out: today.")
    ends_on = EndDateField(required=False, allow_null=True, help_text="null: no end.")
    is_active = StrictBooleanField(required=False, help_text="false: paused, no new occurrences.")


class HabitChangeSerializer(HabitInputSerializer):
    """Any field; `minutes` or `window` may change one part. A new `times_per_week` replaces the
    days and new `days` replace the times."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False


class HabitSerializer(serializers.ModelSerializer):
    days = serializers.ListField(child=serializers.ChoiceField(choices=list(WEEKDAYS)))
    minutes = serializers.SerializerMethodField()
    window = serializers.SerializerMethodField()
    created_at = PersonDateTimeField()
    updated_at = PersonDateTimeField()

    class Meta:
        model = Habit
        fields = (
            "id", "name", "focus_area", "times_per_week", "days", "minutes", "window", "priority", "starts_on",
            "ends_on", "is_active", "created_at", "updated_at",
        )  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(HabitMinutesSerializer)
    def get_minutes(self, habit: Habit) -> dict:
        return {"min": habit.min_minutes, "ideal": habit.ideal_minutes}

    @extend_schema_field(HabitWindowSerializer)
    def get_window(self, habit: Habit) -> dict:
        return {"start": f"{habit.window_start:%H:%M}", "end": f"{habit.window_end:%H:%M}"}


RUN = {
    "name": "Morning run",
    "focus_area": "Fitness",
    "times_per_week": 3,
    "minutes": {"min": 30, "ideal": 45},
    "window": {"start": "06:00", "end": "09:00"},
    "priority": "high",
}


class HabitsView(GenericAPIView):
    serializer_class = HabitSerializer

    @extend_schema(
        operation_id="habits_list", summary="Your habits", tags=TAGS, responses={200: HabitSerializer(many=True)},
        description="Active habits first, then by name.",
    )  # fmt: skip
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(selectors.habits_for(user=request.user))
        return self.get_paginated_response(HabitSerializer(page, many=True, context={"request": request}).data)

    @extend_schema(
        operation_id="habits_create",
        summary="Add a habit",
        description=(
            "Saves the habit and places its occurrences (plan tasks with `habit` set) in your active plans "
            "from now on; later plans place them when they are made. At most 20 active habits. Every "
            "problem is answered by field (`minutes` and `window` by part) and nothing is saved."
        ),
        request=HabitInputSerializer,
        responses={201: HabitSerializer},
        examples=[OpenApiExample("Three runs a week", value=RUN, request_only=True)],
        tags=TAGS,
    )
    def post(self, request: Request) -> Response:
        data = HabitInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        habit = habit_create(user=request.user, **data.validated_data)
        return Response(HabitSerializer(habit, context={"request": request}).data, status=status.HTTP_201_CREATED)


class HabitView(GenericAPIView):
    serializer_class = HabitSerializer

    @extend_schema(operation_id="habits_retrieve", summary="One habit", tags=TAGS, responses={200: HabitSerializer})
    def get(self, request: Request, pk: int) -> Response:
        habit = selectors.habit_get(user=request.user, habit_id=pk)
        return Response(HabitSerializer(habit, context={"request": request}).data)

    @extend_schema(
        operation_id="habits_update",
        summary="Change or pause a habit",
        description=(
            "Changes the habit and its future occurrences: those not done, logged, running, pinned or moved by "
            "hand are placed again (all future ones not done, logged or running go when it is paused with "
            "`is_active: false`). Logged occurrences never change."
        ),
        request=HabitChangeSerializer,
        responses={200: HabitSerializer},
        examples=[OpenApiExample("Pause", value={"is_active": False}, request_only=True)],
        tags=TAGS,
    )
    def patch(self, request: Request, pk: int) -> Response:
        habit = selectors.habit_get(user=request.user, habit_id=pk)
        data = HabitChangeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        habit = habit_update(habit=habit, **data.validated_data)
        return Response(HabitSerializer(habit, context={"request": request}).data)

    @extend_schema(
        operation_id="habits_destroy",
        summary="Delete a habit",
        description="Its future occurrences that are not done, logged or running go; the others stay as sessions.",
        request=None,
        responses={204: OpenApiResponse(description="Deleted")},
        tags=TAGS,
    )
    def delete(self, request: Request, pk: int) -> Response:
        habit_delete(habit=selectors.habit_get(user=request.user, habit_id=pk))
        return Response(status=status.HTTP_204_NO_CONTENT)
