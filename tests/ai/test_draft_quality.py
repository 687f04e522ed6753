"""The quality check of a parsed draft: what makes it poor enough for one repair call, and
which of two drafts is the better (ai/draft_quality.py; pure, no server, no database)."""

from typing import Any

import pytest

from ai.draft_quality import draft_quality, quotes_goals, words
from ai.prompts import month_minutes
from ai.schemas import PlanDraft

GOALS = "I want to run a half marathon in under 2 hours. Ship the first version of my side project, and read 4 books."
# A roomy month (the conftest's plan_context: Balanced, 22 working days, 5 weeks).
FREE = {1: 900, 2: 900, 3: 900, 4: 900, 5: 900}


def _draft(descriptions: list[str], *, minutes: int = 60, focus_area: str = "Health") -> PlanDraft:
    tasks: list[dict[str, Any]] = [
        {
            "description": description,
            "target": "",
            "focus_area": focus_area,
            "duration_minutes": minutes,
            "difficulty": "medium",
            "week": 1 + index % 5,
            "intent": "",
        }
        for index, description in enumerate(descriptions)
    ]
    return PlanDraft.model_validate(
        {
            "summary": "March: a half marathon, a shipped side project, four books.",
            "weekly_breakdown": [{"week": week, "theme": f"Week {week}", "focus_areas": []} for week in range(1, 6)],
            "tasks": tasks,
        }
    )


def _distinct(count: int) -> list[str]:
    return [f"Easy {3 + index} km run, note the pace" for index in range(count)]


def test_a_draft_of_distinct_concrete_sessions_sized_to_the_month_is_good(plan_context):
    context = plan_context(free_minutes_by_week=FREE)
    quality = draft_quality(_draft(_distinct(20)), context)

    assert quality.problems == ()
    assert not quality.is_poor
    assert quality.badness == 0
    assert (quality.sessions, quality.duplicates, quality.blank, quality.echoes) == (20, 0, 0, 0)
    assert (quality.session_minutes, quality.free_minutes) == (1200, 4500)


def test_more_than_a_tenth_of_sessions_repeating_a_description_is_poor(plan_context):
    context = plan_context()
    at_the_limit = [*_distinct(18), "Easy 3 km run, note the pace", "Easy 4 km run, note the pace"]
    over_it = _distinct(16) + ["Work on the side project"] * 4

    assert draft_quality(_draft(at_the_limit), context).problems == ()
    quality = draft_quality(_draft(over_it), context)
    assert quality.duplicates == 3 and quality.is_poor
    (problem,) = quality.problems
    assert problem.startswith("3 of 20 sessions repeat an earlier description (at most 10% may)")
    assert "\u201cWork on the side project (x4)\u201d" in problem


def test_descriptions_differing_only_in_case_spacing_or_punctuation_are_duplicates(plan_context):
    repeated = ["Read 30 pages.", "read  30 pages", "READ 30 PAGES!"]
    quality = draft_quality(_draft(repeated + _distinct(7)), plan_context())

    assert quality.duplicates == 2


def test_descriptions_that_only_quote_the_goal_back_are_poor(plan_context):
    echoes = [
        "Run a half marathon in under 2 hours",
        'Deep work on "ship the first version of my side project": push through',
    ]
    quality = draft_quality(_draft(echoes + _distinct(8)), plan_context(goals_text=GOALS))

    assert quality.echoes == 2
    (problem,) = quality.problems
    assert "2 quote the goal text instead of saying what to do" in problem
    assert "\u201cRun a half marathon in under 2 hours\u201d" in problem


@pytest.mark.parametrize(
    "description",
    [
        "Easy 5 km run, note the pace",
        "Read 60 pages of the first book (60 of 1,200)",
        "Run a half marathon pace test: 8 km at 5:40/km",
        "Ship the landing page of the side project",
    ],
)
def test_a_session_that_names_its_goal_in_a_few_words_is_not_an_echo(description):
    assert not quotes_goals(description, words(GOALS))


def test_a_long_verbatim_quote_is_an_echo_even_inside_a_longer_description():
    goals = "Get ready for a 10K run at the end of next month so that I can finally beat my brother at the race"
    said = "Session 4: get ready for a 10K run at the end of next month, then stretch and log how it felt today"

    assert quotes_goals(said, words(goals))


def test_goals_written_without_spaces_are_compared_character_by_character():
    goals = "来月末までに10キロ走れるようになりたい。毎日日本語を勉強する。"

    assert words("10キロ走る") == ["10", "キ", "ロ", "走", "る"]
    assert quotes_goals("来月末までに10キロ走れるようになりたい", words(goals))
    assert not quotes_goals("ゆっくり3キロ走る", words(goals))


def test_a_blank_description_is_poor(plan_context):
    # The answer repair writes "<area> session" for a description the model left empty.
    quality = draft_quality(_draft(["Health session", "Health session", *_distinct(8)]), plan_context())

    assert quality.blank == 2
    assert any("2 have no description" in problem for problem in quality.problems)


def test_a_month_far_below_its_workload_is_poor_when_the_free_time_is_known(plan_context):
    context = plan_context(free_minutes_by_week=FREE)
    expected = month_minutes(context)
    short = draft_quality(_draft(_distinct(5)), context)

    assert short.session_minutes == 300 < expected * 0.5
    (problem,) = short.problems
    assert problem.startswith("The sessions add up to 300 minutes, too little")
    assert f"about {expected:,} session minutes" in problem
    assert "week 1: 900" in problem
    # Not judged when the free time is not known.
    assert draft_quality(_draft(_distinct(5)), plan_context()).problems == ()


def test_a_month_over_its_free_time_is_poor(plan_context):
    context = plan_context(free_minutes_by_week={week: 300 for week in range(1, 6)})
    quality = draft_quality(_draft(_distinct(20), minutes=90), context)

    assert quality.session_minutes == 1800 > 1500 * 1.1
    (problem,) = quality.problems
    assert "more than the free time" in problem


def test_a_simple_month_is_not_poor_for_leaving_free_evenings_free(plan_context):
    context = plan_context(task_complexity="Simple", free_minutes_by_week={week: 3000 for week in range(1, 6)})
    quality = draft_quality(_draft(_distinct(10), minutes=45), context)

    assert quality.problems == ()


def test_the_draft_with_fewer_poor_sessions_is_the_better_one(plan_context):
    context = plan_context(goals_text=GOALS)
    worse = draft_quality(_draft(["Work on it"] * 10), context)
    better = draft_quality(_draft(["Work on it"] * 3 + _distinct(7)), context)

    assert worse.is_poor and better.is_poor
    assert better.badness < worse.badness
