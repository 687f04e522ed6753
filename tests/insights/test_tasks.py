"""Background recomputation: one person, and everyone nightly in chunks."""

import datetime as dt
from unittest import mock

import pytest
from django.core.cache import cache

from config.celery import app as celery_app
from insights import tasks
from insights.models import Insight
from tests.factories import UserFactory
from tests.insights.factories import InsightFactory, at, morning_person, plan_for, session

pytestmark = pytest.mark.django_db


def test_the_nightly_job_is_on_the_beat_schedule():
    entry = celery_app.conf.beat_schedule["insights-nightly"]
    assert entry["task"] == tasks.recompute_all_insights.name == "insights.tasks.recompute_all_insights"


def test_the_nightly_run_fans_out_in_chunks_and_recomputes_everyone_who_needs_it():
    active = UserFactory.create_batch(5)
    for person in active:
        session(plan_for(person), start=at(dt.date(2026, 10, 5), 9))
    stale = InsightFactory(insight_value={"summary": "left over"}).user  # activity gone since
    idle = UserFactory()

    with mock.patch.object(tasks.recompute_insights_chunk, "delay", wraps=tasks.recompute_insights_chunk.delay) as sent:
        chunks = tasks.recompute_all_insights(chunk_size=2)

    assert chunks == 3
    sizes = [len(call.args[0]) for call in sent.call_args_list]
    assert sizes == [2, 2, 2]
    everyone = {user_id for call in sent.call_args_list for user_id in call.args[0]}
    assert everyone == {str(person.pk) for person in [*active, stale]}
    for person in active:
        assert Insight.objects.filter(user=person).count() == 4
    assert not Insight.objects.filter(user=stale).exists()
    assert not Insight.objects.filter(user=idle).exists()


def test_one_failing_person_does_not_stop_the_rest_of_the_chunk(caplog):
    first, second = UserFactory(), UserFactory()
    morning_person(plan_for(first))
    morning_person(plan_for(second))
    real = tasks.insights_recompute

    def flaky(*, user):
        if user.pk == first.pk:
            raise ValueError("corrupt history")
        return real(user=user)

    # The shared queries of the chunk fail on the bad history; then each person is tried alone.
    with (
        mock.patch.object(tasks, "insights_recompute_many", side_effect=ValueError("corrupt history")),
        mock.patch.object(tasks, "insights_recompute", side_effect=flaky),
    ):
        done = tasks.recompute_insights_chunk([str(first.pk), str(second.pk)])

    assert done == 1
    assert Insight.objects.filter(user=second).count() == 4
    assert not Insight.objects.filter(user=first).exists()
    assert f"recomputing the insights of {first.pk} failed" in caplog.text


def test_a_chunk_computes_people_in_many_zones_with_a_few_shared_queries(django_assert_num_queries):
    zones = ["Europe/London", "America/New_York", "Asia/Tokyo"]
    people = [UserFactory(timezone=zones[index % 3]) for index in range(9)]
    for person in people:
        morning_person(plan_for(person), count=5)

    # people, focus-area totals, 3 zones x (hours, weeks), the stored values (to write only
    # what changed), one upsert
    with django_assert_num_queries(1 + 1 + 3 * 2 + 1 + 1):
        assert tasks.recompute_insights_chunk([str(person.pk) for person in people]) == 9

    for person in people:
        peak = Insight.objects.get(user=person, insight_type="PeakEnergy").insight_value
        assert [w["label"] for w in peak["best_windows"]] == ["08:00–11:00"], person.timezone


def test_recomputing_one_person_frees_the_debounce_key(user):
    morning_person(plan_for(user))
    cache.set(tasks.recompute_key(str(user.pk)), "queued")

    assert tasks.recompute_user_insights(str(user.pk)) == 4

    assert cache.get(tasks.recompute_key(str(user.pk))) is None
    assert Insight.objects.filter(user=user).count() == 4


def test_a_person_deleted_while_the_task_waited_is_skipped(user):
    user_id = str(user.pk)
    user.delete()
    assert tasks.recompute_user_insights(user_id) == 0
