from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from insights.selectors import activity_history, insights_of, plan_task_for_logging
from insights.serializers import ActivityLogInputSerializer, ActivityLogSerializer, InsightSerializer
from insights.services import activity_log

ERROR = {"$ref": "#/components/schemas/Error"}


class ActivityView(ListAPIView):
    serializer_class = ActivityLogSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return activity_history(user=self.request.user)

    @extend_schema(
        summary="Your logged activity, newest first",
        description="Paginated with `limit` (default 50, at most 200) and `offset`. Times are in your time zone.",
        responses={200: ActivityLogSerializer(many=True)},
        tags=["insights"],
    )
    def get(self, request: Request, *args: object, **kwargs: object) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Log time spent on one of your plan tasks",
        description="The duration deviation (actual minus planned minutes) is computed, and the task's completion "
        "follows `was_completed`. Your insights are recomputed shortly after.",
        request=ActivityLogInputSerializer,
        responses={
            201: ActivityLogSerializer,
            400: OpenApiResponse(ERROR, description="Times wrong or too far from the plan; `errors` names the fields."),
            404: OpenApiResponse(ERROR, description="No such task in your plans (also for another person's task)."),
        },
        tags=["insights"],
    )
    def post(self, request: Request) -> Response:
        data = ActivityLogInputSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        log = activity_log(
            user=request.user,
            task=plan_task_for_logging(user=request.user, task_id=fields["task"]),
            actual_start_time=fields["actual_start_time"],
            actual_end_time=fields["actual_end_time"],
            was_completed=fields["was_completed"],
        )
        return Response(
            ActivityLogSerializer(log, context=self.get_serializer_context()).data, status=status.HTTP_201_CREATED
        )


class InsightsView(APIView):
    @extend_schema(
        summary="Your four productivity insights",
        description="PeakEnergy, CompletionRate, SessionDuration and Challenges, as far as they are computed. "
        "Empty until activity has been logged.",
        responses={200: InsightSerializer(many=True)},
        tags=["insights"],
    )
    def get(self, request: Request) -> Response:
        stored = sorted(insights_of(user=request.user).values(), key=lambda insight: insight.insight_type)
        return Response(InsightSerializer(stored, many=True, context={"request": request}).data)
