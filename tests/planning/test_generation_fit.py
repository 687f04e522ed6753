"""A month that is mostly committed gets a draft sized to what is left, not a long list of
sessions that cannot be placed (the offline drafter, end to end)."""

import pytest

from planning.models import MonthlyPlan
from planning.services.generation import plan_generation_request
from tests.planning.factories import PreferencesFactory

pytestmark = pytest.mark.django_db

EVERY_DAY = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@pytest.mark.parametrize("complexity", ["Simple", "Balanced", "Ambitious"])
def test_a_week_that_is_80_percent_committed_leaves_at_most_10_percent_of_the_draft_unplaced(
    frozen_now, user, run_on_commit, complexity
):
    # Working hours 08:00-20:00 (12 h); commitments 08:00-17:36 every day: 80% committed.
    PreferencesFactory(
        user=user,
        task_complexity=complexity,
        weekend_preference="Work",
        fixed_commitments=[{"days": list(EVERY_DAY), "start": "08:00", "end": "17:36", "label": "Shift"}],
    )
    with run_on_commit():
        plan_generation_request(user=user, month="2026-12")
    plan = MonthlyPlan.objects.get(user=user)
    placed = sum(task.duration_minutes for task in plan.tasks.all())
    unplaced = sum(item["duration_minutes"] for item in plan.unplaced)
    assert placed > 0
    assert unplaced <= 0.1 * (placed + unplaced), (placed, unplaced, plan.advice)
    # Nothing sits in the shift or its 15-minute buffer.
    for task in plan.tasks.all():
        local = task.start_time.astimezone(user_zone(user))
        assert local.hour * 60 + local.minute >= 17 * 60 + 51, task


def user_zone(user):
    from zoneinfo import ZoneInfo

    return ZoneInfo(user.timezone)
