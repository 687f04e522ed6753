"""The calendar pages at the edges: months and days outside the years the calendar shows are
a 404, never a 500, and a session that runs past midnight is drawn on both days."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from planning.calendar.grid import DayPiece, day_pieces, week_layout
from tests.factories import UserFactory
from tests.planning.factories import MonthlyPlanFactory, PlanTaskFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
# The zones furthest ahead of and behind UTC: the first and last days of a range leave
# Python's years here first.
ZONES = ["Pacific/Kiritimati", "Pacific/Pago_Pago", "Europe/London"]


def logged_in_as(client, zone: str):
    person = UserFactory(timezone=zone)
    client.force_login(person)
    return person


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("month", ["9999-12", "9999-01", "0001-01", "0000-01", "1899-12", "2026-13", "20261", "soon"])
def test_a_month_outside_the_calendar_is_a_404(client, zone, month):
    logged_in_as(client, zone)

    assert client.get(reverse("planning:calendar"), {"month": month}).status_code == 404


@pytest.mark.parametrize("zone", ZONES)
@pytest.mark.parametrize("day", ["9999-12-31", "9999-01-04", "0001-01-01", "1899-12-31", "2026-02-30", "someday"])
def test_a_day_outside_the_calendar_is_a_404_in_the_week_view(client, zone, day):
    logged_in_as(client, zone)

    assert client.get(reverse("planning:week"), {"date": day}).status_code == 404


@pytest.mark.parametrize("zone", ZONES)
def test_the_first_and_last_months_show_without_a_link_past_the_edge(client, zone):
    logged_in_as(client, zone)

    first = client.get(reverse("planning:calendar"), {"month": "1900-01"})
    last = client.get(reverse("planning:calendar"), {"month": "9998-12"})

    assert (first.status_code, last.status_code) == (200, 200)
    assert 'rel="prev"' not in first.content.decode() and "?month=1900-02" in first.content.decode()
    assert 'rel="next"' not in last.content.decode() and "?month=9998-11" in last.content.decode()


@pytest.mark.parametrize("zone", ZONES)
def test_the_first_and_last_weeks_show_without_a_link_past_the_edge(client, zone):
    logged_in_as(client, zone)

    first = client.get(reverse("planning:week"), {"date": "1900-01-03"})
    last = client.get(reverse("planning:week"), {"date": "9998-12-31"})

    assert (first.status_code, last.status_code) == (200, 200)
    assert 'rel="prev"' not in first.content.decode() and "?date=1900-01-08" in first.content.decode()
    assert 'rel="next"' not in last.content.decode() and "?date=9998-12-21" in last.content.decode()


def test_without_a_month_or_a_date_the_pages_show_today(client):
    logged_in_as(client, "Europe/London")

    month = client.get(reverse("planning:calendar"))
    week = client.get(reverse("planning:week"))

    assert "<h1>November 2026</h1>" in month.content.decode()
    assert "Week of 16 November 2026" in week.content.decode()


def test_a_session_past_midnight_is_cut_into_the_two_days_it_touches():
    start = dt.datetime(2026, 12, 5, 23, 30, tzinfo=LONDON)  # Saturday

    pieces = day_pieces(start, start + dt.timedelta(minutes=90), LONDON)

    assert pieces == [
        DayPiece(dt.date(2026, 12, 5), 23 * 60 + 30, 24 * 60, "23:30–24:00", False),
        DayPiece(dt.date(2026, 12, 6), 0, 60, "00:00–01:00", True),
    ]


def test_a_session_ending_at_midnight_stays_on_its_day():
    start = dt.datetime(2026, 12, 5, 23, 0, tzinfo=LONDON)

    assert day_pieces(start, start + dt.timedelta(hours=1), LONDON) == [
        DayPiece(dt.date(2026, 12, 5), 23 * 60, 24 * 60, "23:00–24:00", False)
    ]


def test_on_the_night_clocks_go_back_the_pieces_follow_the_wall_clock():
    # New York, Sunday 1 November 2026: 00:30 EDT to 03:00 EST is 3.5 real hours, 2.5 on the wall.
    start = dt.datetime(2026, 10, 31, 23, 30, tzinfo=NEW_YORK)

    pieces = day_pieces(start, dt.datetime(2026, 11, 1, 8, 0, tzinfo=dt.UTC), NEW_YORK)

    assert [(p.day, p.label) for p in pieces] == [
        (dt.date(2026, 10, 31), "23:30–24:00"),
        (dt.date(2026, 11, 1), "00:00–03:00"),
    ]
    # Inside the repeated hour: 01:45 EDT to 01:15 EST ends "before" it starts on the wall clock.
    repeated = day_pieces(
        dt.datetime(2026, 11, 1, 5, 45, tzinfo=dt.UTC), dt.datetime(2026, 11, 1, 6, 15, tzinfo=dt.UTC), NEW_YORK
    )
    assert repeated == [DayPiece(dt.date(2026, 11, 1), 105, 105, "01:45–01:15", False)]


def test_on_the_night_clocks_go_forward_a_session_across_the_gap_keeps_its_wall_times():
    # London, Sunday 28 March 2027: 00:30 GMT to 02:30 BST is one real hour.
    start = dt.datetime(2027, 3, 28, 0, 30, tzinfo=LONDON)

    (piece,) = day_pieces(start, start.astimezone(dt.UTC) + dt.timedelta(hours=1), LONDON)

    assert (piece.from_minute, piece.to_minute, piece.label) == (30, 150, "00:30–02:30")


def test_the_week_grid_draws_a_saturday_night_session_on_saturday_and_sunday_from_midnight(user):
    task = PlanTaskFactory(
        plan=MonthlyPlanFactory(user=user, month_year="2026-12"),
        start_time=dt.datetime(2026, 12, 5, 23, 30, tzinfo=LONDON),
        end_time=dt.datetime(2026, 12, 6, 1, 0, tzinfo=LONDON),
    )

    layout = week_layout(monday=dt.date(2026, 11, 30), zone=LONDON, tasks=[task], busy=[], earliest_hour=6)

    # The grid starts at midnight so Sunday's part sits at 00:00, not at the top of a 06:00 grid.
    assert layout.first_hour == 0
    assert [(b.css_id, b.column, b.row_start, b.row_end, b.time_label, b.task) for b in layout.blocks] == [
        (f"task-{task.pk}-6", 6, 95, 97, "23:30–24:00", task),
        (f"task-{task.pk}-7", 7, 1, 5, "00:00–01:00", task),
    ]
    assert {b.whole_label for b in layout.blocks} == {"Sat 23:30–Sun 01:00"}
    assert [(day, [(e.task, e.piece.is_continuation) for e in entries]) for day, entries in layout.agenda][5:] == [
        (dt.date(2026, 12, 5), [(task, False)]),
        (dt.date(2026, 12, 6), [(task, True)]),
    ]


def test_the_week_page_shows_both_parts_linked_to_the_session_in_the_grid_and_the_agenda(client, user):
    client.force_login(user)
    task = PlanTaskFactory(
        plan=MonthlyPlanFactory(user=user, month_year="2026-12"),
        task_description="Night writing",
        start_time=dt.datetime(2026, 12, 5, 23, 30, tzinfo=LONDON),
        end_time=dt.datetime(2026, 12, 6, 1, 0, tzinfo=LONDON),
    )
    link = f'href="{reverse("planning:task", args=[task.pk])}"'

    body = client.get(reverse("planning:week"), {"date": "2026-12-02"}).content.decode()

    assert f"#task-{task.pk}-6 {{ grid-column: 7; grid-row: 96 / 98; }}" in body
    assert f"#task-{task.pk}-7 {{ grid-column: 8; grid-row: 2 / 6; }}" in body
    assert '<span class="block-time">23:30–24:00</span>' in body
    assert '<span class="block-time">00:00–01:00</span>' in body
    assert body.count(link) == 4  # two blocks, Saturday's agenda row, Sunday's continuation
    assert "<strong>00:00–01:00</strong> Night writing" in body
    assert "continued from Saturday 23:30" in body


def test_a_sunday_night_session_shows_its_monday_part_in_the_next_week(client, user):
    client.force_login(user)
    task = PlanTaskFactory(
        plan=MonthlyPlanFactory(user=user, month_year="2026-12"),
        start_time=dt.datetime(2026, 12, 6, 23, 0, tzinfo=LONDON),
        end_time=dt.datetime(2026, 12, 7, 0, 45, tzinfo=LONDON),
    )

    body = client.get(reverse("planning:week"), {"date": "2026-12-07"}).content.decode()

    assert f"#task-{task.pk}-1 {{ grid-column: 2; grid-row: 2 / 5; }}" in body
    assert f"#task-{task.pk}-7" not in body
    assert "continued from Sunday 23:00" in body
