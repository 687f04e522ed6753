"""The calendars' part of the person's data export (accounts.extensions): connections
without their password, the busy time imported, and where sessions were written."""

from typing import Any

from accounts.models import User
from calendars.models import BusyEvent, CalendarConnection, SessionEvent

# Named one by one, so a column added later is not exported until someone decides it may be.
CONNECTION_EXPORT_FIELDS = (
    "id",
    "kind",
    "name",
    "url",
    "username",
    "available_calendars",
    "busy_calendars",
    "write_sessions",
    "sessions_calendar",
    "sessions_calendar_url",
    "auto_sync",
    "last_synced_at",
    "last_error",
    "consecutive_failures",
    "is_paused",
    "events_imported",
    "sessions_written",
    "notices",
    "created_at",
    "updated_at",
)
BUSY_EXPORT_FIELDS = (
    "id",
    "connection_id",
    "calendar_name",
    "uid",
    "recurrence_id",
    "start",
    "end",
    "summary",
    "all_day",
)
SESSION_EVENT_EXPORT_FIELDS = ("id", "connection_id", "task_id", "uid", "href", "sequence", "written_at")


def calendar_data_export(*, user: User) -> dict[str, Any]:
    return {
        "calendars.CalendarConnection": list(
            CalendarConnection.objects.filter(user=user).order_by("pk").values(*CONNECTION_EXPORT_FIELDS)
        ),
        "calendars.BusyEvent": list(BusyEvent.objects.filter(user=user).order_by("pk").values(*BUSY_EXPORT_FIELDS)),
        "calendars.SessionEvent": list(
            SessionEvent.objects.filter(connection__user=user).order_by("pk").values(*SESSION_EVENT_EXPORT_FIELDS)
        ),
    }
