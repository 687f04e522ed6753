"""The plan-tasks bench compares the API with a hand-written floor view; the two must answer
the same payload, or `make bench` stops. Kept here so a field added to the API without the
floor fails the suite, not only the bench."""

import datetime as dt

import pytest
from django.test import override_settings

from planning.models import PlanTask
from tests.planning.factories import MonthlyPlanFactory, PlanTaskFactory
from tests.planning.habit_factories import HabitFactory

pytestmark = pytest.mark.django_db


@override_settings(ROOT_URLCONF="bench.baseline_urls")
def test_the_bench_floor_answers_exactly_what_the_api_answers(api, user):
    plan = MonthlyPlanFactory(user=user, month_year="2026-12")
    first = PlanTaskFactory(plan=plan, target="1,250 words", is_pinned=True, habit=HabitFactory(user=user))
    PlanTaskFactory(plan=plan, start_time=first.start_time + dt.timedelta(hours=3), skipped_at=first.start_time)
    query = {"start": "2026-12-01", "end": "2026-12-31"}
    from_api = api.get("/api/plan-tasks", query).json()
    from_floor = api.get("/bench/baseline/plan-tasks", query).json()
    assert len(from_api) == PlanTask.objects.filter(plan=plan).count() == 2
    assert from_floor == from_api
