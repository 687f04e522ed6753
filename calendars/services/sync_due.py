"""The beat run's part: which connections are due, enqueued in batches."""

import datetime as dt
import logging
from collections.abc import Callable

from calendars.models import CalendarConnection

logger = logging.getLogger(__name__)

# Due connections are read this many at a time, and at most BEAT_MAX are enqueued a run
# (the next run, half an hour later, takes the rest).
BEAT_BATCH = 200
BEAT_MAX = 5000


def calendar_syncs_enqueue_due(*, now: dt.datetime, enqueue: Callable[[int], object]) -> int:
    """Enqueues every due connection, in batches by id; how many were sent. `enqueue` is the
    task's delay, passed in so this module never imports the tasks module that imports it."""
    sent, after = 0, 0
    while sent < BEAT_MAX:
        due = CalendarConnection.objects.due_for_sync(now=now).filter(pk__gt=after).order_by("pk")
        batch = list(due.values_list("pk", flat=True)[: min(BEAT_BATCH, BEAT_MAX - sent)])
        if not batch:
            break
        for connection_id in batch:
            try:
                enqueue(connection_id)
            except Exception:
                logger.warning("the queue is away: %s due calendar syncs enqueued this run", sent, exc_info=True)
                return sent
            sent += 1
        after = batch[-1]
    return sent
