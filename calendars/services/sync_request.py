"""Asking the worker to sync: now (the person's "Sync now", 503 when the queue is away),
and after a change commits (connect, new busy calendars, resume)."""

import logging

from django.db import transaction

from calendars.models import FAILURES_BEFORE_PAUSE, CalendarConnection
from calendars.tasks import sync_calendar
from config.refusal import Refusal

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
