"""Changes made in the person's calendar to the sessions Monthwise wrote there, brought back.

The sessions calendar's sync-token (calendar_changes) lists only what changed since the last
sync, and the ETags we hold leave out our own writes. For each event of ours that changed:

- moved there: the session moves through planning's own rule (plan_task_move: inside its
  month, not in the past, not on a commitment, another session or a calendar event). When
  that refuses, our version is written back over the move (with If-Match on the server's
  ETag) and a notice says why.
- both changed (the session changed in Monthwise since we last wrote it, and the event was
  moved there): the newer change wins, compared by the event's LAST-MODIFIED (or DTSTAMP)
  against PlanTask.updated_at, and a notice reports the change that lost. A calendar app
  that does not stamp its edits leaves the time of its change unknown: it counts as made
  when this sync saw it.
- deleted there: the session is marked skipped (skipped_at) and no longer written; it and
  its logs stay. A session that has ended is history: moving its event changes nothing here.

The same decision serves a write that finds the event changed under it (a 412 answer):
sessions_out fetches the event and asks `their_change_apply`.
"""

import datetime as dt
import logging
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import caldav
import icalendar

from calendars.caldav_account import calendar_changes
from calendars.caldav_events import calendar_href
from calendars.ical_zones import forget_file_zones, reattach_zones
from calendars.models import CalendarConnection, SessionEvent
from planning.models import PlanState, PlanTask
from planning.services.plan_tasks import TaskChangeRefused, plan_task_move, short_when

logger = logging.getLogger(__name__)

MOVED_BACK = "“{name}” was moved in your calendar to {to}, but it can't go there: {why} It is back at {back}."
ALL_DAY = "A session needs a start and an end time, not a whole day."
UNREADABLE = "“{name}” could not be read back from your calendar; Monthwise wrote it again as it is here ({back})."
MONTHWISE_NEWER = (
    "“{name}” was moved in your calendar to {to}, but it was changed in Monthwise after that, "
    "so Monthwise's version ({back}) was kept."
)
CALENDAR_NEWER = (
    "“{name}” was changed both in Monthwise and in your calendar; the calendar's move to {to} is newer, so it was kept."
)
SKIPPED = "“{name}” ({when}) was deleted in your calendar, so it is marked skipped here; its history stays."
SKIPPED_AFTER_CHANGE = (
    "“{name}” ({when}) was deleted in your calendar after it was changed in Monthwise; "
    "it is marked skipped here, with your change kept on it."
)


@dataclass(frozen=True)
class EventTimes:
    start: dt.datetime
    end: dt.datetime
    all_day: bool
    changed_at: dt.datetime | None  # LAST-MODIFIED, else DTSTAMP


@dataclass
class PullResult:
    sync_token: str
    # SessionEvent id -> the server's ETag that our version is written over (If-Match).
    rewrite: dict[int, str] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    moved: int = 0
    skipped: int = 0


def _instant(value: dt.date, zone: ZoneInfo) -> dt.datetime:
    if not isinstance(value, dt.datetime):
        return dt.datetime.combine(value, dt.time(0), tzinfo=zone)
    return value if value.tzinfo is not None else value.replace(tzinfo=zone)  # floating: the person's clock


def _changed_at(event: icalendar.Event) -> dt.datetime | None:
    for name in ("LAST-MODIFIED", "DTSTAMP"):
        value = getattr(event.get(name), "dt", None)
        if isinstance(value, dt.datetime):
            return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)
    return None


def event_times(data: str, *, uid: str, zone: ZoneInfo) -> EventTimes | None:
    """The times of the event with this UID (its main occurrence), or None when it cannot be read."""
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except (ValueError, KeyError, IndexError, TypeError):
        return None
    finally:
        forget_file_zones()
    reattach_zones(calendar)
    for event in calendar.walk("VEVENT"):
        if str(event.get("UID", "")) != uid or event.get("RECURRENCE-ID") is not None:
            continue
        start = getattr(event.get("DTSTART"), "dt", None)
        if not isinstance(start, dt.date):
            return None
        end = getattr(event.get("DTEND"), "dt", None)
        duration = getattr(event.get("DURATION"), "dt", None)
        begins = _instant(start, zone)
        if isinstance(end, dt.date):
            ends = _instant(end, zone)
        else:
            ends = begins + (duration if isinstance(duration, dt.timedelta) else dt.timedelta(days=1))
        if ends <= begins:
            return None
        return EventTimes(
            start=begins.astimezone(dt.UTC),
            end=ends.astimezone(dt.UTC),
            all_day=not isinstance(start, dt.datetime),
            changed_at=_changed_at(event),
        )
    return None


def _is_live(task: PlanTask, now: dt.datetime) -> bool:
    """A session whose event's changes come back: in an active plan, not skipped, not ended."""
    return task.plan.state == PlanState.ACTIVE and task.skipped_at is None and task.end_time > now


def their_change_apply(
    *, row: SessionEvent, etag: str, data: str, now: dt.datetime, zone: ZoneInfo, result: PullResult
) -> None:
    """The event of `row` is now `data` (with `etag`) on the server: what it means for the
    session, decided as the module says. Saves the row's new ETag only when the server's
    version stands; when ours must be written back, `result.rewrite` says over which ETag."""
    task = row.task
    if task is None or not _is_live(task, now):
        row.etag = etag  # nothing comes back; a session no longer in a plan has its event deleted with this
        row.save(update_fields=["etag"])
        return
    name, back = task.task_description, short_when(task.start_time, zone)
    times = event_times(data, uid=row.uid, zone=zone)
    if times is None:
        result.rewrite[row.pk] = etag
        result.notices.append(UNREADABLE.format(name=name, back=back))
        return
    if (times.start, times.end) == (task.start_time, task.end_time) and not times.all_day:
        row.etag = etag  # something else changed there (or the server rewrote our text): ours follows if newer
        row.save(update_fields=["etag"])
        return
    to = short_when(times.start, zone)
    if times.all_day:
        day = times.start.astimezone(zone).strftime("%a %-d %b")
        result.rewrite[row.pk] = etag
        result.notices.append(MOVED_BACK.format(name=name, to=day, why=ALL_DAY, back=back))
        return
    changed_here = row.sequence != task.sequence
    changed_there = times.changed_at if times.changed_at and times.changed_at > row.written_at else now
    if changed_here and task.updated_at > changed_there:
        result.rewrite[row.pk] = etag
        result.notices.append(MONTHWISE_NEWER.format(name=name, to=to, back=back))
        return
    try:
        plan_task_move(task=task, start_time=times.start, end_time=times.end, now=now)
    except TaskChangeRefused as exc:
        result.rewrite[row.pk] = etag
        result.notices.append(MOVED_BACK.format(name=name, to=to, why=exc.message, back=back))
        return
    row.etag = etag  # the session moved; its new SEQUENCE and reason are written over this version
    row.save(update_fields=["etag"])
    result.moved += 1
    if changed_here:
        result.notices.append(CALENDAR_NEWER.format(name=name, to=to))


def their_deletion_apply(*, row: SessionEvent, now: dt.datetime, zone: ZoneInfo, result: PullResult) -> None:
    """The event of `row` was deleted in the calendar: its session is skipped (never deleted)."""
    task = row.task
    row.delete()
    if task is None or task.plan.state != PlanState.ACTIVE or task.skipped_at is not None:
        return
    changed_here = row.sequence != task.sequence
    task.skipped_at = now
    task.save(update_fields=["skipped_at", *task.mark_changed(now)])
    result.skipped += 1
    message = SKIPPED_AFTER_CHANGE if changed_here else SKIPPED
    result.notices.append(message.format(name=task.task_description, when=short_when(task.start_time, zone)))


def session_rows(connection: CalendarConnection) -> dict[str, SessionEvent]:
    """href -> the connection's written sessions in its current sessions calendar, with their tasks."""
    here = calendar_href(connection.sessions_calendar_url)
    rows = (
        SessionEvent.objects.filter(connection=connection, href__startswith=here)
        .select_related("task__plan__preference", "task__user")
        .order_by("pk")
    )
    return {row.href: row for row in rows}


def sessions_pull(connection: CalendarConnection, client: caldav.DAVClient, *, now: dt.datetime) -> PullResult:
    """Reads what changed in the sessions calendar since the last sync and applies it."""
    calendar_url = connection.sessions_calendar_url
    rows = session_rows(connection)
    changes = calendar_changes(
        client,
        calendar_url=calendar_url,
        sync_token=connection.sessions_sync_tokens.get(calendar_url, ""),
        known_etags={href: row.etag for href, row in rows.items()},
    )
    result = PullResult(sync_token=changes.sync_token)
    zone = ZoneInfo(connection.user.timezone)
    for href in sorted(changes.removed):
        if href in rows:
            their_deletion_apply(row=rows[href], now=now, zone=zone, result=result)
    for href, (etag, data) in sorted(changes.changed.items()):
        if href in rows:  # an event the person added to this calendar themselves is theirs alone
            their_change_apply(row=rows[href], etag=etag, data=data, now=now, zone=zone, result=result)
    return result
