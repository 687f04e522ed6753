import zoneinfo

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from planning.models import (
    GenerationQuota,
    MonthlyPlan,
    PlanRequest,
    PlanTask,
    Preferences,
    TaskComplexity,
    WeekendPreference,
)
from planning.scheduler import WEEKDAYS


class LocalDateTimeField(serializers.DateTimeField):
    """Renders an instant in the requesting person's own time zone (ISO 8601 with offset)."""

    def to_representation(self, value):  # type: ignore[no-untyped-def]
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if value is not None and user is not None and user.is_authenticated:
            value = value.astimezone(zoneinfo.ZoneInfo(user.timezone))
            return value.isoformat()
        return super().to_representation(value)


class CommitmentSerializer(serializers.Serializer):
    day = serializers.ChoiceField(choices=list(WEEKDAYS))
    start = serializers.RegexField(r"^([01]\d|2[0-3]):[0-5]\d$", help_text="HH:MM, local time")
    end = serializers.RegexField(
        r"^([01]\d|2[0-3]):[0-5]\d$", help_text="HH:MM; at or before start = runs past midnight"
    )
    label = serializers.CharField(max_length=80, required=False, allow_blank=True, default="")


class PreferencesInputSerializer(serializers.Serializer):
    goals_text = serializers.CharField(max_length=5000, trim_whitespace=True)
    task_complexity = serializers.ChoiceField(choices=TaskComplexity.values)
    focus_areas = serializers.ListField(
        child=serializers.CharField(max_length=40, trim_whitespace=True), min_length=1, max_length=8
    )
    weekend_preference = serializers.ChoiceField(choices=WeekendPreference.values)
    fixed_commitments = CommitmentSerializer(many=True, required=False, default=list, max_length=50)


class PreferencesSerializer(serializers.ModelSerializer):
    input_saved_at = LocalDateTimeField()
    fixed_commitments = CommitmentSerializer(many=True)
    focus_areas = serializers.ListField(child=serializers.CharField())

    class Meta:
        model = Preferences
        fields = (
            "id",
            "goals_text",
            "task_complexity",
            "focus_areas",
            "weekend_preference",
            "fixed_commitments",
            "input_saved_at",
        )


class QuotaSerializer(serializers.ModelSerializer):
    remaining = serializers.IntegerField()

    class Meta:
        model = GenerationQuota
        fields = ("month_year", "total_allowed", "generations_used", "remaining", "resets_on")


class GenerateInputSerializer(serializers.Serializer):
    month = serializers.RegexField(r"^\d{4}-\d{2}$", help_text="YYYY-MM: this month or up to 12 months ahead")


class GenerateAcceptedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    status = serializers.ChoiceField(choices=PlanRequest.Status.values)
    status_url = serializers.CharField()


class PlanRequestSerializer(serializers.ModelSerializer):
    plan = serializers.SerializerMethodField()
    created_at = LocalDateTimeField()
    finished_at = LocalDateTimeField(allow_null=True)

    class Meta:
        model = PlanRequest
        fields = (
            "id",
            "month_year",
            "status",
            "progress",
            "plan",
            "error",
            "quota_refunded",
            "created_at",
            "finished_at",
        )

    @extend_schema_field(OpenApiTypes.INT)
    def get_plan(self, plan_request: PlanRequest) -> int | None:
        plan = getattr(plan_request, "plan", None)
        return plan.pk if plan is not None else None


class PlanTaskSerializer(serializers.ModelSerializer):
    start_time = LocalDateTimeField()
    end_time = LocalDateTimeField()

    class Meta:
        model = PlanTask
        fields = (
            "id",
            "plan",
            "task_description",
            "focus_area",
            "start_time",
            "end_time",
            "difficulty_level",
            "scheduling_reason",
            "is_completed",
        )


class UnplacedSerializer(serializers.Serializer):
    task_key = serializers.CharField()
    task_description = serializers.CharField()
    focus_area = serializers.CharField()
    duration_minutes = serializers.IntegerField()
    difficulty_level = serializers.CharField()
    reason = serializers.CharField()


class WeekThemeSerializer(serializers.Serializer):
    week = serializers.IntegerField()
    theme = serializers.CharField()
    focus_areas = serializers.ListField(child=serializers.CharField())


class PlanSummarySerializer(serializers.ModelSerializer):
    generated_at = LocalDateTimeField()

    class Meta:
        model = MonthlyPlan
        fields = ("id", "month_year", "monthly_summary", "generated_at", "provider", "model_name", "cost")


class PlanDetailSerializer(serializers.ModelSerializer):
    generated_at = LocalDateTimeField()
    tasks = PlanTaskSerializer(many=True)
    unplaced = UnplacedSerializer(many=True)
    weekly_breakdown = WeekThemeSerializer(many=True)
    insights_used = serializers.DictField()

    class Meta:
        model = MonthlyPlan
        fields = (
            "id",
            "month_year",
            "monthly_summary",
            "weekly_breakdown",
            "generated_at",
            "tasks",
            "unplaced",
            "insights_used",
            "provider",
            "model_name",
            "input_tokens",
            "output_tokens",
            "cost",
        )
