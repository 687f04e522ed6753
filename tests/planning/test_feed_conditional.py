"""The iCal feed's versions: SEQUENCE and LAST-MODIFIED follow changes to a session, and a
calendar app polling with ETag or Last-Modified gets 304 until something changed."""

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest
import time_machine
from django.utils.http import http_date

from planning.models import PlanTask
from planning.services.plan_tasks import plan_task_set_completed
from planning.views import feed as feed_view
from tests.planning.factories import MonthlyPlanFactory, PlanTaskFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
NOW = dt.datetime(2026, 11, 22, 10, 0, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def url(person) -> str:
    return f"/calendar/{person.calendar_secret}.ics"


def event_of(body: bytes, task: PlanTask) -> icalendar.Event:
    (event,) = [e for e in icalendar.Calendar.from_ical(body).walk("VEVENT") if str(e["UID"]).startswith(task.task_key)]
    return event


def sessions(plan, count: int) -> list[PlanTask]:
    start = dt.datetime(2026, 12, 1, 8, 0, tzinfo=LONDON)
    return PlanTask.objects.bulk_create(
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
            updated_at=NOW - dt.timedelta(days=2),
        )
        for index in range(count)
    )


def move(task: PlanTask, *, hours: int, now: dt.datetime) -> None:
    """What the services do with a session a person moves."""
    task.start_time += dt.timedelta(hours=hours)
    task.end_time += dt.timedelta(hours=hours)
    changed = task.mark_changed(now)
    task.save(update_fields=["start_time", "end_time", *changed])


def test_the_feed_answers_with_an_etag_last_modified_and_revalidate_every_time(client, user):
    (task,) = sessions(MonthlyPlanFactory(user=user, month_year="2026-12"), 1)

    response = client.get(url(user))

    assert response.status_code == 200
    assert response["ETag"].startswith('"') and len(response["ETag"]) == 34
    # The newest of the session's change (two days ago) and the person's own (now).
    assert response["Last-Modified"] == http_date(NOW.timestamp())
    assert set(response["Cache-Control"].split(", ")) == {"max-age=0", "no-cache", "private"}
    event = event_of(response.content, task)
    assert event["SEQUENCE"] == 0
    assert event.decoded("LAST-MODIFIED") == NOW - dt.timedelta(days=2)
    assert event.decoded("DTSTAMP") == NOW - dt.timedelta(days=2)


def test_a_poll_with_the_etag_is_a_304_without_a_body_in_two_queries(
    client, user, monkeypatch, django_assert_max_num_queries
):
    sessions(MonthlyPlanFactory(user=user, month_year="2026-12"), 150)
    first = client.get(url(user))

    def build_refused(**kwargs: object) -> bytes:
        raise AssertionError("a 304 builds no events")

    monkeypatch.setattr(feed_view, "calendar_for", build_refused)
    # The person by secret, then one aggregate over their sessions.
    with django_assert_max_num_queries(2):
        second = client.get(url(user), HTTP_IF_NONE_MATCH=first["ETag"])

    assert second.status_code == 304
    assert second.content == b""
    assert (second["ETag"], second["Last-Modified"]) == (first["ETag"], first["Last-Modified"])


def test_a_poll_with_if_modified_since_alone_is_a_304(client, user):
    sessions(MonthlyPlanFactory(user=user, month_year="2026-12"), 3)
    first = client.get(url(user))

    second = client.get(url(user), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert second.status_code == 304
    assert second.content == b""


def test_a_moved_session_gives_a_new_etag_and_the_next_sequence(client, user):
    task, other = sessions(MonthlyPlanFactory(user=user, month_year="2026-12"), 2)
    first = client.get(url(user))
    later = NOW + dt.timedelta(minutes=5)

    with time_machine.travel(later, tick=False):
        move(task, hours=2, now=later)
        with_etag = client.get(url(user), HTTP_IF_NONE_MATCH=first["ETag"])
        with_date = client.get(url(user), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert (with_etag.status_code, with_date.status_code) == (200, 200)
    assert with_etag["ETag"] != first["ETag"]
    assert with_etag["Last-Modified"] == http_date(later.timestamp())
    moved = event_of(with_etag.content, task)
    assert moved["SEQUENCE"] == 1
    assert moved.decoded("LAST-MODIFIED") == later
    assert moved.decoded("DTSTART") == dt.datetime(2026, 12, 1, 10, 0, tzinfo=LONDON)
    untouched = event_of(with_etag.content, other)
    assert (untouched["SEQUENCE"], untouched.decoded("LAST-MODIFIED")) == (0, NOW - dt.timedelta(days=2))
    assert client.get(url(user), HTTP_IF_NONE_MATCH=with_etag["ETag"]).status_code == 304


def test_ticking_a_session_gives_a_new_etag(client, user):
    (task,) = sessions(MonthlyPlanFactory(user=user, month_year="2026-12"), 1)
    first = client.get(url(user))

    plan_task_set_completed(task=task, is_completed=True, now=NOW)
    second = client.get(url(user), HTTP_IF_NONE_MATCH=first["ETag"])

    assert second.status_code == 200
    assert str(event_of(second.content, task)["SUMMARY"]) == "✓ Session 0"


def test_a_new_session_and_a_changed_time_zone_each_give_a_new_etag(client, user):
    plan = MonthlyPlanFactory(user=user, month_year="2026-12")
    sessions(plan, 1)
    etags = [client.get(url(user))["ETag"]]

    PlanTaskFactory(plan=plan, start_time=dt.datetime(2026, 12, 5, 9, 0, tzinfo=LONDON))
    etags.append(client.get(url(user), HTTP_IF_NONE_MATCH=etags[-1])["ETag"])
    user.timezone = "America/New_York"
    user.save()
    etags.append(client.get(url(user), HTTP_IF_NONE_MATCH=etags[-1])["ETag"])

    assert len(set(etags)) == 3


def test_when_the_month_turns_the_window_moves_and_both_validators_miss(client, user):
    sessions(MonthlyPlanFactory(user=user, month_year="2026-12"), 1)
    first = client.get(url(user))

    # 1 December in London: September drops out of the window, a new month comes in.
    with time_machine.travel(dt.datetime(2026, 12, 1, 0, 30, tzinfo=LONDON), tick=False):
        with_etag = client.get(url(user), HTTP_IF_NONE_MATCH=first["ETag"])
        with_date = client.get(url(user), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])

    assert (with_etag.status_code, with_date.status_code) == (200, 200)
    assert with_etag["Last-Modified"] == http_date(dt.datetime(2026, 12, 1, tzinfo=LONDON).timestamp())


def test_another_persons_change_leaves_the_etag_alone(client, user, other_user):
    sessions(MonthlyPlanFactory(user=user, month_year="2026-12"), 1)
    first = client.get(url(user))

    (theirs,) = sessions(MonthlyPlanFactory(user=other_user, month_year="2026-12"), 1)
    move(theirs, hours=1, now=NOW)

    assert client.get(url(user), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304


def test_a_wrong_secret_is_404_even_with_a_known_etag(client, user):
    first = client.get(url(user))

    response = client.get(f"/calendar/{user.calendar_secret}x.ics", HTTP_IF_NONE_MATCH=first["ETag"])

    assert response.status_code == 404


def test_the_feed_refuses_a_post(client, user):
    response = client.post(url(user))

    assert response.status_code == 405
