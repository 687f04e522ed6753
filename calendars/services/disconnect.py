"""Disconnecting: the connection, its busy time and our copy of its events go; the sessions
Monthwise wrote to the calendar are deleted there too, unless the person keeps them.

The calendar is asked before anything is deleted here, but its answer never blocks the
disconnect: a server that is gone for good must not keep a connection alive. What could
not be deleted there is counted and said."""

import logging
import time
from dataclasses import dataclass

from calendars.caldav_account import calendar_objects_delete
from calendars.models import CalendarConnection, ConnectionKind, SessionEvent
from calendars.services.rules import account_client
from config.refusal import Refusal

logger = logging.getLogger(__name__)

# Written events are deleted one request each; past this many seconds the rest are left.
REMOVAL_BUDGET_SECONDS = 30.0


@dataclass(frozen=True)
class DisconnectOutcome:
    events_removed: int  # sessions deleted from the calendar
    events_left: int  # sessions that stay there: kept by choice, or the server could not be reached

    @property
    def message(self) -> str:
        if not self.events_left:
            if self.events_removed:
                return f"Calendar disconnected; the {self.events_removed} sessions Monthwise wrote to it were removed."
            return "Calendar disconnected."
        return (
            f"Calendar disconnected. {self.events_left} sessions Monthwise wrote stay in that calendar"
            + (f" ({self.events_removed} were removed)." if self.events_removed else ".")
        )


def _remove_written(connection: CalendarConnection, hrefs: list[str]) -> int:
    try:
        client = account_client(connection)
    except Refusal as exc:
        logger.info("calendar connection %s: written sessions left in place: %s", connection.pk, exc.message)
        return 0
    removed = 0
    deadline = time.monotonic() + REMOVAL_BUDGET_SECONDS
    try:
        for href in hrefs:
            if time.monotonic() > deadline:
                break
            deleted, _ = calendar_objects_delete(client, [href])
            removed += deleted
    finally:
        client.close()
    return removed


def calendar_connection_delete(*, connection: CalendarConnection, keep_events: bool = False) -> DisconnectOutcome:
    hrefs = list(SessionEvent.objects.filter(connection=connection).values_list("href", flat=True))
    removed = 0
    if hrefs and not keep_events and connection.kind == ConnectionKind.CALDAV:
        removed = _remove_written(connection, hrefs)
    # Busy rows, our copy of the events and the written sessions' rows cascade.
    connection.delete()
    return DisconnectOutcome(events_removed=removed, events_left=len(hrefs) - removed)
