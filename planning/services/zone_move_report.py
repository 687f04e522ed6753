"""What a time-zone change did to the future sessions, in the person's words: planning's
answer to accounts' zone-change hook (registered in PlanningConfig.ready)."""

import datetime as dt
from zoneinfo import ZoneInfo

from accounts.extensions import SessionNote, ZoneChangeReport
from accounts.models import User
from planning.models import PlanTask
from planning.services.plan_tasks import short_when
from planning.services.zone_move import KEEP_ABSOLUTE_TIMES, ZoneMoveOutcome, plan_tasks_follow_zone


def future_sessions_follow_zone(
    *, user: User, old_timezone: str, new_timezone: str, future_sessions: str, now: dt.datetime
) -> ZoneChangeReport:
    outcome = plan_tasks_follow_zone(
        user=user, old_timezone=old_timezone, new_timezone=new_timezone, mode=future_sessions, now=now
    )
    return zone_move_report(outcome, mode=future_sessions, zone=ZoneInfo(new_timezone))


def _note(task: PlanTask, note: str, zone: ZoneInfo) -> SessionNote:
    return SessionNote(
        id=task.pk, description=task.task_description, when=short_when(task.start_time, zone), note=note
    )


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def zone_move_report(outcome: ZoneMoveOutcome, *, mode: str, zone: ZoneInfo) -> ZoneChangeReport:
    # A kept session's note is the reason's first sentence ("Kept at 18:00 your time after ...").
    moved = tuple(_note(item.task, item.reason.split(". ", 1)[0], zone) for item in outcome.moved)
    re_placed = tuple(_note(item.task, item.cause, zone) for item in outcome.re_placed)
    unplaced = tuple(_note(task, reason, zone) for task, reason in outcome.unplaced)
    return ZoneChangeReport(
        summary=_summary(moved=moved, re_placed=re_placed, unplaced=unplaced, mode=mode),
        moved=moved,
        re_placed=re_placed,
        unplaced=unplaced,
    )


def _summary(
    *, moved: tuple[SessionNote, ...], re_placed: tuple[SessionNote, ...], unplaced: tuple[SessionNote, ...], mode: str
) -> str:
    if mode == KEEP_ABSOLUTE_TIMES:
        sentence = "Your sessions kept their times, so they show at different clock times now"
        if len(unplaced) == 1:
            return f"{sentence}; 1 now overlaps a commitment: {unplaced[0].description}, {unplaced[0].when}."
        if unplaced:
            return f"{sentence}; {len(unplaced)} now overlap a commitment (listed below)."
        return f"{sentence}; none of them overlaps a commitment."
    if not (moved or re_placed or unplaced):
        return "No future session needed to move."
    parts = []
    if moved:
        parts.append(_count(len(moved), "session kept its local time", "sessions kept their local times"))
    if len(re_placed) == 1:
        parts.append(f"1 was re-placed because {re_placed[0].note}")
    elif re_placed:
        parts.append(f"{len(re_placed)} were re-placed because their local times now clashed (listed below)")
    if len(unplaced) == 1:
        parts.append(f"1 could not be placed: {unplaced[0].note}")
    elif unplaced:
        parts.append(f"{len(unplaced)} could not be placed and stay where they were (listed below)")
    sentence = "; ".join(parts)
    return sentence if sentence.endswith(".") else f"{sentence}."
