"""The insight maths on plain counts: no database."""

import datetime as dt

import pytest

from insights import maths
from insights.maths import Durations, Tally


def test_mornings_finished_and_evenings_skipped_make_a_morning_peak_centred_on_the_sessions():
    by_hour = {9: Tally(10, 10, 10), 19: Tally(10, 0, 10)}
    windows = maths.best_windows(by_hour)
    assert [(w.start_hour, w.end_hour) for w in windows] == [(8, 11)]
    assert windows[0].tally == Tally(10, 10, 10)


def test_a_window_needs_the_minimum_sample_size():
    assert maths.best_windows({9: Tally(4, 4, 4)}) == []
    assert [(w.start_hour, w.end_hour) for w in maths.best_windows({9: Tally(5, 5, 5)})] == [(8, 11)]


def test_a_window_finishing_less_than_half_is_never_a_peak():
    assert maths.best_windows({9: Tally(10, 4, 10), 15: Tally(10, 3, 10)}) == []


def test_two_good_parts_of_the_day_give_two_separate_windows():
    by_hour = {8: Tally(6, 6, 6), 15: Tally(6, 5, 6), 20: Tally(6, 0, 0)}
    assert [(w.start_hour, w.end_hour) for w in maths.best_windows(by_hour)] == [(7, 10), (14, 17)]


def test_a_long_steady_record_outranks_a_short_perfect_one():
    by_hour = {9: Tally(50, 49, 45), 16: Tally(5, 5, 5)}
    windows = maths.best_windows(by_hour, max_windows=1)
    assert [(w.start_hour, w.end_hour) for w in windows] == [(8, 11)]


def test_windows_never_cross_midnight():
    by_hour = {23: Tally(8, 8, 8), 0: Tally(8, 8, 8)}
    windows = maths.best_windows(by_hour)
    assert all(0 <= w.start_hour < w.end_hour <= 24 for w in windows)
    assert {(w.start_hour, w.end_hour) for w in windows} == {(21, 24), (0, 3)}


@pytest.mark.parametrize(
    ("planned", "actual", "expected"),
    [(600, 900, 1.5), (600, 600, 1.0), (600, 6000, 2.0), (600, 60, 0.5), (180, 200, 1.11)],
)
def test_the_duration_multiplier_is_actual_over_planned_clamped(planned, actual, expected):
    assert maths.duration_multiplier(Durations(10, planned, actual)) == expected


def test_no_multiplier_before_three_finished_sessions():
    assert maths.duration_multiplier(Durations(2, 120, 240)) is None
    assert maths.duration_multiplier(Durations(3, 180, 360)) == 2.0


def test_the_deviation_is_actual_minus_planned_minutes():
    start = dt.datetime(2026, 10, 5, 9, tzinfo=dt.UTC)
    assert (
        maths.duration_deviation_minutes(
            planned_start=start,
            planned_end=start + dt.timedelta(minutes=60),
            actual_start=start + dt.timedelta(minutes=10),
            actual_end=start + dt.timedelta(minutes=100),
        )
        == 30
    )


def test_the_weekly_series_fills_empty_weeks_and_ends_with_this_week():
    series = maths.weekly_series({dt.date(2026, 11, 9): Tally(4, 3, 2)}, today=dt.date(2026, 11, 22), weeks=3)
    assert series == [
        {"week_start": "2026-11-02", "logged": 0, "completed": 0, "completion_rate": None, "on_time_rate": None},
        {"week_start": "2026-11-09", "logged": 4, "completed": 3, "completion_rate": 0.75, "on_time_rate": 0.5},
        {"week_start": "2026-11-16", "logged": 0, "completed": 0, "completion_rate": None, "on_time_rate": None},
    ]


def test_peak_energy_says_what_is_missing_before_there_is_enough_data():
    value = maths.peak_energy_value({(0, 9): Tally(2, 2, 2)})
    assert value["best_windows"] == []
    assert value["summary"].startswith("Not enough yet to name your peak hours: log at least 5 sessions")
    assert value["cells"] == [{"weekday": 0, "hour": 9, "logged": 2, "completed": 2}]
