"""Writing a person's sessions to the CalDAV calendar they chose (write_sessions).

Each session of the person's active plans in the sync window is one event there: the
calendar feed's VEVENT (planning.calendar.ical.session_ical: its UID, TZID with a VTIMEZONE,
SEQUENCE = PlanTask.sequence, the reason and target in DESCRIPTION, a done session's title
starting "✓ " with X-MONTHWISE-COMPLETED:TRUE). A SessionEvent row remembers where each went,
its ETag and the SEQUENCE written, so a sync writes only what changed:

- a session without an event is created (If-None-Match: *);
- one whose task or SEQUENCE differs from what we wrote is updated (If-Match: our ETag); a
  412 means the person changed the event meanwhile: it is fetched and sessions_back decides
  whose change wins, then the winner is written over the version just read;
- an event whose session left the active plans (superseded, discarded, deleted, skipped) is
  deleted (If-Match). Events of sessions that left the window (last month's) stay as they are.

A UID stays with its event: a session keeps the UID it was first written with, and a new
plan's session with the same drafted key and month takes over the event of the session it
replaces (the feed's scheme), so accepting a proposal updates that event instead of deleting
and adding one.
"""

import datetime as dt
import logging
import time
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import caldav

from calendars.caldav_events import calendar_href, event_delete, event_get, event_put, object_href
from calendars.models import CalendarConnection, SessionEvent
from calendars.services.sessions_back import PullResult, their_change_apply, their_deletion_apply
from calendars.window import SyncWindow
from planning.calendar.ical import FEED_FIELDS, event_uid, session_ical
from planning.models import PlanState, PlanTask
from planning.selectors import plan_tasks_in_range

logger = logging.getLogger(__name__)

# Writing stops after this many seconds; the next sync writes the rest.
PUSH_BUDGET_SECONDS = 60.0


@dataclass
class PushResult:
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    conflicts: int = 0  # writes that met a change made there (a 412)
    complete: bool = True  # False: the time budget ran out
    notices: list[str] = field(default_factory=list)


@dataclass
class _Planned:
    task: PlanTask
    uid: str
    row: SessionEvent | None


def sessions_to_write(connection: CalendarConnection, window: SyncWindow) -> list[PlanTask]:
    """The active plans' sessions in the window that are not skipped, by start."""
    tasks = plan_tasks_in_range(user=connection.user, start=window.start, end=window.end)
    tasks = tasks.filter(skipped_at__isnull=True).select_related(None).select_related("plan")
    return list(tasks.only(*FEED_FIELDS, "skipped_at", "plan__state"))


def _plan(
    connection: CalendarConnection, tasks: list[PlanTask], rows: list[SessionEvent]
) -> tuple[list[_Planned], list[SessionEvent]]:
    """Each session's event (its own row; else the row of its UID that no wanted session holds;
    else a new one), and the rows no session wants."""
    wanted = {task.pk for task in tasks}
    by_task = {row.task_id: row for row in rows if row.task_id is not None}
    by_uid = {row.uid: row for row in rows}
    taken = {by_task[task.pk].pk for task in tasks if task.pk in by_task}
    planned = []
    for task in tasks:
        row = by_task.get(task.pk)
        if row is not None:
            planned.append(_Planned(task=task, uid=row.uid, row=row))
            continue
        uid = event_uid(user=connection.user, task=task)
        row = by_uid.get(uid)
        if row is not None and (row.pk in taken or row.task_id in wanted):
            # Two sessions of the active plans share a drafted key and month: the second gets its own UID.
            uid, row = uid.replace("@", f"-{task.pk}@", 1), None
            row = by_uid.get(uid)
        if row is not None:
            taken.add(row.pk)
        planned.append(_Planned(task=task, uid=uid, row=row))
    return planned, [row for row in rows if row.pk not in taken]


def _still_kept(rows: list[SessionEvent]) -> set[int]:
    """Of the rows no session in the window wants, those whose session is still in an active
    plan and not skipped: it left the window (an earlier month), and its event stays."""
    task_ids = [row.task_id for row in rows if row.task_id is not None]
    live = PlanTask.objects.filter(pk__in=task_ids, plan__state=PlanState.ACTIVE, skipped_at__isnull=True)
    return set(live.values_list("pk", flat=True))


class _Pusher:
    def __init__(self, connection: CalendarConnection, client: caldav.DAVClient, *, now: dt.datetime) -> None:
        self.connection, self.client, self.now = connection, client, now
        self.zone = ZoneInfo(connection.user.timezone)
        self.result = PushResult()
        self.pull = PullResult(sync_token="")  # decisions taken on a 412, their notices
        self.deadline = time.monotonic() + PUSH_BUDGET_SECONDS

    def out_of_time(self) -> bool:
        if time.monotonic() > self.deadline:
            self.result.complete = False
        return not self.result.complete

    def delete(self, row: SessionEvent) -> None:
        if not event_delete(self.client, row.href, if_match=row.etag):
            # Changed there since we last saw it, but its session is gone from the plans: the
            # change has nowhere to go, and the event would stand for a session that is not.
            self.result.conflicts += 1
            event_delete(self.client, row.href, if_match="")
        row.delete()
        self.result.deleted += 1

    def write(self, item: _Planned, rewrite: dict[int, str]) -> None:
        task, row = item.task, item.row
        if row is None:
            self._create(task, item.uid)
        elif row.task_id == task.pk and row.sequence == task.sequence and row.pk not in rewrite:
            self.result.unchanged += 1
        else:
            row.task = task
            self._update(row, task, if_match=rewrite.get(row.pk, row.etag))

    def _create(self, task: PlanTask, uid: str) -> None:
        href = object_href(self.connection.sessions_calendar_url, uid)
        etag = event_put(self.client, href, self._ical(task, uid), if_match=None)
        if etag is None:
            # An event of ours is there already (kept when a connection was removed, or
            # written by a sync that stopped before recording it): this one takes it over.
            self.result.conflicts += 1
            found = event_get(self.client, href)
            etag = event_put(self.client, href, self._ical(task, uid), if_match=found[0] if found else None)
            if etag is None:
                return  # changing under us: the next sync tries again
        self._saved(SessionEvent(connection=self.connection, task=task, uid=uid, href=href), task, etag)
        self.result.created += 1

    def _update(self, row: SessionEvent, task: PlanTask, *, if_match: str) -> None:
        etag = event_put(self.client, row.href, self._ical(task, row.uid), if_match=if_match)
        if etag is None:
            self.result.conflicts += 1
            found = event_get(self.client, row.href)
            if found is None:
                their_deletion_apply(row=row, now=self.now, zone=self.zone, result=self.pull)
                return
            their_change_apply(row=row, etag=found[0], data=found[1], now=self.now, zone=self.zone, result=self.pull)
            task.refresh_from_db()
            etag = event_put(self.client, row.href, self._ical(task, row.uid), if_match=found[0])
            if etag is None:
                return  # changing under us: the next sync tries again
        self._saved(row, task, etag)
        self.result.updated += 1

    def _ical(self, task: PlanTask, uid: str) -> bytes:
        return session_ical(user=self.connection.user, task=task, uid=uid)

    def _saved(self, row: SessionEvent, task: PlanTask, etag: str) -> None:
        row.etag, row.sequence, row.written_at = etag, task.sequence, self.now
        row.save()


def sessions_push(
    connection: CalendarConnection,
    client: caldav.DAVClient,
    *,
    window: SyncWindow,
    now: dt.datetime,
    rewrite: dict[int, str] | None = None,
) -> PushResult:
    """Writes the changes of the person's sessions to the sessions calendar. `rewrite` (from
    sessions_back) names events whose server version our version must replace, by the ETag
    to replace."""
    rewrite = rewrite or {}
    pusher = _Pusher(connection, client, now=now)
    current = calendar_href(connection.sessions_calendar_url)
    rows = list(SessionEvent.objects.filter(connection=connection).order_by("pk"))
    here = [row for row in rows if row.href.startswith(current)]
    elsewhere = [row for row in rows if not row.href.startswith(current)]
    planned, unwanted = _plan(connection, sessions_to_write(connection, window), here)
    kept = _still_kept(unwanted)
    # Deletions first: a session whose event was in another calendar gets a new one, and a
    # task has one event row at a time.
    for row in [*elsewhere, *(row for row in unwanted if row.task_id not in kept)]:
        if pusher.out_of_time():
            return pusher.result
        pusher.delete(row)
    for item in planned:
        if pusher.out_of_time():
            break
        pusher.write(item, rewrite)
    pusher.result.notices = pusher.pull.notices
    return pusher.result
