"""Today: what the signed-in home page and GET /api/today show, read in one place.

Everything is on the person's own clock: "today" is their local calendar day (23 or 25
hours long on a daylight-saving day), the week runs from Monday 00:00 to the next Monday
00:00 local time. Only the active plan of each month counts (plan_tasks_in_range).
Instants are compared in UTC: two aware datetimes that share a ZoneInfo compare by wall
clock, which is wrong in the repeated hour of a fall-back day.
"""

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from zoneinfo import ZoneInfo

from accounts.models import User
from insights.models import ActivityLog
from planning.models import MonthlyPlan, PlanState, PlanTask, Preferences
from planning.months import MONTH_NEARLY_OVER_DAYS, add_months, days_left_in_month, month_end, month_key
from planning.selectors import LARGE_PLAN_COLUMNS_VIA_PLAN, plan_tasks_in_range

UTC = dt.UTC
# Missed sessions are those of today and the 7 days before it.
MISSED_DAYS = 7
# The next session is looked for this far ahead (the horizon re-placing missed sessions uses).
NEXT_SESSION_DAYS = 14


class SessionState(StrEnum):
    DONE = "done"  # ticked, or logged as finished
    IN_PROGRESS = "in_progress"  # Start was pressed and Stop not yet
    LOGGED = "logged"  # worked on and logged, not finished
    MISSED = "missed"  # ended, not done, not logged
    SKIPPED = "skipped"  # deleted in the person's own calendar, not done
    UPCOMING = "upcoming"  # not ended yet


class NextStep(StrEnum):
    """What Today suggests doing next when there is no plan to follow."""

    NONE = ""
    GOALS = "goals"  # no goals yet: write them first
    GENERATE = "generate"  # goals, but no plan for the month (see Today.plan_month)
    NEXT_MONTH = "next_month"  # this month's plan has nothing left, or the month is nearly over


@dataclass(frozen=True)
class TodaySession:
    task: PlanTask
    state: SessionState
    log: ActivityLog | None
    is_now: bool  # the planned time is running


@dataclass(frozen=True)
class WeekProgress:
    """The local Monday-to-Sunday week that holds today.

    planned_sessions, planned_minutes: the sessions that start in the week (not skipped), and
    the sum of their planned lengths. done_sessions: those of them that are ticked or whose activity
    log says finished. done_minutes: the sum of the actual minutes (each rounded, as
    ActivityLog.actual_minutes) of the activity logs of those sessions, finished or not: time
    really spent. A session ticked without a log is done but adds no minutes: nothing was
    measured.
    """

    monday: dt.date
    planned_sessions: int
    done_sessions: int
    planned_minutes: int
    done_minutes: int

    @property
    def sunday(self) -> dt.date:
        return self.monday + dt.timedelta(days=6)


@dataclass(frozen=True)
class Today:
    date: dt.date
    timezone: str
    now: dt.datetime
    sessions: list[TodaySession]  # today's, by start time
    # The first session starting from now, within 14 days, that is neither done nor logged.
    next_session: PlanTask | None
    week: WeekProgress
    # Sessions that started on today or the 7 days before, have ended, and are neither done,
    # logged nor running; by start time.
    missed: list[PlanTask]
    running: PlanTask | None  # the session whose Start was pressed, whatever its day
    has_goals: bool
    has_month_plan: bool  # this month has an active plan
    next_step: NextStep
    plan_month: str  # the month NextStep.GENERATE / NEXT_MONTH would plan ("YYYY-MM"), or ""
    days_left: int  # days in this month after today

    @property
    def nothing_more_today(self) -> bool:
        """No session today is still to come or running (also true on a day without any)."""
        waiting = (SessionState.UPCOMING, SessionState.IN_PROGRESS)
        return not any(session.state in waiting for session in self.sessions)


def _midnight(day: dt.date, zone: ZoneInfo) -> dt.datetime:
    # A midnight the clocks skip (a few zones change at 00:00) reads with the offset from
    # before the change, which is the same instant as the day's first real minute.
    return dt.datetime.combine(day, dt.time(0), tzinfo=zone).astimezone(UTC)


@dataclass(frozen=True)
class _Bounds:
    """The instants (UTC) and months Today reads, from the person's date at `now`."""

    today: dt.date
    day: tuple[dt.datetime, dt.datetime]
    monday: dt.date
    week: tuple[dt.datetime, dt.datetime]
    missed_from: dt.datetime
    horizon: dt.datetime  # the next session starts before this
    after_month: dt.datetime  # the first instant of next month
    this_month: str
    next_month: str
    days_left: int

    @property
    def sessions_range(self) -> tuple[dt.datetime, dt.datetime]:
        """One range that holds the week, the missed days, the next 14 days and the month's rest."""
        return min(self.week[0], self.missed_from), max(self.week[1], self.horizon, self.after_month)


def _bounds(now: dt.datetime, timezone: str) -> _Bounds:
    zone = ZoneInfo(timezone)
    today = now.astimezone(zone).date()
    monday = today - dt.timedelta(days=today.weekday())
    return _Bounds(
        today=today,
        day=(_midnight(today, zone), _midnight(today + dt.timedelta(days=1), zone)),
        monday=monday,
        week=(_midnight(monday, zone), _midnight(monday + dt.timedelta(days=7), zone)),
        missed_from=_midnight(today - dt.timedelta(days=MISSED_DAYS), zone),
        horizon=now + dt.timedelta(days=NEXT_SESSION_DAYS),
        after_month=month_end(today.year, today.month, timezone).astimezone(UTC),
        this_month=month_key(today.year, today.month),
        next_month=month_key(*add_months(today.year, today.month, 1)),
        days_left=days_left_in_month(today),
    )


def _is_done(task: PlanTask, log: ActivityLog | None) -> bool:
    return task.is_completed or (log is not None and log.was_completed)


def _still_to_do(task: PlanTask, logs: dict[int, ActivityLog]) -> bool:
    """Neither done, logged, running nor skipped."""
    return task.started_at is None and not task.is_completed and task.pk not in logs and task.skipped_at is None


def _state(task: PlanTask, log: ActivityLog | None, now: dt.datetime) -> SessionState:
    if task.started_at is not None:
        return SessionState.IN_PROGRESS
    if _is_done(task, log):
        return SessionState.DONE
    if log is not None:
        return SessionState.LOGGED
    if task.skipped_at is not None:
        return SessionState.SKIPPED
    return SessionState.MISSED if task.end_time <= now else SessionState.UPCOMING


def _logs_by_task(tasks: list[PlanTask]) -> dict[int, ActivityLog]:
    """Each session's activity log (one a session; the newest, should older data hold more)."""
    logs: dict[int, ActivityLog] = {}
    if not tasks:
        return logs
    for log in ActivityLog.objects.filter(task_id__in=[task.pk for task in tasks]).order_by("logged_at", "id"):
        logs[log.task_id] = log
    return logs


def _week(tasks: list[PlanTask], logs: dict[int, ActivityLog], bounds: _Bounds) -> WeekProgress:
    start, end = bounds.week
    # A session deleted in the person's own calendar (skipped) is no longer planned.
    in_week = [task for task in tasks if start <= task.start_time < end and task.skipped_at is None]
    return WeekProgress(
        monday=bounds.monday,
        planned_sessions=len(in_week),
        done_sessions=sum(1 for task in in_week if _is_done(task, logs.get(task.pk))),
        planned_minutes=sum(task.duration_minutes for task in in_week),
        done_minutes=sum(logs[task.pk].actual_minutes for task in in_week if task.pk in logs),
    )


def _running(user: User) -> PlanTask | None:
    running = PlanTask.objects.filter(user=user, started_at__isnull=False, plan__state=PlanState.ACTIVE)
    return running.select_related("plan__preference").defer(*LARGE_PLAN_COLUMNS_VIA_PLAN).first()


def _next_step(
    *, has_goals: bool, planned_months: set[str], bounds: _Bounds, nothing_left: bool
) -> tuple[NextStep, str]:
    if not has_goals:
        return NextStep.GOALS, ""
    this_month, next_month = bounds.this_month, bounds.next_month
    # The generate page's rule: with 7 days or fewer left after today, plan the next month.
    nearly_over = bounds.days_left <= MONTH_NEARLY_OVER_DAYS
    if this_month not in planned_months:
        if not nearly_over:
            return NextStep.GENERATE, this_month
        return (NextStep.NONE, "") if next_month in planned_months else (NextStep.GENERATE, next_month)
    if (nothing_left or nearly_over) and next_month not in planned_months:
        return NextStep.NEXT_MONTH, next_month
    return NextStep.NONE, ""


def _sessions(
    tasks: list[PlanTask], logs: dict[int, ActivityLog], bounds: _Bounds, now: dt.datetime
) -> list[TodaySession]:
    day_start, day_end = bounds.day
    return [
        TodaySession(
            task=task,
            state=_state(task, logs.get(task.pk), now),
            log=logs.get(task.pk),
            is_now=task.start_time <= now < task.end_time,
        )
        for task in tasks
        if day_start <= task.start_time < day_end
    ]


def today_for(*, user: User, now: dt.datetime) -> Today:
    """Today for the person at `now`, in five queries however many sessions there are:
    goals, this and next month's plans, the sessions, their logs, the running session."""
    now = now.astimezone(UTC)
    bounds = _bounds(now, user.timezone)
    has_goals = Preferences.objects.filter(user=user).exists()
    planned_months = set(
        MonthlyPlan.objects.filter(
            user=user, state=PlanState.ACTIVE, month_year__in=(bounds.this_month, bounds.next_month)
        ).values_list("month_year", flat=True)
    )
    tasks = list(plan_tasks_in_range(user=user, start=bounds.sessions_range[0], end=bounds.sessions_range[1]))
    logs = _logs_by_task(tasks)
    to_do = [task for task in tasks if _still_to_do(task, logs)]
    next_step, plan_month = _next_step(
        has_goals=has_goals,
        planned_months=planned_months,
        bounds=bounds,
        nothing_left=not any(task.end_time > now and task.start_time < bounds.after_month for task in to_do),
    )
    return Today(
        date=bounds.today,
        timezone=user.timezone,
        now=now,
        sessions=_sessions(tasks, logs, bounds, now),
        next_session=next((task for task in to_do if now <= task.start_time < bounds.horizon), None),
        week=_week(tasks, logs, bounds),
        missed=[task for task in to_do if bounds.missed_from <= task.start_time and task.end_time <= now],
        running=_running(user),
        has_goals=has_goals,
        has_month_plan=bounds.this_month in planned_months,
        next_step=next_step,
        plan_month=plan_month,
        days_left=bounds.days_left,
    )
