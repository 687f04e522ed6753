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
    FOCUS_AREA_MAX_LENGTH,
    GOALS_TEXT_MAX_LENGTH,
    MAX_FOCUS_AREAS,
    Preferences,
    TaskComplexity,
    WeekendPreference,
)
from planning.scheduler import MAX_COMMITMENTS, MAX_LABEL_LENGTH, WEEKDAYS
from planning.services.preferences import preferences_save


class CommitmentSerializer(serializers.Serializer):
    """The shape of one weekly commitment, for the schema and for output. Input is checked
    by the scheduler's parser (planning.scheduler.parse_commitments), as on the goals page."""

    day = serializers.ChoiceField(choices=list(WEEKDAYS))
    start = serializers.CharField(help_text="HH:MM, local time, 24-hour clock")
    end = serializers.CharField(help_text="HH:MM; at or before start = runs past midnight; 24:00 = midnight")
    label = serializers.CharField(max_length=MAX_LABEL_LENGTH, required=False, allow_blank=True, default="")


@extend_schema_field(CommitmentSerializer(many=True))
class CommitmentsField(serializers.JSONField):
    """Passes the rows on as sent, so the one parser refuses bad ones by row and field."""


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


class PreferencesSerializer(serializers.ModelSerializer):
    input_saved_at = PersonDateTimeField()
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
