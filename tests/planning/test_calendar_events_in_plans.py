"""Busy time imported from a person's calendars blocks time like a commitment: plans,
re-placements and moves keep clear of it (with the buffer), reasons name it, and the week
view draws it; it is not part of the day's load of sessions."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from calendars.models import BusyEvent, CalendarConnection
from planning.scheduler import BusyInterval, DraftTask, ScheduleRequest, schedule_month
from planning.services.generation import plan_generation_request
from planning.services.generation_worker import plan_generate
from planning.services.missed import plan_tasks_reschedule_missed
from planning.services.plan_tasks import TaskChangeRefused, plan_task_move
from tests.planning.factories import MonthlyPlanFactory, PlanTaskFactory

LONDON = ZoneInfo("Europe/London")
NOW = dt.datetime(2026, 11, 22, 10, 0, tzinfo=dt.UTC)
BUFFER = dt.timedelta(minutes=15)


def london(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=LONDON)


def tasks(count: int, minutes: int = 60) -> tuple[DraftTask, ...]:
    return tuple(
        DraftTask(key=f"t{n}", description=f"Session {n}", focus_area="Writing", duration_minutes=minutes,
                  difficulty="medium", week=1)
        for n in range(count)
    )  # fmt: skip


def request(**fields) -> ScheduleRequest:
    return ScheduleRequest(
        year=2026, month=12, timezone="Europe/London", not_before=london(2026, 12, 1, 0, 0), **fields
    )


def clear_of(placement_start, placement_end, events) -> bool:
    return all(placement_end + BUFFER <= e.start or placement_start >= e.end + BUFFER for e in events)


# --- the scheduler ------------------------------------------------------------------------


def test_calendar_events_are_never_overlapped_and_keep_the_buffer():
    # Every evening of the first week is taken by a class, 08:00-19:00 by a trip on the 3rd.
    classes = [BusyInterval(london(2026, 12, day, 18, 0), london(2026, 12, day, 20, 0), "Class") for day in range(1, 8)]
    events = (*classes, BusyInterval(london(2026, 12, 3, 8, 0), london(2026, 12, 3, 19, 0), "Trip"))
    schedule = schedule_month(request(tasks=tasks(12), events=events))
    assert len(schedule.placements) == 12
    for placement in schedule.placements:
        assert clear_of(placement.start, placement.end, events), placement


def test_calendar_events_do_not_count_as_the_days_load_of_sessions():
    # Two busy hours in the morning of each day: as events the day still takes its full load
    # of sessions; as the plan's own sessions (busy) they would fill part of it.
    mornings = tuple(
        BusyInterval(london(2026, 12, day, 8, 0), london(2026, 12, day, 10, 0), "Gym class") for day in range(1, 32)
    )
    as_events = schedule_month(request(tasks=tasks(60, 90), events=mornings, weekend_preference="Work"))
    as_sessions = schedule_month(request(tasks=tasks(60, 90), busy=mornings, weekend_preference="Work"))
    assert len(as_events.placements) > len(as_sessions.placements)


def test_a_sessions_reason_names_the_event_it_sits_next_to():
    # The only free time of the month is after the dentist on the 1st.
    dentist = BusyInterval(london(2026, 12, 1, 8, 0), london(2026, 12, 1, 18, 0), "Dentist")
    away = BusyInterval(london(2026, 12, 2, 0, 0), london(2027, 1, 1, 0, 0), "Away")
    placement = schedule_month(request(tasks=tasks(1), events=(dentist, away))).placements[0]
    assert placement.start == london(2026, 12, 1, 18, 15)
    assert "Dentist" in placement.reason


# --- plans, re-placements, moves, the week view ------------------------------------------


def _events(user, *intervals: tuple[dt.datetime, dt.datetime, str]) -> list[BusyEvent]:
    connection = CalendarConnection.objects.create(user=user, kind="ics", name="Family", url="https://example.com/f.ics")
    return [
        BusyEvent.objects.create(connection=connection, user=user, uid=f"e{n}", start=start, end=end, summary=summary)
        for n, (start, end, summary) in enumerate(intervals)
    ]


@pytest.mark.django_db
def test_a_generated_month_keeps_clear_of_the_imported_events(user, preferences):
    # Evenings of the whole first two weeks of December are taken.
    events = _events(
        user, *[(london(2026, 12, day, 17, 0), london(2026, 12, day, 21, 0), "Rehearsal") for day in range(1, 15)]
    )
    plan_request = plan_generation_request(user=user, month="2026-12")
    plan = plan_generate(plan_request_id=plan_request.pk, now=NOW)
    sessions = list(plan.tasks.all())
    assert sessions
    for task in sessions:
        assert clear_of(task.start_time, task.end_time, events), task


@pytest.mark.django_db
def test_a_move_onto_an_imported_event_is_refused_by_name(user, preferences):
    _events(user, (london(2026, 12, 5, 14, 0), london(2026, 12, 5, 16, 0), "Dentist"))
    task = PlanTaskFactory(plan=MonthlyPlanFactory(user=user, preference=preferences))
    task.user = user
    with pytest.raises(TaskChangeRefused) as refused:
        plan_task_move(task=task, start_time=london(2026, 12, 5, 15, 0), now=NOW)
    assert refused.value.message == (
        "That time overlaps “Dentist” in your calendar (Sat 5 Dec 14:00-16:00). Pick a free time."
    )


@pytest.mark.django_db
def test_missed_sessions_are_placed_again_around_the_imported_events(user, preferences):
    plan = MonthlyPlanFactory(user=user, preference=preferences, month_year="2026-11")
    missed = [
        PlanTaskFactory(plan=plan, start_time=london(2026, 11, 17, 18, 0), end_time=london(2026, 11, 17, 19, 0))
        for _ in range(3)
    ]
    events = _events(
        user, *[(london(2026, 11, day, 17, 0), london(2026, 11, day, 21, 0), "Night class") for day in range(23, 28)]
    )
    outcome = plan_tasks_reschedule_missed(user=user, now=NOW)
    assert {item.task.pk for item in outcome.moved} == {task.pk for task in missed}
    for item in outcome.moved:
        assert clear_of(item.task.start_time, item.task.end_time, events)


@pytest.mark.django_db
def test_the_week_view_draws_imported_events_as_busy_blocks(client, user, preferences):
    _events(user, (london(2026, 12, 5, 14, 0), london(2026, 12, 5, 16, 0), "Dentist"))
    client.force_login(user)
    page = client.get(reverse("planning:week"), {"date": "2026-12-05"}).content.decode()
    assert 'title="Dentist 14:00–16:00"' in page
