"""Insights computed from factory-built histories whose answers are known."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from insights.computation import insights_recompute
from insights.models import Insight
from insights.selectors import CHART_ONLY_KEYS, planning_signals
from planning.learning import PlanningSignals
from planning.scheduler import PeakWindow
from tests.factories import UserFactory
from tests.insights.factories import at, days, morning_person, plan_for, session

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 22, 12, tzinfo=dt.UTC)


def test_a_person_who_finishes_mornings_and_skips_evenings_gets_a_morning_peak_window(user):
    morning_person(plan_for(user))

    values = insights_recompute(user=user, now=NOW)

    assert [(w["start_hour"], w["end_hour"]) for w in values["PeakEnergy"]["best_windows"]] == [(8, 11)]
    assert values["PeakEnergy"]["summary"] == (
        "You finish most of what you start between 08:00 and 11:00: 10 of 10 sessions (100%)."
    )
    assert planning_signals(user=user).peak_windows == (PeakWindow(start_hour=8, end_hour=11, weekday=None),)


def test_a_person_who_overruns_writing_by_half_gets_a_1_5_multiplier_for_writing(user):
    plan = plan_for(user)
    for day in days(dt.date(2026, 10, 5), 6):
        session(plan, start=at(day, 10), planned_minutes=60, actual_minutes=90, focus_area="Writing")
        session(plan, start=at(day, 16), planned_minutes=30, actual_minutes=30, focus_area="Fitness")

    values = insights_recompute(user=user, now=NOW)

    assert values["SessionDuration"]["multipliers"] == {"Writing": 1.5, "Fitness": 1.0}
    writing = next(row for row in values["SessionDuration"]["by_focus_area"] if row["focus_area"] == "Writing")
    assert writing == {
        "focus_area": "Writing",
        "sessions": 6,
        "avg_planned_minutes": 60.0,
        "avg_actual_minutes": 90.0,
        "multiplier": 1.5,
    }
    assert planning_signals(user=user).duration_multipliers == {"Writing": 1.5, "Fitness": 1.0}


def test_unfinished_sessions_do_not_shorten_the_multiplier(user):
    plan = plan_for(user)
    for day in days(dt.date(2026, 10, 5), 4):
        session(plan, start=at(day, 10), planned_minutes=60, actual_minutes=90)
        session(plan, start=at(day, 14), planned_minutes=60, actual_minutes=5, completed=False)

    values = insights_recompute(user=user, now=NOW)

    assert values["SessionDuration"]["multipliers"] == {"Writing": 1.5}


def test_hours_are_bucketed_in_the_persons_zone_across_daylight_saving(user):
    # Europe/London: 09:30 in July is 08:30 UTC, 09:30 in December is 09:30 UTC.
    plan = plan_for(user)
    summer = session(plan, start=at(dt.date(2026, 7, 15), 9, 30))
    winter = session(plan, start=at(dt.date(2026, 12, 15), 9, 30))
    assert summer.actual_start_time.astimezone(dt.UTC).hour == 8
    assert winter.actual_start_time.astimezone(dt.UTC).hour == 9

    values = insights_recompute(user=user, now=NOW)

    assert values["PeakEnergy"]["by_hour"] == [
        {"hour": 9, "logged": 2, "completed": 2, "completion_rate": 1.0, "on_time_rate": 1.0}
    ]
    assert values["PeakEnergy"]["cells"] == [
        {"weekday": 1, "hour": 9, "logged": 1, "completed": 1},  # Tuesday 15 December
        {"weekday": 2, "hour": 9, "logged": 1, "completed": 1},  # Wednesday 15 July
    ]


def test_the_same_moments_fall_in_other_hours_for_a_person_in_another_zone():
    tokyo = UserFactory(timezone="Asia/Tokyo")
    plan = plan_for(tokyo)
    london = ZoneInfo("Europe/London")
    moment = dt.datetime(2026, 10, 6, 9, tzinfo=london).astimezone(ZoneInfo("Asia/Tokyo")).replace(tzinfo=None)
    session(plan, start=moment)  # 09:00 in London is 17:00 in Tokyo

    values = insights_recompute(user=tokyo, now=NOW)

    assert [row["hour"] for row in values["PeakEnergy"]["by_hour"]] == [17]


def test_completion_rate_overall_recent_by_area_and_by_difficulty(user):
    plan = plan_for(user)
    # Early October (older than 30 days before NOW): 4 writing sessions, 3 finished.
    for index, day in enumerate(days(dt.date(2026, 10, 5), 4)):
        session(plan, start=at(day, 9), completed=index != 0, difficulty="hard")
    # November (within the last 30 days): 4 fitness sessions, 1 finished.
    for index, day in enumerate(days(dt.date(2026, 11, 9), 4)):
        session(plan, start=at(day, 18), completed=index == 0, focus_area="Fitness", difficulty="easy")

    value = insights_recompute(user=user, now=NOW)["CompletionRate"]

    assert value["overall"] == {"logged": 8, "completed": 4, "completion_rate": 0.5, "on_time_rate": 1.0}
    assert value["last_30_days"] == {"logged": 4, "completed": 1, "completion_rate": 0.25, "on_time_rate": 1.0}
    assert value["by_focus_area"] == [
        {"focus_area": "Fitness", "logged": 4, "completed": 1, "completion_rate": 0.25, "on_time_rate": 1.0},
        {"focus_area": "Writing", "logged": 4, "completed": 3, "completion_rate": 0.75, "on_time_rate": 1.0},
    ]
    assert value["by_difficulty"] == [
        {"difficulty": "easy", "logged": 4, "completed": 1, "completion_rate": 0.25, "on_time_rate": 1.0},
        {"difficulty": "hard", "logged": 4, "completed": 3, "completion_rate": 0.75, "on_time_rate": 1.0},
    ]
    assert value["summary"] == "In the last 30 days you finished 1 of 4 logged sessions (25%); 50% overall."
    weekly = {week["week_start"]: week["logged"] for week in value["weekly"]}
    assert len(value["weekly"]) == 12
    assert weekly["2026-10-05"] == 4
    assert weekly["2026-11-09"] == 4
    assert value["weekly"][-1]["week_start"] == "2026-11-16"


def test_a_late_start_counts_against_the_on_time_rate(user):
    plan = plan_for(user)
    for index, day in enumerate(days(dt.date(2026, 10, 5), 4)):
        session(plan, start=at(day, 9), late_minutes=40 if index < 3 else 10)

    value = insights_recompute(user=user, now=NOW)["PeakEnergy"]

    assert value["overall"] == {"logged": 4, "completed": 4, "completion_rate": 1.0, "on_time_rate": 0.25}


def test_challenges_say_in_words_where_plans_fail(user):
    morning_person(plan_for(user))

    value = insights_recompute(user=user, now=NOW)["Challenges"]

    assert [item["text"] for item in value["items"]] == [
        "Fitness sessions get finished 0 times out of 10 (0%), against 50% overall.",
        "Sessions started in the evening (18:00–21:00) rarely get done: 0 of 10 finished.",
    ]


def test_recomputing_twice_writes_the_same_rows(user):
    morning_person(plan_for(user))

    insights_recompute(user=user, now=NOW)
    first = {row.insight_type: (row.pk, row.insight_value) for row in Insight.objects.filter(user=user)}
    insights_recompute(user=user, now=NOW)
    second = {row.insight_type: (row.pk, row.insight_value) for row in Insight.objects.filter(user=user)}

    assert set(first) == {"PeakEnergy", "CompletionRate", "SessionDuration", "Challenges"}
    assert first == second
    assert Insight.objects.count() == 4


def test_only_the_persons_own_activity_counts(user, other_user):
    morning_person(plan_for(user))
    others = plan_for(other_user, "2026-11")
    for day in days(dt.date(2026, 10, 5), 6):
        session(others, start=at(day, 20))

    values = insights_recompute(user=user, now=NOW)

    assert values["PeakEnergy"]["sample_size"] == 20
    assert not Insight.objects.filter(user=other_user).exists()


def test_a_person_whose_activity_is_gone_loses_their_insights_and_gets_default_signals(user):
    plan = plan_for(user)
    morning_person(plan)
    insights_recompute(user=user, now=NOW)
    plan.delete()  # tasks and their logs go with it

    assert insights_recompute(user=user, now=NOW) == {}
    assert not Insight.objects.filter(user=user).exists()
    assert planning_signals(user=user) == PlanningSignals()


def test_planning_signals_carry_all_four_insights_for_the_prompt_without_chart_series(user):
    morning_person(plan_for(user))
    insights_recompute(user=user, now=NOW)

    signals = planning_signals(user=user)

    assert set(signals.insights) == {"Challenges", "CompletionRate", "PeakEnergy", "SessionDuration"}
    for value in signals.insights.values():
        assert not CHART_ONLY_KEYS & set(value)
        assert value["summary"]
    assert signals.insights["PeakEnergy"]["best_windows"][0]["label"] == "08:00–11:00"


def test_planning_signals_read_stored_rows_in_one_query(user, django_assert_num_queries):
    morning_person(plan_for(user))
    insights_recompute(user=user, now=NOW)

    with django_assert_num_queries(1):
        planning_signals(user=user)


def test_before_any_activity_there_are_no_signals(user):
    assert planning_signals(user=user) == PlanningSignals()
