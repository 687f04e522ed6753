"""Calendar connections and busy time over the API (see API.md "Calendars"):
GET, POST /api/calendars; GET, PATCH, DELETE /api/calendars/{id};
POST /api/calendars/{id}/sync; GET /api/busy.

Thin views: the operation's serializer validates, one service or selector does the work,
and a refusal (a server that cannot be reached, a wrong password, the queue away) reaches
the API's exception handler with its status and field.
"""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from calendars.selectors import (
    BUSY_ROW_FIELDS,
    busy_events_in_range,
    calendar_connection_get,
    calendar_connections_list,
)
from calendars.serializers import (
    BusySerializer,
    ConnectionCreateSerializer,
    ConnectionSerializer,
    ConnectionUpdateSerializer,
    DisconnectQuerySerializer,
    DisconnectSerializer,
    busy_rows_json,
)
from calendars.services.connect import calendar_connection_create
from calendars.services.disconnect import calendar_connection_delete
from calendars.services.sync_request import calendar_sync_request
from calendars.services.update import calendar_connection_update
from config.api.errors import documented_error
from config.api.fields import person_zone, single_query_values
from planning.api.plan_tasks import PlanTaskRangeQuerySerializer

TAGS = ["calendars"]


class ConnectionListView(GenericAPIView):
    serializer_class = ConnectionSerializer

    @extend_schema(
        operation_id="calendars_list",
        responses={200: ConnectionSerializer(many=True)},
        tags=TAGS,
        summary="Your calendar connections, oldest first",
    )
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(calendar_connections_list(user=request.user))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        request=ConnectionCreateSerializer,
        responses={201: ConnectionSerializer},
        tags=TAGS,
        summary="Connect a calendar",
        description=(
            "`ics`: an iCalendar link, read once now (400 with the message when it cannot be reached, is "
            "refused or is not a calendar) and its busy time imported. `caldav`: an account, whose calendars "
            "are listed in `available_calendars` (400 on a wrong password, an unreachable server or one that "
            "does not speak CalDAV); choose `busy_calendars` among them, here or later, and a sync is queued. "
            "Nothing is saved when anything is refused. The password is stored encrypted and never returned."
        ),
    )
    def post(self, request: Request) -> Response:
        data = ConnectionCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        connection = calendar_connection_create(user=request.user, **data.validated_data)
        return Response(self.get_serializer(connection).data, status=status.HTTP_201_CREATED)


class ConnectionDetailView(GenericAPIView):
    serializer_class = ConnectionSerializer

    @extend_schema(tags=TAGS, summary="One calendar connection")
    def get(self, request: Request, pk: Any) -> Response:
        connection = calendar_connection_get(user=request.user, connection_id=pk)
        return Response(self.get_serializer(connection).data)

    @extend_schema(
        request=ConnectionUpdateSerializer,
        responses={200: ConnectionSerializer},
        tags=TAGS,
        summary="Change a calendar connection",
        description=(
            "A new `password` is checked with the server before it replaces the old one (400 on `password` "
            "otherwise; the old one stays) and resumes a paused connection. `busy_calendars` must come from "
            "`available_calendars`. With `write_sessions`, the `sessions_calendar` is found by name or made."
        ),
    )
    def patch(self, request: Request, pk: Any) -> Response:
        connection = calendar_connection_get(user=request.user, connection_id=pk)
        data = ConnectionUpdateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        connection = calendar_connection_update(connection=connection, **data.validated_data)
        return Response(self.get_serializer(connection).data)

    @extend_schema(
        parameters=[DisconnectQuerySerializer],
        responses={200: DisconnectSerializer},
        tags=TAGS,
        summary="Disconnect a calendar",
        description=(
            "The connection and its busy time go. Sessions Monthwise wrote to the calendar are deleted there "
            "unless `keep_events=true`; the connection goes even when the server cannot be reached, and "
            "`events_left` says how many stayed."
        ),
    )
    def delete(self, request: Request, pk: Any) -> Response:
        connection = calendar_connection_get(user=request.user, connection_id=pk)
        query = DisconnectQuerySerializer(data=single_query_values(request.query_params))
        query.is_valid(raise_exception=True)
        outcome = calendar_connection_delete(connection=connection, keep_events=query.validated_data["keep_events"])
        body = {"message": outcome.message, "events_removed": outcome.events_removed}
        return Response(DisconnectSerializer({**body, "events_left": outcome.events_left}).data)


class ConnectionSyncView(GenericAPIView):
    serializer_class = ConnectionSerializer

    @extend_schema(
        request=None,
        responses={
            202: ConnectionSerializer,
            409: documented_error(
                "The connection is paused after failed syncs: resume it first (PATCH is_paused false)."
            ),
            503: documented_error("The queue cannot be reached; nothing was changed. Try again in a minute."),
        },
        tags=TAGS,
        summary="Sync now",
        description=(
            "Queues a sync on the worker: busy time from the first day of this month to the end of the 12th "
            "month ahead. Watch `last_synced_at` and `last_error` on the connection."
        ),
    )
    def post(self, request: Request, pk: Any) -> Response:
        connection = calendar_connection_get(user=request.user, connection_id=pk)
        calendar_sync_request(connection=connection)
        connection.refresh_from_db()  # with tasks run in-process the sync has already happened
        return Response(self.get_serializer(connection).data, status=status.HTTP_202_ACCEPTED)


class BusyView(APIView):
    @extend_schema(
        operation_id="busy_list",
        parameters=[PlanTaskRangeQuerySerializer],
        responses={200: BusySerializer(many=True)},
        tags=TAGS,
        summary="Busy time imported from your calendars",
        description=(
            "The imported events overlapping `start`..`end` (dates in your time zone, `end` included; at most "
            "92 days), by start. Times are ISO 8601 in your time zone; an all-day event runs from local midnight "
            "to the next."
        ),
    )
    def get(self, request: Request) -> Response:
        query = PlanTaskRangeQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        zone = person_zone({"request": request})
        start, end = query.local_bounds(zone)
        rows = busy_events_in_range(user=request.user, start=start, end=end).values(*BUSY_ROW_FIELDS)
        return Response(busy_rows_json(list(rows), zone))
