"""From iCalendar text to a connection's busy rows: expanding (calendars.ical_import), leaving
out Monthwise's own sessions, and replacing the rows."""

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from calendars.ical_import import CalendarDataRefused, ImportedBusy, busy_from_ical
from calendars.models import BusyEvent, CalendarConnection, SessionEvent
from calendars.window import SyncWindow
from config.refusal import Refusal

logger = logging.getLogger(__name__)

# Busy times one connection may import in its window (a recurring event gives one a day).
MAX_BUSY_EVENTS = 20_000
TOO_MANY_BUSY = (
    f"These calendars have more than {MAX_BUSY_EVENTS:,} events in the next twelve months, more than "
    "Monthwise imports. Choose fewer busy calendars."
)
# The calendar feed (planning.calendar.ical) and the sessions written out end their UIDs so:
# Monthwise's own sessions are never read back as busy time.
OWN_UID_SUFFIX = "@monthwise"

_UID_MAX = BusyEvent._meta.get_field("uid").max_length
_RECURRENCE_ID_MAX = BusyEvent._meta.get_field("recurrence_id").max_length
_SUMMARY_MAX = BusyEvent._meta.get_field("summary").max_length
_CALENDAR_NAME_MAX = BusyEvent._meta.get_field("calendar_name").max_length


@dataclass(frozen=True)
class CalendarSource:
    """One calendar's events to import: its URL and name, and the iCalendar documents."""

    url: str
    name: str
    documents: tuple[str | bytes, ...]


def _recurrence_id(value: object) -> str:
    if value is None:
        return ""
    text = value.isoformat() if hasattr(value, "isoformat") else str(value)
    return text[:_RECURRENCE_ID_MAX]


def _row(connection: CalendarConnection, busy: ImportedBusy, source: CalendarSource) -> BusyEvent:
    return BusyEvent(
        connection=connection,
        user_id=connection.user_id,
        calendar_url=source.url,
        calendar_name=source.name[:_CALENDAR_NAME_MAX],
        uid=(busy.uid or "")[:_UID_MAX],
        recurrence_id=_recurrence_id(busy.recurrence_id),
        start=busy.start,
        end=busy.end,
        summary=(busy.summary or "")[:_SUMMARY_MAX],
        all_day=busy.all_day,
    )


def _own_uids(connection: CalendarConnection) -> set[str]:
    if connection.pk is None:
        return set()
    return set(SessionEvent.objects.filter(connection=connection).values_list("uid", flat=True))


def busy_rows(
    connection: CalendarConnection, sources: Iterable[CalendarSource], *, window: SyncWindow, strict: bool
) -> list[BusyEvent]:
    """The busy rows of these calendars in the window, by start. With `strict` (one
    subscription file) malformed data refuses; otherwise (one CalDAV object at a time) an
    object that cannot be read is left out and logged, so one odd event does not stop
    a whole account's busy time."""
    own = _own_uids(connection)
    rows: list[BusyEvent] = []
    for source in sources:
        for document in source.documents:
            data = document.encode() if isinstance(document, str) else document
            try:
                imported = busy_from_ical(data, start=window.start, end=window.end, timezone=window.timezone)
            except CalendarDataRefused as exc:
                if strict:
                    raise
                logger.info("calendar connection %s: an event was left out: %s", connection.pk, exc.message)
                continue
            rows += [
                _row(connection, busy, source)
                for busy in imported
                if busy.uid not in own and not (busy.uid or "").endswith(OWN_UID_SUFFIX)
            ]
            if len(rows) > MAX_BUSY_EVENTS:
                raise Refusal(TOO_MANY_BUSY, field="busy_calendars" if not strict else "url")
    rows.sort(key=lambda row: (row.start, row.end))
    return rows


def busy_rows_replace(connection: CalendarConnection, rows: list[BusyEvent]) -> int:
    """Inside the caller's transaction: the connection's busy rows become these."""
    BusyEvent.objects.filter(connection=connection).delete()
    BusyEvent.objects.bulk_create(rows, batch_size=1000)
    return len(rows)
