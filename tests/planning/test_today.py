"""Today: the read model (planning.today), GET /api/today, Start and Stop (page and API),
and the signed-in home page with its empty states."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from insights.models import ActivityLog
from planning.models import PlanState, PlanTask
from planning.today import NextStep, SessionState, today_for
from tests.conftest import api_client_for
from tests.factories import UserFactory
from tests.insights.factories import ActivityLogFactory
from tests.planning.factories import MonthlyPlanFactory, PlanTaskFactory, PreferencesFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
UTC = dt.UTC
NOW = dt.datetime(2026, 11, 22, 10, 0, tzinfo=UTC)  # Sunday 22 November 2026, 10:00 in London


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def preferences(user):
    return PreferencesFactory(user=user)


@pytest.fixture
def november(user, preferences):
    return MonthlyPlanFactory(user=user, preference=preferences, month_year="2026-11")


def at(day: int, hour: int, minute: int = 0, *, month: int = 11, zone: ZoneInfo = LONDON, fold: int = 0):
    return dt.datetime(2026, month, day, hour, minute, tzinfo=zone, fold=fold)


def session(plan, start: dt.datetime, minutes: int = 60, **fields) -> PlanTask:
    start = start.astimezone(UTC)  # arithmetic on a local time would lose the fold of a repeated hour
    return PlanTaskFactory(
        plan=plan, user=plan.user, start_time=start, end_time=start + dt.timedelta(minutes=minutes), **fields
    )


def log(task: PlanTask, *, minutes: int | None = None, completed: bool = True) -> ActivityLog:
    end = task.end_time if minutes is None else task.start_time + dt.timedelta(minutes=minutes)
    return ActivityLogFactory(
        task=task, actual_start_time=task.start_time, actual_end_time=end, was_completed=completed
    )


def states(today) -> list[tuple[str, SessionState]]:
    return [(item.task.task_description, item.state) for item in today.sessions]


# --- the read model ------------------------------------------------------------------------


def test_todays_sessions_come_in_order_each_with_its_state_log_and_reason(user, november):
    session(november, at(21, 23), task_description="Yesterday late")
    ticked = session(november, at(22, 7), task_description="Ticked", is_completed=True)
    finished = session(november, at(22, 7, 30), 20, task_description="Logged finished")
    log(finished)
    unfinished = session(november, at(22, 8), task_description="Logged unfinished")
    unfinished_log = log(unfinished, minutes=15, completed=False)
    session(november, at(22, 9), 30, task_description="Missed")
    session(november, at(22, 9, 40), task_description="Running", started_at=at(22, 9, 45))
    session(november, at(22, 9, 50), 30, task_description="Now")
    session(november, at(22, 18), scheduling_reason="Your peak hours.", task_description="Evening")
    session(november, at(23, 0), task_description="Tomorrow at midnight")

    today = today_for(user=user, now=NOW)

    assert today.date == dt.date(2026, 11, 22) and today.timezone == "Europe/London"
    assert states(today) == [
        ("Ticked", SessionState.DONE),
        ("Logged finished", SessionState.DONE),
        ("Logged unfinished", SessionState.LOGGED),
        ("Missed", SessionState.MISSED),
        ("Running", SessionState.IN_PROGRESS),
        ("Now", SessionState.UPCOMING),
        ("Evening", SessionState.UPCOMING),
    ]
    by_name = {item.task.task_description: item for item in today.sessions}
    assert by_name["Logged unfinished"].log == unfinished_log and by_name["Ticked"].log is None
    assert [name for name, item in by_name.items() if item.is_now] == ["Running", "Now"]
    assert by_name["Evening"].task.scheduling_reason == "Your peak hours."
    assert today.running.task_description == "Running"
    assert ticked.pk in {item.task.pk for item in today.sessions}
    assert today.nothing_more_today is False


def test_only_the_active_plan_of_the_month_counts(user, preferences, november):
    for state in (PlanState.SUPERSEDED, PlanState.PROPOSED, PlanState.DISCARDED):
        other = MonthlyPlanFactory(user=user, preference=preferences, month_year="2026-11", state=state)
        session(other, at(22, 18), task_description=f"Of a {state} plan")
        session(other, at(21, 18), task_description=f"Missed in a {state} plan")
        session(other, at(24, 18), task_description=f"Next in a {state} plan", started_at=at(22, 9))
    session(november, at(22, 19), task_description="Active")
    stranger = MonthlyPlanFactory(month_year="2026-11")
    session(stranger, at(22, 8), task_description="Someone else's")

    today = today_for(user=user, now=NOW)

    assert states(today) == [("Active", SessionState.UPCOMING)]
    assert today.missed == [] and today.running is None
    assert today.week.planned_sessions == 1


def test_the_next_session_is_the_first_from_now_not_done_or_logged_within_14_days(user, november):
    session(november, at(22, 9), task_description="Earlier today")
    session(november, at(22, 18), task_description="Ticked ahead", is_completed=True)
    log(session(november, at(22, 19), task_description="Logged ahead"))
    session(november, at(23, 18), task_description="Tomorrow")

    assert today_for(user=user, now=NOW).next_session.task_description == "Tomorrow"
    assert today_for(user=user, now=at(24, 12)).next_session is None


def test_the_next_session_may_be_in_next_months_plan(user, preferences, november):
    december = MonthlyPlanFactory(user=user, preference=preferences, month_year="2026-12")
    session(december, at(1, 18, month=12), task_description="December's first")

    today = today_for(user=user, now=at(28, 12))

    assert today.sessions == [] and today.nothing_more_today is True
    assert today.next_session.task_description == "December's first"


def test_the_week_is_monday_to_sunday_with_done_from_ticks_and_logs_and_minutes_from_logs(user, november):
    session(november, at(15, 18), task_description="Sunday before: another week", is_completed=True)
    session(november, at(16, 18), 60, is_completed=True)  # ticked, no log: done, no minutes
    log(session(november, at(17, 18), 60), minutes=75)  # logged finished, ran over
    log(session(november, at(18, 18), 90), minutes=30, completed=False)  # worked on, not finished
    session(november, at(19, 18), 45)  # missed
    session(november, at(22, 18), 30)  # still to come
    session(november, at(23, 18), 60, task_description="Monday after: another week")

    week = today_for(user=user, now=NOW).week

    assert week.monday == dt.date(2026, 11, 16) and week.sunday == dt.date(2026, 11, 22)
    assert (week.planned_sessions, week.done_sessions) == (5, 2)
    assert (week.planned_minutes, week.done_minutes) == (60 + 60 + 90 + 45 + 30, 75 + 30)


def test_missed_sessions_are_those_of_today_and_the_7_days_before_that_ended_unticked_and_unlogged(user, november):
    session(november, at(14, 18), task_description="Eight days ago")
    session(november, at(15, 0, 30), task_description="Seven days ago")
    session(november, at(20, 18), task_description="Ticked", is_completed=True)
    log(session(november, at(20, 19, 30), task_description="Logged, unfinished"), completed=False)
    session(november, at(21, 18), task_description="Yesterday")
    session(november, at(21, 20), task_description="Running since yesterday", started_at=at(21, 20))
    session(november, at(22, 8), 30, task_description="This morning")
    session(november, at(22, 9, 30), 60, task_description="Not over yet")

    today = today_for(user=user, now=NOW)

    assert [task.task_description for task in today.missed] == ["Seven days ago", "Yesterday", "This morning"]
    assert today.running.task_description == "Running since yesterday"


def test_a_day_the_clocks_go_back_has_25_hours_of_sessions():
    person = UserFactory(timezone="Europe/London")
    plan = MonthlyPlanFactory(user=person, preference__user=person, month_year="2026-10")
    session(plan, at(24, 23, 30, month=10), task_description="Saturday night")
    session(plan, at(25, 0, 30, month=10), 30, task_description="00:30 BST")
    session(plan, at(25, 1, 10, month=10), 30, task_description="01:10 BST, first time")
    session(plan, at(25, 1, 10, month=10, fold=1), 30, task_description="01:10 GMT, second time")
    session(plan, at(25, 23, 30, month=10), 20, task_description="23:30 GMT")
    session(plan, at(26, 0, 0, month=10), task_description="Monday")

    today = today_for(user=person, now=dt.datetime(2026, 10, 25, 12, tzinfo=UTC))

    assert [name for name, _ in states(today)] == [
        "00:30 BST",
        "01:10 BST, first time",
        "01:10 GMT, second time",
        "23:30 GMT",
    ]
    assert [item.state for item in today.sessions[:3]] == [SessionState.MISSED] * 3
    assert today.week.monday == dt.date(2026, 10, 19) and today.week.planned_sessions == 5
    assert [task.task_description for task in today.missed][-3:] == [
        "00:30 BST",
        "01:10 BST, first time",
        "01:10 GMT, second time",
    ]


def test_a_day_the_clocks_go_forward_has_23_hours_of_sessions():
    new_york = ZoneInfo("America/New_York")
    person = UserFactory(timezone="America/New_York")
    plan = MonthlyPlanFactory(user=person, preference__user=person, month_year="2026-03")
    session(plan, at(7, 23, 30, month=3, zone=new_york), task_description="Saturday night")
    session(plan, at(8, 0, 30, month=3, zone=new_york), task_description="00:30 EST")
    session(plan, at(8, 3, 0, month=3, zone=new_york), task_description="03:00 EDT")
    session(plan, at(8, 23, 0, month=3, zone=new_york), task_description="23:00 EDT")
    session(plan, at(9, 0, 0, month=3, zone=new_york), task_description="Monday")

    today = today_for(user=person, now=dt.datetime(2026, 3, 8, 12, tzinfo=UTC))

    assert [name for name, _ in states(today)] == ["00:30 EST", "03:00 EDT", "23:00 EDT"]
    assert today.next_session.task_description == "23:00 EDT"


def test_today_is_the_persons_date_when_it_differs_from_the_date_in_utc():
    auckland = ZoneInfo("Pacific/Auckland")
    person = UserFactory(timezone="Pacific/Auckland")
    plan = MonthlyPlanFactory(user=person, preference__user=person, month_year="2026-11")
    # 12:00 UTC on Sunday 22 November is 01:00 on Monday 23 November in Auckland (UTC+13).
    now = dt.datetime(2026, 11, 22, 12, tzinfo=UTC)
    session(plan, at(22, 20, zone=auckland), task_description="Sunday evening in Auckland")  # 07:00 UTC on the 22nd
    session(plan, at(23, 0, 30, zone=auckland), task_description="Past midnight")
    session(plan, at(23, 19, zone=auckland), task_description="Monday evening")

    today = today_for(user=person, now=now)

    assert today.date == dt.date(2026, 11, 23)
    assert states(today) == [("Past midnight", SessionState.UPCOMING), ("Monday evening", SessionState.UPCOMING)]
    assert [task.task_description for task in today.missed] == ["Sunday evening in Auckland"]
    assert today.week.monday == dt.date(2026, 11, 23) and today.week.planned_sessions == 2


@pytest.mark.parametrize(
    ("now", "plans", "left", "expected"),
    [
        (NOW, (), True, (NextStep.GENERATE, "2026-11")),
        (at(25, 12), (), True, (NextStep.GENERATE, "2026-12")),  # 5 days left: plan December
        (at(25, 12), ("2026-12",), True, (NextStep.NONE, "")),
        (NOW, ("2026-11",), True, (NextStep.NONE, "")),
        (NOW, ("2026-11",), False, (NextStep.NEXT_MONTH, "2026-12")),  # nothing left in November
        (at(25, 12), ("2026-11",), True, (NextStep.NEXT_MONTH, "2026-12")),
        (at(25, 12), ("2026-11", "2026-12"), True, (NextStep.NONE, "")),
    ],
)
def test_with_goals_today_suggests_the_plan_to_make_next(user, preferences, now, plans, left, expected):
    for month in plans:
        plan = MonthlyPlanFactory(user=user, preference=preferences, month_year=month)
        if month == "2026-11":
            session(plan, at(20, 18), task_description="Done before", is_completed=True)
            if left:
                session(plan, at(29, 18), task_description="Still to do")

    today = today_for(user=user, now=now)

    assert (today.next_step, today.plan_month) == expected
    assert today.has_month_plan is ("2026-11" in plans)


def test_without_goals_today_suggests_writing_them(user):
    today = today_for(user=user, now=NOW)

    assert (today.has_goals, today.next_step, today.plan_month) == (False, NextStep.GOALS, "")


def many_sessions(plan, count: int) -> list[PlanTask]:
    """`count` sessions spread over the plan's month (November), five a day; the past ones
    every other one logged, every third ticked."""
    tasks = []
    for index in range(count):
        start = at(1 + index // 5, 7 + 3 * (index % 5))
        tasks.append(
            PlanTask(
                plan=plan,
                user=plan.user,
                task_key=f"t{index}",
                task_description=f"Session {index}",
                focus_area="Writing",
                start_time=start,
                end_time=start + dt.timedelta(minutes=50),
                difficulty_level="medium",
                scheduling_reason="Placed.",
                is_completed=index % 3 == 0,
            )
        )
    PlanTask.objects.bulk_create(tasks)
    past = [task for task in tasks if task.end_time <= NOW]
    ActivityLog.objects.bulk_create(
        ActivityLog(
            user=plan.user,
            task=task,
            actual_start_time=task.start_time,
            actual_end_time=task.end_time,
            duration_deviation=0,
            was_completed=True,
        )
        for task in past[::2]
    )
    return tasks


@pytest.mark.parametrize("count", [1, 150])
def test_the_read_model_runs_five_queries_for_1_session_and_for_150(
    user, november, count, django_assert_max_num_queries
):
    many_sessions(november, count)

    # Goals, this and next month's plans, the sessions, their logs, the running session.
    with django_assert_max_num_queries(5):
        today = today_for(user=user, now=NOW)

    assert today.week.planned_sessions == (35 if count == 150 else 0)


# --- GET /api/today --------------------------------------------------------------------------


def plan_task_rows(api, day: str) -> list[dict]:
    return api.get("/api/plan-tasks", {"start": day, "end": day}).json()


def test_the_api_answers_exactly_the_day_the_next_session_the_week_and_the_missed(user, november, api):
    morning = session(november, at(22, 8), 30, task_description="Missed this morning")
    evening = session(november, at(22, 18), 45, task_description="Evening")
    log(session(november, at(20, 18), 60, task_description="Friday"), minutes=50)
    tomorrow = session(november, at(23, 18), 60, task_description="Tomorrow")

    response = api.get("/api/today")

    assert response.status_code == 200
    assert response.json() == {
        "date": "2026-11-22",
        "timezone": "Europe/London",
        "sessions": plan_task_rows(api, "2026-11-22"),
        "next_session": plan_task_rows(api, "2026-11-22")[1],
        "week": {"planned_sessions": 3, "done_sessions": 1, "planned_minutes": 135, "done_minutes": 50},
        "missed": plan_task_rows(api, "2026-11-22")[:1],
    }
    assert [row["id"] for row in response.json()["sessions"]] == [morning.pk, evening.pk]
    assert response.json()["missed"][0]["start_time"] == "2026-11-22T08:00:00+00:00"
    assert tomorrow.pk not in [row["id"] for row in response.json()["sessions"]]


def test_the_api_gives_times_on_the_persons_clock_and_null_when_nothing_is_next():
    person = UserFactory(timezone="Pacific/Auckland")
    plan = MonthlyPlanFactory(user=person, preference__user=person, month_year="2026-11")
    session(plan, at(22, 20, zone=ZoneInfo("Pacific/Auckland")), task_description="Sunday evening")

    with time_machine.travel(dt.datetime(2026, 11, 22, 12, tzinfo=UTC), tick=False):
        body = api_client_for(person).get("/api/today").json()

    assert body["date"] == "2026-11-23" and body["timezone"] == "Pacific/Auckland"
    assert body["sessions"] == [] and body["next_session"] is None
    assert [row["start_time"] for row in body["missed"]] == ["2026-11-22T20:00:00+13:00"]
    assert body["week"] == {"planned_sessions": 0, "done_sessions": 0, "planned_minutes": 0, "done_minutes": 0}


def test_the_api_needs_a_login(anon_api):
    response = anon_api.get("/api/today")

    assert response.status_code == 401


@pytest.mark.parametrize("count", [1, 150])
def test_the_api_runs_the_same_queries_for_1_session_and_for_150(
    user, november, api, count, django_assert_max_num_queries
):
    many_sessions(november, count)

    # The person (from the token) and the read model's five.
    with django_assert_max_num_queries(6):
        response = api.get("/api/today")

    assert response.status_code == 200


# --- Start and Stop (API) ------------------------------------------------------------------


@pytest.fixture
def evening(november):
    return session(november, at(22, 9, 30), 60, task_description="Draft chapter 3")


def start(api, task):
    return api.post(f"/api/plan-tasks/{task.pk}/start")


def stop(api, task):
    return api.post(f"/api/plan-tasks/{task.pk}/stop")


def test_start_records_now_and_answers_the_session_with_started_at(api, evening):
    response = start(api, evening)

    assert response.status_code == 200
    assert response.json()["id"] == evening.pk
    assert response.json()["started_at"] == "2026-11-22T10:00:00+00:00"
    evening.refresh_from_db()
    assert evening.started_at == NOW


def test_starting_a_running_session_keeps_its_first_start(api, evening):
    PlanTask.objects.filter(pk=evening.pk).update(started_at=NOW - dt.timedelta(minutes=5))

    response = start(api, evening)

    assert response.status_code == 200
    assert response.json()["started_at"] == "2026-11-22T09:55:00+00:00"


def test_start_is_refused_while_another_session_runs(api, november, evening):
    session(november, at(22, 8), task_description="Morning pages", started_at=at(22, 8, 5))

    response = start(api, evening)

    assert response.status_code == 409
    assert response.json() == {
        "message": "“Morning pages” is running since Sun 22 Nov 08:05; stop it before starting another session."
    }
    assert PlanTask.objects.get(pk=evening.pk).started_at is None


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"is_completed": True}, "“Draft chapter 3” is already done. Untick it first to work on it again."),
        ({"start_time": at(30, 18)}, "“Draft chapter 3” is planned for Mon 30 Nov 18:00; start a session within"),
    ],
)
def test_start_is_refused_for_a_session_done_or_planned_over_7_days_away(api, evening, change, message):
    if "start_time" in change:
        change["end_time"] = change["start_time"] + dt.timedelta(hours=1)
    PlanTask.objects.filter(pk=evening.pk).update(**change)

    response = start(api, evening)

    assert response.status_code == 409
    assert response.json()["message"].startswith(message)
    assert PlanTask.objects.get(pk=evening.pk).started_at is None


def test_start_is_refused_for_a_session_already_logged_or_of_a_plan_not_in_use(api, user, preferences, evening):
    log(evening)
    proposal = MonthlyPlanFactory(user=user, preference=preferences, month_year="2026-11", state=PlanState.PROPOSED)
    proposed = session(proposal, at(22, 12), task_description="Proposed")

    logged, not_in_use = start(api, evening), start(api, proposed)

    assert (logged.status_code, not_in_use.status_code) == (409, 409)
    assert logged.json()["message"].startswith("“Draft chapter 3” already has an activity log")
    assert not_in_use.json()["message"].startswith("“Proposed” belongs to a plan that is not in use")
    assert not PlanTask.objects.filter(started_at__isnull=False).exists()


def test_stop_logs_the_session_from_its_start_to_now_as_finished_and_clears_the_timer(api, evening):
    PlanTask.objects.filter(pk=evening.pk).update(started_at=NOW - dt.timedelta(minutes=40))

    response = stop(api, evening)

    assert response.status_code == 200
    body = response.json()
    assert body["task"]["id"] == evening.pk and body["task"]["started_at"] is None
    assert body["task"]["is_completed"] is True
    saved = ActivityLog.objects.get(task=evening)
    assert body["activity"]["id"] == saved.pk
    assert (body["activity"]["actual_start_time"], body["activity"]["actual_end_time"]) == (
        "2026-11-22T09:20:00+00:00",
        "2026-11-22T10:00:00+00:00",
    )
    assert (saved.actual_start_time, saved.actual_end_time, saved.was_completed) == (
        NOW - dt.timedelta(minutes=40),
        NOW,
        True,
    )
    assert saved.duration_deviation == -20
    evening.refresh_from_db()
    assert evening.started_at is None and evening.is_completed and evening.completed_at == NOW


def test_stop_of_a_session_not_running_is_a_409_and_logs_nothing(api, evening):
    response = stop(api, evening)

    assert response.status_code == 409
    assert response.json() == {"message": "“Draft chapter 3” is not running: press Start first."}
    assert not ActivityLog.objects.exists()


def test_stop_of_a_session_logged_meanwhile_answers_409_with_that_log_and_stops_the_timer(api, evening):
    existing = log(evening, minutes=30, completed=False)
    PlanTask.objects.filter(pk=evening.pk).update(started_at=NOW - dt.timedelta(minutes=40))

    response = stop(api, evening)

    assert response.status_code == 409
    assert response.json()["id"] == existing.pk
    assert response.json()["message"].endswith("The timer is stopped and nothing was logged.")
    assert list(ActivityLog.objects.all()) == [existing]
    assert PlanTask.objects.get(pk=evening.pk).started_at is None


def test_stop_after_more_than_12_hours_logs_nothing_and_stops_the_timer(api, evening):
    PlanTask.objects.filter(pk=evening.pk).update(started_at=NOW - dt.timedelta(hours=13))

    response = stop(api, evening)

    assert response.status_code == 409
    message = response.json()["message"]
    assert message.startswith("A session can last at most 12 hours; this one lasts 13 h 0 min.")
    assert message.endswith("The timer is stopped and nothing was logged.")
    assert not ActivityLog.objects.exists()
    assert PlanTask.objects.get(pk=evening.pk).started_at is None


@pytest.mark.parametrize("action", [start, stop])
def test_another_persons_session_answers_404_to_start_and_stop_and_is_left_alone(outsider_api, evening, action):
    PlanTask.objects.filter(pk=evening.pk).update(started_at=NOW - dt.timedelta(minutes=40))

    response = action(outsider_api, evening)

    assert response.status_code == 404
    assert response.json() == {"message": "Not found."}
    assert PlanTask.objects.get(pk=evening.pk).started_at == NOW - dt.timedelta(minutes=40)
    assert not ActivityLog.objects.exists()


@pytest.mark.parametrize("action", [start, stop])
def test_start_and_stop_need_a_login(anon_api, evening, action):
    assert action(anon_api, evening).status_code == 401


# --- the page ------------------------------------------------------------------------------


@pytest.fixture
def logged_in(client, user):
    client.force_login(user)
    return client


def page(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_shows_the_days_sessions_with_why_and_their_buttons(logged_in, november):
    missed = session(november, at(22, 8), 30, task_description="Morning pages")
    evening = session(november, at(22, 18), 45, task_description="Evening run", scheduling_reason="Your peak hours.")
    session(november, at(19, 18), 45, task_description="Thursday swim")

    html = page(logged_in)

    assert "<h1>Today</h1>" in html and "Sunday 22 November 2026" in html
    assert html.index("Morning pages") < html.index("Evening run")
    assert "Your peak hours." in html
    assert reverse("planning:task_start", args=[evening.pk]) in html
    assert reverse("planning:task_complete", args=[evening.pk]) in html
    assert reverse("insights:log_time", args=[missed.pk]) in html  # over: log it
    assert reverse("insights:log_time", args=[evening.pk]) not in html  # still to come: start it
    assert re.search(r"<strong>0 of 3</strong>\s*sessions done", html)
    assert "Missed in the last 7 days" in html and "Thursday swim" in html
    assert reverse("planning:reschedule_missed") in html and "Re-place missed sessions" in html


def test_a_logged_session_links_to_its_log_to_correct_it(logged_in, november):
    logged = log(session(november, at(22, 7), task_description="Morning pages"), minutes=50, completed=False)

    html = page(logged_in)

    assert "Logged, not finished" in html and "Logged 07:00–07:50, 50 min, not finished." in html
    assert f'{reverse("insights:log_edit", args=[logged.pk])}?next=/' in html
    assert reverse("insights:log_time", args=[logged.task_id]) not in html


def test_a_running_session_shows_stop_and_no_other_start(logged_in, november):
    running = session(november, at(22, 9, 30), task_description="Draft", started_at=at(22, 9, 35))
    later = session(november, at(22, 18), task_description="Later")

    html = page(logged_in)

    assert "Running since 09:35" in html
    assert reverse("planning:task_stop", args=[running.pk]) in html
    assert reverse("planning:task_start", args=[later.pk]) not in html


def test_a_session_running_since_another_day_is_shown_above_the_day(logged_in, november):
    running = session(november, at(21, 22), task_description="Late writing", started_at=at(21, 22, 5))

    html = page(logged_in)

    assert "Running: " in html and "Late writing" in html
    assert reverse("planning:task_stop", args=[running.pk]) in html


def test_start_then_stop_on_the_page_logs_the_session(logged_in, evening):
    started = logged_in.post(reverse("planning:task_start", args=[evening.pk]), {"next": "/"}, follow=True)

    assert started.redirect_chain == [("/", 302)]
    assert "Started “Draft chapter 3” at 10:00. Press Stop when you finish." in started.content.decode()

    with time_machine.travel(NOW + dt.timedelta(minutes=35), tick=False):
        stopped = logged_in.post(reverse("planning:task_stop", args=[evening.pk]), {"next": "/"}, follow=True)

    assert "Logged 35 min on “Draft chapter 3” (finished)." in stopped.content.decode()
    saved = ActivityLog.objects.get(task=evening)
    assert (saved.actual_start_time, saved.actual_end_time) == (NOW, NOW + dt.timedelta(minutes=35))


def test_a_refused_start_on_the_page_says_why(logged_in, november, evening):
    session(november, at(22, 8), task_description="Morning pages", started_at=at(22, 8, 5))

    response = logged_in.post(reverse("planning:task_start", args=[evening.pk]), follow=True)

    assert "“Morning pages” is running since Sun 22 Nov 08:05" in response.content.decode()
    assert PlanTask.objects.get(pk=evening.pk).started_at is None


def test_a_stop_of_a_session_logged_meanwhile_says_so_on_the_page(logged_in, evening):
    log(evening)
    PlanTask.objects.filter(pk=evening.pk).update(started_at=NOW - dt.timedelta(minutes=10))

    response = logged_in.post(reverse("planning:task_stop", args=[evening.pk]), follow=True)

    assert "was already logged, so Stop logged nothing; the timer is stopped." in response.content.decode()
    assert ActivityLog.objects.count() == 1


@pytest.mark.parametrize("name", ["planning:task_start", "planning:task_stop"])
def test_another_persons_session_cannot_be_started_or_stopped_from_the_page(client, other_user, evening, name):
    client.force_login(other_user)

    response = client.post(reverse(name, args=[evening.pk]))

    assert response.status_code == 404
    assert PlanTask.objects.get(pk=evening.pk).started_at is None


def test_start_and_stop_pages_take_only_post(logged_in, evening):
    assert logged_in.get(reverse("planning:task_start", args=[evening.pk])).status_code == 405


def test_without_goals_the_page_points_at_the_goals(logged_in):
    html = page(logged_in)

    assert "Let's plan your month" in html and reverse("planning:goals") in html


def test_with_goals_and_no_plan_the_page_offers_to_generate_this_month(logged_in, preferences):
    html = page(logged_in)

    assert "Welcome back. November 2026 has no plan yet" in html
    assert f"{reverse('planning:generate')}?month=2026-11" in html


def test_a_day_without_sessions_shows_the_next_one(logged_in, november):
    session(november, at(24, 18), task_description="Tuesday writing", scheduling_reason="After work.")

    html = page(logged_in)

    assert "Nothing planned today." in html
    assert "Next session" in html and "Tuesday 24 November, 18:00" in html and "Tuesday writing" in html


def test_when_the_months_plan_is_done_the_page_offers_next_month(logged_in, november):
    session(november, at(20, 18), is_completed=True)

    html = page(logged_in)

    assert "Plan December 2026" in html and "has nothing left to do" in html
    assert f"{reverse('planning:generate')}?month=2026-12" in html


def test_a_visitor_still_sees_the_landing_page(client):
    html = page(client)

    assert "A month of focused work, planned around your life" in html and "<h1>Today</h1>" not in html


@pytest.mark.parametrize("count", [1, 150])
def test_the_page_runs_the_same_queries_for_1_session_and_for_150(
    logged_in, november, count, django_assert_max_num_queries
):
    many_sessions(november, count)

    # The session, the person, the read model's five.
    with django_assert_max_num_queries(7):
        page(logged_in)
