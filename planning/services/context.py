"""Turns models into what the AI provider and the scheduler take, and back."""

import datetime as dt
from dataclasses import dataclass

from ai import PlanContext
from ai.schemas import PlanDraft
from calendars.models import BusyEvent
from planning.learning import PlanningSignals
from planning.models import PeakSource, Preferences
from planning.months import days_in_month, month_end, month_key, month_start, weeks_in_month
from planning.scheduler import BusyInterval, DraftTask, HabitSpec, PeakWindow, ScheduleRequest, free_minutes_by_week


@dataclass(frozen=True)
class MonthWindow:
    year: int
    month: int
    timezone: str
    not_before: dt.datetime  # month start, or "now" for the current month

    @property
    def key(self) -> str:
        return month_key(self.year, self.month)


def month_window(*, year: int, month: int, timezone: str, now: dt.datetime) -> MonthWindow:
    start = month_start(year, month, timezone)
    # Round "now" up to the next quarter hour: a session never starts in the past.
    rounded = now + dt.timedelta(minutes=-now.minute % 15 or 15, seconds=-now.second, microseconds=-now.microsecond)
    return MonthWindow(year=year, month=month, timezone=timezone, not_before=max(start, rounded))


def working_days(window: MonthWindow, weekend_preference: str) -> int:
    first_day = window.not_before.astimezone(month_start(window.year, window.month, window.timezone).tzinfo).day
    days = range(first_day, days_in_month(window.year, window.month) + 1)
    count = 0
    for day in days:
        weekend = dt.date(window.year, window.month, day).weekday() >= 5
        if not (weekend and weekend_preference == "Rest"):
            count += 1
    return count


def plan_context(
    *,
    preference: Preferences,
    window: MonthWindow,
    signals: PlanningSignals,
    busy: tuple[BusyInterval, ...] = (),
    habits: tuple[HabitSpec, ...] = (),
) -> PlanContext:
    """What the AI is told, including each week's free minutes (the scheduler's own count,
    from an empty draft, around the sessions a re-plan keeps and the habits' occurrences), so
    that the draft is sized to the month the person really has."""
    empty = schedule_request(preference=preference, window=window, signals=signals, tasks=(), busy=busy, habits=habits)
    free = free_minutes_by_week(empty)
    return PlanContext(
        month=window.key,
        timezone=window.timezone,
        goals_text=preference.goals_text,
        task_complexity=preference.task_complexity,
        focus_areas=tuple(preference.focus_areas),
        weekend_preference=preference.weekend_preference,
        commitments=tuple(preference.fixed_commitments),
        working_days=working_days(window, preference.weekend_preference),
        weeks=weeks_in_month(window.year, window.month),
        insights=signals.insights,
        free_minutes_by_week=free,
    )


def draft_tasks(draft: PlanDraft) -> tuple[DraftTask, ...]:
    """Stable keys ("w2-t3": week 2, third task of that week) so regenerations keep task identities."""
    per_week: dict[int, int] = {}
    tasks = []
    for spec in draft.tasks:
        per_week[spec.week] = per_week.get(spec.week, 0) + 1
        tasks.append(
            DraftTask(
                key=f"w{spec.week}-t{per_week[spec.week]}",
                description=spec.description,
                focus_area=spec.focus_area,
                duration_minutes=spec.duration_minutes,
                difficulty=spec.difficulty,
                week=spec.week,
                target=spec.target,
            )
        )
    return tuple(tasks)


def peak_windows_for(*, preference: Preferences, signals: PlanningSignals) -> tuple[tuple[PeakWindow, ...], str]:
    """Which energy windows the plan uses, and where they came from: the person's own when
    they chose "use mine" (or nothing is learned yet), else the learned ones; none at all
    lets the scheduler derive them from the free time."""
    stated = preference.stated_peaks
    if stated and (preference.peak_source == PeakSource.MINE or not signals.peak_windows):
        return stated, "stated"
    return tuple(signals.peak_windows), "learned"


def calendar_events(*, user_id: object, start: dt.datetime, end: dt.datetime) -> tuple[BusyInterval, ...]:
    """The busy time imported from the person's own calendars that overlaps [start, end)."""
    rows = BusyEvent.objects.filter(user_id=user_id, start__lt=end, end__gt=start).order_by("start", "id")
    return tuple(BusyInterval(*row) for row in rows.values_list("start", "end", "summary"))


def schedule_request(
    *,
    preference: Preferences,
    window: MonthWindow,
    signals: PlanningSignals,
    tasks: tuple[DraftTask, ...],
    busy: tuple[BusyInterval, ...] = (),
    habits: tuple[HabitSpec, ...] = (),
) -> ScheduleRequest:
    """The scheduler's input for the window's month. Reads the person's calendar events from
    the evening before the month to the morning after it (one query): they block time like
    commitments wherever the month is planned, placed again or measured."""
    peaks, source = peak_windows_for(preference=preference, signals=signals)
    day = dt.timedelta(days=1)
    events = calendar_events(
        user_id=preference.user_id,
        start=month_start(window.year, window.month, window.timezone) - day,
        end=month_end(window.year, window.month, window.timezone) + day,
    )
    return ScheduleRequest(
        year=window.year,
        month=window.month,
        timezone=window.timezone,
        not_before=window.not_before,
        tasks=tasks,
        commitments=preference.commitments,
        working_hours=preference.working_windows,
        buffer_minutes=preference.buffer_minutes,
        session_minutes=preference.session_minutes,
        max_sessions_per_day=preference.max_sessions_per_day,
        weekend_preference=preference.weekend_preference,
        complexity=preference.task_complexity,
        peak_windows=peaks,
        peak_source=source,
        duration_multipliers=signals.duration_multipliers,
        busy=busy,
        events=events,
        habits=habits,
    )
