"""GET/POST /api/preferences and GET /api/preferences/current."""

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api.errors import ErrorSerializer, error_response
from config.api.fields import PersonDateTimeField
from planning import selectors
from planning.models import (
    BUFFER_MINUTES,
    FOCUS_AREA_MAX_LENGTH,
    GOALS_TEXT_MAX_LENGTH,
    MAX_FOCUS_AREAS,
    MAX_SESSIONS_PER_DAY,
    SESSION_MAX_MINUTES,
    SESSION_MIN_MINUTES,
    PeakSource,
    Preferences,
    TaskComplexity,
    WeekendPreference,
)
from planning.scheduler import (
    MAX_COMMITMENTS,
    MAX_LABEL_LENGTH,
    MAX_PEAK_WINDOWS,
    MAX_WORKING_WINDOWS,
    WEEKDAYS,
    working_hours_as_json,
)
from planning.services.preferences import preferences_save


class CommitmentSerializer(serializers.Serializer):
    """The shape of one weekly commitment, for the schema and for output. Input is checked
    by the scheduler's parser (planning.scheduler.parse_commitments), as on the goals page."""

    day = serializers.ChoiceField(choices=list(WEEKDAYS), required=False, help_text="One day; or use `days`.")
    days = serializers.ListField(
        child=serializers.ChoiceField(choices=list(WEEKDAYS)), required=False, help_text="Several days at once."
    )
    start = serializers.CharField(help_text="HH:MM, local time, 24-hour clock")
    end = serializers.CharField(help_text="HH:MM; at or before start = runs past midnight; 24:00 = midnight")
    label = serializers.CharField(max_length=MAX_LABEL_LENGTH, required=False, allow_blank=True, default="")


@extend_schema_field(CommitmentSerializer(many=True))
class CommitmentsField(serializers.JSONField):
    """Passes the rows on as sent, so the one parser refuses bad ones by row and field."""


class WindowSerializer(serializers.Serializer):
    start = serializers.CharField(help_text="HH:MM, local time")
    end = serializers.CharField(help_text="HH:MM; at or before start = runs past midnight")


class WorkingHoursSerializer(serializers.Serializer):
    """The shape of working hours: a list of windows for each weekday."""

    mon = WindowSerializer(many=True, required=False)
    tue = WindowSerializer(many=True, required=False)
    wed = WindowSerializer(many=True, required=False)
    thu = WindowSerializer(many=True, required=False)
    fri = WindowSerializer(many=True, required=False)
    sat = WindowSerializer(many=True, required=False)
    sun = WindowSerializer(many=True, required=False)


@extend_schema_field(WorkingHoursSerializer)
class WorkingHoursField(serializers.JSONField):
    """Passed on as sent, for the scheduler's parser (planning.scheduler.parse_working_hours)."""


@extend_schema_field(WindowSerializer(many=True))
class PeakHoursField(serializers.JSONField):
    """Passed on as sent, for planning.scheduler.parse_peak_hours."""


class SessionMinutesSerializer(serializers.Serializer):
    min = serializers.IntegerField(
        required=False, help_text=f"{SESSION_MIN_MINUTES[0]}-{SESSION_MIN_MINUTES[1]}, default {SESSION_MIN_MINUTES[2]}"
    )
    max = serializers.IntegerField(
        required=False, help_text=f"{SESSION_MAX_MINUTES[0]}-{SESSION_MAX_MINUTES[1]}, default {SESSION_MAX_MINUTES[2]}"
    )


@extend_schema_field(SessionMinutesSerializer)
class SessionMinutesField(serializers.JSONField):
    """Passed on as sent; the service checks the ranges and that min <= max."""


class PreferencesInputSerializer(serializers.Serializer):
    goals_text = serializers.CharField(max_length=GOALS_TEXT_MAX_LENGTH, trim_whitespace=True)
    task_complexity = serializers.ChoiceField(choices=TaskComplexity.values)
    focus_areas = serializers.ListField(
        child=serializers.CharField(max_length=FOCUS_AREA_MAX_LENGTH, trim_whitespace=True),
        min_length=1,
        max_length=MAX_FOCUS_AREAS,
    )
    weekend_preference = serializers.ChoiceField(choices=WeekendPreference.values)
    fixed_commitments = CommitmentsField(
        required=False,
        default=list,
        help_text=f"Weekly busy slots, at most {MAX_COMMITMENTS}; a bad row is named in `errors` by its position.",
    )
    working_hours = WorkingHoursField(
        required=False,
        default=dict,
        help_text=f"Windows by weekday (at most {MAX_WORKING_WINDOWS}); a day left out keeps 08:00-20:00, "
        "an empty list is a day without sessions.",
    )
    peak_hours = PeakHoursField(
        required=False, default=list, help_text=f"Your own energy windows, whole hours, at most {MAX_PEAK_WINDOWS}."
    )
    peak_source = serializers.ChoiceField(choices=PeakSource.values, required=False, default=PeakSource.AUTO)
    buffer_minutes = serializers.IntegerField(
        required=False,
        default=BUFFER_MINUTES[2],
        help_text="Free minutes kept around commitments and between sessions, "
        f"{BUFFER_MINUTES[0]}-{BUFFER_MINUTES[1]}.",
    )
    session_minutes = SessionMinutesField(required=False, default=dict)
    max_sessions_per_day = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        help_text=f"{MAX_SESSIONS_PER_DAY[0]}-{MAX_SESSIONS_PER_DAY[1]}, or null for the default of your complexity.",
    )


class PreferencesSerializer(serializers.ModelSerializer):
    input_saved_at = PersonDateTimeField()
    fixed_commitments = CommitmentSerializer(many=True)
    focus_areas = serializers.ListField(child=serializers.CharField())
    working_hours = serializers.SerializerMethodField()
    peak_hours = WindowSerializer(many=True)
    session_minutes = serializers.SerializerMethodField()

    @extend_schema_field(WorkingHoursSerializer)
    def get_working_hours(self, preferences: Preferences) -> dict:
        return working_hours_as_json(preferences.working_windows)

    @extend_schema_field(SessionMinutesSerializer)
    def get_session_minutes(self, preferences: Preferences) -> dict:
        return {"min": preferences.session_min_minutes, "max": preferences.session_max_minutes}

    class Meta:
        model = Preferences
        fields = (
            "id",
            "goals_text",
            "task_complexity",
            "focus_areas",
            "weekend_preference",
            "fixed_commitments",
            "working_hours",
            "peak_hours",
            "peak_source",
            "buffer_minutes",
            "session_minutes",
            "max_sessions_per_day",
            "input_saved_at",
        )


class PreferencesView(generics.ListAPIView):
    serializer_class = PreferencesSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return selectors.preferences_history(user=self.request.user)

    @extend_schema(tags=["planning"])
    def get(self, request: Request, *args: object, **kwargs: object) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(request=PreferencesInputSerializer, responses={201: PreferencesSerializer}, tags=["planning"])
    def post(self, request: Request) -> Response:
        data = PreferencesInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        snapshot = preferences_save(user=request.user, **data.validated_data)
        return Response(
            PreferencesSerializer(snapshot, context={"request": request}).data, status=status.HTTP_201_CREATED
        )


class CurrentPreferencesView(APIView):
    @extend_schema(responses={200: PreferencesSerializer, 404: ErrorSerializer}, tags=["planning"])
    def get(self, request: Request) -> Response:
        snapshot = selectors.preferences_current(user=request.user)
        if snapshot is None:
            return error_response(404, "No preferences yet: POST /api/preferences with your goals first.")
        return Response(PreferencesSerializer(snapshot, context={"request": request}).data)
