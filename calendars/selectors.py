"""Reads of calendar connections and busy time, shared by the pages and the API."""

import datetime as dt

from django.db.models import QuerySet

from accounts.models import User
from calendars.models import BusyEvent, CalendarConnection
from config.ownership import owned_or_404

# The columns GET /api/busy and the pages show.
BUSY_ROW_FIELDS = ("start", "end", "summary", "calendar_name", "all_day")


def calendar_connections_list(*, user: User) -> QuerySet[CalendarConnection]:
    return CalendarConnection.objects.filter(user=user).order_by("created_at", "id")


def calendar_connection_get(*, user: User, connection_id: object) -> CalendarConnection:
    """The person's connection with this id; 404 for another person's or a missing one."""
    return owned_or_404(CalendarConnection.objects.select_related("user"), user=user, pk=connection_id, what="calendar")


def busy_events_in_range(*, user: User, start: dt.datetime, end: dt.datetime) -> QuerySet[BusyEvent]:
    """The person's busy time overlapping [start, end), by start."""
    return BusyEvent.objects.filter(user=user, start__lt=end, end__gt=start).order_by("start", "end", "id")
