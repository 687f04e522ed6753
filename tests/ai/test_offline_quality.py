"""The offline drafter's figures over the profiles of bench/draft_profiles.py (printed by
bench/bench_drafts.py), held to the issue's thresholds: at most 10% repeated descriptions,
none over 100 characters, and for every measurable goal at least half its sessions with a
target and targets that add up to (or build up to) the goal within 5%."""

import pytest

from ai.offline.plan import build_draft, draft_month
from ai.offline.quality import draft_figures
from bench.draft_profiles import PROFILES

MAX_DUPLICATE_RATIO = 0.10
MIN_TARGET_SHARE = 0.5
MAX_TARGET_ERROR = 0.05


@pytest.mark.parametrize("profile", PROFILES, ids=[profile.name for profile in PROFILES])
def test_each_profile_meets_the_quality_thresholds(profile):
    figures = draft_figures(draft_month(profile.context))

    assert figures.duplicate_ratio <= MAX_DUPLICATE_RATIO
    assert figures.long_descriptions == 0
    for goal in figures.goals:
        assert goal.target_share >= MIN_TARGET_SHARE, goal
        assert goal.error <= MAX_TARGET_ERROR, goal


def test_the_profiles_cover_measurable_goals_of_every_playbook():
    kinds = {
        plan.goal.playbook.kind
        for profile in PROFILES
        for plan in draft_month(profile.context).goals
        if plan.measurable and plan.goal.playbook
    }

    assert kinds >= {"writing", "running", "fitness", "language", "reading", "instrument", "exam", "job_search"}
    assert kinds >= {"coding", "saving", "home"}


@pytest.mark.parametrize("profile", PROFILES, ids=[profile.name for profile in PROFILES])
def test_the_draft_people_see_is_the_month_that_was_measured(profile):
    month, draft = draft_month(profile.context), build_draft(profile.context)

    assert [task.description for task in draft.tasks] == [session.description for session in month.sessions]
    assert [task.target for task in draft.tasks] == [session.target for session in month.sessions]
