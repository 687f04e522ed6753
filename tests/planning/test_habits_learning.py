"""Learning from a habit's occurrences: completion by local hour (in the person's zone, across a
clock change), the window to suggest when the current one keeps failing, streaks and weeks."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from insights.habit_hours import HourCount, habit_hours, window_suggestion
from planning.habit_progress import habits_progress
from planning.models import Habit
from tests.insights.factories import ActivityLogFactory
from tests.planning.factories import MonthlyPlanFactory, PlanTaskFactory
from tests.planning.habit_factories import HabitFactory

LONDON = ZoneInfo("Europe/London")


def run(**fields) -> Habit:
    return Habit(name="Morning run", window_start=dt.time(6), window_end=dt.time(9), **fields)


def test_the_issues_example_moves_the_window_before_the_hour_where_runs_stop_getting_done():
    by_hour = {6: HourCount(5, 4), 7: HourCount(5, 4), 8: HourCount(5, 1)}

    suggestion = window_suggestion(run(), by_hour)

    assert suggestion is not None
    assert suggestion.message == (
        "You finish your Morning run 80% of the time before 08:00 and 20% after: move the window to 05:00–08:00?"
    )
    assert (suggestion.start, suggestion.end) == (dt.time(5), dt.time(8))


def test_runs_done_in_the_evening_instead_suggest_an_evening_window():
    by_hour = {6: HourCount(10, 2), 18: HourCount(5, 5), 19: HourCount(1, 1)}

    suggestion = window_suggestion(run(), by_hour)

    assert suggestion is not None
    assert suggestion.message == (
        "You finish your Morning run 100% of the time from 18:00 and 20% before: move the window to 18:00–21:00?"
    )


@pytest.mark.parametrize(
    ("habit", "by_hour"),
    [
        (run(), {6: HourCount(2, 0), 18: HourCount(3, 3)}),  # too few ended occurrences
        (run(), {6: HourCount(6, 5), 7: HourCount(6, 4)}),  # no clear difference
        (run(), {6: HourCount(6, 1), 7: HourCount(6, 2)}),  # failing everywhere: no better side
        (Habit(name="Night walk", window_start=dt.time(22), window_end=dt.time(1)),
         {22: HourCount(6, 0), 23: HourCount(6, 6)}),  # a window past midnight is left alone
    ],
)  # fmt: skip
def test_no_suggestion_without_a_clear_better_side(habit, by_hour):
    assert window_suggestion(habit, by_hour) is None


@pytest.mark.parametrize(
    ("by_hour", "label"),
    [
        ({5: HourCount(6, 6), 6: HourCount(6, 1)}, "03:00–06:00"),
        ({7: HourCount(6, 0), 18: HourCount(6, 6)}, "18:00–21:00"),
    ],
)
def test_the_suggested_window_keeps_its_length_next_to_the_hours_that_work(by_hour, label):
    suggestion = window_suggestion(run(), by_hour)
    assert suggestion is not None and suggestion.label == label


def test_failures_outside_the_window_do_not_move_it():
    # Done in the window; the ones moved to noon were missed: the window is not the trouble.
    by_hour = {6: HourCount(6, 6), 12: HourCount(6, 0)}
    assert window_suggestion(run(), by_hour) is None


@pytest.mark.django_db
def test_hours_are_read_on_the_persons_clock_on_both_sides_of_a_clock_change(user):
    habit = HabitFactory(user=user)
    plan = MonthlyPlanFactory(user=user, month_year="2027-03")
    now = dt.datetime(2027, 4, 5, tzinfo=dt.UTC)
    for day, done in ((22, True), (24, False), (29, True), (31, True)):
        start = dt.datetime(2027, 3, day, 6, 30, tzinfo=LONDON)  # GMT before the 28th, BST after
        task = PlanTaskFactory(plan=plan, habit=habit, start_time=start, end_time=start + dt.timedelta(minutes=45))
        if day == 29:
            evening = start.replace(hour=18)
            ActivityLogFactory(task=task, actual_start_time=evening, actual_end_time=evening + dt.timedelta(hours=1))
        elif done:
            task.is_completed = True
            task.save()

    hours = habit_hours(user=user, habits=[habit], now=now)

    assert hours == {habit.pk: {6: HourCount(3, 2), 18: HourCount(1, 1)}}


@pytest.mark.django_db
def test_streak_and_weeks_count_ended_occurrences_done_in_a_row(user, django_assert_num_queries):
    habit = HabitFactory(user=user)
    other = HabitFactory(user=user)
    plan = MonthlyPlanFactory(user=user, month_year="2026-11")
    outcomes = {2: True, 4: False, 9: True, 11: True, 16: True, 18: True, 20: None}  # None: not ended yet
    for day, done in outcomes.items():
        start = dt.datetime(2026, 11, day, 6, tzinfo=LONDON)
        PlanTaskFactory(plan=plan, habit=habit, start_time=start, end_time=start + dt.timedelta(minutes=45),
                        is_completed=bool(done))  # fmt: skip
    now = dt.datetime(2026, 11, 19, 12, tzinfo=dt.UTC)
    PlanTaskFactory(plan=plan, habit=habit, start_time=now - dt.timedelta(minutes=10),
                    end_time=now + dt.timedelta(minutes=35))  # running now: not counted  # fmt: skip

    with django_assert_num_queries(1):
        progress = habits_progress(user=user, habits=[habit, other], now=now)

    mine = progress[habit.pk]
    assert (mine.streak, mine.done, mine.ended, mine.percent) == (4, 5, 6, 83)
    assert [(week.monday.day, week.ended, week.done) for week in mine.weeks[-3:]] == [(2, 2, 1), (9, 2, 2), (16, 2, 2)]
    assert len(mine.weeks) == 8 and mine.weeks[-1].monday == dt.date(2026, 11, 16)
    assert (progress[other.pk].streak, progress[other.pk].ended) == (0, 0)
