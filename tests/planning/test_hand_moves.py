"""Checks on a session moved by hand that warn instead of refusing (pure)."""

from datetime import datetime, time
from zoneinfo import ZoneInfo

from planning.scheduler import Commitment, WorkingWindow, inside_working_hours, move_warnings

NEW_YORK = "America/New_York"
NIGHTS = tuple(WorkingWindow(day=day, start=time(22), end=time(6)) for day in range(7))


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=ZoneInfo(NEW_YORK))


def test_a_session_inside_a_night_window_is_inside_the_hours_across_the_spring_change():
    # 8 March 2026: clocks skip 02:00-03:00; 01:30-03:30 is one real hour inside 22:00-06:00.
    assert inside_working_hours(start=at(2026, 3, 8, 1, 30), end=at(2026, 3, 8, 3, 30), timezone=NEW_YORK, hours=NIGHTS)
    assert inside_working_hours(start=at(2026, 3, 7, 23, 0), end=at(2026, 3, 8, 1, 0), timezone=NEW_YORK, hours=NIGHTS)


def test_a_session_that_runs_out_of_the_window_is_outside_the_hours():
    assert not inside_working_hours(
        start=at(2026, 3, 9, 5, 30), end=at(2026, 3, 9, 6, 30), timezone=NEW_YORK, hours=NIGHTS
    )
    assert not inside_working_hours(start=at(2026, 3, 9, 12), end=at(2026, 3, 9, 13), timezone=NEW_YORK, hours=())


def test_the_buffer_warning_names_the_commitment():
    choir = (Commitment(day=0, start=time(18, 30), end=time(20), label="Choir"),)
    day = (WorkingWindow(day=0, start=time(8), end=time(22)),)
    warnings = move_warnings(
        start=at(2026, 3, 9, 17),
        end=at(2026, 3, 9, 18, 25),
        timezone=NEW_YORK,
        commitments=choir,
        hours=day,
        buffer_minutes=15,
    )
    assert warnings == ["This leaves less than 15 minutes between the session and “Choir”."]
    clear = move_warnings(
        start=at(2026, 3, 9, 17),
        end=at(2026, 3, 9, 18),
        timezone=NEW_YORK,
        commitments=choir,
        hours=day,
        buffer_minutes=15,
    )
    assert clear == []
