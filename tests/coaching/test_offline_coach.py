"""The offline coach speaks to this person about this task: their learned traits, their best
hours, how long their sessions really take and their goals, with a first step for the task
itself sized to their confidence. No advice that would fit any task."""

import pytest
from django.utils import timezone

from coaching.services import coaching_advice_get, coaching_context_build
from coaching.services.persona import SIGNALS_VERSION, TRAITS
from insights.models import InsightType
from tests.coaching.factories import GoalFactory, TaskFactory
from tests.factories import UserFactory
from tests.insights.factories import InsightFactory

pytestmark = pytest.mark.django_db

GRANT = "Write the grant application"
BANK = "Call the bank about the mortgage"


def _learned(person, *traits: str) -> None:
    """Traits as coaching.services.persona stores them, fresh (so they are not recomputed)."""
    person.persona_signals = {
        "version": SIGNALS_VERSION,
        "traits": list(traits),
        "counts": {},
        "updated_at": timezone.now().isoformat(),
    }
    person.save(update_fields=["persona_signals"])


def _insights(person, *, best_window: str = "08:00\u201311:00", sessions_take: float = 1.3) -> None:
    peak = {"best_windows": [{"label": best_window}]}
    InsightFactory(user=person, insight_type=InsightType.PEAK_ENERGY, insight_value=peak)
    InsightFactory(
        user=person, insight_type=InsightType.SESSION_DURATION, insight_value={"overall": {"multiplier": sessions_take}}
    )


def _advice(person, text: str, *, importance: int = 9, confidence: int = 3) -> str:
    task = TaskFactory(user=person, text=text, importance=importance, confidence=confidence)
    return coaching_advice_get(user=person, task=task).response


@pytest.mark.parametrize(
    ("confidence", "step"),
    [
        (2, "First 10-minute step for \u201cWrite the grant application\u201d: open a blank page and write three"),
        (5, "First 25-minute step for \u201cWrite the grant application\u201d: write the first 300 words"),
        (9, "First 60-minute step for \u201cWrite the grant application\u201d: write the whole first section"),
    ],
)
def test_the_first_step_is_sized_to_the_confidence_rating(user, confidence, step):
    GoalFactory(user=user)

    advice = _advice(user, GRANT, confidence=confidence)

    assert step in advice
    assert ("When the time is up, write down the next smallest step." in advice) == (confidence <= 4)


def test_two_different_tasks_get_first_steps_of_their_own(user):
    GoalFactory(user=user)

    grant, bank = _advice(user, GRANT), _advice(user, BANK)

    assert "First 10-minute step for \u201cWrite the grant application\u201d: open a blank page" in grant
    assert "First 10-minute step for \u201cCall the bank about the mortgage\u201d: look up the number" in bank
    assert BANK not in grant and GRANT not in bank
    assert grant.replace(GRANT, "") != bank.replace(BANK, "")


def test_two_people_asking_about_the_same_task_get_advice_about_their_own_goals_and_habits():
    alice, bob = UserFactory(), UserFactory()
    GoalFactory(user=alice, what_matters="Funding the community garden", worst_outcome="Losing the plot")
    GoalFactory(user=bob, what_matters="A quiet house by summer", worst_outcome="Another year of renting")
    _learned(alice, "underrates_confidence")
    _learned(bob, "leaves_important_open")
    _insights(bob, best_window="19:00\u201322:00", sessions_take=1.5)

    for_alice, for_bob = _advice(alice, BANK), _advice(bob, BANK)

    assert "Funding the community garden" in for_alice and "Losing the plot" in for_alice
    assert "you have finished tasks you rated that low before" in for_alice
    assert "First 10-minute step" in for_alice and "best hours" not in for_alice
    assert "A quiet house by summer" in for_bob and "Another year of renting" in for_bob
    assert "Important tasks tend to stay open for weeks with you" in for_bob
    assert "First 15-minute step" in for_bob and "your best hours, 19:00\u201322:00" in for_bob
    assert "garden" not in for_bob and "renting" not in for_alice


def test_what_the_insights_show_moves_the_step_to_the_best_hours_and_stretches_it(user):
    GoalFactory(user=user)
    _insights(user)

    advice = _advice(user, GRANT, confidence=8)

    assert "First 80-minute step" in advice
    assert "That is 80 minutes, not 60: your sessions tend to run over." in advice
    assert "Put it in your best hours, 08:00\u201311:00, when you finish most of what you start." in advice


def test_someone_who_finishes_what_matters_is_told_so_on_an_important_task(user):
    _learned(user, "finishes_what_matters")

    assert "You usually finish what you rate important" in _advice(user, GRANT, importance=9, confidence=8)
    assert "You usually finish what you rate important" not in _advice(user, BANK, importance=5, confidence=8)


def test_the_coach_is_given_the_traits_the_best_hours_and_how_long_sessions_really_take(user):
    _learned(user, "leaves_important_open", "underrates_confidence")
    _insights(user, sessions_take=1.27)
    task = TaskFactory(user=user, text=GRANT)

    signals = coaching_context_build(user=user, task=task).persona_signals

    assert signals == {
        "leaves_important_open": TRAITS["leaves_important_open"],
        "underrates_confidence": TRAITS["underrates_confidence"],
        "best_hours": "08:00\u201311:00",
        "sessions_take": 1.3,
    }


def test_sessions_that_take_about_as_long_as_planned_are_not_mentioned(user):
    _insights(user, sessions_take=1.05)
    task = TaskFactory(user=user, text=GRANT)

    assert "sessions_take" not in coaching_context_build(user=user, task=task).persona_signals
    assert "run over" not in coaching_advice_get(user=user, task=task).response


def test_advice_drawn_from_insights_is_still_served_from_the_cache(user):
    _insights(user)
    task = TaskFactory(user=user, text=GRANT)

    first = coaching_advice_get(user=user, task=task)
    again = coaching_advice_get(user=user, task=task)

    assert (first.cache_hit, again.cache_hit) == (False, True)
    assert again.response == first.response


def test_an_unimportant_task_gets_no_work_step_only_the_choice_to_drop_it(user):
    GoalFactory(user=user)

    advice = _advice(user, BANK, importance=2, confidence=2)

    assert "drop, delegate or batch" in advice
    assert "-minute step" not in advice
