"""The nightly run finds most people unchanged: it rewrites only the insights whose value
changed, so the row and its `last_updated` stay as they were."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from insights.computation import insights_recompute, insights_recompute_many
from insights.models import Insight
from tests.factories import UserFactory
from tests.insights.factories import at, morning_person, plan_for, session

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 22, 12, tzinfo=dt.UTC)


def _writes(captured) -> list[str]:
    return [query["sql"] for query in captured if query["sql"].startswith(("INSERT", "UPDATE", "DELETE"))]


def test_recomputing_with_nothing_new_writes_nothing(user):
    morning_person(plan_for(user))
    insights_recompute(user=user, now=NOW)
    before = {row.insight_type: row.last_updated for row in Insight.objects.filter(user=user)}

    with time_machine.travel(NOW + dt.timedelta(hours=1)), CaptureQueriesContext(connection) as captured:
        insights_recompute(user=user, now=NOW)

    assert _writes(captured) == []
    assert {row.insight_type: row.last_updated for row in Insight.objects.filter(user=user)} == before


def test_a_new_log_rewrites_only_what_it_changed_for_that_person(user):
    other = UserFactory()
    plan = plan_for(user)
    morning_person(plan)
    morning_person(plan_for(other))
    insights_recompute_many(users=[user, other], now=NOW)
    before = {(row.user_id, row.insight_type): row.last_updated for row in Insight.objects.all()}

    session(plan, start=at(dt.date(2026, 10, 30), 21), completed=False)
    with time_machine.travel(NOW + dt.timedelta(hours=1)):
        insights_recompute_many(users=[user, other], now=NOW)

    after = {(row.user_id, row.insight_type): row.last_updated for row in Insight.objects.all()}
    rewritten = {key for key in after if after[key] != before[key]}
    assert rewritten and {user_id for user_id, _ in rewritten} == {user.pk}
