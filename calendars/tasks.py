"""Calendars' Celery tasks: sync one connection, and the beat run that enqueues the due ones.

A sync claims its connection (calendars.models.CalendarConnectionQuerySet.claim_sync), so a
second delivery, or the beat's task beside the person's "Sync now", returns without work. A
failed sync is recorded on the connection and retried by the next beat run: no Celery retry.
"""

from celery import shared_task
from django.utils import timezone

from calendars.services.sync import calendar_connection_sync
from calendars.services.sync_due import calendar_syncs_enqueue_due

# Well below the claim's expiry (SYNC_CLAIM_EXPIRES, five minutes): a live sync is never
# taken for a lost one.
SYNC_SOFT_TIME_LIMIT = 120
SYNC_TIME_LIMIT = 150


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
