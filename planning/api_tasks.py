"""API for plan tasks: the tasks in a date range, changing one task, re-placing missed ones.

The rules live in planning.services.tasks, shared with the calendar pages.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import transaction
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api_errors import error_response
from planning.models import PlanTask
from planning.selectors import plan_tasks_in_range
from planning.serializers import (
    PLAN_TASK_ROW_FIELDS,
    PlanTaskListSerializer,
    PlanTaskRangeQuerySerializer,
    PlanTaskSerializer,
    PlanTaskUpdateSerializer,
    RescheduleMissedSerializer,
)
from planning.services import (
    TaskChangeRefused,
    plan_task_change_focus_area,
    plan_task_move,
    plan_task_set_completed,
    plan_tasks_reschedule_missed,
)

# Ids are PostgreSQL bigints: a larger number names nothing and must not reach the query.
MAX_ID = 2**63 - 1


class PlanTasksView(APIView):
    @extend_schema(
        operation_id="plan_tasks_list",
        summary="Tasks in a date range",
        description=(
            "The tasks of the newest plan of each month that start between `start` and `end` "
            "(both dates in your time zone, `end` included; at most 92 days), by start time. "
            "Times are ISO 8601 in your time zone."
        ),
        parameters=[PlanTaskRangeQuerySerializer],
        responses={200: PlanTaskSerializer(many=True)},
        tags=["planning"],
    )
    def get(self, request: Request) -> Response:
        query = PlanTaskRangeQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        zone = ZoneInfo(request.user.timezone)
        start = dt.datetime.combine(query.validated_data["start"], dt.time(0), tzinfo=zone)
        end = dt.datetime.combine(query.validated_data["end"] + dt.timedelta(days=1), dt.time(0), tzinfo=zone)
        # Rows, not model instances: building a hundred instances cost more than the query.
        rows = plan_tasks_in_range(user=request.user, start=start, end=end).values(*PLAN_TASK_ROW_FIELDS)
        return Response(PlanTaskListSerializer(rows, context={"request": request}).data)


def _own_task(request: Request, pk: int) -> PlanTask | None:
    if pk > MAX_ID:
        return None
    task = PlanTask.objects.select_related("plan__preference").filter(user=request.user, pk=pk).first()
    if task is not None:
        task.user = request.user  # the same person; saves a query in the services
    return task


class PlanTaskView(APIView):
    @extend_schema(
        operation_id="plan_tasks_update",
        summary="Change a task",
        description=(
            "Tick it complete (or not), move it (`start_time`, optionally `end_time`; checked against "
            "your commitments, your other tasks, the plan's month and the clock), or change its focus "
            "area to another of the plan's. Nothing changes when any part is refused: the 400 answer "
            "names the field."
        ),
        request=PlanTaskUpdateSerializer,
        responses={200: PlanTaskSerializer},
        examples=[OpenApiExample("Move", value={"start_time": "2026-12-03T18:00:00+00:00"}, request_only=True)],
        tags=["planning"],
    )
    def patch(self, request: Request, pk: int) -> Response:
        task = _own_task(request, pk)
        if task is None:
            return error_response(404, "Not found.")
        changes = PlanTaskUpdateSerializer(data=request.data, context={"request": request})
        changes.is_valid(raise_exception=True)
        data = changes.validated_data
        try:
            with transaction.atomic():
                if "focus_area" in data:
                    task = plan_task_change_focus_area(task=task, focus_area=data["focus_area"])
                if "start_time" in data or "end_time" in data:
                    task = plan_task_move(
                        task=task, start_time=data.get("start_time", task.start_time), end_time=data.get("end_time")
                    )
                if "is_completed" in data:
                    task = plan_task_set_completed(task=task, is_completed=data["is_completed"])
        except TaskChangeRefused as refusal:
            return error_response(400, refusal.message, {refusal.field: [refusal.message]} if refusal.field else None)
        return Response(PlanTaskSerializer(task, context={"request": request}).data)


class RescheduleMissedView(APIView):
    @extend_schema(
        operation_id="plan_tasks_reschedule_missed",
        summary="Re-place missed tasks",
        description=(
            "Moves this month's past, unfinished tasks into free time from now to the month's end, "
            "around your commitments and other tasks, each with the reason; tasks that do not fit "
            "stay where they are and are listed under `unplaced` with why."
        ),
        request=None,
        responses={200: RescheduleMissedSerializer},
        tags=["planning"],
    )
    def post(self, request: Request) -> Response:
        outcome = plan_tasks_reschedule_missed(user=request.user)
        body = {
            "moved": [
                {
                    "task": item.task,
                    "old_start_time": item.old_start,
                    "start_time": item.task.start_time,
                    "end_time": item.task.end_time,
                    "reason": item.reason,
                }
                for item in outcome.moved
            ],
            "unplaced": [{"task": task, "reason": reason} for task, reason in outcome.unplaced],
        }
        return Response(RescheduleMissedSerializer(body, context={"request": request}).data)
