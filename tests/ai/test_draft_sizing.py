"""The draft is sized to the month's real free time: a packed week gets fewer sessions
instead of many that cannot be placed, and the AI is told the same numbers."""

from ai.offline.plan import FREE_TIME_FILL, build_draft
from ai.prompts import complexity_guide, plan_messages


def _minutes_by_week(draft) -> dict[int, int]:
    totals: dict[int, int] = {}
    for task in draft.tasks:
        totals[task.week] = totals.get(task.week, 0) + task.duration_minutes
    return totals


def test_without_free_time_figures_the_draft_keeps_the_complexity_workload(plan_context):
    plain = build_draft(plan_context())
    assert len(plain.tasks) == len(build_draft(plan_context(free_minutes_by_week={})).tasks)


def test_a_packed_week_gets_fewer_sessions_that_fit_its_free_time(plan_context):
    roomy = {1: 900, 2: 900, 3: 900, 4: 900, 5: 900}
    packed = {**roomy, 2: 150}
    full = build_draft(plan_context(free_minutes_by_week=roomy))
    squeezed = build_draft(plan_context(free_minutes_by_week=packed))
    assert _minutes_by_week(full).get(2, 0) > 150
    guide = complexity_guide("Balanced")
    longest = max(guide.typical_minutes.values())
    # Week 2 holds at most what fits in 80% of its free time, give or take one session's mix.
    assert _minutes_by_week(squeezed).get(2, 0) <= 150 * FREE_TIME_FILL + longest
    assert len([task for task in squeezed.tasks if task.week == 2]) < len(
        [task for task in full.tasks if task.week == 2]
    )
    # The other weeks are untouched.
    for week in (1, 3, 4):
        assert len([t for t in squeezed.tasks if t.week == week]) == len([t for t in full.tasks if t.week == week])


def test_a_month_with_no_free_time_still_drafts_one_session(plan_context):
    draft = build_draft(plan_context(free_minutes_by_week=dict.fromkeys(range(1, 6), 0)))
    assert len(draft.tasks) == 1


def test_the_ai_is_told_the_free_time_of_each_week(plan_context):
    messages = plan_messages(plan_context(free_minutes_by_week={1: 600, 2: 150}))
    user = messages[-1]["content"]
    assert "week 1: 10 h 00 min; week 2: 2 h 30 min" in user
    assert "80% of its free time" in user
