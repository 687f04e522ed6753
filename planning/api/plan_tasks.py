"""Plan tasks: GET /api/plan-tasks (a date range), PATCH /api/plan-tasks/{id} (change one)
and POST /api/plan-tasks/reschedule-missed. The rules live in planning.services.plan_tasks,
shared with the calendar pages."""

import datetime as dt

from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api.fields import PersonDateTimeField, StrictBooleanField, person_zone
from planning import selectors
from planning.models import PlanTask
from planning.months import CALENDAR_YEARS
from planning.services.missed import plan_tasks_reschedule_missed
from planning.services.plan_tasks import plan_task_move_warnings, plan_task_update


class PlanTaskSerializer(serializers.ModelSerializer):
    start_time = PersonDateTimeField()
    end_time = PersonDateTimeField()
    is_skipped = serializers.SerializerMethodField(
        help_text="Deleted in your own calendar: skipped, kept here with its history, never missed."
    )

    class Meta:
        model = PlanTask
        fields = (
            "id",
            "plan",
            "task_description",
            "target",
            "focus_area",
            "start_time",
            "end_time",
            "difficulty_level",
            "scheduling_reason",
            "is_completed",
            "is_pinned",
            "moved_by_hand",
            "is_carried_over",
            "is_skipped",
            "habit",
        )
        read_only_fields = ("target", "moved_by_hand", "is_carried_over", "habit")

    def get_is_skipped(self, task: PlanTask) -> bool:
        return task.skipped_at is not None


PLAN_TASKS_MAX_DAYS = 92


class PlanTaskRangeQuerySerializer(serializers.Serializer):
    start = serializers.DateField(help_text="First day of the range (YYYY-MM-DD), in your time zone.")
    end = serializers.DateField(
        help_text=f"Last day of the range, included (YYYY-MM-DD); at most {PLAN_TASKS_MAX_DAYS} days in all."
    )

    def validate(self, attrs: dict) -> dict:
        start, end = attrs["start"], attrs["end"]
        for name, day in (("start", start), ("end", end)):
            if not CALENDAR_YEARS[0] <= day.year <= CALENDAR_YEARS[1]:
                raise serializers.ValidationError(
                    {name: [f"Pick a date in the years {CALENDAR_YEARS[0]} to {CALENDAR_YEARS[1]}."]}
                )
        if end < start:
            raise serializers.ValidationError({"end": ["The end date is before the start date."]})
        days = (end - start).days + 1
        if days > PLAN_TASKS_MAX_DAYS:
            raise serializers.ValidationError(
                {"end": [f"Ask for at most {PLAN_TASKS_MAX_DAYS} days at a time; this range has {days}."]}
            )
        return attrs

    def local_bounds(self, zone: dt.tzinfo) -> tuple[dt.datetime, dt.datetime]:
        """[start, end) of the validated days: local midnight of `start` to the midnight after `end`."""
        first, last = self.validated_data["start"], self.validated_data["end"]
        return (
            dt.datetime.combine(first, dt.time(0), tzinfo=zone),
            dt.datetime.combine(last + dt.timedelta(days=1), dt.time(0), tzinfo=zone),
        )


class PlanTaskChangedSerializer(PlanTaskSerializer):
    warnings = serializers.ListField(
        child=serializers.CharField(), help_text="What a move by hand breaks but was allowed to."
    )

    class Meta(PlanTaskSerializer.Meta):
        fields = (*PlanTaskSerializer.Meta.fields, "warnings")


class PlanTaskUpdateSerializer(serializers.Serializer):
    is_completed = StrictBooleanField(required=False)
    is_pinned = StrictBooleanField(
        required=False, help_text="A pinned session keeps its time when you accept a new plan for the month."
    )
    start_time = PersonDateTimeField(
        required=False,
        help_text=(
            "New start, ISO 8601, e.g. 2026-12-03T18:00:00+00:00. Without an offset "
            "(2026-12-03T18:00) it is a wall time on your own clock, in your time zone; a wall "
            "time that does not exist there (the hour skipped when the clocks go forward) is a "
            "400 that names the field and says so."
        ),
    )
    end_time = PersonDateTimeField(
        required=False,
        help_text=(
            "New end, read like start_time (without an offset: on your own clock); leave out to keep the task's length."
        ),
    )
    focus_area = serializers.CharField(
        required=False, max_length=60, help_text="One of the focus areas of the plan's preferences."
    )


class MovedTaskSerializer(serializers.Serializer):
    task = PlanTaskSerializer()
    old_start_time = PersonDateTimeField()
    start_time = PersonDateTimeField()
    end_time = PersonDateTimeField()
    reason = serializers.CharField()
    carried_over = serializers.BooleanField(
        help_text="Moved past the end of its plan's month, which has no plan yet: it waits there for that plan."
    )


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
    "target",
    "focus_area",
    "start_time",
    "end_time",
    "difficulty_level",
    "scheduling_reason",
    "is_completed",
    "is_pinned",
    "moved_by_hand",
    "is_carried_over",
    "skipped_at",
    "habit_id",
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
        zone = person_zone(self.context)
        return [
            {
                "id": row["id"],
                "plan": row["plan_id"],
                "task_description": row["task_description"],
                "target": row["target"],
                "focus_area": row["focus_area"],
                "start_time": row["start_time"].astimezone(zone).isoformat(),
                "end_time": row["end_time"].astimezone(zone).isoformat(),
                "difficulty_level": row["difficulty_level"],
                "scheduling_reason": row["scheduling_reason"],
                "is_completed": row["is_completed"],
                "is_pinned": row["is_pinned"],
                "moved_by_hand": row["moved_by_hand"],
                "is_carried_over": row["is_carried_over"],
                "is_skipped": row["skipped_at"] is not None,
                "habit": row["habit_id"],
            }
            for row in data
        ]


class PlanTasksView(APIView):
    @extend_schema(
        operation_id="plan_tasks_list",
        summary="Tasks in a date range",
        description=(
            "The tasks of the active plan of each month that start between `start` and `end` "
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
        start, end = query.local_bounds(person_zone({"request": request}))
        # Rows, not model instances: building a hundred instances cost more than the query.
        rows = selectors.plan_tasks_in_range(user=request.user, start=start, end=end).values(*PLAN_TASK_ROW_FIELDS)
        return Response(PlanTaskListSerializer(rows, context={"request": request}).data)


class PlanTaskView(APIView):
    @extend_schema(
        operation_id="plan_tasks_update",
        summary="Change a task",
        description=(
            "Tick it complete (or not), pin it (or not), move it (`start_time`, optionally `end_time`; checked against "
            "your commitments, your other tasks, the plan's month and the clock), or change its focus "
            "area to another of the plan's. Nothing changes when any part is refused: the 400 answer "
            "names the field. A move outside your working hours or closer to a commitment than your "
            "buffer is made, and `warnings` says so."
        ),
        request=PlanTaskUpdateSerializer,
        responses={200: PlanTaskChangedSerializer},
        examples=[
            OpenApiExample("Move", value={"start_time": "2026-12-03T18:00:00+00:00"}, request_only=True),
            OpenApiExample("Move on your own clock", value={"start_time": "2026-12-03T18:00"}, request_only=True),
        ],
        tags=["planning"],
    )
    def patch(self, request: Request, pk: int) -> Response:
        task = selectors.plan_task_get(user=request.user, task_id=pk)
        changes = PlanTaskUpdateSerializer(data=request.data, context={"request": request})
        changes.is_valid(raise_exception=True)
        task = plan_task_update(task=task, **changes.validated_data)
        moved = "start_time" in changes.validated_data or "end_time" in changes.validated_data
        body = {
            **PlanTaskSerializer(task, context={"request": request}).data,
            "warnings": plan_task_move_warnings(task=task) if moved else [],
        }
        return Response(body)


class RescheduleMissedView(APIView):
    @extend_schema(
        operation_id="plan_tasks_reschedule_missed",
        summary="Re-place missed tasks",
        description=(
            "Moves the missed sessions of this month and the last 14 days (past, not ticked, not logged) "
            "into free time from now up to 14 days ahead, around your commitments and other sessions, "
            "each with the reason. Past the month's end a session joins next month's plan, or, when next "
            "month has no plan yet, waits there as carried over (`carried_over`) and that month's plan is "
            "placed around it. Sessions that do not fit stay where they are, under `unplaced` with why."
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
                    "carried_over": item.carried_over,
                }
                for item in outcome.moved
            ],
            "unplaced": [{"task": task, "reason": reason} for task, reason in outcome.unplaced],
        }
        return Response(RescheduleMissedSerializer(body, context={"request": request}).data)
