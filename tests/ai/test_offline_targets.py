"""The offline drafter turns measurable goals into sessions with their own targets: shared
out so they add up to the goal, built up where progression matters, checked at the end,
each saying its target and the running total, in at most 100 characters."""

import re

import pytest

from ai.offline.plan import FREE_TIME_FILL, draft_month
from ai.offline.playbooks import playbooks
from ai.offline.provider import OfflineProvider
from ai.offline.quantities import goal_quantity
from ai.schemas import PlanDraft


def _draft(context) -> PlanDraft:
    return OfflineProvider().draft_plan(context).draft


def _amount(target: str, kind: str) -> float:
    quantity = goal_quantity(target, frozenset({kind}))
    assert quantity is not None, target
    return quantity.amount


def _goal_sessions(month, index):
    return [session for session in month.sessions if session.goal == index]


def test_a_writing_goal_is_shared_out_into_targets_that_add_up_to_it(plan_context):
    context = plan_context(goals_text="Write 20,000 words of my novel.", focus_areas=("Writing",))

    draft = _draft(context)

    shares = [task for task in draft.tasks if task.target.endswith(" words")]
    assert sum(_amount(task.target, "writing") for task in shares) == 20000
    assert len(shares) >= len(draft.tasks) / 2
    done = 0
    for task in shares:  # each says its own target and the running total
        done += int(_amount(task.target, "writing"))
        assert task.target in task.description
        assert task.description.endswith(f"({done:,} of 20,000)")


def test_writing_ramps_up_then_keeps_its_pace(plan_context):
    month = draft_month(plan_context(goals_text="Write 20,000 words of my novel.", focus_areas=("Writing",)))

    pace = [session.amount / session.minutes for session in month.sessions if session.carries == "share"]
    assert pace[0] < pace[1] < pace[2]
    assert max(pace[2:]) <= 1.2 * min(pace[2:])  # then steady, give or take the rounding


def test_the_last_session_of_a_goal_checks_the_milestone(plan_context):
    draft = _draft(plan_context(goals_text="Write 20,000 words of my novel.", focus_areas=("Writing",)))

    last = draft.tasks[-1]
    assert last.description.startswith("Write the last ") or last.description.startswith("Write the final ")
    assert last.description.endswith("(20,000 of 20,000)")


def test_a_running_goal_builds_the_long_run_with_easy_and_rest_aware_sessions(plan_context):
    context = plan_context(goals_text="Get ready for a 10K run at the end of next month", focus_areas=("Running",))

    draft = _draft(context)

    long_runs = [_amount(task.target, "running") for task in draft.tasks if task.description.startswith("Long run")]
    easy_runs = [
        _amount(task.target, "running")
        for task in draft.tasks
        if task.description.startswith("Run ") and " easy" in task.description
    ]
    assert len(long_runs) >= 3 and long_runs == sorted(long_runs) and long_runs[0] < long_runs[-1] < 10
    assert easy_runs and max(easy_runs) < long_runs[-1]
    after_long = [
        draft.tasks[i + 1] for i, task in enumerate(draft.tasks[:-1]) if task.description.startswith("Long run")
    ]
    assert any("walk" in task.description and task.target.endswith("min walk") for task in after_long)
    assert draft.tasks[-1].target == "10 km"
    assert draft.tasks[-1].description == "Run 10 km: the month's milestone, at an even pace"


def test_a_long_run_gets_the_time_its_distance_needs_where_the_week_has_room(plan_context):
    roomy = {week: 900 for week in range(1, 6)}
    month = draft_month(
        plan_context(goals_text="Run a half marathon", focus_areas=("Running",), free_minutes_by_week=roomy)
    )

    milestone = month.sessions[-1]
    assert milestone.target == "21.1 km"
    assert milestone.minutes >= 21.1 * 7  # about 7 minutes a km, and a warm-up
    for week in range(1, 6):
        assert sum(s.minutes for s in month.sessions if s.slot.week == week) <= 900 * FREE_TIME_FILL


def test_a_packed_week_keeps_to_its_free_time_even_with_a_long_run_wanting_more(plan_context):
    free = {1: 900, 2: 150, 3: 900, 4: 900, 5: 900}
    month = draft_month(
        plan_context(goals_text="Run a half marathon", focus_areas=("Running",), free_minutes_by_week=free)
    )

    week_two = [session for session in month.sessions if session.slot.week == 2]
    assert sum(session.minutes for session in week_two) <= 150 * FREE_TIME_FILL
    assert all(session.minutes <= session.slot.minutes for session in week_two)


def test_a_small_count_is_worked_on_item_by_item(plan_context):
    draft = _draft(plan_context(goals_text="Publish 3 blog posts", focus_areas=("Writing",)))

    finished = [task for task in draft.tasks if task.target == "1 blog post"]
    assert [task.description for task in finished] == [
        "Edit and publish blog post 1 (1 of 3 blog posts)",
        "Edit and publish blog post 2 (2 of 3 blog posts)",
        "Edit and publish blog post 3 (3 of 3 blog posts)",
    ]
    assert "Outline blog post 1: a headline and five points" in [task.description for task in draft.tasks]
    assert draft.tasks[0].description == "Choose the topics of this month's 3 blog posts and pitch each in a line"


def test_a_language_goal_learns_its_words_theme_by_theme(plan_context):
    draft = _draft(plan_context(goals_text="Learn 200 new Spanish words", focus_areas=("Spanish",)))

    vocabulary = [task for task in draft.tasks if task.target.endswith(" words")]
    assert sum(_amount(task.target, "language") for task in vocabulary) == 200
    assert vocabulary[0].description.startswith(f"Learn {vocabulary[0].target} in Spanish: ")
    themes = [[topic for topic in playbooks()["language"].topics if topic in t.description] for t in vocabulary[:-1]]
    assert len(themes) >= 2 and all(len(found) == 1 for found in themes)
    assert len({found[0] for found in themes}) == len(themes)


def test_a_goal_without_a_quantity_gets_targets_at_its_kinds_usual_pace(plan_context):
    draft = _draft(plan_context(goals_text="Learn Spanish", focus_areas=("Spanish",)))

    counted = [task for task in draft.tasks if re.search(r"\(\d+ so far\)$", task.description)]
    assert counted and all(task.target.endswith(" words") for task in counted)
    assert "This month's targets" not in draft.summary
    assert "It works towards: learn Spanish." in draft.summary


def test_a_second_goal_of_the_same_kind_is_worked_on_within_the_first(plan_context):
    draft = _draft(plan_context(goals_text="Send 30 job applications and practise interviews", focus_areas=("Career",)))

    openings = [task for task in draft.tasks if task.target == "CV updated"]
    assert len(openings) == 1
    assert (
        sum(_amount(t.target, "job_search") for t in draft.tasks if t.target.endswith(("application", "applications")))
        == 30
    )
    assert "Also: practise interviews." in draft.summary


def test_a_goal_of_no_known_kind_gets_an_arc_from_exploring_to_review_with_distinct_wording(plan_context):
    draft = _draft(plan_context(goals_text="Organise my sister's wedding", focus_areas=("Family",)))

    descriptions = [task.description for task in draft.tasks]
    assert len(set(descriptions)) == len(descriptions)
    assert all(text.startswith("Organise your sister's wedding: ") for text in descriptions)
    assert descriptions[0].endswith("list what it takes (time, people, tools, cost)")
    assert any("review the month" in text for text in descriptions[-2:])
    steps = [task.target for task in draft.tasks if task.target.startswith("step ")]
    assert steps == [f"step {k} of {len(steps)}" for k in range(1, len(steps) + 1)]


def test_a_long_goal_is_named_by_its_area_never_quoted_cut_off(plan_context):
    goal = "Get promoted to senior engineer by leading the database migration project at work before the summer"
    draft = _draft(plan_context(goals_text=goal, focus_areas=("Career",)))

    assert all(task.description.startswith("Career goal: ") for task in draft.tasks)
    assert all("\u2026" not in task.description and "\u201c" not in task.description for task in draft.tasks)
    assert goal[0].lower() + goal[1:] in draft.summary


@pytest.mark.parametrize(
    "goals",
    [
        "Write 20,000 words of my novel, run a 10K, learn 200 new Spanish words and save EUR 500.",
        "小説を2万字書く。毎日20ページ読む。10キロ走る。",
        "३०० पन्ने पढ़ना। 5 गाने सीखना। ₹5,000 बचाना।",
        "قراءة ٣٠٠ صفحة. كتابة 10 مقالات. الجري 10 كم.",
        "Organise my sister's wedding. " * 5,
        "",
    ],
)
@pytest.mark.parametrize("complexity", ["Simple", "Balanced", "Ambitious"])
def test_descriptions_are_short_instructions_and_never_repeat_another(plan_context, goals, complexity):
    draft = _draft(plan_context(goals_text=goals, task_complexity=complexity))

    descriptions = [task.description for task in draft.tasks]
    assert all(0 < len(text) <= 100 for text in descriptions)
    assert all(text[0].isupper() and "\u2026" not in text for text in descriptions)
    assert len(set(descriptions)) >= 0.9 * len(descriptions)
    assert all(len(task.target) <= 80 for task in draft.tasks)


def test_week_themes_differ_and_name_each_weeks_targets(plan_context):
    context = plan_context(goals_text="Write 20,000 words of my novel and run a 10K", focus_areas=("Writing", "Health"))
    month = draft_month(context)
    draft = _draft(context)

    themes = [theme.theme for theme in draft.weekly_breakdown]
    assert len(set(themes)) == len(themes)
    for week, theme in enumerate(themes, start=1):
        words = sum(s.amount for s in month.sessions if s.slot.week == week and s.goal == 0 and s.carries == "share")
        if words:
            assert f"{int(words):,} words of your novel" in theme
    assert themes[-1] == "Finish and check: " + "; ".join(
        part for part in themes[-1].removeprefix("Finish and check: ").split("; ")
    )
    assert "a 10 km run" in themes[-1] or "a 10 km run" in " ".join(themes)


def test_the_summary_states_the_months_measurable_targets(plan_context):
    draft = _draft(
        plan_context(
            goals_text="Write 20,000 words of my novel, run a 10K and learn 200 new Spanish words.",
            focus_areas=("Writing", "Health", "Spanish"),
        )
    )

    assert "This month's targets: 20,000 words of your novel, a 10 km run and 200 words in Spanish." in draft.summary


@pytest.mark.parametrize(
    "goals", ["Write 20,000 words of my novel, run a 10K, save EUR 500.", "小説を2万字書く。10キロ走る。", ""]
)
def test_the_same_goals_and_month_always_give_the_same_draft(plan_context, goals):
    first = OfflineProvider().draft_plan(plan_context(goals_text=goals))
    second = OfflineProvider().draft_plan(plan_context(goals_text=goals))

    assert first.draft == second.draft
    assert first.raw == second.raw
    assert first.draft != OfflineProvider().draft_plan(plan_context(goals_text=goals, month="2026-04")).draft


def test_a_session_repeated_on_purpose_says_which_time_it_is(plan_context):
    draft = _draft(plan_context(goals_text="Send 30 job applications and practise interviews", focus_areas=("Career",)))

    interview = [t.description for t in draft.tasks if t.description.startswith("Practise 3 interview answers")]
    base = "Practise 3 interview answers aloud, using the STAR structure"
    assert interview[:3] == [base, f"{base} (2nd time)", f"{base} (3rd time)"]


def test_a_simple_month_with_one_run_a_week_still_builds_the_long_run(plan_context):
    context = plan_context(
        goals_text="Write 3 blog posts. Run a 10K. Read 300 pages.",
        task_complexity="Simple",
        focus_areas=("Writing", "Sport", "Reading"),
    )

    runs = [task for task in _draft(context).tasks if task.focus_area == "Sport"]

    long_runs = [_amount(task.target, "running") for task in runs if task.description.startswith("Long run")]
    assert len(long_runs) >= 2 and long_runs == sorted(long_runs)
    assert runs[-1].target == "10 km"


def test_a_distance_with_a_rate_is_still_the_distance_to_build_up_to(plan_context):
    month = draft_month(plan_context(goals_text="Run 5 km twice a week", focus_areas=("Running",)))

    assert (month.goals[0].total, month.goals[0].headline) == (5, "a 5 km run")
    assert month.sessions[-1].target == "5 km"
