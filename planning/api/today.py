"""Today: GET /api/today (the day, the next session, the week, what was missed) and
POST /api/plan-tasks/{id}/start and /stop (record a session's actual start and end).
The read model is planning.today, the rules planning.services.today, shared with the
signed-in home page."""

from django.utils import timezone
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api.errors import documented_error
from config.api.fields import PersonDateTimeField
from insights.api import already_logged
from insights.serializers import ActivityLogSerializer
from insights.services import ActivityLogExists
from planning import selectors
from planning.api.plan_tasks import PlanTaskSerializer
from planning.services.today import plan_task_start, plan_task_stop
from planning.today import MISSED_DAYS, NEXT_SESSION_DAYS, today_for


class WeekProgressSerializer(serializers.Serializer):
    planned_sessions = serializers.IntegerField(help_text="Sessions that start this week (Monday to Sunday, local).")
    done_sessions = serializers.IntegerField(
        help_text="Of those, the ones ticked complete or logged as finished."
    )
    planned_minutes = serializers.IntegerField(help_text="The planned length of this week's sessions, in minutes.")
    done_minutes = serializers.IntegerField(
        help_text=(
            "Minutes really spent: the actual length of the activity logs of this week's sessions, "
            "finished or not. A session ticked without a log adds none."
        )
    )


class TodaySerializer(serializers.Serializer):
    date = serializers.DateField(help_text="Today in your time zone.")
    timezone = serializers.CharField(help_text="Your time zone, in which every time here is given.")
    sessions = PlanTaskSerializer(many=True, help_text="Today's sessions, by start time.")
    next_session = PlanTaskSerializer(
        allow_null=True,
        help_text=f"The first session from now, within {NEXT_SESSION_DAYS} days, not yet done or logged; null if none.",
    )
    week = WeekProgressSerializer()
    missed = PlanTaskSerializer(
        many=True,
        help_text=(
            f"Sessions of today and the {MISSED_DAYS} days before that have ended without being ticked or logged, "
            "by start time; POST /api/plan-tasks/reschedule-missed re-places them."
        ),
    )


class PlanTaskTimerSerializer(PlanTaskSerializer):
    started_at = PersonDateTimeField(allow_null=True, help_text="When Start was pressed; null when not running.")

    class Meta(PlanTaskSerializer.Meta):
        fields = (*PlanTaskSerializer.Meta.fields, "started_at")


class PlanTaskStopRefusedSerializer(serializers.Serializer):
    message = serializers.CharField()
    id = serializers.IntegerField(
        required=False,
        help_text="When the session was logged already: that log, to correct with PATCH /api/activity/{id}.",
    )


class PlanTaskStoppedSerializer(serializers.Serializer):
    task = PlanTaskTimerSerializer()
    activity = ActivityLogSerializer(help_text="The activity log Stop wrote.")


class TodayView(APIView):
    @extend_schema(
        operation_id="today",
        summary="Today",
        description=(
            "Your day in your time zone: today's sessions of your active plans, the next session still to do, "
            "this week's progress (planned against done, from ticks and activity logs) and the sessions missed "
            f"in the last {MISSED_DAYS} days. Times are ISO 8601 in your time zone."
        ),
        responses={200: TodaySerializer},
        tags=["planning"],
    )
    def get(self, request: Request) -> Response:
        today = today_for(user=request.user, now=timezone.now())
        body = {
            "date": today.date,
            "timezone": today.timezone,
            "sessions": [session.task for session in today.sessions],
            "next_session": today.next_session,
            "week": today.week,
            "missed": today.missed,
        }
        return Response(TodaySerializer(body, context={"request": request}).data)


TIMER_REFUSED = documented_error("Refused for the session's state; `message` says why.")


class PlanTaskStartView(APIView):
    @extend_schema(
        operation_id="plan_tasks_start",
        summary="Start a session",
        description=(
            "Records that you started the session now (`started_at`); POST .../stop logs it. Starting a running "
            "session changes nothing. 409 with a message when the session is done or already logged, belongs to a "
            "plan not in use, is planned more than 7 days from now, or while another session is running."
        ),
        request=None,
        responses={200: PlanTaskTimerSerializer, 409: TIMER_REFUSED},
        tags=["planning"],
    )
    def post(self, request: Request, pk: int) -> Response:
        task = plan_task_start(task=selectors.plan_task_get(user=request.user, task_id=pk))
        return Response(PlanTaskTimerSerializer(task, context={"request": request}).data)


class PlanTaskStopView(APIView):
    @extend_schema(
        operation_id="plan_tasks_stop",
        summary="Stop a session and log it",
        description=(
            "Writes the session's activity log from its `started_at` to now, finished, and clears `started_at`. "
            "409 with a message when the session is not running. When the log is refused the timer is stopped all "
            "the same, and the answer says so: 409 with the existing log's `id` when the session was logged "
            "meanwhile, 409 with a message when it ran over 12 hours (log that time by hand)."
        ),
        request=None,
        responses={
            200: PlanTaskStoppedSerializer,
            409: OpenApiResponse(response=PlanTaskStopRefusedSerializer, description="Not running, or not logged."),
        },
        tags=["planning"],
    )
    def post(self, request: Request, pk: int) -> Response:
        task = selectors.plan_task_get(user=request.user, task_id=pk)
        try:
            log = plan_task_stop(task=task)
        except ActivityLogExists as refusal:
            return already_logged(refusal)
        body = {"task": task, "activity": log}
        return Response(PlanTaskStoppedSerializer(body, context={"request": request}).data)
