from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from config.api.fields import PersonDateTimeField, PersonModelSerializer
from config.ownership import MAX_ID
from insights.models import ActivityLog, Insight, InsightType

START_HELP = (
    "When you started, ISO 8601; without an offset it is read in your time zone. "
    "Must be within 7 days of the task's planned start."
)
END_HELP = "When you stopped: after the start, at most 12 hours later, not in the future."


class ActivityLogInputSerializer(serializers.Serializer):
    task = serializers.IntegerField(
        min_value=1,
        max_value=MAX_ID,
        help_text="The id of one of your plan tasks. A task has one log: a second answers 409 with its id.",
    )
    actual_start_time = PersonDateTimeField(help_text=START_HELP)
    actual_end_time = PersonDateTimeField(help_text=END_HELP)
    was_completed = serializers.BooleanField(help_text="Whether you finished the task in this session.")


class ActivityLogUpdateSerializer(serializers.Serializer):
    """A correction: any of the three, checked against the log's other values as when logging."""

    actual_start_time = PersonDateTimeField(required=False, help_text=START_HELP)
    actual_end_time = PersonDateTimeField(required=False, help_text=END_HELP)
    was_completed = serializers.BooleanField(
        required=False,
        help_text="Whether you finished the task in this session; the task's tick follows it. "
        "Left out, the tick stays as it is.",
    )

    def validate(self, attrs: dict) -> dict:
        if "task" in self.initial_data:
            raise serializers.ValidationError(
                {"task": ["A log stays with its session. Delete it and log the session you did instead."]}
            )
        if not attrs:
            raise serializers.ValidationError(
                "Nothing to correct: give actual_start_time, actual_end_time or was_completed."
            )
        return attrs


class ActivityLogExistsSerializer(serializers.Serializer):
    """The answer to logging a session twice: which log to correct instead."""

    message = serializers.CharField()
    id = serializers.IntegerField(help_text="The session's existing log: PATCH /api/activity/{id} corrects it.")


class ActivityLogSerializer(PersonModelSerializer):
    task_description = serializers.CharField(source="task.task_description", read_only=True)
    focus_area = serializers.CharField(source="task.focus_area", read_only=True)
    planned_start_time = PersonDateTimeField(source="task.start_time", read_only=True)
    planned_end_time = PersonDateTimeField(source="task.end_time", read_only=True)

    class Meta:
        model = ActivityLog
        fields = (
            "id",
            "task",
            "task_description",
            "focus_area",
            "planned_start_time",
            "planned_end_time",
            "actual_start_time",
            "actual_end_time",
            "duration_deviation",
            "was_completed",
            "logged_at",
        )
        read_only_fields = fields
        extra_kwargs = {
            "duration_deviation": {"help_text": "Actual minus planned minutes (positive: the session ran over)."}
        }


@extend_schema_field({"type": "object", "additionalProperties": True})
class InsightValueField(serializers.JSONField):
    pass


class InsightSerializer(PersonModelSerializer):
    insight_type = serializers.ChoiceField(choices=InsightType.choices, read_only=True)
    insight_value = InsightValueField(read_only=True)

    class Meta:
        model = Insight
        fields = ("insight_type", "insight_value", "last_updated")
        read_only_fields = fields
