"""A plan's life: the month's first plan is active, a later one a proposal with its changes,
accepted (keeping done, logged, pinned and hand-moved sessions where they are) or discarded."""

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

import pytest
import time_machine

from insights.models import ActivityLog
from planning.models import GenerationQuota, MonthlyPlan, PlanState, PlanTask
from planning.selectors import plan_tasks_in_range
from planning.services.generation import plan_generation_request
from planning.services.generation_worker import plan_generate
from planning.services.plan_life import PlanStateRefused, plan_accept, plan_changes, plan_discard
from planning.services.plan_tasks import plan_task_move, plan_task_set_completed, plan_task_set_pinned
from tests.insights.factories import ActivityLogFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
# Tuesday 8 December 2026, 09:00 London: a week of the December plan is behind the person.
MID_DECEMBER = dt.datetime(2026, 12, 8, 9, 0, tzinfo=dt.UTC)
BEFORE_DECEMBER = dt.datetime(2026, 11, 22, 10, 0, tzinfo=dt.UTC)


def generate(user, month: str, now: dt.datetime) -> MonthlyPlan:
    with time_machine.travel(now, tick=False):
        plan_request = plan_generation_request(user=user, month=month)
        return plan_generate(plan_request_id=plan_request.pk, now=now)


def snapshot(task: PlanTask) -> tuple:
    task.refresh_from_db()
    return (task.pk, task.start_time, task.end_time, task.task_description)


def overlapping(tasks: list[PlanTask]) -> list[tuple[int, int]]:
    ordered = sorted(tasks, key=lambda task: task.start_time)
    return [(a.pk, b.pk) for a, b in itertools.pairwise(ordered) if b.start_time < a.end_time]


@pytest.fixture
def december(user, preferences) -> MonthlyPlan:
    return generate(user, "2026-12", BEFORE_DECEMBER)


@pytest.fixture
def lived(user, december):
    """Two sessions done and logged, one pinned, one moved by hand, by 8 December."""
    tasks = list(december.tasks.order_by("start_time"))
    past = [task for task in tasks if task.end_time <= MID_DECEMBER]
    future = [task for task in tasks if task.start_time > MID_DECEMBER + dt.timedelta(days=1)]
    ticked, logged = past[0], past[1]
    plan_task_set_completed(task=ticked, is_completed=True, now=ticked.end_time)
    ActivityLogFactory(task=logged)
    pinned = plan_task_set_pinned(task=future[0], is_pinned=True, now=MID_DECEMBER)
    hand = future[3]
    hand.user = user
    free_evening = dt.datetime(2026, 12, 27, 21, 0, tzinfo=LONDON)
    plan_task_move(task=hand, start_time=free_evening, now=MID_DECEMBER)
    return {"ticked": ticked, "logged": logged, "pinned": pinned, "hand": hand, "plain": future[5]}


def test_the_months_first_plan_is_active_and_a_second_one_a_proposal(user, december):
    assert december.state == PlanState.ACTIVE
    proposal = generate(user, "2026-12", MID_DECEMBER)
    assert proposal.state == PlanState.PROPOSED
    december.refresh_from_db()
    assert december.state == PlanState.ACTIVE
    # The calendar still shows the active plan only.
    shown = plan_tasks_in_range(
        user=user, start=dt.datetime(2026, 12, 1, tzinfo=LONDON), end=dt.datetime(2027, 1, 1, tzinfo=LONDON)
    )
    assert {task.plan_id for task in shown} == {december.pk}


def test_a_newer_proposal_discards_the_one_still_waiting(user, december):
    first = generate(user, "2026-12", MID_DECEMBER)
    second = generate(user, "2026-12", MID_DECEMBER + dt.timedelta(hours=1))
    first.refresh_from_db()
    assert (first.state, second.state) == (PlanState.DISCARDED, PlanState.PROPOSED)
    assert GenerationQuota.objects.get(user=user, month_year="2026-11").generations_used == 1
    assert GenerationQuota.objects.get(user=user, month_year="2026-12").generations_used == 2


def test_a_proposal_is_placed_around_the_sessions_the_active_plan_keeps(user, lived):
    proposal = generate(user, "2026-12", MID_DECEMBER)
    kept = [lived[name] for name in ("ticked", "logged", "pinned", "hand")]
    for task in kept:
        task.refresh_from_db()
    proposed = list(proposal.tasks.all())
    assert proposed, "the proposal places sessions for the rest of December"
    assert all(task.start_time >= MID_DECEMBER for task in proposed)
    assert overlapping([*proposed, *kept]) == []


def test_the_changes_say_what_accepting_keeps_adds_removes_and_moves(user, december, lived):
    proposal = generate(user, "2026-12", MID_DECEMBER)
    changes = plan_changes(plan=proposal)

    kept_ids = sorted(lived[name].pk for name in ("ticked", "logged", "pinned", "hand"))
    assert sorted(changes.kept) == kept_ids
    assert changes.active_plan_id == december.pk
    old_rest = set(december.tasks.values_list("pk", flat=True)) - set(kept_ids)
    new_ids = set(proposal.tasks.values_list("pk", flat=True))
    # Every proposed session is added, moved or unchanged; every old one not kept is removed
    # unless the proposal has the same drafted session (then it is the proposal's "moved").
    moved_ids = {item.id for item in changes.moved}
    assert set(changes.added) | moved_ids | set(changes.unchanged) == new_ids
    assert not set(changes.added) & moved_ids
    assert set(changes.removed) <= old_rest
    assert len(changes.removed) + len(moved_ids) + len(changes.unchanged) == len(old_rest)
    old_starts = {(key, words): start for key, words, start in december.tasks.values_list(
        "task_key", "task_description", "start_time"
    )}
    for item in changes.moved:
        task = PlanTask.objects.get(pk=item.id)
        assert (item.from_start, item.to_start) == (old_starts[task.task_key, task.task_description], task.start_time)
        assert item.from_start != item.to_start


def test_accepting_keeps_the_lived_sessions_with_their_ids_and_times(user, december, lived):
    before = {name: snapshot(task) for name, task in lived.items() if name != "plain"}
    logged_entry = ActivityLog.objects.get(task=lived["logged"])
    proposal = generate(user, "2026-12", MID_DECEMBER)

    plan_accept(user=user, plan=proposal, now=MID_DECEMBER + dt.timedelta(minutes=5))

    december.refresh_from_db()
    proposal.refresh_from_db()
    assert (december.state, proposal.state) == (PlanState.SUPERSEDED, PlanState.ACTIVE)
    for name, then in before.items():
        task = PlanTask.objects.get(pk=then[0])
        assert snapshot(task) == then, name
        assert task.plan_id == proposal.pk, name
    # The log still belongs to the session it was written for.
    assert ActivityLog.objects.get(pk=logged_entry.pk).task_id == lived["logged"].pk
    # The plain session stays with the superseded plan, out of sight.
    assert PlanTask.objects.get(pk=lived["plain"].pk).plan_id == december.pk
    shown = list(
        plan_tasks_in_range(
            user=user, start=dt.datetime(2026, 12, 1, tzinfo=LONDON), end=dt.datetime(2027, 1, 1, tzinfo=LONDON)
        )
    )
    assert {task.plan_id for task in shown} == {proposal.pk}
    assert overlapping(shown) == []


def test_a_session_ticked_after_the_proposal_is_kept_and_what_it_overlaps_is_placed_again(user, december, lived):
    proposal = generate(user, "2026-12", MID_DECEMBER)
    # After the proposal was made the person ticks a session the proposal did not keep, and
    # it sits where a proposed session now is.
    victim = proposal.tasks.order_by("start_time").first()
    late = lived["plain"]
    PlanTask.objects.filter(pk=late.pk).update(start_time=victim.start_time, end_time=victim.end_time)
    plan_task_set_completed(task=PlanTask.objects.get(pk=late.pk), is_completed=True, now=MID_DECEMBER)

    plan_accept(user=user, plan=proposal, now=MID_DECEMBER + dt.timedelta(minutes=5))

    shown = list(proposal.tasks.all())
    assert late.pk in {task.pk for task in shown}
    assert overlapping(shown) == []
    victim_after = PlanTask.objects.filter(pk=victim.pk).first()
    if victim_after is not None:
        assert victim_after.start_time != victim.start_time
        assert victim_after.scheduling_reason.startswith("Placed again when you accepted this plan; ")
    else:
        proposal.refresh_from_db()
        assert [row["task_key"] for row in proposal.unplaced][-1] == victim.task_key


def test_discarding_leaves_the_active_plan_as_it_was(user, december, lived):
    before = sorted(snapshot(task) for task in december.tasks.all())
    proposal = generate(user, "2026-12", MID_DECEMBER)

    plan_discard(user=user, plan=proposal, now=MID_DECEMBER)

    proposal.refresh_from_db()
    december.refresh_from_db()
    assert (proposal.state, december.state) == (PlanState.DISCARDED, PlanState.ACTIVE)
    assert sorted(snapshot(task) for task in december.tasks.all()) == before


@pytest.mark.parametrize("decide", [plan_accept, plan_discard])
def test_only_a_proposal_can_be_accepted_or_discarded(user, december, decide):
    with pytest.raises(PlanStateRefused) as refused:
        decide(user=user, plan=december)
    assert refused.value.status == 409
    assert refused.value.message.startswith("This plan is active, so it cannot be ")
    december.refresh_from_db()
    assert december.state == PlanState.ACTIVE
