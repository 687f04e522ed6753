"""Calendars' Celery tasks: sync one connection, and the beat run that enqueues the due ones.

A sync claims its connection (calendars.models.CalendarConnectionQuerySet.claim_sync), so a
second delivery, or the beat's task beside the person's "Sync now", returns without work. A
failed sync is recorded on the connection and retried by the next beat run: no Celery retry.
"""

import logging

from celery import shared_task
from django.core.cache import cache
from django.utils import timezone

from calendars.services.sync import calendar_connection_sync, calendar_sessions_sync
from calendars.services.sync_due import calendar_syncs_enqueue_due
from config.throttling import CACHE_UNREACHABLE

logger = logging.getLogger(__name__)

# Well below the claim's expiry (SYNC_CLAIM_EXPIRES, five minutes): a live sync is never
# taken for a lost one.
SYNC_SOFT_TIME_LIMIT = 120
SYNC_TIME_LIMIT = 150
# A sessions sync that finds another sync running waits this long and tries again, this many
# times; after that the beat's next run writes the change.
SESSIONS_BUSY_RETRY_SECONDS = 60
SESSIONS_BUSY_RETRIES = 3


def sessions_sync_key(connection_id: int) -> str:
    """The debounce key: present while a sessions sync of this connection is queued."""
    return f"calendars:sessions:{connection_id}"


@shared_task(acks_late=True, soft_time_limit=SYNC_SOFT_TIME_LIMIT, time_limit=SYNC_TIME_LIMIT, ignore_result=True)
def sync_calendar(connection_id: int, only_if_due: bool = False) -> bool:
    """Syncs one connection; `only_if_due` (the beat's) skips one synced since it was enqueued."""
    return calendar_connection_sync(connection_id=connection_id, only_if_due=only_if_due).synced


@shared_task(ignore_result=True)
def sync_due_calendars() -> int:
    """Every 30 minutes (CELERY_BEAT_SCHEDULE): due, unpaused connections that asked for it.
    Each task checks again that its connection is due, so a backlog never syncs one twice."""
    return calendar_syncs_enqueue_due(
        now=timezone.now(), enqueue=lambda connection_id: sync_calendar.delay(connection_id, only_if_due=True)
    )


@shared_task(
    bind=True, acks_late=True, soft_time_limit=SYNC_SOFT_TIME_LIMIT, time_limit=SYNC_TIME_LIMIT, ignore_result=True
)
def sync_calendar_sessions(self, connection_id: int) -> bool:  # type: ignore[no-untyped-def]
    """The sessions both ways, soon after they changed (calendars.services.sync_request)."""
    # Free the debounce key before reading: a change committed from here on enqueues a new
    # sync instead of being missed by this one.
    try:
        cache.delete(sessions_sync_key(connection_id))
    except CACHE_UNREACHABLE:
        logger.warning("calendar sessions debounce: the cache is unreachable; syncing anyway")
    outcome = calendar_sessions_sync(connection_id=connection_id)
    if outcome.busy and self.request.retries < SESSIONS_BUSY_RETRIES:
        raise self.retry(countdown=SESSIONS_BUSY_RETRY_SECONDS)
    return outcome.synced
