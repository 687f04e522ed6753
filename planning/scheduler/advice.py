"""Why a session could not be placed, and what would make the month fit.

The reasons name what is actually short: a slot long enough inside the working hours,
the daily load, the sessions a day, or the hour kept between hard sessions. The advice
never tells an Ambitious person to choose a more ambitious complexity (there is none),
and never suggests a less ambitious one: when hours are short, the remedy is hours.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from planning.scheduler.capacity import daily_capacity_minutes, more_ambitious
from planning.scheduler.days import Month, build_month
from planning.scheduler.free_time import day_usable_minutes, minutes_by_week
from planning.scheduler.hours import day_part, describe_hours
from planning.scheduler.intervals import total
from planning.scheduler.slots import has_slot
from planning.scheduler.types import Advice, Day, ScheduleRequest, SizedTask


def hours_text(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"


def _fewer(request: ScheduleRequest, *, cap: bool) -> str:
    step_up = more_ambitious(request.complexity)
    if step_up:
        return f"choose {step_up} or plan fewer tasks"
    # Ambitious is the top: more hours would not raise the load or the sessions a day.
    return "plan fewer tasks or allow more sessions a day" if cap else "plan fewer tasks"


def _no_slot(minutes: int, request: ScheduleRequest) -> str:
    kept = f" (with {request.buffer_minutes} min kept clear around each)" if request.buffer_minutes else ""
    return (
        f"No free {minutes}-minute slot left in the month's working hours ({describe_hours(request)}) "
        f"after your commitments{kept} and other sessions."
    )


def _days_full(minutes: int, days: list[Day], request: ScheduleRequest) -> str:
    # Only the sessions a day stop it: the load would still have room.
    at_cap = [
        day
        for day in days
        if day.session_cap is not None and day.count >= day.session_cap and day.load + minutes <= day.capacity
    ]
    if at_cap and len(at_cap) == len(days):
        cap = days[0].session_cap
        if request.max_sessions_per_day is not None:
            return (
                f"Every day that still has a free {minutes}-minute slot already has {cap} "
                f"session{'s' * (cap != 1)}, the most a day you allow; allow more sessions a day or plan fewer tasks."
            )
        return (
            f"Every day that still has a free {minutes}-minute slot already has {cap} "
            f"session{'s' * (cap != 1)}, the most a day for {request.complexity}; {_fewer(request, cap=True)}."
        )
    weekday_load = daily_capacity_minutes(request.complexity, weekend=False, weekend_preference="Work")
    most = "" if more_ambitious(request.complexity) else ", the most any complexity allows"
    return (
        f"Every day that still has a free {minutes}-minute slot already carries its full load "
        f"({weekday_load} min of tasks a weekday for {request.complexity}{most}); {_fewer(request, cap=False)}."
    )


HARD_GAP_REASON = "less than an hour from another hard session"


def unplaced_reason(sized: SizedTask, month: Month, request: ScheduleRequest, taken: set[int]) -> str:
    """`taken`: the days that hold another part of the same task."""
    minutes = sized.minutes
    with_slot = [day for day in month.days if has_slot(day, minutes)]
    if not with_slot:
        return _no_slot(minutes, request)
    room = [day for day in with_slot if day.takes(minutes)]
    if not room:
        return _days_full(minutes, with_slot, request)
    if all(day.index in taken for day in room):
        return (
            f"The days with a free {minutes}-minute slot already hold another part of this task; add "
            f"working hours on other days or allow longer sessions."
        )
    return (
        f"The only free {minutes}-minute slots left are {HARD_GAP_REASON} on the same day; plan fewer hard "
        f"tasks or add working hours."
    )


def _day_to_extend(days: list[Day], week: int) -> Day | None:
    """The day of the week whose load is held back most by too few free hours."""
    # Only a day whose free hours hold its load back: elsewhere more hours would not help.
    short = [day for day in days if day.week == week and total(day.free) < day.capacity - day.load]
    if not short:
        return None
    return max(short, key=lambda day: (day.capacity - day.load - total(day.free), -day.index))


def _week_advice(week: int, need: int, free: dict[int, int], days: list[Day], request: ScheduleRequest) -> Advice:
    remedies = []
    extend = _day_to_extend(days, week)
    if extend is not None:
        remedies.append(f"add working hours on {day_part(extend.weekday, request)}")
    step_up = more_ambitious(request.complexity)
    if step_up:
        pref = request.weekend_preference
        at_step_up = minutes_by_week(
            days,
            lambda day: day_usable_minutes(
                day, daily_capacity_minutes(step_up, weekend=day.weekday >= 5, weekend_preference=pref)
            ),
        )
        if at_step_up[week] > free[week]:
            remedies.append(f"choose {step_up}")
    if not remedies:
        remedies.append("plan fewer sessions for that week")
    return Advice(
        "week_full",
        f"Week {week} has {hours_text(free[week])} free inside your working hours and your goals need "
        f"{hours_text(need)}: {' or '.join(remedies)}.",
    )


def _month_advice_without_a_short_week(unplaced: list[SizedTask], days: list[Day], request: ScheduleRequest) -> Advice:
    longest = max((high - low for day in days if day.capacity > 0 for low, high in day.free), default=0)
    too_long = [sized.minutes for sized in unplaced if sized.minutes > longest]
    if too_long:
        remedy = "widen your working hours on some days"
        if request.session_minutes is None or request.session_minutes[1] > longest >= request.session_minutes[0]:
            remedy += " or set a shorter longest session, so longer work is split into parts"
        return Advice(
            "working_hours",
            f"Your longest free stretch inside working hours is {hours_text(longest)}, and a session needs "
            f"{hours_text(max(too_long))}: {remedy}.",
        )
    if request.max_sessions_per_day is not None:
        return Advice("daily_cap", "Your days are full at the sessions a day you allow: allow more sessions a day "
                      "or plan fewer tasks.")  # fmt: skip
    step_up = more_ambitious(request.complexity)
    if step_up:
        message = f"Your days are full for {request.complexity}: choose {step_up} or plan fewer tasks."
        return Advice("complexity", message)
    return Advice("working_hours", "Your days are full at the most load any complexity allows: add working hours "
                  "or plan fewer tasks.")  # fmt: skip


def month_advice(
    request: ScheduleRequest, zone: ZoneInfo, sized_tasks: list[SizedTask], unplaced: list[tuple[SizedTask, str]]
) -> tuple[Advice, ...]:
    """What would make the month fit, from the month as it was before any placement."""
    days = build_month(request, zone).days
    free = minutes_by_week(days)
    need = dict.fromkeys(free, 0)
    for sized in sized_tasks:
        if sized.task.duration_minutes > 0:
            need[sized.target_week] += sized.minutes
    # Every week the goals overflow, not only those of the tasks left over: a full week
    # pushes its tasks into the next one, which then looks full instead.
    short_weeks = [week for week in sorted(need) if need[week] > free[week]]
    advice = [_week_advice(week, need[week], free, days, request) for week in short_weeks]
    if any(HARD_GAP_REASON in reason for _, reason in unplaced):
        advice.append(
            Advice(
                "hard_sessions",
                "Hard sessions keep at least an hour apart on a day, and your free hours leave room for few of "
                "them: plan fewer hard tasks, make some of them medium, or add working hours.",
            )
        )
    leftover = [sized for sized, _ in unplaced if sized.task.duration_minutes > 0]
    if not advice and leftover:
        advice.append(_month_advice_without_a_short_week(leftover, days, request))
    return tuple(advice)
