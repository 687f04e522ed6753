"""The offline provider: a useful, deterministic plan and rule-based coaching without a network."""

from collections import Counter
from decimal import Decimal

import pytest

from ai.base import Usage
from ai.offline.goals import goal_phrases
from ai.offline.provider import OfflineProvider
from ai.prompts import task_count_range
from ai.schemas import PlanDraft, validate_draft

COMPLEXITIES = ("Simple", "Balanced", "Ambitious")
AREAS = ("Health", "Career", "Learning")  # the plan_context default


def _draft(context) -> PlanDraft:
    return OfflineProvider().draft_plan(context).draft


def _hard_share(draft: PlanDraft) -> float:
    return sum(task.difficulty == "hard" for task in draft.tasks) / len(draft.tasks)


# --- the plan -----------------------------------------------------------------------------


def test_the_same_context_always_gives_the_same_plan(plan_context):
    first = OfflineProvider().draft_plan(plan_context())
    second = OfflineProvider().draft_plan(plan_context())

    assert first == second
    assert first.raw == second.raw


def test_different_goals_give_a_different_plan(plan_context):
    running = _draft(plan_context(goals_text="Run a half marathon."))
    writing = _draft(plan_context(goals_text="Write three chapters of my novel."))

    assert running.tasks != writing.tasks


def test_the_result_says_it_came_from_the_offline_provider_and_cost_nothing(plan_context):
    result = OfflineProvider().draft_plan(plan_context())

    assert (result.provider, result.model) == ("offline", "offline-v1")
    assert result.usage == Usage(0, 0)
    assert result.cost == Decimal(0)
    assert PlanDraft.model_validate_json(result.raw) == result.draft
    assert "Health" in result.prompt and "half marathon" in result.prompt


@pytest.mark.parametrize("complexity", COMPLEXITIES)
def test_the_number_of_tasks_follows_the_complexity_guide(plan_context, complexity):
    context = plan_context(task_complexity=complexity)
    low, high = task_count_range(context)

    assert low <= len(_draft(context).tasks) <= high


def test_more_ambitious_plans_have_more_tasks(plan_context):
    counts = [len(_draft(plan_context(task_complexity=c)).tasks) for c in COMPLEXITIES]

    assert counts[0] < counts[1] < counts[2]
    # About 2-3, 4-5 and 6-8 sessions a week over 22 working days (4.4 working weeks).
    assert 9 <= counts[0] <= 13
    assert 18 <= counts[1] <= 22
    assert 26 <= counts[2] <= 35


def test_fewer_working_days_give_fewer_tasks(plan_context):
    full_month = _draft(plan_context(working_days=22))
    half_month = _draft(plan_context(working_days=10))

    assert len(half_month.tasks) < len(full_month.tasks)


def test_more_ambitious_plans_carry_a_larger_share_of_hard_work(plan_context):
    simple, balanced, ambitious = (_hard_share(_draft(plan_context(task_complexity=c))) for c in COMPLEXITIES)

    assert simple < balanced < ambitious
    assert simple <= 0.15
    assert ambitious >= 0.35


def test_durations_follow_difficulty_and_stay_within_bounds(plan_context):
    draft = _draft(plan_context(task_complexity="Ambitious"))
    minutes = {level: {t.duration_minutes for t in draft.tasks if t.difficulty == level} for level in ("easy", "hard")}

    assert max(minutes["easy"]) < min(minutes["hard"])
    assert all(15 <= task.duration_minutes <= 240 for task in draft.tasks)


def test_every_focus_area_is_used_and_no_other(plan_context):
    areas = ("Health", "Career", "Learning", "Relationships")
    draft = _draft(plan_context(focus_areas=areas))

    assert {task.focus_area for task in draft.tasks} == set(areas)
    assert {area for week in draft.weekly_breakdown for area in week.focus_areas} <= set(areas)


def test_work_is_spread_evenly_over_the_focus_areas(plan_context):
    draft = _draft(plan_context(task_complexity="Ambitious"))
    per_area = Counter(task.focus_area for task in draft.tasks)
    hard_per_area = Counter(task.focus_area for task in draft.tasks if task.difficulty == "hard")

    assert max(per_area.values()) - min(per_area.values()) <= 1
    assert set(hard_per_area) == {"Health", "Career", "Learning"}


@pytest.mark.parametrize("weeks", [4, 5, 6])
def test_every_week_of_the_month_has_a_theme_and_no_task_falls_outside_it(plan_context, weeks):
    draft = _draft(plan_context(weeks=weeks))

    assert [theme.week for theme in draft.weekly_breakdown] == list(range(1, weeks + 1))
    assert {task.week for task in draft.tasks} == set(range(1, weeks + 1))
    assert draft.weekly_breakdown[0].theme.startswith("Start: ")
    assert draft.weekly_breakdown[-1].theme.startswith("Finish and check: ")
    assert len({theme.theme for theme in draft.weekly_breakdown}) == weeks


def test_hard_sessions_sit_in_the_middle_weeks_and_the_first_week_starts_gently(plan_context):
    draft = _draft(plan_context(task_complexity="Balanced", weeks=5))

    hard_weeks = {task.week for task in draft.tasks if task.difficulty == "hard"}
    first_week = [task.difficulty for task in draft.tasks if task.week == 1]
    assert hard_weeks <= {2, 3, 4}
    assert set(first_week) == {"easy"}


def test_tasks_are_written_from_the_goals_and_matched_to_the_right_area(plan_context):
    draft = _draft(plan_context())

    by_area = {area: " ".join(t.description for t in draft.tasks if t.focus_area == area) for area in AREAS}
    assert "Run 21.1 km" in by_area["Health"]  # the half marathon, run as the month's milestone
    assert "your side project" in by_area["Career"]
    assert "book 4" in by_area["Learning"]
    assert all(task.intent for task in draft.tasks)
    assert all(len(task.description) <= 100 and len(task.intent) <= 300 for task in draft.tasks)


def test_the_summary_names_the_month_and_the_goals(plan_context):
    draft = _draft(plan_context(month="2026-11", weekend_preference="Rest"))

    assert "November 2026" in draft.summary
    assert "This month's targets: a 21.1 km run and 4 books read." in draft.summary
    assert "Also: ship the first version of your side project." in draft.summary
    assert "Weekends stay free" in draft.summary


def test_goals_that_say_nothing_still_give_a_plan_about_the_focus_areas(plan_context):
    draft = _draft(plan_context(goals_text="   "))

    assert "not written goals" in draft.summary
    assert all(task.description.startswith(f"{task.focus_area}: ") for task in draft.tasks)
    assert {task.description for task in draft.tasks if task.week == 1} >= {
        f"{area}: choose one goal for this month and write it down" for area in AREAS
    }


def test_a_person_without_focus_areas_gets_a_general_plan(plan_context):
    draft = _draft(plan_context(focus_areas=()))

    assert {task.focus_area for task in draft.tasks} == {"General"}


@pytest.mark.parametrize("complexity", [*COMPLEXITIES, "Unknown"])
@pytest.mark.parametrize("weeks", [4, 5, 6])
@pytest.mark.parametrize("working_days", [0, 1, 5, 12, 23, 31])
def test_any_month_gives_a_draft_that_passes_strict_validation(plan_context, complexity, weeks, working_days):
    context = plan_context(task_complexity=complexity, weeks=weeks, working_days=working_days)
    draft = _draft(context)

    assert validate_draft(draft, context) == draft
    assert 1 <= len(draft.tasks) <= 200
    assert all(1 <= task.week <= weeks for task in draft.tasks)


def test_key_phrases_come_from_the_goals_in_the_persons_words():
    text = "I want to run a half marathon. This month I will ship my app, and read 4 books!\n- Call mum weekly"

    assert goal_phrases(text) == ["run a half marathon", "ship my app", "read 4 books", "call mum weekly"]
    assert goal_phrases("") == []


# --- the coach ------------------------------------------------------------------------------


def _advice(coaching_context, **changes) -> str:
    return OfflineProvider().advise(coaching_context(**changes)).text


def test_an_important_task_with_low_confidence_is_broken_down_into_a_first_10_minute_step(coaching_context):
    advice = _advice(coaching_context, importance=9, confidence=2)

    assert "Break it down" in advice
    assert "First 10-minute step" in advice
    assert "Write the grant application" in advice
    assert "Funding the community garden" in advice  # what matters to them
    assert "Losing the plot to developers" in advice  # what they want to avoid


def test_an_unimportant_task_is_a_candidate_to_drop_or_delegate(coaching_context):
    advice = _advice(coaching_context, importance=2, confidence=8)

    assert "drop, delegate or batch" in advice
    assert "First 25-minute step" not in advice


def test_an_important_task_with_high_confidence_needs_time_not_thought(coaching_context):
    advice = _advice(coaching_context, importance=8, confidence=9)

    assert "Book a focused block" in advice
    assert "The garden opens in spring" in advice  # their biggest win


def test_missing_ratings_are_asked_for(coaching_context):
    advice = _advice(coaching_context, importance=None, confidence=None)

    assert "Rate its importance and your confidence" in advice


def test_without_goals_the_coach_asks_for_one(coaching_context):
    advice = _advice(coaching_context, goals=())

    assert "Add a personal goal" in advice


def test_the_coach_uses_the_goal_the_task_is_about(coaching_context):
    goals = (
        {"what_matters": "Being a present parent", "biggest_win": "", "worst_outcome": ""},
        {"what_matters": "Getting the garden grant funded", "biggest_win": "", "worst_outcome": ""},
    )

    advice = _advice(coaching_context, task_text="Finish the grant budget", goals=goals)

    assert "Getting the garden grant funded" in advice
    assert "present parent" not in advice


def test_advice_depends_on_the_ratings_and_is_deterministic(coaching_context):
    ratings = [(9, 2), (2, 8), (8, 9), (5, 5), (None, None)]
    answers = [_advice(coaching_context, importance=i, confidence=c) for i, c in ratings]

    assert len(set(answers)) == len(ratings)
    assert answers == [_advice(coaching_context, importance=i, confidence=c) for i, c in ratings]


def test_the_advice_says_it_is_rule_based_and_cost_nothing(coaching_context):
    result = OfflineProvider().advise(coaching_context())

    assert "rule-based" in result.text
    assert (result.provider, result.model, result.usage, result.cost) == ("offline", "offline-v1", Usage(0, 0), 0)
    assert "Write the grant application" in result.prompt
