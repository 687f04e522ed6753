"""Writes of the insights capability: logging activity and asking for recomputation."""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable
from datetime import datetime, timedelta
from itertools import batched
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from config.throttling import CACHE_UNREACHABLE
from insights.maths import duration_deviation_minutes
from insights.models import ActivityLog
from insights.tasks import NIGHTLY_CHUNK_SIZE, recompute_insights_chunk, recompute_key, recompute_user_insights
from planning.models import PlanTask
from planning.services.plan_tasks import plan_task_set_completed

logger = logging.getLogger(__name__)

# Logged times must stay near the plan: a typo in the year or a log on the wrong task
# would otherwise poison the person's insights for months.
MAX_START_DRIFT = timedelta(days=7)
MAX_SESSION = timedelta(hours=12)
# Clocks differ a little between a phone and the server.
FUTURE_TOLERANCE = timedelta(minutes=15)
# The debounce key outlives the countdown by this much, in case the worker is slow to pick
# the task up; if the task never runs the key expires and the next log schedules again.
DEBOUNCE_KEY_GRACE_SECONDS = 600


def recompute_delay_seconds() -> int:
    """How long a burst of logs is gathered before one recomputation (the debounce window)."""
    return max(int(getattr(settings, "INSIGHTS_RECOMPUTE_DELAY_SECONDS", 30)), 0)


def _local(moment: datetime, zone: ZoneInfo) -> str:
    return moment.astimezone(zone).strftime("%a %-d %b %Y %H:%M")


def _length(delta: timedelta) -> str:
    minutes = round(delta.total_seconds() / 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min" if hours else f"{minutes} min"


def activity_times_errors(
    *, task: PlanTask, actual_start_time: datetime, actual_end_time: datetime, zone: ZoneInfo, now: datetime
) -> dict[str, list[str]]:
    """What is wrong with the times of a log, by field; empty when they are fine."""
    errors: dict[str, list[str]] = {}
    if actual_end_time <= actual_start_time:
        errors["actual_end_time"] = ["The end must be after the start."]
    elif actual_end_time - actual_start_time > MAX_SESSION:
        errors["actual_end_time"] = [
            f"A session can last at most 12 hours; this one lasts {_length(actual_end_time - actual_start_time)}. "
            "Check the date, or log separate sessions."
        ]
    elif actual_end_time > now + FUTURE_TOLERANCE:
        errors["actual_end_time"] = ["That end is still in the future. Log the time once you have done it."]
    if abs(actual_start_time - task.start_time) > MAX_START_DRIFT:
        errors["actual_start_time"] = [
            f"The start must be within 7 days of the planned start ({_local(task.start_time, zone)}), "
            "so that your insights compare like with like. Check the date, or log it on the task you did."
        ]
    return errors


def activity_log(
    *,
    user: User,
    task: PlanTask,
    actual_start_time: datetime,
    actual_end_time: datetime,
    was_completed: bool,
    now: datetime | None = None,
) -> ActivityLog:
    """Records what the person did on one of their plan tasks.

    The duration deviation is computed here, never taken from input; the task's completion
    follows the log; the person's insights are recomputed shortly after (debounced).
    Raises PlanTask.DoesNotExist for a task that is not theirs, ValidationError (by field)
    for times that are wrong or too far from the plan.
    """
    if task.user_id != user.pk:
        raise PlanTask.DoesNotExist("No such task in your plans.")
    zone = ZoneInfo(user.timezone)
    errors = activity_times_errors(
        task=task,
        actual_start_time=actual_start_time,
        actual_end_time=actual_end_time,
        zone=zone,
        now=now or timezone.now(),
    )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        log = ActivityLog.objects.create(
            user=user,
            task=task,
            actual_start_time=actual_start_time,
            actual_end_time=actual_end_time,
            duration_deviation=duration_deviation_minutes(
                planned_start=task.start_time,
                planned_end=task.end_time,
                actual_start=actual_start_time,
                actual_end=actual_end_time,
            ),
            was_completed=was_completed,
        )
        # The newest log is the latest word on the task: finished (when the session ended),
        # or not (yet). Planning owns the rule for ticking a task.
        plan_task_set_completed(task=task, is_completed=was_completed, now=actual_end_time)
        insights_recompute_soon(user=user)
    return log


def insights_recompute_soon(*, user: User) -> None:
    """Schedules one recomputation of the person's insights after the current transaction.

    Debounced: only the first call in a window enqueues a task (with a countdown); the
    others find the key taken. The task deletes the key when it starts, so activity
    logged while it runs schedules the next recomputation.
    """
    user_id = str(user.pk)
    transaction.on_commit(lambda: _enqueue_once(user_id), robust=True)


def _enqueue_once(user_id: str) -> None:
    delay = recompute_delay_seconds()
    key = recompute_key(user_id)
    try:
        first = cache.add(key, "queued", timeout=delay + DEBOUNCE_KEY_GRACE_SECONDS)
    except CACHE_UNREACHABLE:
        # Fail open: without the debounce a burst of logs recomputes a few times more.
        logger.warning("insights debounce: the cache is unreachable; scheduling without it", exc_info=True)
        first, key = True, ""
    if not first:
        return
    try:
        recompute_user_insights.apply_async(args=[user_id], countdown=delay)
    except Exception:  # kombu, redis and socket errors alike: the message was not sent
        # The log is saved either way; free the key so the next log tries again, and the
        # nightly run catches up if the broker stays away.
        logger.warning(
            "insights of %s: the recompute could not be enqueued; the nightly run will", user_id, exc_info=True
        )
        if key:
            with contextlib.suppress(*CACHE_UNREACHABLE):
                cache.delete(key)


def insights_recompute_request(*, user_ids: Iterable[object]) -> int:
    """Queues a recomputation of these people now (admin action); returns how many."""
    ids = sorted({str(pk) for pk in user_ids})
    for chunk in batched(ids, NIGHTLY_CHUNK_SIZE):
        transaction.on_commit(lambda chunk=list(chunk): recompute_insights_chunk.delay(chunk))
    if ids:
        logger.info("insights recomputation requested for %d people", len(ids))
    return len(ids)
