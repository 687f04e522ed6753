"""Start and Stop on Today: a session's actual start and end, recorded as they happen.

Start stamps PlanTask.started_at; Stop writes the session's activity log through the
insights app's one way of logging (insights.services.activity_log_create), from started_at to
now, finished, and clears started_at. One session runs at a time: Start takes the person's
row lock, so two Starts of different sessions (two tabs, a phone and a laptop) cannot both
find nothing running.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from config.refusal import Refusal
from insights.models import ActivityLog
from insights.services import MAX_START_DRIFT, activity_log_create
from planning.models import PlanState, PlanTask
from planning.services.plan_tasks import short_when

TIMER_STOPPED = "The timer is stopped and nothing was logged."


class SessionTimerRefused(Refusal):
    """A Start or Stop that does not fit the session's state; nothing was changed, unless
    the message says the timer was stopped."""

    status = 409


def _refuse_start(task: PlanTask, now: dt.datetime, zone: ZoneInfo) -> None:
    name = f"“{task.task_description}”"
    if task.plan.state != PlanState.ACTIVE:
        raise SessionTimerRefused(f"{name} belongs to a plan that is not in use; start a session of your current plan.")
    if task.is_completed:
        raise SessionTimerRefused(f"{name} is already done. Untick it first to work on it again.")
    if ActivityLog.objects.filter(task=task).exists():
        raise SessionTimerRefused(f"{name} already has an activity log; correct that log to change its times.")
    if abs(now - task.start_time) > MAX_START_DRIFT:
        raise SessionTimerRefused(
            f"{name} is planned for {short_when(task.start_time, zone)}; start a session within 7 days of its "
            "planned time, or move it first."
        )


def plan_task_start(*, task: PlanTask, now: dt.datetime | None = None) -> PlanTask:
    """Starts the session's timer at `now`. Starting a running session changes nothing.
    Refused (409) for a session that is done, already logged, of a plan not in use, or
    planned more than 7 days away (its log would be refused), and while another runs."""
    now = now or timezone.now()
    user = task.user
    zone = ZoneInfo(user.timezone)
    if task.started_at is not None:
        return task
    _refuse_start(task, now, zone)
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        running = (
            PlanTask.objects.filter(user=user, started_at__isnull=False, plan__state=PlanState.ACTIVE)
            .exclude(pk=task.pk)
            .only("task_description", "started_at")
            .first()
        )
        if running is not None:
            raise SessionTimerRefused(
                f"“{running.task_description}” is running since {short_when(running.started_at, zone)}; "
                "stop it before starting another session."
            )
        if PlanTask.objects.filter(pk=task.pk, started_at__isnull=True).update(started_at=now):
            task.started_at = now
        else:  # started a moment ago from another tab: keep that start
            task.refresh_from_db(fields=["started_at"])
    return task


def _first_message(error: ValidationError) -> str:
    return error.messages[0] if error.messages else "The log was refused."


def plan_task_stop(*, task: PlanTask, now: dt.datetime | None = None) -> ActivityLog:
    """Stops the session's timer and logs it: from started_at to `now`, finished.

    Refused (409, nothing changed) when the session is not running. When the log itself is
    refused (the session already has a log, or the timer ran over 12 hours), the timer is
    stopped all the same, so the person is not left with a session that can never stop,
    and the refusal says so; the time can then be logged by hand.
    """
    now = now or timezone.now()
    try:
        with transaction.atomic():
            # Two Stops at once (a double tap): the second waits here, then finds nothing running.
            started_at = (
                PlanTask.objects.select_for_update().filter(pk=task.pk).values_list("started_at", flat=True).first()
            )
            if started_at is None:
                task.started_at = None
                raise SessionTimerRefused(f"“{task.task_description}” is not running: press Start first.")
            log = activity_log_create(
                user=task.user,
                task=task,
                actual_start_time=started_at,
                actual_end_time=now,
                was_completed=True,
                now=now,
            )
            PlanTask.objects.filter(pk=task.pk).update(started_at=None)
    except SessionTimerRefused:
        raise
    except Refusal as refusal:  # ActivityLogExists (409, with the log's id) above all
        _stop_timer(task)
        refusal.message = f"{refusal.message} {TIMER_STOPPED}"
        raise
    except ValidationError as error:
        _stop_timer(task)
        raise SessionTimerRefused(f"{_first_message(error)} {TIMER_STOPPED}") from error
    task.started_at = None
    return log


def _stop_timer(task: PlanTask) -> None:
    PlanTask.objects.filter(pk=task.pk).update(started_at=None)
    task.started_at = None
