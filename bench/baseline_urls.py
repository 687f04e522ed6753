"""The hand-written baseline for bench/bench_plan_tasks_api.py: the same payload as
GET /api/plan-tasks, from `values()` and JsonResponse, behind the same JWT check, with
none of DRF's machinery. Served next to the real URLs (bench.served_settings)."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.http import HttpRequest, JsonResponse
from django.urls import path
from rest_framework.exceptions import AuthenticationFailed
from rest_framework_simplejwt.authentication import JWTAuthentication
from rest_framework_simplejwt.exceptions import InvalidToken

from config.urls import urlpatterns as site_urlpatterns
from planning.api.plan_tasks import PLAN_TASK_ROW_FIELDS
from planning.models import PlanState, PlanTask

# The columns the API's list serializer reads: the floor answers the same payload as the
# API whatever fields it grows (the bench checks that the two are identical).
FIELDS = PLAN_TASK_ROW_FIELDS


def baseline_plan_tasks(request: HttpRequest) -> JsonResponse:
    try:
        authenticated = JWTAuthentication().authenticate(request)
    except (InvalidToken, AuthenticationFailed):
        authenticated = None
    if authenticated is None:
        return JsonResponse({"message": "Log in first."}, status=401)
    user = authenticated[0]
    try:
        first = dt.date.fromisoformat(request.GET["start"])
        last = dt.date.fromisoformat(request.GET["end"])
    except (KeyError, ValueError):
        return JsonResponse({"message": "start and end must be dates."}, status=400)
    zone = ZoneInfo(user.timezone)
    start = dt.datetime.combine(first, dt.time(0), tzinfo=zone)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(0), tzinfo=zone)
    rows = (
        PlanTask.objects.filter(user=user, start_time__gte=start, start_time__lt=end, plan__state=PlanState.ACTIVE)
        .order_by("start_time", "id")
        .values(*FIELDS)
    )
    payload = []
    for row in rows:
        row["plan"] = row.pop("plan_id")
        row["habit"] = row.pop("habit_id")
        row["is_skipped"] = row.pop("skipped_at") is not None
        row["start_time"] = row["start_time"].astimezone(zone).isoformat()
        row["end_time"] = row["end_time"].astimezone(zone).isoformat()
        payload.append(row)
    return JsonResponse(payload, safe=False)


urlpatterns = [
    path("bench/baseline/plan-tasks", baseline_plan_tasks, name="bench-baseline-plan-tasks"),
    *site_urlpatterns,
]
