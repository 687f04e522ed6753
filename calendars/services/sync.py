"""Syncing one connection: the busy time of its window read from the calendar, the busy rows
replaced in one transaction, and the outcome recorded on the connection; then, for a CalDAV
connection that writes sessions, the sessions both ways (calendars.services.sessions_sync).

Network first, writes last: everything is fetched and expanded before the transaction
that writes, so a server that fails halfway leaves the rows, the stored events and the
sync-tokens exactly as the last good sync left them. The claim (a conditional UPDATE on
sync_started_at) keeps two syncs of one connection from running at once.
"""

import datetime as dt
import functools
import hashlib
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from calendars.caldav_account import (
    MAX_REMOTE_EVENTS,
    TOO_MANY,
    CalendarChanges,
    CalendarServerRefused,
    account_open,
    calendar_changes,
)
from calendars.credentials import credentials_decrypt
from calendars.fetch import DEFAULT_TIMEOUT, fetch_calendar
from calendars.models import BusyEvent, CalendarConnection, ConnectionKind
from calendars.services.busy_import import CalendarSource, busy_rows, busy_rows_replace
from calendars.services.remote_events import RemoteCopy, remote_copy_load, remote_copy_save, remote_etags
from calendars.services.sessions_sync import connection_sessions_sync, writes_sessions
from calendars.window import SyncWindow, sync_window
from config.refusal import Refusal

logger = logging.getLogger(__name__)

UNEXPECTED = "The sync stopped on an error on our side. It will be tried again."


@dataclass(frozen=True)
class SyncOutcome:
    synced: bool  # False: failed, or skipped (another sync holds it, paused, not due)
    events_imported: int = 0
    fetched: int = 0  # calendar files (ICS) or events (CalDAV) transferred
    removed: int = 0  # events gone from the calendar since the last sync
    error: str = ""
    busy: bool = False  # another sync of the connection was running


def ics_digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def calendar_connection_sync(
    *,
    connection_id: int,
    now: dt.datetime | None = None,
    only_if_due: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
    sessions: bool = True,
) -> SyncOutcome:
    """Syncs the connection once: busy time, then (with `sessions`, for one that writes them)
    the sessions both ways. Never raises for a calendar's failure, which is recorded on the
    connection instead (the FAILURES_BEFORE_PAUSE-th in a row pauses it)."""
    now = now or timezone.now()
    if not CalendarConnection.objects.claim_sync(connection_id, now=now):
        logger.info("calendar connection %s is being synced already (or is gone); skipping", connection_id)
        return SyncOutcome(synced=False, busy=True)
    try:
        connection = CalendarConnection.objects.select_related("user").filter(pk=connection_id).first()
        due = CalendarConnection.objects.due_for_sync(now=now).filter(pk=connection_id).exists()
        if connection is None or connection.is_paused or (only_if_due and not due):
            return SyncOutcome(synced=False)
        sync = functools.partial(_busy_then_sessions, connection, now=now, timeout=timeout, sessions=sessions)
        return _recording_failure(connection, sync, now=now)
    finally:
        CalendarConnection.objects.release_sync(connection_id, claimed_at=now)


def calendar_sessions_sync(*, connection_id: int, now: dt.datetime | None = None) -> SyncOutcome:
    """The sessions part alone (soon after the person's sessions change), under the same
    claim; `busy` in the outcome says another sync holds the connection."""
    now = now or timezone.now()
    if not CalendarConnection.objects.claim_sync(connection_id, now=now):
        return SyncOutcome(synced=False, busy=True)
    try:
        connection = CalendarConnection.objects.select_related("user").filter(pk=connection_id).first()
        if connection is None or connection.is_paused or not writes_sessions(connection):
            return SyncOutcome(synced=False)
        return _recording_failure(connection, functools.partial(_sessions_only, connection, now=now), now=now)
    finally:
        CalendarConnection.objects.release_sync(connection_id, claimed_at=now)


def _busy_then_sessions(
    connection: CalendarConnection, *, now: dt.datetime, timeout: float, sessions: bool
) -> SyncOutcome:
    window = sync_window(now=now, timezone=connection.user.timezone)
    if connection.kind == ConnectionKind.ICS:
        return _sync_ics(connection, window=window, now=now, timeout=timeout)
    outcome = _sync_caldav(connection, window=window, now=now, timeout=timeout)
    if sessions:
        connection_sessions_sync(connection, now=now, timeout=timeout)
    return outcome


def _sessions_only(connection: CalendarConnection, *, now: dt.datetime) -> SyncOutcome:
    connection_sessions_sync(connection, now=now)
    return SyncOutcome(synced=True, events_imported=connection.events_imported)


def _recording_failure(
    connection: CalendarConnection, sync: Callable[[], SyncOutcome], *, now: dt.datetime
) -> SyncOutcome:
    try:
        return sync()
    except CalendarConnection.DoesNotExist:
        logger.info("calendar connection %s was disconnected during its sync", connection.pk)
        return SyncOutcome(synced=False)
    except Refusal as exc:
        message = exc.message
    except Exception:
        logger.exception("calendar connection %s: the sync failed unexpectedly", connection.pk)
        message = UNEXPECTED
    CalendarConnection.objects.record_sync_failure(connection.pk, error=message, now=now)
    logger.info("calendar connection %s: sync failed: %s", connection.pk, message)
    return SyncOutcome(synced=False, error=message)


def _record_success(connection: CalendarConnection, *, now: dt.datetime, **fields: object) -> None:
    CalendarConnection.objects.filter(pk=connection.pk).update(
        last_synced_at=now, last_error="", consecutive_failures=0, updated_at=now, **fields
    )


def ics_rows_save(
    connection: CalendarConnection, rows: list[BusyEvent], *, data: bytes, window: SyncWindow, now: dt.datetime
) -> int:
    """Replaces the subscription's busy rows with `rows`, read from `data`."""
    with transaction.atomic():
        # Locked (and raising DoesNotExist when it was disconnected meanwhile): rows are never
        # written for a connection that is gone.
        CalendarConnection.objects.select_for_update().only("pk").get(pk=connection.pk)
        imported = busy_rows_replace(connection, rows)
        _record_success(
            connection,
            now=now,
            events_imported=imported,
            sync_tokens={connection.url: ics_digest(data)},
            imported_for=window.signature,
        )
    return imported


def ics_rows(connection: CalendarConnection, data: bytes, *, window: SyncWindow) -> list[BusyEvent]:
    """The subscription's busy rows; malformed data or too many events refuse."""
    source = CalendarSource(url=connection.url, name=connection.name, documents=(data,))
    return busy_rows(connection, [source], window=window, strict=True)


def _sync_ics(connection: CalendarConnection, *, window: SyncWindow, now: dt.datetime, timeout: float) -> SyncOutcome:
    data = fetch_calendar(
        connection.url,
        username=connection.username,
        password=credentials_decrypt(connection.password_encrypted),
        timeout=timeout,
    )
    unchanged = connection.sync_tokens.get(connection.url) == ics_digest(data)
    if unchanged and connection.imported_for == window.signature:
        _record_success(connection, now=now)
        return SyncOutcome(synced=True, events_imported=connection.events_imported, fetched=1)
    rows = ics_rows(connection, data, window=window)
    return SyncOutcome(
        synced=True, events_imported=ics_rows_save(connection, rows, data=data, window=window, now=now), fetched=1
    )


def _sync_caldav(
    connection: CalendarConnection, *, window: SyncWindow, now: dt.datetime, timeout: float
) -> SyncOutcome:
    busy_urls = list(dict.fromkeys(connection.busy_calendars))
    held = remote_etags(connection)
    changes: dict[str, CalendarChanges] = {}
    if busy_urls:
        client = account_open(
            url=connection.url,
            username=connection.username,
            password=credentials_decrypt(connection.password_encrypted),
            timeout=timeout,
        )
        try:
            for url in busy_urls:
                token, known = connection.sync_tokens.get(url, ""), held.get(url, {})
                changes[url] = calendar_changes(client, calendar_url=url, sync_token=token, known_etags=known)
        finally:
            client.close()
    fetched = sum(len(change.changed) for change in changes.values())
    removed = sum(len(change.removed) for change in changes.values())
    tokens = {url: change.sync_token for url, change in changes.items()}
    if not (fetched or removed or set(held) - set(busy_urls)) and connection.imported_for == window.signature:
        # Nothing changed on the server, and the window and zone are the ones the rows were
        # expanded for: the rows stay as they are.
        _record_success(connection, now=now, sync_tokens=tokens)
        return SyncOutcome(synced=True, events_imported=connection.events_imported)
    copy = remote_copy_load(connection)
    new_copy = copy.merged(changes, keep_calendars=set(busy_urls))
    if len(new_copy) > MAX_REMOTE_EVENTS:
        raise CalendarServerRefused(TOO_MANY, field="busy_calendars")
    imported = _caldav_replace(connection, copy, new_copy, tokens=tokens, window=window, now=now)
    return SyncOutcome(synced=True, events_imported=imported, fetched=fetched, removed=removed)


def _caldav_replace(
    connection: CalendarConnection,
    old: RemoteCopy,
    new: RemoteCopy,
    *,
    tokens: dict[str, str],
    window: SyncWindow,
    now: dt.datetime,
) -> int:
    names = {calendar["url"]: calendar["name"] for calendar in connection.available_calendars}
    sources = [
        CalendarSource(url=url, name=names.get(url, connection.name), documents=documents)
        for url, documents in new.documents_by_calendar().items()
    ]
    rows = busy_rows(connection, sources, window=window, strict=False)
    with transaction.atomic():
        # The person may have changed the busy calendars while we were fetching: what they
        # chose now wins, and the next sync fetches any calendar they added.
        locked = CalendarConnection.objects.select_for_update().get(pk=connection.pk)
        still_busy = set(locked.busy_calendars)
        rows = [row for row in rows if row.calendar_url in still_busy]
        remote_copy_save(connection, old, new.only(still_busy))
        imported = busy_rows_replace(connection, rows)
        _record_success(
            connection,
            now=now,
            events_imported=imported,
            sync_tokens={url: token for url, token in tokens.items() if url in still_busy},
            imported_for=window.signature,
        )
    return imported
