"""The person's plan tasks as iCalendar (RFC 5545), for any calendar app to subscribe to.

One VEVENT per task of the newest plan of each month, from two months back to twelve
ahead. Times carry the person's zone (TZID) with a VTIMEZONE for it, so a calendar app
shows 09:00 as 09:00 on both sides of a daylight-saving change. The UID comes from what
identifies the task in the product (its drafted key, the plan month, the person), not from
the row id: regenerating a month replaces the rows, and a subscribed calendar then
updates the same events instead of showing them twice.

Calendar apps poll the feed (hourly, as REFRESH-INTERVAL asks). `feed_version` answers,
with one aggregate query, whether anything the events are built from has changed, so a
poll that finds nothing new is a 304 without building a single event.
"""

import datetime as dt
import hashlib
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import Count, Max, Q, Sum
from django.utils import timezone
from icalendar import Calendar, Event

from accounts.models import User
from planning.models import Difficulty, PlanTask
from planning.months import add_months, local_month_of, month_end, month_start
from planning.selectors import plan_tasks_in_range

MONTHS_BACK = 2
MONTHS_AHEAD = 12
PRODID = "-//Monthwise//Monthly plan//EN"
# Part of every ETag: a change to how events are written must reach subscribed calendars.
FEED_FORMAT = "3"
FEED_FIELDS = (
    "id",
    "plan",
    "task_key",
    "task_description",
    "target",
    "habit",
    "focus_area",
    "start_time",
    "end_time",
    "difficulty_level",
    "scheduling_reason",
    "is_completed",
    "completed_at",
    "sequence",
    "updated_at",
    "plan__month_year",
)
_DIFFICULTY_LABELS = dict(Difficulty.choices)


def feed_window(*, user: User, now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    """From the first day of the month two months back to the end of the month twelve ahead."""
    year, month = local_month_of(now, user.timezone)
    first = month_start(*add_months(year, month, -MONTHS_BACK), user.timezone)
    return first, month_end(*add_months(year, month, MONTHS_AHEAD), user.timezone)


def feed_tasks(*, user: User, first: dt.datetime, after_last: dt.datetime) -> list[PlanTask]:
    tasks = plan_tasks_in_range(user=user, start=first, end=after_last)
    # One query whatever the number of tasks; the plan's prompt and AI answer stay behind.
    return list(tasks.select_related(None).select_related("plan").only(*FEED_FIELDS))


@dataclass(frozen=True)
class FeedVersion:
    """What an HTTP validator needs: a strong ETag (opaque, unquoted) and Last-Modified."""

    etag: str
    last_modified: dt.datetime


def feed_version(*, user: User, now: dt.datetime) -> FeedVersion:
    """The feed's version from one aggregate over the same tasks `calendar_for` writes.

    Count, id sum and max change when a task joins or leaves the feed (a plan accepted, a
    session carried over, the window moving on); sequence and updated_at when one is moved
    or edited (`PlanTask.mark_changed`); the completion columns when one is ticked, which
    shows in its title whether or not the tick bumped its sequence.
    """
    first, after_last = feed_window(user=user, now=now)
    tasks = plan_tasks_in_range(user=user, start=first, end=after_last).select_related(None).order_by()
    stats = tasks.aggregate(
        count=Count("id"),
        id_sum=Sum("id"),
        id_max=Max("id"),
        sequence_sum=Sum("sequence"),
        updated_max=Max("updated_at"),
        completed=Count("id", filter=Q(is_completed=True)),
        completed_max=Max("completed_at"),
    )
    parts = [FEED_FORMAT, user.timezone, first.isoformat(), after_last.isoformat()]
    parts += [str(stats[name]) for name in sorted(stats)]
    etag = hashlib.sha256("|".join(parts).encode()).hexdigest()[:32]
    # Last-Modified can only grow with max() of what is there, so it also takes the moments
    # a removal-like change happens at: the person's own changes (their zone) and the start
    # of this local month, when the window moves on and old months drop out of it.
    window_moved = month_start(*local_month_of(now, user.timezone), user.timezone)
    candidates = [stats["updated_max"], stats["completed_max"], user.updated_at, window_moved]
    return FeedVersion(etag=etag, last_modified=max(moment for moment in candidates if moment is not None))


def event_uid(*, user: User, task: PlanTask) -> str:
    return f"{task.task_key}-{task.plan.month_year}-{user.id}@monthwise"


def _description(task: PlanTask) -> str:
    lines = [f"Target: {task.target}"] if task.target else []
    lines += ["Habit: one of your habit's sessions"] if task.habit_id else []
    lines += [
        f"Focus area: {task.focus_area}",
        f"Difficulty: {_DIFFICULTY_LABELS.get(task.difficulty_level, task.difficulty_level)}",
        f"Completed: {'yes' if task.is_completed else 'not yet'}",
        "",
        f"Why this time: {task.scheduling_reason}",
    ]
    return "\n".join(lines)


def task_event(*, user: User, task: PlanTask, zone: ZoneInfo, uid: str | None = None) -> Event:
    """The task's VEVENT; `uid` replaces the feed's when an event written elsewhere keeps its own."""
    event = Event()
    event.add("uid", uid or event_uid(user=user, task=task))
    # Without METHOD, DTSTAMP is when the event's information last changed (RFC 5545
    # 3.8.7.2), so it is derived from the data, not the time of the request. A tick that
    # did not go through mark_changed still counts as a change (its title shows it).
    changed = max(filter(None, (task.updated_at, task.completed_at)))
    event.add("dtstamp", changed.astimezone(dt.UTC))
    event.add("last-modified", changed.astimezone(dt.UTC))
    event.add("sequence", task.sequence)
    event.add("dtstart", task.start_time.astimezone(zone))
    event.add("dtend", task.end_time.astimezone(zone))
    event.add("summary", f"✓ {task.task_description}" if task.is_completed else task.task_description)
    event.add("description", _description(task))
    # A habit's sessions are also filed under "Habit", so a calendar app can show or hide them.
    event.add("categories", [task.focus_area, "Habit"] if task.habit_id else [task.focus_area])
    # VEVENT has no COMPLETED status (that is VTODO's): the event stays CONFIRMED and
    # completion travels in the title, the description and an extension property.
    event.add("status", "CONFIRMED")
    event.add("transp", "OPAQUE")
    event.add("x-monthwise-completed", "TRUE" if task.is_completed else "FALSE")
    return event


def _calendar() -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    return calendar


def session_ical(*, user: User, task: PlanTask, uid: str | None = None) -> bytes:
    """One session as a calendar object of its own, as CalDAV stores them (RFC 4791 4.1: one
    UID a resource): the feed's VEVENT, and a VTIMEZONE covering a year either side of the
    session, so the event stays right when the person moves it in their calendar app."""
    calendar = _calendar()
    calendar.add_component(task_event(user=user, task=task, zone=ZoneInfo(user.timezone), uid=uid))
    day = task.start_time.astimezone(ZoneInfo(user.timezone)).date()
    calendar.add_missing_timezones(first_date=day - dt.timedelta(days=366), last_date=day + dt.timedelta(days=366))
    return calendar.to_ical()


def calendar_for(*, user: User, now: dt.datetime | None = None) -> bytes:
    now = now or timezone.now()
    zone = ZoneInfo(user.timezone)
    calendar = _calendar()
    calendar.add("x-wr-calname", "Monthwise plan")
    calendar.add("x-wr-timezone", user.timezone)
    calendar.add("refresh-interval", dt.timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    first, after_last = feed_window(user=user, now=now)
    for task in feed_tasks(user=user, first=first, after_last=after_last):
        calendar.add_component(task_event(user=user, task=task, zone=zone))
    # The zone's rules over the feed's whole window (a VTIMEZONE from 1970 to 2038, the
    # default, would be most of the file); added only when an event refers to the zone.
    calendar.add_missing_timezones(
        first_date=first.date() - dt.timedelta(days=1), last_date=after_last.date() + dt.timedelta(days=1)
    )
    return calendar.to_ical()
