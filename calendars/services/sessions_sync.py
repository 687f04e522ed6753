"""The sessions part of a CalDAV connection's sync: the person's changes in the sessions
calendar first (sessions_back), then Monthwise's own (sessions_out), over one client.

Part of every sync of a connection that writes sessions (calendars.services.sync), and run
on its own, debounced, soon after the person's sessions change (calendars.tasks). Both hold
the connection's sync claim, so two writers of one calendar never run at once.

The sync-token is kept only once both halves are done: a sync that stops halfway reads the
same changes again next time (the ETags we saved meanwhile leave out what was handled).
"""

import datetime as dt
from dataclasses import dataclass

from calendars.caldav_account import account_open
from calendars.credentials import credentials_decrypt
from calendars.fetch import DEFAULT_TIMEOUT
from calendars.models import CalendarConnection, ConnectionKind, SessionEvent
from calendars.services.notices import connection_notices_add
from calendars.services.sessions_back import sessions_pull
from calendars.services.sessions_out import PushResult, sessions_push
from calendars.window import sync_window


@dataclass(frozen=True)
class SessionsOutcome:
    moved: int  # sessions moved by a move made in the calendar
    skipped: int  # sessions marked skipped, their events deleted there
    pushed: PushResult


def writes_sessions(connection: CalendarConnection) -> bool:
    return (
        connection.kind == ConnectionKind.CALDAV
        and connection.write_sessions
        and bool(connection.sessions_calendar_url)
    )


def connection_sessions_sync(
    connection: CalendarConnection, *, now: dt.datetime, timeout: float = DEFAULT_TIMEOUT
) -> SessionsOutcome | None:
    """Brings the calendar's changes back, then writes ours; None when the connection does
    not write sessions. Raises a Refusal when the server fails (the caller records it)."""
    if not writes_sessions(connection):
        return None
    window = sync_window(now=now, timezone=connection.user.timezone)
    client = account_open(
        url=connection.url,
        username=connection.username,
        password=credentials_decrypt(connection.password_encrypted),
        timeout=timeout,
    )
    notices: list[str] = []
    try:
        pulled = sessions_pull(connection, client, now=now)
        notices += pulled.notices
        pushed = sessions_push(connection, client, window=window, now=now, rewrite=pulled.rewrite)
        notices += pushed.notices
    finally:
        client.close()
        connection_notices_add(connection.pk, notices, now=now)
    fields: dict[str, object] = {"sessions_written": SessionEvent.objects.filter(connection=connection).count()}
    if pushed.complete:
        fields["sessions_sync_tokens"] = {connection.sessions_calendar_url: pulled.sync_token}
    CalendarConnection.objects.filter(pk=connection.pk).update(**fields)
    return SessionsOutcome(moved=pulled.moved, skipped=pulled.skipped, pushed=pushed)
