"""Asking the worker to sync: now (the person's "Sync now", 503 when the queue is away),
after a change commits (connect, new busy calendars, resume, sessions turned on), and soon
after the person's sessions change (planning.extensions' hook: debounced, and never in the
way of the change itself)."""

import contextlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from calendars.models import FAILURES_BEFORE_PAUSE, CalendarConnection, ConnectionKind
from calendars.tasks import sessions_sync_key, sync_calendar, sync_calendar_sessions
from config.refusal import Refusal
from config.throttling import CACHE_UNREACHABLE

logger = logging.getLogger(__name__)

SYNC_PAUSED = "Syncing is paused for a moment, try again in a minute."
SYNC_PAUSED_RETRY_AFTER = 60
CONNECTION_PAUSED = (
    f"This calendar was paused after {FAILURES_BEFORE_PAUSE} failed syncs in a row. Resume it to sync again."
)


class SyncRefused(Refusal):
    """A sync that cannot be asked for now: the connection is paused (409), or the queue
    cannot be reached (503, nothing was written)."""


def _enqueue(connection_id: int) -> None:
    sync_calendar.delay(connection_id)


def calendar_sync_request(*, connection: CalendarConnection) -> None:
    if connection.is_paused:
        raise SyncRefused(CONNECTION_PAUSED, status=409)
    try:
        _enqueue(connection.pk)
    except Exception:  # kombu, redis and socket errors alike: the message was not sent
        logger.warning("calendar connection %s: the sync could not be enqueued", connection.pk, exc_info=True)
        raise SyncRefused(SYNC_PAUSED, status=503, retry_after=SYNC_PAUSED_RETRY_AFTER)


def _enqueue_quietly(connection_id: int) -> None:
    try:
        _enqueue(connection_id)
    except Exception:
        # The change itself is saved; the beat schedule syncs the connection later.
        logger.warning("calendar connection %s: the sync could not be enqueued", connection_id, exc_info=True)


def calendar_sync_after_commit(connection_id: int) -> None:
    """Enqueues a sync once the caller's transaction commits (the worker must see the rows)."""
    transaction.on_commit(lambda: _enqueue_quietly(connection_id))


def sessions_sync_delay_seconds() -> int:
    """How long a burst of changes (a plan accepted, several moves) is gathered before one sync."""
    return max(int(getattr(settings, "CALENDAR_SESSIONS_SYNC_DELAY_SECONDS", 20)), 0)


def _enqueue_sessions_once(connection_id: int) -> None:
    delay = sessions_sync_delay_seconds()
    key = sessions_sync_key(connection_id)
    try:
        # Outlives the countdown: should the task never run, the key expires and a later change enqueues.
        first = cache.add(key, "queued", timeout=delay + 600)
    except CACHE_UNREACHABLE:
        logger.warning("calendar sessions debounce: the cache is unreachable; enqueueing without it", exc_info=True)
        first, key = True, ""
    if not first:
        return
    try:
        sync_calendar_sessions.apply_async(args=[connection_id], countdown=delay)
    except Exception:  # kombu, redis and socket errors alike: the message was not sent
        # The change is saved; the beat's next run writes it.
        logger.warning("calendar connection %s: the sessions sync could not be enqueued", connection_id, exc_info=True)
        if key:
            with contextlib.suppress(*CACHE_UNREACHABLE):
                cache.delete(key)


def calendar_sessions_changed(*, user_id: int) -> None:
    """planning.extensions' sessions-changed hook, run after the change committed: a sessions
    sync soon for each of the person's connections that write sessions."""
    connections = CalendarConnection.objects.filter(
        user_id=user_id, kind=ConnectionKind.CALDAV, write_sessions=True, is_paused=False
    )
    for connection_id in connections.values_list("pk", flat=True):
        _enqueue_sessions_once(connection_id)
