"""The person's calendars are read just before a plan is generated (with a short time budget),
and the plan keeps clear of their events: a one-off event and a weekly one across the
spring daylight-saving change, from a real Radicale. A calendar server that is down, or never
answers, does not hold the plan up: it is made with the last busy time known, and says so.

The suite's clock is Sunday 22 November 2026 (London)."""

import datetime as dt
import time

import pytest
from django.urls import reverse

from calendars.models import BusyEvent, CalendarConnection
from calendars.services.connect import calendar_connection_create
from calendars.services.update import calendar_connection_update
from planning import extensions
from planning.models import PlanState
from planning.services.generation_worker import plan_generate
from tests.calendars.conftest import free_port, vevent
from tests.calendars.sessions_fixtures import LONDON, london
from tests.planning.factories import PlanRequestFactory, PreferencesFactory

pytestmark = pytest.mark.django_db

BUFFER = dt.timedelta(minutes=15)
WEEKEND_ONLY = {
    **{day: [] for day in ("mon", "tue", "wed", "thu", "fri")},
    "sat": [{"start": "09:00", "end": "18:00"}],
    "sun": [{"start": "09:00", "end": "18:00"}],
}


def clear_of(task, busy: list[BusyEvent]) -> bool:
    return all(task.end_time + BUFFER <= event.start or task.start_time >= event.end + BUFFER for event in busy)


def generate(user, month: str, **preferences: object):
    preference = PreferencesFactory(user=user, fixed_commitments=[], **preferences)
    plan_request = PlanRequestFactory(user=user, preference=preference, month_year=month)
    return plan_generate(plan_request_id=plan_request.pk)


def test_a_plan_keeps_clear_of_a_one_off_and_a_weekly_event_across_the_dst_change(user, radicale_account):
    connection = calendar_connection_create(
        user=user,
        kind="caldav",
        name="Radicale",
        url=radicale_account.url,
        username=radicale_account.username,
        password=radicale_account.password,
    )
    work = next(calendar["url"] for calendar in connection.available_calendars if calendar["name"] == "Work")
    calendar_connection_update(connection=connection, busy_calendars=[work])
    # Never synced yet: the generation reads them. Sundays 10:00-13:00 London time, 7 March to
    # 4 April 2027 (the clocks go forward on Sunday 28 March); a workshop on Saturday 27 March.
    radicale_account.add_event(work, vevent(uid="choir", start=dt.datetime(2027, 3, 7, 10), summary="Choir",
                                            end=dt.datetime(2027, 3, 7, 13), tzid="Europe/London",
                                            rrule="FREQ=WEEKLY;COUNT=5"))  # fmt: skip
    radicale_account.add_event(work, vevent(uid="workshop", start=dt.datetime(2027, 3, 27, 9), summary="Workshop",
                                            end=dt.datetime(2027, 3, 27, 15), tzid="Europe/London"))  # fmt: skip

    plan = generate(user, "2027-03", working_hours=WEEKEND_ONLY, weekend_preference="Work")

    busy = list(BusyEvent.objects.filter(user=user).order_by("start"))
    sundays = [event.start for event in busy if event.summary == "Choir"]
    assert sundays == [london(2027, 3, day, 10) for day in (7, 14, 21, 28)] + [london(2027, 4, 4, 10)]
    assert london(2027, 3, 28, 10).utcoffset() == dt.timedelta(hours=1)  # the weekly event follows the clocks
    tasks = list(plan.tasks.order_by("start_time"))
    assert tasks
    assert [item for item in plan.advice if item["kind"] == "calendar_stale"] == []
    for task in tasks:
        assert clear_of(task, busy), (task.start_time.astimezone(LONDON), task.end_time.astimezone(LONDON))
    # Placed around the events on their own days, not only away from them.
    days = {task.start_time.astimezone(LONDON).date() for task in tasks}
    assert {dt.date(2027, 3, 27), dt.date(2027, 3, 28)} <= days
    connection.refresh_from_db()
    assert (connection.last_error, connection.events_imported) == ("", 6)


@pytest.fixture
def stale_connection(user) -> CalendarConnection:
    """A CalDAV account last read at 08:00 this morning, whose server is gone (a dead port)."""
    connection = CalendarConnection.objects.create(
        user=user,
        kind="caldav",
        name="Home server",
        url=f"http://127.0.0.1:{free_port()}/",
        busy_calendars=["http://127.0.0.1/calendars/work/"],
        last_synced_at=dt.datetime(2026, 11, 22, 8, 0, tzinfo=dt.UTC),
    )
    for day in range(1, 32):
        BusyEvent.objects.create(connection=connection, user=user, uid=f"rehearsal-{day}", summary="Rehearsal",
                                 start=london(2026, 12, day, 17), end=london(2026, 12, day, 21))  # fmt: skip
    return connection


def test_with_the_calendar_server_down_the_plan_is_made_with_the_last_busy_time_and_says_so(
    user, stale_connection, allow_local_servers, client
):
    started = time.monotonic()
    plan = generate(user, "2026-12")

    assert time.monotonic() - started < extensions.BEFORE_GENERATION_BUDGET
    assert plan.state == PlanState.ACTIVE and plan.tasks.exists()
    message = (
        "This plan used the busy time of your calendar “Home server” as last read on Sun 22 Nov 08:00: it could "
        "not be read just now. The calendar server could not be reached. Check the address, or try again later."
    )
    assert plan.advice[0] == {"kind": "calendar_stale", "message": message}
    busy = list(BusyEvent.objects.filter(connection=stale_connection))
    assert len(busy) == 31  # kept, and planned around
    assert all(clear_of(task, busy) for task in plan.tasks.all())
    stale_connection.refresh_from_db()
    assert stale_connection.consecutive_failures == 1
    assert stale_connection.last_synced_at == dt.datetime(2026, 11, 22, 8, 0, tzinfo=dt.UTC)
    client.force_login(user)
    assert message in client.get(reverse("planning:plan", args=[plan.pk])).content.decode()


def test_a_calendar_that_never_answers_holds_the_plan_no_longer_than_the_budget(
    user, local_calendar_server, monkeypatch
):
    url = local_calendar_server.silent("/family.ics", seconds=30)
    CalendarConnection.objects.create(user=user, kind="ics", name="Family", url=url)
    monkeypatch.setattr(extensions, "BEFORE_GENERATION_BUDGET", 2.0)
    started = time.monotonic()

    plan = generate(user, "2026-12")

    assert time.monotonic() - started < 6
    assert plan.advice[0] == {
        "kind": "calendar_stale",
        "message": "This plan has none of the busy time of your calendar “Family”, which has never been read: it "
        "could not be read just now. The calendar server took too long to answer. Try again later.",
    }


def test_a_paused_calendar_is_not_read_and_the_plan_says_its_busy_time_is_old(user, stale_connection):
    stale_connection.is_paused = True
    stale_connection.save()

    plan = generate(user, "2026-12")

    assert plan.advice[0]["message"] == (
        "This plan used the busy time of your calendar “Home server” as last read on Sun 22 Nov 08:00: syncing it "
        "is paused after failed syncs; resume it on the calendars page."
    )
    stale_connection.refresh_from_db()
    assert stale_connection.consecutive_failures == 0  # not tried


def test_a_calendar_read_well_leaves_no_advice(user, local_calendar_server):
    url = local_calendar_server.answer_file("/family.ics", "google_export.ics")
    CalendarConnection.objects.create(user=user, kind="ics", name="Family", url=url)

    plan = generate(user, "2026-12")

    assert [item for item in plan.advice if item["kind"] == "calendar_stale"] == []
    assert CalendarConnection.objects.get(user=user).last_synced_at is not None
