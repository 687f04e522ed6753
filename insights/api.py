from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from insights.selectors import activity_history, activity_log_get, insights_of, plan_task_for_logging
from insights.serializers import (
    ActivityLogExistsSerializer,
    ActivityLogInputSerializer,
    ActivityLogSerializer,
    ActivityLogUpdateSerializer,
    InsightSerializer,
)
from insights.services import ActivityLogExists, activity_log_create, activity_log_delete, activity_log_update

ERROR = {"$ref": "#/components/schemas/Error"}
TIMES_REFUSED = OpenApiResponse(ERROR, description="Times wrong or too far from the plan; `errors` names the fields.")
LOG_NOT_FOUND = OpenApiResponse(ERROR, description="No such log of yours (also for another person's log).")


def already_logged(refusal: ActivityLogExists) -> Response:
    """409 with the id of the log to correct: `{"message", "id"}`, as the contract says."""
    return Response({"message": refusal.message, "id": refusal.log_id}, status=status.HTTP_409_CONFLICT)


class ActivityView(ListAPIView):
    serializer_class = ActivityLogSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return activity_history(user=self.request.user)

    @extend_schema(
        summary="Your logged activity, newest first",
        description="Paginated with `limit` (default 50, at most 200) and `offset`. Times are in your time zone. "
        "Each session appears once: it has at most one log.",
        responses={200: ActivityLogSerializer(many=True)},
        tags=["insights"],
    )
    def get(self, request: Request, *args: object, **kwargs: object) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(
        summary="Log time spent on one of your plan tasks",
        description="The duration deviation (actual minus planned minutes) is computed, and the task's completion "
        "follows `was_completed`. Your insights are recomputed shortly after. A task has one log: logging it "
        "again answers 409 with the existing log's `id`, to correct with PATCH /api/activity/{id}.",
        request=ActivityLogInputSerializer,
        responses={
            201: ActivityLogSerializer,
            400: TIMES_REFUSED,
            404: OpenApiResponse(ERROR, description="No such task in your plans (also for another person's task)."),
            409: OpenApiResponse(ActivityLogExistsSerializer, description="The task already has a log: its id."),
        },
        tags=["insights"],
    )
    def post(self, request: Request) -> Response:
        data = ActivityLogInputSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        try:
            log = activity_log_create(
                user=request.user,
                task=plan_task_for_logging(user=request.user, task_id=fields["task"]),
                actual_start_time=fields["actual_start_time"],
                actual_end_time=fields["actual_end_time"],
                was_completed=fields["was_completed"],
            )
        except ActivityLogExists as refusal:
            return already_logged(refusal)
        return Response(
            ActivityLogSerializer(log, context=self.get_serializer_context()).data, status=status.HTTP_201_CREATED
        )


class ActivityLogView(APIView):
    @extend_schema(
        summary="One of your activity logs",
        responses={200: ActivityLogSerializer, 404: LOG_NOT_FOUND},
        tags=["insights"],
    )
    def get(self, request: Request, pk: int) -> Response:
        log = activity_log_get(user=request.user, log_id=pk)
        return Response(ActivityLogSerializer(log, context={"request": request}).data)

    @extend_schema(
        summary="Correct one of your activity logs",
        description="Give any of the times and `was_completed`; the rest stays as logged. The same limits apply as "
        "when logging. The deviation is recomputed, and your insights shortly after. The task's completion "
        "follows `was_completed` when you give it.",
        request=ActivityLogUpdateSerializer,
        responses={200: ActivityLogSerializer, 400: TIMES_REFUSED, 404: LOG_NOT_FOUND},
        tags=["insights"],
    )
    def patch(self, request: Request, pk: int) -> Response:
        log = activity_log_get(user=request.user, log_id=pk)
        data = ActivityLogUpdateSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        log = activity_log_update(user=request.user, log=log, **data.validated_data)
        return Response(ActivityLogSerializer(log, context={"request": request}).data)

    @extend_schema(
        summary="Delete one of your activity logs",
        description="Your insights are recomputed shortly after. A log that said the task was finished takes the "
        "task's completion with it: the task is open again.",
        request=None,
        responses={204: None, 404: LOG_NOT_FOUND},
        tags=["insights"],
    )
    def delete(self, request: Request, pk: int) -> Response:
        activity_log_delete(user=request.user, log=activity_log_get(user=request.user, log_id=pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


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
