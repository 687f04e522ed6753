"""Explicit serializers, one per operation. Limits and messages come from the model fields."""

from __future__ import annotations

from typing import Any

from django.core.validators import RegexValidator
from rest_framework import serializers

from accounts.models import User
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
    Interaction,
    Task,
)
from coaching.selectors import TaskOrder
from coaching.services import coaching_allowance_status
from config.api.fields import PersonDateTimeField, PersonModelSerializer, StrictBooleanField, StrictCharField

# Text that is required is trimmed, so text of spaces only is blank and refused; this puts
# that in the schema (`pattern`: some character that is not a space). After the trim it
# always matches: the blank check has refused the rest with its own message.
NOT_ONLY_SPACES = RegexValidator(r"\S")


def _task_text(*, required: bool) -> serializers.CharField:
    return StrictCharField(
        required=required,
        max_length=TASK_TEXT_MAX_LENGTH,
        validators=[NOT_ONLY_SPACES],
        error_messages={
            "blank": TASK_TEXT_REQUIRED,
            "required": TASK_TEXT_REQUIRED,
            "null": TASK_TEXT_REQUIRED,
            "max_length": TASK_TEXT_TOO_LONG,
        },
        help_text=f"What to do, 1 to {TASK_TEXT_MAX_LENGTH} characters.",
    )


def _rating(help_text: str) -> serializers.IntegerField:
    messages = {key: RATING_OUT_OF_RANGE for key in ("invalid", "min_value", "max_value", "max_string_length")}
    return serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=RATING_MIN,
        max_value=RATING_MAX,
        error_messages=messages,
        help_text=help_text,
    )


def _goal_text(*, required: bool, help_text: str) -> serializers.CharField:
    messages = {"max_length": GOAL_TEXT_TOO_LONG}
    if required:
        messages |= {"blank": WHAT_MATTERS_REQUIRED, "required": WHAT_MATTERS_REQUIRED, "null": WHAT_MATTERS_REQUIRED}
    return StrictCharField(
        required=required,
        allow_blank=not required,
        max_length=GOAL_TEXT_MAX_LENGTH,
        validators=[NOT_ONLY_SPACES] if required else [],
        error_messages=messages,
        help_text=help_text,
    )


IMPORTANCE_HELP = "How much it matters, 1 to 10; null for not rated."
CONFIDENCE_HELP = "How sure the person is they can do it, 1 to 10; null for not rated."


# --- tasks -----------------------------------------------------------------------------


class TaskSerializer(PersonModelSerializer):
    class Meta:
        model = Task
        fields = ("id", "text", "importance", "confidence", "is_completed", "completed_at", "created_at", "updated_at")
        read_only_fields = fields


class TaskCreateSerializer(serializers.Serializer):
    text = _task_text(required=True)
    importance = _rating(IMPORTANCE_HELP)
    confidence = _rating(CONFIDENCE_HELP)
    is_completed = StrictBooleanField(required=False, default=False)


class TaskUpdateSerializer(serializers.Serializer):
    text = _task_text(required=False)
    importance = _rating(IMPORTANCE_HELP)
    confidence = _rating(CONFIDENCE_HELP)
    is_completed = StrictBooleanField(required=False)


class TaskListQuerySerializer(serializers.Serializer):
    ordering = serializers.ChoiceField(
        choices=[order.value for order in TaskOrder],
        required=False,
        default=TaskOrder.NEWEST.value,
        help_text="newest (default) or importance (most important first, unrated last).",
    )
    is_completed = serializers.BooleanField(
        required=False, default=None, help_text="Only completed (true) or open (false) tasks."
    )


# --- goals -----------------------------------------------------------------------------


class GoalSerializer(PersonModelSerializer):
    class Meta:
        model = Goal
        fields = ("id", "what_matters", "biggest_win", "worst_outcome", "created_at", "updated_at")
        read_only_fields = fields


WHAT_MATTERS_HELP = f"What matters to the person, 1 to {GOAL_TEXT_MAX_LENGTH} characters."
BIGGEST_WIN_HELP = "What would make the month a success; may be empty."
WORST_OUTCOME_HELP = "What the person most wants to avoid; may be empty."


class GoalCreateSerializer(serializers.Serializer):
    what_matters = _goal_text(required=True, help_text=WHAT_MATTERS_HELP)
    biggest_win = _goal_text(required=False, help_text=BIGGEST_WIN_HELP)
    worst_outcome = _goal_text(required=False, help_text=WORST_OUTCOME_HELP)


class GoalUpdateSerializer(serializers.Serializer):
    what_matters = StrictCharField(
        required=False,
        max_length=GOAL_TEXT_MAX_LENGTH,
        validators=[NOT_ONLY_SPACES],
        error_messages={
            "blank": WHAT_MATTERS_REQUIRED,
            "null": WHAT_MATTERS_REQUIRED,
            "max_length": GOAL_TEXT_TOO_LONG,
        },
        help_text=WHAT_MATTERS_HELP,
    )
    biggest_win = _goal_text(required=False, help_text=BIGGEST_WIN_HELP)
    worst_outcome = _goal_text(required=False, help_text=WORST_OUTCOME_HELP)


# --- the coach ---------------------------------------------------------------------------


class TokenCountSerializer(serializers.Serializer):
    input = serializers.IntegerField(min_value=0)
    output = serializers.IntegerField(min_value=0)


class AdviceSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="interaction.id", help_text="The interaction recorded for this answer.")
    task = serializers.UUIDField(source="interaction.task_id")
    response = serializers.CharField()
    cache_hit = serializers.BooleanField(help_text="True when the answer came from the cache (free, no model call).")
    latency = serializers.IntegerField(help_text="Server time to answer, in milliseconds.")
    token_count = TokenCountSerializer()
    cost = serializers.DecimalField(max_digits=10, decimal_places=6, help_text="USD; 0 for a cache hit.")
    provider = serializers.CharField(source="interaction.provider")
    model = serializers.CharField(source="interaction.model")
    created_at = PersonDateTimeField(source="interaction.created_at")
    coaching_remaining = serializers.IntegerField(help_text="Model calls left in the current period.")
    coaching_reset_at = PersonDateTimeField(
        allow_null=True, help_text="When the allowance resets; null until the first model call of a period."
    )


class CoachingRemainingField(serializers.IntegerField):
    """``coaching_remaining`` on GET /api/me (accounts.extensions): model calls left this period."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, user: User) -> int:
        return coaching_allowance_status(user=user).remaining


class InteractionSerializer(PersonModelSerializer):
    token_count = TokenCountSerializer()

    class Meta:
        model = Interaction
        fields = (
            "id",
            "task",
            "task_text",
            "question_hash",
            "response",
            "latency",
            "token_count",
            "cost",
            "cache_hit",
            "provider",
            "model",
            "created_at",
        )
        read_only_fields = fields


class InteractionListQuerySerializer(serializers.Serializer):
    task = serializers.UUIDField(required=False, help_text="Only the interactions about this task.")
