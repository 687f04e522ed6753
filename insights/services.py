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
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from config.refusal import Refusal
from config.throttling import CACHE_UNREACHABLE
from insights.maths import duration_deviation_minutes
from insights.models import ONE_LOG_PER_TASK_CONSTRAINT, ActivityLog
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


LOG_NOT_FOUND = "No such activity log."


class ActivityLogNotFound(Refusal):
    """The log is not one of the person's, or no longer exists."""

    status = 404


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


class ActivityLogExists(Refusal):
    """The session already has its one log; `log_id` names it, for the person to correct it."""

    status = 409

    def __init__(self, log_id: int) -> None:
        super().__init__(
            f"This session already has an activity log (id {log_id}). Correct it with PATCH /api/activity/{log_id} "
            "instead of logging it again.",
            field="task",
        )
        self.log_id = log_id


def _log_id_of(task: PlanTask) -> int | None:
    return ActivityLog.objects.filter(task=task).values_list("id", flat=True).first()


def _is_second_log(error: IntegrityError) -> bool:
    diag = getattr(error.__cause__, "diag", None)
    return getattr(diag, "constraint_name", None) == ONE_LOG_PER_TASK_CONSTRAINT


def _refuse_wrong_times(
    *, user: User, task: PlanTask, actual_start_time: datetime, actual_end_time: datetime, now: datetime | None
) -> None:
    errors = activity_times_errors(
        task=task,
        actual_start_time=actual_start_time,
        actual_end_time=actual_end_time,
        zone=ZoneInfo(user.timezone),
        now=now or timezone.now(),
    )
    if errors:
        raise ValidationError(errors)


def _deviation(task: PlanTask, actual_start_time: datetime, actual_end_time: datetime) -> int:
    return duration_deviation_minutes(
        planned_start=task.start_time,
        planned_end=task.end_time,
        actual_start=actual_start_time,
        actual_end=actual_end_time,
    )


def activity_log_create(
    *,
    user: User,
    task: PlanTask,
    actual_start_time: datetime,
    actual_end_time: datetime,
    was_completed: bool,
    now: datetime | None = None,
) -> ActivityLog:
    """Records what the person did on one of their plan tasks: its one log.

    The duration deviation is computed here, never taken from input; the task's completion
    follows the log; the person's insights are recomputed shortly after (debounced).
    Raises PlanTask.DoesNotExist for a task that is not theirs, ActivityLogExists (409, with
    the existing log's id) for a task already logged, ValidationError (by field) for times
    that are wrong or too far from the plan.
    """
    if task.user_id != user.pk:
        raise PlanTask.DoesNotExist("No such task in your plans.")
    existing = _log_id_of(task)
    if existing is not None:
        raise ActivityLogExists(existing)
    _refuse_wrong_times(
        user=user, task=task, actual_start_time=actual_start_time, actual_end_time=actual_end_time, now=now
    )
    with transaction.atomic():
        try:
            # A savepoint: when a simultaneous request logged the task first, the unique
            # index refuses this row once that one commits, and the caller's transaction
            # stays usable for answering with the other log's id.
            with transaction.atomic():
                log = ActivityLog.objects.create(
                    user=user,
                    task=task,
                    actual_start_time=actual_start_time,
                    actual_end_time=actual_end_time,
                    duration_deviation=_deviation(task, actual_start_time, actual_end_time),
                    was_completed=was_completed,
                )
        except IntegrityError as error:
            existing = _log_id_of(task) if _is_second_log(error) else None
            if existing is None:
                raise
            raise ActivityLogExists(existing) from None
        # The log is the latest word on the task: finished (when the session ended), or
        # not (yet). Planning owns the rule for ticking a task.
        plan_task_set_completed(task=task, is_completed=was_completed, now=actual_end_time)
        insights_recompute_soon(user=user)
    return log


def activity_log_update(
    *,
    user: User,
    log: ActivityLog,
    actual_start_time: datetime | None = None,
    actual_end_time: datetime | None = None,
    was_completed: bool | None = None,
    now: datetime | None = None,
) -> ActivityLog:
    """Corrects the person's log: what is given replaces what was logged, under the same
    rules as logging it. The deviation is recomputed and so, shortly after, are the
    insights. The task's completion follows `was_completed` when it is given (as when
    logging); a correction of the times alone leaves the task's tick as it is.
    Raises ActivityLogNotFound for a log that is not theirs (or is gone), ValidationError by field.
    """
    with transaction.atomic():
        # Locked so that a simultaneous correction or deletion waits for this one.
        locked = (
            ActivityLog.objects.select_for_update(of=("self",))
            .select_related("task")
            .filter(pk=log.pk, user_id=user.pk)
            .first()
        )
        if locked is None:
            raise ActivityLogNotFound(LOG_NOT_FOUND)
        start = locked.actual_start_time if actual_start_time is None else actual_start_time
        end = locked.actual_end_time if actual_end_time is None else actual_end_time
        _refuse_wrong_times(user=user, task=locked.task, actual_start_time=start, actual_end_time=end, now=now)
        locked.actual_start_time, locked.actual_end_time = start, end
        locked.duration_deviation = _deviation(locked.task, start, end)
        if was_completed is not None:
            locked.was_completed = was_completed
        locked.save(update_fields=["actual_start_time", "actual_end_time", "duration_deviation", "was_completed"])
        if was_completed is not None:
            plan_task_set_completed(task=locked.task, is_completed=was_completed, now=end)
        insights_recompute_soon(user=user)
    return locked


def activity_log_delete(*, user: User, log: ActivityLog, now: datetime | None = None) -> None:
    """Deletes the person's log; the insights are recomputed shortly after. A log that said
    the session was finished took the task's tick with it, so the task is reopened (the
    page says so before asking); an unfinished log leaves the tick as it is.
    Raises ActivityLogNotFound for a log that is not theirs (or is already gone)."""
    with transaction.atomic():
        # Locked: a simultaneous correction of `was_completed` decides what happens to the tick.
        deleted = (
            ActivityLog.objects.select_for_update(of=("self",))
            .select_related("task")
            .filter(pk=log.pk, user_id=user.pk)
            .first()
        )
        if deleted is None or not ActivityLog.objects.filter(pk=deleted.pk).delete()[0]:
            raise ActivityLogNotFound(LOG_NOT_FOUND)
        if deleted.was_completed:
            plan_task_set_completed(task=deleted.task, is_completed=False, now=now)
        insights_recompute_soon(user=user)


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
