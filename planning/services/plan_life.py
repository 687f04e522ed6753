"""A plan's life after generation: what a proposal would change, accepting it, discarding it.

A month has one active plan. A later generation is a proposal: it was placed around the
sessions the active plan keeps (done, logged, pinned, moved by hand, carried over), so
accepting it hands those sessions to the new plan unchanged (same ids, same times) and the
rest of the old plan is superseded with it. State changes take the person's row lock, the
same lock a generation's write and every move take, so an accept never races a move or a
second accept into two active plans (the partial unique constraint would refuse it anyway).
"""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from accounts.models import User
from config.refusal import Refusal
from insights.models import ActivityLog
from insights.selectors import planning_signals
from planning.extensions import sessions_changed
from planning.habit_model import HabitPriority
from planning.models import MonthlyPlan, PlanState, PlanTask
from planning.services.context import month_window
from planning.services.replacing import busy_of, tasks_place_again


class PlanStateRefused(Refusal):
    """An accept or discard of a plan that is not (or no longer) a proposal."""


def kept_sessions_q(*, now: dt.datetime | None = None) -> Q:
    """The sessions a re-plan never moves: done, logged, pinned, chosen by hand, or carried
    over from a missed day (the person's unfinished work waiting for its place); and a
    habit's occurrences that are high priority (they keep their slots) or began before `now`
    (the habit's record, missed ones included)."""
    has_log = Exists(ActivityLog.objects.filter(task_id=OuterRef("pk")))
    chosen = Q(is_completed=True) | Q(is_pinned=True) | Q(moved_by_hand=True) | Q(is_carried_over=True) | Q(has_log)
    habit = Q(habit__priority=HabitPriority.HIGH) | Q(habit__isnull=False, start_time__lt=now or timezone.now())
    return chosen | habit


def kept_sessions(*, plan: MonthlyPlan, now: dt.datetime | None = None) -> QuerySet[PlanTask]:
    return PlanTask.objects.filter(plan=plan).filter(kept_sessions_q(now=now)).order_by("start_time", "id")


def carried_into(*, user: User, month_year: str, start: dt.datetime, end: dt.datetime) -> QuerySet[PlanTask]:
    """Sessions carried over into [start, end) from an earlier month's active plan: they wait
    there until this month has a plan of its own, which places around them and adopts them."""
    return (
        PlanTask.objects.filter(
            user=user, is_carried_over=True, start_time__gte=start, start_time__lt=end, plan__state=PlanState.ACTIVE
        )
        .exclude(plan__month_year=month_year)
        .order_by("start_time", "id")
    )


@dataclass(frozen=True)
class MovedSession:
    id: int
    from_start: dt.datetime
    to_start: dt.datetime


@dataclass(frozen=True)
class PlanChanges:
    """A proposal against the month's active plan. `kept` are ids of the active plan's
    sessions that join the proposal as they are; `removed` are ids of its sessions that go;
    `added`, `unchanged` and `moved` name the proposal's own sessions (moved: the same drafted
    session, by key and words, at another time than in the active plan)."""

    kept: list[int]
    added: list[int]
    removed: list[int]
    moved: list[MovedSession]
    unchanged: list[int]
    active_plan_id: int | None


def plan_changes(*, plan: MonthlyPlan) -> PlanChanges:
    active = (
        MonthlyPlan.objects.filter(user_id=plan.user_id, month_year=plan.month_year, state=PlanState.ACTIVE)
        .only("id")
        .first()
    )
    fields = ("id", "task_key", "task_description", "start_time")
    proposed = list(PlanTask.objects.filter(plan=plan).only(*fields).order_by("start_time"))
    if active is None:
        return PlanChanges([], [task.pk for task in proposed], [], [], [], None)
    old = list(
        PlanTask.objects.filter(plan=active)
        .annotate(kept=kept_sessions_q())
        .only(*fields)
        .order_by("start_time", "id")
    )
    kept = [task.pk for task in old if task.kept]
    # The same session: the same drafted key and the same words (a new draft may give a key
    # to different work, which is then removed and added, not moved).
    replaced = {(task.task_key, task.task_description): task for task in old if not task.kept}
    added, moved, unchanged = [], [], []
    for task in proposed:
        before = replaced.pop((task.task_key, task.task_description), None)
        if before is None:
            added.append(task.pk)
        elif before.start_time == task.start_time:
            unchanged.append(task.pk)
        else:
            moved.append(MovedSession(id=task.pk, from_start=before.start_time, to_start=task.start_time))
    removed = sorted((task.pk for task in replaced.values()), key=lambda pk: pk)
    return PlanChanges(kept, added, removed, moved, unchanged, active.pk)


def _locked_proposal(*, user: User, plan_id: int, verb: str) -> MonthlyPlan:
    User.objects.select_for_update().filter(pk=user.pk).first()
    plan = MonthlyPlan.objects.select_related("preference").get(pk=plan_id, user=user)
    if plan.state != PlanState.PROPOSED:
        raise PlanStateRefused(
            f"This plan is {plan.state}, so it cannot be {verb}: only a proposed plan can. "
            f"Generate the month again to get a new proposal.",
            field="state",
            status=409,
        )
    return plan


def plan_discard(*, user: User, plan: MonthlyPlan, now: dt.datetime | None = None) -> MonthlyPlan:
    """The proposal is set aside; the active plan stays as it was. Its generation stays counted."""
    with transaction.atomic():
        plan = _locked_proposal(user=user, plan_id=plan.pk, verb="discarded")
        plan.state, plan.decided_at = PlanState.DISCARDED, now or timezone.now()
        plan.save(update_fields=["state", "decided_at"])
    return plan


def plan_accept(*, user: User, plan: MonthlyPlan, now: dt.datetime | None = None) -> MonthlyPlan:
    """The proposal becomes the month's plan. The old plan's kept sessions join it with their
    ids and times; a proposed session that a session kept since the proposal was made now
    overlaps is placed again, or reported unplaced; everything else of the old plan is
    superseded with it (and its logs, if any, stay with the sessions they belong to)."""
    now = now or timezone.now()
    with transaction.atomic():
        plan = _locked_proposal(user=user, plan_id=plan.pk, verb="accepted")
        active = MonthlyPlan.objects.filter(user=user, month_year=plan.month_year, state=PlanState.ACTIVE).first()
        if active is not None:
            kept = list(kept_sessions(plan=active, now=now))
            # A habit's day holds one occurrence: a kept one (begun since the proposal was
            # made) replaces the proposal's for the same habit and date (the same key).
            kept_days = [task.task_key for task in kept if task.habit_id is not None]
            PlanTask.objects.filter(plan=plan, habit__isnull=False, task_key__in=kept_days).delete()
            _make_room(user=user, plan=plan, kept=kept, now=now)
            active.state, active.decided_at = PlanState.SUPERSEDED, now
            active.save(update_fields=["state", "decided_at"])
            PlanTask.objects.filter(pk__in=[task.pk for task in kept]).update(plan=plan)
        plan.state, plan.decided_at = PlanState.ACTIVE, now
        plan.save(update_fields=["state", "decided_at", "unplaced"])
        sessions_changed(user_id=user.pk)
    return plan


def _make_room(*, user: User, plan: MonthlyPlan, kept: list[PlanTask], now: dt.datetime) -> None:
    """Proposed sessions that overlap a kept one (ticked, logged or moved after the proposal
    was made) are placed again around everything else; the ones that find no room leave the
    plan and are listed in its unplaced sessions with the reason."""
    proposed = list(PlanTask.objects.filter(plan=plan).order_by("start_time", "id"))
    clashing = [
        task
        for task in proposed
        if any(task.start_time < other.end_time and other.start_time < task.end_time for other in kept)
    ]
    if not clashing:
        return
    staying = [task for task in proposed if task not in clashing]
    year, month = (int(part) for part in plan.month_year.split("-"))
    result = tasks_place_again(
        tasks=clashing,
        preference=plan.preference,
        window=month_window(year=year, month=month, timezone=user.timezone, now=now),
        signals=planning_signals(user=user),
        busy=busy_of(kept) + busy_of(staying),
        zone=ZoneInfo(user.timezone),
    )
    for placed in result.placed:
        placed.task.scheduling_reason = f"Placed again when you accepted this plan; {placed.reason}"
    fields = ["start_time", "end_time", "scheduling_reason"]
    PlanTask.objects.bulk_update([placed.task for placed in result.placed], fields)
    plan.unplaced = [*plan.unplaced, *(_unplaced_row(task, reason) for task, reason in result.unplaced)]
    PlanTask.objects.filter(pk__in=[task.pk for task, _ in result.unplaced]).delete()


def _unplaced_row(task: PlanTask, reason: str) -> dict:
    return {
        "task_key": task.task_key,
        "task_description": task.task_description,
        "focus_area": task.focus_area,
        "duration_minutes": task.duration_minutes,
        "difficulty_level": task.difficulty_level,
        "reason": reason,
    }
