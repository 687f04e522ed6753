"""GET /calendar/<secret>.ics: the plan tasks as iCalendar, readable by any calendar app."""

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import ics
import pytest
import time_machine

from accounts.services import user_calendar_secret_rotate
from planning.models import MonthlyPlan, PlanState, PlanTask
from planning.services.generation import plan_generation_request
from tests.factories import UserFactory
from tests.planning.factories import MonthlyPlanFactory, PlanTaskFactory, PreferencesFactory

pytestmark = [
    pytest.mark.django_db,
    # ics 0.7 still calls re.split with a positional maxsplit.
    pytest.mark.filterwarnings("ignore::DeprecationWarning:ics.*"),
]

UTC = dt.UTC
LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
NOW = dt.datetime(2026, 11, 22, 10, 0, tzinfo=UTC)  # Sunday 22 November 2026


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=True):
        yield


def feed(client, person) -> bytes:
    response = client.get(f"/calendar/{person.calendar_secret}.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return response.content


def events_by_uid(body: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(body)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def second_parser_events(body: bytes) -> dict[str, ics.Event]:
    """The `ics` package has its own grammar-based parser (TatSu) and its own VTIMEZONE
    reading (dateutil), sharing no code with icalendar."""
    return {event.uid: event for event in ics.Calendar(body.decode()).events}


def test_a_london_task_in_summer_is_at_the_right_utc_instant_for_both_parsers(client, user):
    plan = MonthlyPlanFactory(user=user, month_year="2027-07", generated_at=NOW)
    task = PlanTaskFactory(
        plan=plan,
        task_key="w2-t1",
        task_description="Draft the opening scene",
        focus_area="Writing",
        difficulty_level="hard",
        start_time=dt.datetime(2027, 7, 8, 9, 0, tzinfo=LONDON),
        end_time=dt.datetime(2027, 7, 8, 10, 30, tzinfo=LONDON),
        scheduling_reason="Hard task placed in your peak window (09:00-12:00).",
    )
    body = feed(client, user)
    uid = f"w2-t1-2027-07-{user.id}@monthwise"

    event = events_by_uid(body)[uid]
    assert event.decoded("DTSTART") == dt.datetime(2027, 7, 8, 8, 0, tzinfo=UTC)
    assert event.decoded("DTEND") == dt.datetime(2027, 7, 8, 9, 30, tzinfo=UTC)
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert str(event["SUMMARY"]) == "Draft the opening scene"
    assert str(event["DESCRIPTION"]) == (
        "Focus area: Writing\nDifficulty: Hard\nCompleted: not yet\n\n"
        "Why this time: Hard task placed in your peak window (09:00-12:00)."
    )
    assert event["CATEGORIES"].cats == ["Writing"]
    assert (str(event["STATUS"]), str(event["X-MONTHWISE-COMPLETED"])) == ("CONFIRMED", "FALSE")
    assert event.decoded("DTSTAMP") == NOW
    assert event.decoded("LAST-MODIFIED") == NOW

    other = second_parser_events(body)[uid]
    assert other.begin.to("UTC").datetime == dt.datetime(2027, 7, 8, 8, 0, tzinfo=dt.UTC)
    assert other.end.to("UTC").datetime == dt.datetime(2027, 7, 8, 9, 30, tzinfo=dt.UTC)
    assert other.name == task.task_description
    assert other.categories == {"Writing"}


def test_the_calendar_carries_a_vtimezone_for_the_persons_zone(client, user):
    PlanTaskFactory(plan__user=user, plan__month_year="2027-03")

    calendar = icalendar.Calendar.from_ical(feed(client, user))

    assert [zone.tz_name for zone in calendar.timezones] == ["Europe/London"]
    assert calendar.get_missing_tzids() == set()
    assert str(calendar["X-WR-TIMEZONE"]) == "Europe/London"


def test_new_york_tasks_around_the_november_change_are_at_the_right_instants(client):
    person = UserFactory(timezone="America/New_York")
    october = MonthlyPlanFactory(user=person, month_year="2026-10", generated_at=NOW)
    november = MonthlyPlanFactory(user=person, month_year="2026-11", generated_at=NOW)
    # Clocks go back from 02:00 EDT to 01:00 EST early on Sunday 1 November 2026.
    saturday = PlanTaskFactory(
        plan=october,
        task_key="w5-t1",
        start_time=dt.datetime(2026, 10, 31, 9, 0, tzinfo=NEW_YORK),
        end_time=dt.datetime(2026, 10, 31, 10, 0, tzinfo=NEW_YORK),
    )
    across = PlanTaskFactory(
        plan=november,
        task_key="w1-t1",
        start_time=dt.datetime(2026, 11, 1, 0, 30, tzinfo=NEW_YORK),
        end_time=dt.datetime(2026, 11, 1, 3, 0, tzinfo=NEW_YORK),
    )
    monday = PlanTaskFactory(
        plan=november,
        task_key="w1-t2",
        start_time=dt.datetime(2026, 11, 2, 9, 0, tzinfo=NEW_YORK),
        end_time=dt.datetime(2026, 11, 2, 10, 0, tzinfo=NEW_YORK),
    )
    expected = {
        f"w5-t1-2026-10-{person.id}@monthwise": (dt.datetime(2026, 10, 31, 13, 0, tzinfo=UTC), dt.timedelta(hours=1)),
        # 00:30 EDT to 03:00 EST is three and a half real hours.
        f"w1-t1-2026-11-{person.id}@monthwise": (dt.datetime(2026, 11, 1, 4, 30, tzinfo=UTC), dt.timedelta(hours=3.5)),
        f"w1-t2-2026-11-{person.id}@monthwise": (dt.datetime(2026, 11, 2, 14, 0, tzinfo=UTC), dt.timedelta(hours=1)),
    }
    assert [saturday.start_time, across.start_time, monday.start_time] == [start for start, _ in expected.values()]
    body = feed(client, person)

    first = events_by_uid(body)
    assert {
        # In UTC: two datetimes sharing a zone subtract by wall clock (2.5 h here).
        uid: (
            event.decoded("DTSTART").astimezone(UTC),
            event.decoded("DTEND").astimezone(UTC) - event.decoded("DTSTART"),
        )
        for uid, event in first.items()
    } == expected
    assert all(event["DTSTART"].params["TZID"] == "America/New_York" for event in first.values())

    second = second_parser_events(body)
    assert {
        uid: (event.begin.to("UTC").datetime, event.end.to("UTC").datetime - event.begin.to("UTC").datetime)
        for uid, event in second.items()
    } == expected


def test_a_completed_task_is_marked_in_the_title_and_the_extension_property(client, user):
    plan = MonthlyPlanFactory(user=user, month_year="2026-12", generated_at=NOW - dt.timedelta(days=1))
    PlanTaskFactory(plan=plan, task_key="w1-t1", task_description="Long run", is_completed=True, completed_at=NOW)

    event = events_by_uid(feed(client, user))[f"w1-t1-2026-12-{user.id}@monthwise"]

    assert str(event["SUMMARY"]) == "✓ Long run"
    assert str(event["X-MONTHWISE-COMPLETED"]) == "TRUE"
    assert "Completed: yes" in str(event["DESCRIPTION"])
    assert event.decoded("LAST-MODIFIED") == NOW


def test_the_feed_holds_the_newest_plan_of_each_month_from_two_months_back_to_twelve_ahead(client, user):
    old_december = MonthlyPlanFactory(
        user=user, month_year="2026-12", generated_at=NOW - dt.timedelta(days=5), state=PlanState.SUPERSEDED
    )
    PlanTaskFactory(plan=old_december, task_key="w1-t9")
    keys = {}
    for month in ("2026-08", "2026-09", "2026-12", "2027-11", "2027-12"):
        keys[month] = PlanTaskFactory(plan__user=user, plan__month_year=month, plan__generated_at=NOW).task_key

    uids = set(events_by_uid(feed(client, user)))

    assert uids == {f"{keys[month]}-{month}-{user.id}@monthwise" for month in ("2026-09", "2026-12", "2027-11")}


def test_a_person_without_plans_gets_a_valid_empty_calendar(client, user):
    body = feed(client, user)

    calendar = icalendar.Calendar.from_ical(body)
    assert calendar.walk("VEVENT") == []
    assert str(calendar["PRODID"]) == "-//Monthwise//Monthly plan//EN"
    assert list(ics.Calendar(body.decode()).events) == []


def test_the_feed_shows_only_the_persons_own_tasks(client, user, other_user):
    PlanTaskFactory(plan__user=other_user, plan__month_year="2026-12")

    assert events_by_uid(feed(client, user)) == {}


def test_uids_stay_the_same_when_the_month_is_generated_again(client, user, run_on_commit):
    PreferencesFactory(user=user)
    with run_on_commit():
        plan_generation_request(user=user, month="2026-12")
    first_rows = set(PlanTask.objects.filter(user=user).values_list("id", flat=True))
    first = events_by_uid(feed(client, user))

    with run_on_commit():
        plan_generation_request(user=user, month="2026-12")
    second = events_by_uid(feed(client, user))

    assert MonthlyPlan.objects.filter(user=user, month_year="2026-12").count() == 2
    newest = MonthlyPlan.objects.filter(user=user).order_by("-generated_at", "-id").first()
    assert first_rows.isdisjoint(newest.tasks.values_list("id", flat=True))  # new rows...
    assert len(second) == newest.tasks.count() >= 8
    assert set(second) == set(first)  # ...the same events
    assert {uid: str(event["SUMMARY"]) for uid, event in second.items()} == {
        uid: str(event["SUMMARY"]) for uid, event in first.items()
    }


def test_a_wrong_secret_answers_404(client, user):
    response = client.get(f"/calendar/{user.calendar_secret}x.ics")

    assert response.status_code == 404


def test_a_rotated_secret_answers_404_and_the_new_one_works(client, user):
    PlanTaskFactory(plan__user=user, plan__month_year="2026-12")
    old_secret = user.calendar_secret

    new_secret = user_calendar_secret_rotate(user=user)

    assert client.get(f"/calendar/{old_secret}.ics").status_code == 404
    response = client.get(f"/calendar/{new_secret}.ics")
    assert response.status_code == 200
    assert len(events_by_uid(response.content)) == 1


def make_tasks(plan, count: int) -> None:
    start = dt.datetime(2026, 12, 1, 8, 0, tzinfo=LONDON)
    PlanTask.objects.bulk_create(
        PlanTask(
            plan=plan,
            user=plan.user,
            task_key=f"w{index // 35 + 1}-t{index}",
            task_description=f"Session {index}",
            focus_area="Writing",
            start_time=start + dt.timedelta(hours=4 * index),
            end_time=start + dt.timedelta(hours=4 * index, minutes=45),
            difficulty_level="medium",
            scheduling_reason="Placed.",
        )
        for index in range(count)
    )


@pytest.mark.parametrize("count", [1, 150])
def test_the_feed_runs_the_same_queries_for_1_task_and_for_150(client, user, count, django_assert_num_queries):
    make_tasks(MonthlyPlanFactory(user=user, month_year="2026-12"), count)

    # The person (by secret), the feed's version (one aggregate) and the tasks with their plan: nothing per task.
    with django_assert_num_queries(3):
        body = feed(client, user)

    assert len(events_by_uid(body)) == count


def test_a_person_on_utc_gets_utc_times_and_no_vtimezone(client):
    person = UserFactory(timezone="UTC")
    PlanTaskFactory(plan__user=person, plan__month_year="2026-12", task_key="w1-t1")

    body = feed(client, person)

    calendar = icalendar.Calendar.from_ical(body)
    assert calendar.timezones == []
    assert b"DTSTART:20261201T180000Z" in body
    event = second_parser_events(body)[f"w1-t1-2026-12-{person.id}@monthwise"]
    assert event.begin.to("UTC").datetime == dt.datetime(2026, 12, 1, 18, 0, tzinfo=UTC)
