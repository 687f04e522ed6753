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


# --- Plan tasks: the range query, a change to one task, re-placing missed tasks ---

PLAN_TASKS_MAX_DAYS = 92
# Years whose days convert to and from UTC in every zone without leaving Python's range.
PLAN_TASKS_YEARS = (1900, 9998)


class PlanTaskRangeQuerySerializer(serializers.Serializer):
    start = serializers.DateField(help_text="First day of the range (YYYY-MM-DD), in your time zone.")
    end = serializers.DateField(
        help_text=f"Last day of the range, included (YYYY-MM-DD); at most {PLAN_TASKS_MAX_DAYS} days in all."
    )

    def validate(self, attrs: dict) -> dict:
        start, end = attrs["start"], attrs["end"]
        for name, day in (("start", start), ("end", end)):
            if not PLAN_TASKS_YEARS[0] <= day.year <= PLAN_TASKS_YEARS[1]:
                raise serializers.ValidationError(
                    {name: [f"Pick a date in the years {PLAN_TASKS_YEARS[0]} to {PLAN_TASKS_YEARS[1]}."]}
                )
        if end < start:
            raise serializers.ValidationError({"end": ["The end date is before the start date."]})
        days = (end - start).days + 1
        if days > PLAN_TASKS_MAX_DAYS:
            raise serializers.ValidationError(
                {"end": [f"Ask for at most {PLAN_TASKS_MAX_DAYS} days at a time; this range has {days}."]}
            )
        return attrs


class PersonDateTimeField(serializers.DateTimeField):
    """ISO 8601 input; a time without an offset is read on the person's own clock. A wall
    time that does not exist there (a daylight-saving gap) is passed on for the service to
    refuse with its own message."""

    def _zone(self) -> zoneinfo.ZoneInfo:
        request = self.context.get("request")
        user = getattr(request, "user", None)
        name = user.timezone if user is not None and user.is_authenticated else "UTC"
        return zoneinfo.ZoneInfo(name)

    def enforce_timezone(self, value):  # type: ignore[no-untyped-def]
        if value.tzinfo is None or value.utcoffset() is None:
            value = value.replace(tzinfo=self._zone())
            try:
                value.astimezone(zoneinfo.ZoneInfo("UTC"))  # 9999-12-31T23:00 in New York is year 10000
            except OverflowError:
                self.fail("overflow")
            return value
        return super().enforce_timezone(value)

    def default_timezone(self):  # type: ignore[no-untyped-def]
        return self._zone()


class PlanTaskUpdateSerializer(serializers.Serializer):
    is_completed = serializers.BooleanField(required=False)
    start_time = PersonDateTimeField(
        required=False, help_text="New start, ISO 8601; without an offset it is read in your time zone."
    )
    end_time = PersonDateTimeField(required=False, help_text="New end; leave out to keep the task's length.")
    focus_area = serializers.CharField(
        required=False, max_length=60, help_text="One of the focus areas of the plan's preferences."
    )


class MovedTaskSerializer(serializers.Serializer):
    task = PlanTaskSerializer()
    old_start_time = LocalDateTimeField()
    start_time = LocalDateTimeField()
    end_time = LocalDateTimeField()
    reason = serializers.CharField()


class UnplacedTaskSerializer(serializers.Serializer):
    task = PlanTaskSerializer()
    reason = serializers.CharField()


class RescheduleMissedSerializer(serializers.Serializer):
    moved = MovedTaskSerializer(many=True)
    unplaced = UnplacedTaskSerializer(many=True)


# The columns PlanTaskListSerializer reads, for PlanTask.objects.values(*PLAN_TASK_ROW_FIELDS).
PLAN_TASK_ROW_FIELDS = (
    "id",
    "plan_id",
    "task_description",
    "focus_area",
    "start_time",
    "end_time",
    "difficulty_level",
    "scheduling_reason",
    "is_completed",
)


class PlanTaskListSerializer(serializers.ListSerializer):
    """The same JSON as PlanTaskSerializer(many=True), from `values(*PLAN_TASK_ROW_FIELDS)`
    rows and without DRF's per-field calls.

    A range holds up to a few hundred tasks. Through model instances and the field
    machinery (with a zone lookup for every time shown) rendering cost more than the query;
    see bench/bench_plan_tasks_api.py. The person's zone is resolved once.
    tests/planning/test_plan_tasks_api.py checks that both render exactly alike, so a
    field added to PlanTaskSerializer must be added here too.
    """

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("child", PlanTaskSerializer())
        super().__init__(*args, **kwargs)

    def to_representation(self, data):  # type: ignore[no-untyped-def]
        request = self.context.get("request")
        user = getattr(request, "user", None)
        zone = zoneinfo.ZoneInfo(user.timezone if user is not None and user.is_authenticated else "UTC")
        return [
            {
                "id": row["id"],
                "plan": row["plan_id"],
                "task_description": row["task_description"],
                "focus_area": row["focus_area"],
                "start_time": row["start_time"].astimezone(zone).isoformat(),
                "end_time": row["end_time"].astimezone(zone).isoformat(),
                "difficulty_level": row["difficulty_level"],
                "scheduling_reason": row["scheduling_reason"],
                "is_completed": row["is_completed"],
            }
            for row in data
        ]
