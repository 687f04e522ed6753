"""Moving time zones: the person's future sessions follow their clock, or stay put.

Commitments are wall-clock times in the person's current zone, so after a move from New York
to London sessions left at their absolute times sit on London's working day. By default
(keep local times) every future session that is not done, logged or under way is re-anchored
to the same date and wall-clock time in the new zone. Each is then checked against its plan's
commitments, read in the new zone (working hours are not a clash: a kept session keeps the
time the person had), and against the sessions already in place; the few that now clash (a
daylight-saving edge, a done session that kept its absolute time, a local time already past)
are placed again by the scheduler, and what it cannot place stays where it was, reported.
With "keep absolute times" no row changes; the sessions that now sit on a commitment are
reported.

The person's row is locked first, the lock every move and re-placement takes, inside the
caller's transaction that saves the new zone: a failure leaves the zone and every session
as they were.
"""

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from accounts.extensions import FUTURE_SESSIONS_UNKNOWN, FutureSessions
from accounts.models import User
from config.refusal import Refusal
from insights.models import ActivityLog
from insights.selectors import planning_signals
from planning.extensions import sessions_changed
from planning.learning import PlanningSignals
from planning.models import PlanTask
from planning.months import local_month_of, parse_month
from planning.scheduler import (
    DAY_NAMES,
    MONTH_NAMES,
    BusyInterval,
    Commitment,
    find_conflict,
    is_real_local_time,
)
from planning.scheduler.localtime import wall_to_epoch_minutes
from planning.selectors import plan_tasks_in_range
from planning.services.context import calendar_events, month_window
from planning.services.plan_tasks import short_when
from planning.services.replacing import busy_of, tasks_place_again

UTC = dt.UTC
KEEP_LOCAL_TIMES = FutureSessions.KEEP_LOCAL_TIMES
KEEP_ABSOLUTE_TIMES = FutureSessions.KEEP_ABSOLUTE_TIMES
# A session stays inside its plan's month, so one that started earlier than this has ended.
_REACH_BACK = dt.timedelta(days=32)
_HORIZON = dt.datetime(9999, 1, 1, tzinfo=UTC)
# The sentence an earlier move put in front of a kept session's reason: replaced, not stacked.
_FOLLOWED_ZONE = re.compile(r"^(?:Kept at|Moved to) \d\d:\d\d your time after you moved to [^.]*\. ")


class ZoneMoveRefused(Refusal):
    """A zone move asked for in a way this service does not know."""


@dataclass(frozen=True)
class ZoneMove:
    task: PlanTask  # saved at its new time
    old_start: dt.datetime
    reason: str  # its new scheduling_reason
    cause: str = ""  # placed anew: what its local time ran into, e.g. "it now overlapped “Work” (Tue 24 Nov 09:00)"


@dataclass(frozen=True)
class ZoneMoveOutcome:
    moved: list[ZoneMove]  # kept their local times
    re_placed: list[ZoneMove]  # clashed at their local times and were placed anew
    unplaced: list[tuple[PlanTask, str]]  # unchanged, with why


@dataclass(frozen=True)
class _Clash:
    task: PlanTask
    old_start: dt.datetime
    old_end: dt.datetime
    cause: str


def same_wall_clock(moment: dt.datetime, old_zone: ZoneInfo, new_zone: ZoneInfo) -> tuple[dt.datetime, bool]:
    """The instant the new zone's clock shows what the old zone's clock showed at `moment`, and
    whether that wall time was skipped there. A wall time the new zone shows twice (a fall-back
    night) keeps the pass it had in the old zone, the first when it had only one; one the new
    zone skips (a spring-forward gap) becomes the first minute after the gap, as commitments do."""
    local = moment.astimezone(old_zone)
    wall = local.replace(tzinfo=new_zone)  # keeps `fold`: the pass through a repeated hour
    if is_real_local_time(wall):
        return wall.astimezone(UTC), False
    minute = wall_to_epoch_minutes(local.date(), local.time(), new_zone, is_end=False)
    return dt.datetime.fromtimestamp(minute * 60, tz=UTC), True


def plan_tasks_follow_zone(
    *,
    user: User,
    old_timezone: str,
    new_timezone: str,
    mode: str = KEEP_LOCAL_TIMES,
    now: dt.datetime | None = None,
) -> ZoneMoveOutcome:
    """Carries the person's future sessions from `old_timezone` to `new_timezone` as `mode`
    says. Past, done, logged and started sessions never change; they block time."""
    if mode not in FutureSessions.values:
        raise ZoneMoveRefused(FUTURE_SESSIONS_UNKNOWN % {"value": mode}, field="future_sessions")
    now = now or timezone.now()
    if old_timezone == new_timezone:
        return ZoneMoveOutcome(moved=[], re_placed=[], unplaced=[])
    old_zone, new_zone = ZoneInfo(old_timezone), ZoneInfo(new_timezone)
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()
        sessions = _sessions_ending_after(user=user, now=now)
        following = [task for task in sessions if _follows_zone(task, now)]
        if mode == KEEP_ABSOLUTE_TIMES:
            return ZoneMoveOutcome(moved=[], re_placed=[], unplaced=_on_commitments(following, new_zone))
        following_ids = {task.pk for task in following}
        staying = [task for task in sessions if task.pk not in following_ids]
        return _keep_local_times(
            user=user, following=following, staying=staying, old_zone=old_zone, new_zone=new_zone, now=now
        )


def _sessions_ending_after(*, user: User, now: dt.datetime) -> list[PlanTask]:
    """The active plans' sessions not over yet: the ones that may follow the zone and the ones
    they must not run into."""
    has_log = Exists(ActivityLog.objects.filter(task_id=OuterRef("pk")))
    sessions = plan_tasks_in_range(user=user, start=now - _REACH_BACK, end=_HORIZON).filter(end_time__gt=now)
    return list(sessions.annotate(has_log=has_log))


def _follows_zone(task: PlanTask, now: dt.datetime) -> bool:
    return task.start_time >= now and not task.is_completed and not task.has_log and task.started_at is None


def _on_commitments(tasks: list[PlanTask], zone: ZoneInfo) -> list[tuple[PlanTask, str]]:
    unplaced = []
    for task in tasks:
        clash = find_conflict(
            start=task.start_time,
            end=task.end_time,
            timezone=zone.key,
            commitments=task.plan.preference.commitments,
            busy=(),
        )
        if clash is not None:
            unplaced.append(
                (
                    task,
                    f"At {short_when(task.start_time, zone)} your time it now overlaps {_named(clash)} "
                    f"({_span(clash, zone)}) in {zone.key}.",
                )
            )
    return unplaced


def _named(interval: BusyInterval) -> str:
    return f"“{interval.label}”" if interval.label else "a fixed commitment"


def _span(interval: BusyInterval, zone: ZoneInfo) -> str:
    end = interval.end.astimezone(zone)
    if interval.start.astimezone(zone).date() == end.date():
        return f"{short_when(interval.start, zone)}-{end:%H:%M}"
    return f"{short_when(interval.start, zone)} to {short_when(interval.end, zone)}"


def _clash_cause(
    start: dt.datetime,
    end: dt.datetime,
    *,
    commitments: tuple[Commitment, ...],
    busy: list[BusyInterval],
    zone: ZoneInfo,
    now: dt.datetime,
) -> str | None:
    """What keeps a session from [start, end) on the new clock, in words; None when nothing does.
    A commitment is named before a session; working hours are not a clash."""
    if start < now:
        return f"its local time ({short_when(start, zone)}) had already passed"
    clash = find_conflict(start=start, end=end, timezone=zone.key, commitments=commitments, busy=())
    if clash is None:
        clash = find_conflict(start=start, end=end, timezone=zone.key, commitments=(), busy=busy)
    if clash is None:
        return None
    return f"it now overlapped {_named(clash)} ({short_when(clash.start, zone)})"


def _day_words(moment: dt.datetime, zone: ZoneInfo) -> str:
    local = moment.astimezone(zone)
    return f"{DAY_NAMES[local.weekday()][:3]} {local.day} {MONTH_NAMES[local.month - 1][:3]}"


def _kept_reason(task: PlanTask, *, old_wall: dt.datetime, start: dt.datetime, skipped: bool, zone: ZoneInfo) -> str:
    original = _FOLLOWED_ZONE.sub("", task.scheduling_reason, count=1)
    local = start.astimezone(zone)
    if not skipped:
        return f"Kept at {local:%H:%M} your time after you moved to {zone.key}. {original}"
    return (
        f"Moved to {local:%H:%M} your time after you moved to {zone.key} ({old_wall:%H:%M} does not exist there "
        f"on {_day_words(start, zone)}: the clocks skip that hour). {original}"
    )


def _keep_local_times(
    *,
    user: User,
    following: list[PlanTask],
    staying: list[PlanTask],
    old_zone: ZoneInfo,
    new_zone: ZoneInfo,
    now: dt.datetime,
) -> ZoneMoveOutcome:
    # Calendar events keep their moments: sessions keep clear of them like of other sessions.
    busy = [*calendar_events(user_id=user.pk, start=now, end=_HORIZON), *busy_of(staying)]
    moved: list[ZoneMove] = []
    clashes: list[_Clash] = []
    anchored = {task.pk: same_wall_clock(task.start_time, old_zone, new_zone) for task in following}
    commitments = {task.plan.preference_id: task.plan.preference.commitments for task in following}
    # When two sessions now overlap, the one the person pinned or chose by hand keeps its time.
    following.sort(key=lambda task: (not (task.is_pinned or task.moved_by_hand), anchored[task.pk][0], task.pk))
    for task in following:
        start, skipped = anchored[task.pk]
        old_start, old_end = task.start_time, task.end_time
        end = start + (old_end - old_start)
        cause = _clash_cause(
            start, end, commitments=commitments[task.plan.preference_id], busy=busy, zone=new_zone, now=now
        )
        if cause is not None:
            task.start_time, task.end_time = start, end  # where it would be: the scheduler's week hint
            clashes.append(_Clash(task=task, old_start=old_start, old_end=old_end, cause=cause))
            continue
        busy.append(BusyInterval(start, end, task.task_description))
        if start == old_start:
            continue  # the two zones show the same time at that moment: nothing to move
        task.scheduling_reason = _kept_reason(
            task, old_wall=old_start.astimezone(old_zone), start=start, skipped=skipped, zone=new_zone
        )
        task.start_time, task.end_time = start, end
        task.mark_changed(now)
        moved.append(ZoneMove(task=task, old_start=old_start, reason=task.scheduling_reason))
    re_placed, unplaced = _place_again(user=user, clashes=clashes, busy=busy, zone=new_zone, now=now)
    changed = [item.task for item in moved + re_placed]
    PlanTask.objects.bulk_update(
        changed, ["start_time", "end_time", "scheduling_reason", "sequence", "updated_at"], batch_size=500
    )
    if changed:
        sessions_changed(user_id=user.pk)  # the person's own calendar gets the new times soon
    moved.sort(key=lambda item: (item.task.start_time, item.task.pk))
    re_placed.sort(key=lambda item: (item.task.start_time, item.task.pk))
    return ZoneMoveOutcome(moved=moved, re_placed=re_placed, unplaced=unplaced)


def _month_of(clash: _Clash, zone: ZoneInfo, now: dt.datetime) -> tuple[int, int]:
    """A session is placed again in its plan's month; a carried-over one, which waits in the
    following month, in the month it waits in."""
    if clash.task.is_carried_over:
        return local_month_of(max(clash.task.start_time, now), zone.key)
    return parse_month(clash.task.plan.month_year)


def _place_again(
    *, user: User, clashes: list[_Clash], busy: list[BusyInterval], zone: ZoneInfo, now: dt.datetime
) -> tuple[list[ZoneMove], list[tuple[PlanTask, str]]]:
    """Places the clashing sessions in free time through the scheduler, a plan and month at a
    time, around `busy` (which grows with each placement); what it cannot place is put back."""
    if not clashes:
        return [], []
    signals = planning_signals(user=user)
    groups: dict[tuple[int, tuple[int, int]], list[_Clash]] = {}
    for clash in clashes:
        groups.setdefault((clash.task.plan_id, _month_of(clash, zone, now)), []).append(clash)
    re_placed: list[ZoneMove] = []
    unplaced: list[tuple[PlanTask, str]] = []
    for (_, (year, month)), group in groups.items():
        placed, missed = _place_group(group, year=year, month=month, signals=signals, busy=busy, zone=zone, now=now)
        re_placed.extend(placed)
        unplaced.extend(missed)
    return re_placed, unplaced


def _place_group(
    group: list[_Clash],
    *,
    year: int,
    month: int,
    signals: PlanningSignals,
    busy: list[BusyInterval],
    zone: ZoneInfo,
    now: dt.datetime,
) -> tuple[list[ZoneMove], list[tuple[PlanTask, str]]]:
    by_pk = {clash.task.pk: clash for clash in group}
    replacement = tasks_place_again(
        tasks=[clash.task for clash in group],
        preference=group[0].task.plan.preference,
        window=month_window(year=year, month=month, timezone=zone.key, now=now),
        signals=signals,
        busy=tuple(busy),
        zone=zone,
    )
    placed: list[ZoneMove] = []
    for item in replacement.placed:
        clash = by_pk[item.task.pk]
        task = item.task
        task.scheduling_reason = f"Moved because {clash.cause} after you moved to {zone.key}; {item.reason}"
        task.mark_changed(now)
        placed.append(ZoneMove(task=task, old_start=clash.old_start, reason=task.scheduling_reason, cause=clash.cause))
        busy.append(BusyInterval(task.start_time, task.end_time, task.task_description))
    missed: list[tuple[PlanTask, str]] = []
    for task, reason in replacement.unplaced:
        clash = by_pk[task.pk]
        task.start_time, task.end_time = clash.old_start, clash.old_end
        missed.append(
            (
                task,
                f"{clash.cause[0].upper()}{clash.cause[1:]} after you moved to {zone.key}, and no other free time "
                f"was found ({reason.rstrip('.')}); it stays at {short_when(clash.old_start, zone)}.",
            )
        )
    return placed, missed
