"""A session's target, from the draft to what people see: the scheduler shares it out over
the parts of a split session; the plan stores it; the API, the calendar, the plan page, the
task page and the feed show it."""

import datetime as dt
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
import time_machine

from planning.models import MonthlyPlan
from planning.scheduler import DraftTask, ScheduleRequest, schedule_month
from planning.scheduler.splitting import part_target
from planning.services.generation import plan_generation_request
from tests.planning.conftest import NOW
from tests.planning.factories import MonthlyPlanFactory, PlanTaskFactory, PreferencesFactory

LONG_AGO = datetime(2026, 1, 1, tzinfo=UTC)
LONDON = ZoneInfo("Europe/London")


def _june(*tasks: DraftTask, session_minutes: tuple[int, int] = (25, 60)) -> ScheduleRequest:
    return ScheduleRequest(
        year=2026, month=6, timezone="Europe/London", not_before=LONG_AGO, tasks=tasks, session_minutes=session_minutes
    )


# --- the scheduler (pure) ----------------------------------------------------------------


def test_each_part_of_a_split_session_carries_its_share_of_the_target():
    chapter = DraftTask(
        "w2-t1", "Write 1,250 words of your novel (5,000 of 20,000)", "Writing", 120, "hard", 2, "1,250 words"
    )

    schedule = schedule_month(_june(chapter))

    assert [(p.task.key, p.task.target) for p in schedule.placements] == [
        ("w2-t1-p1", "625 words (part 1 of 2)"),
        ("w2-t1-p2", "625 words (part 2 of 2)"),
    ]


def test_a_session_that_is_not_split_keeps_its_target_as_it_is():
    run = DraftTask("w1-t1", "Run 5 km easy", "Health", 45, "easy", 1, "5 km")

    schedule = schedule_month(_june(run))

    assert [p.task.target for p in schedule.placements] == ["5 km"]


@pytest.mark.parametrize(
    ("target", "parts", "expected"),
    [
        ("1,250 words", 2, ["625 words (part 1 of 2)", "625 words (part 2 of 2)"]),
        ("2,500 words", 3, ["834 words (part 1 of 3)", "833 words (part 2 of 3)", "833 words (part 3 of 3)"]),
        ("8.5 km", 2, ["4.3 km (part 1 of 2)", "4.2 km (part 2 of 2)"]),
        ("€125", 2, ["€63 (part 1 of 2)", "€62 (part 2 of 2)"]),
        ("CHF 100", 2, ["CHF 50 (part 1 of 2)", "CHF 50 (part 2 of 2)"]),
        ("20 min walk", 3, ["7 min walk (part 1 of 3)", "7 min walk (part 2 of 3)", "6 min walk (part 3 of 3)"]),
        # Too few to share (no "1 rounds"), or no amount to share: the target says which part it is.
        ("3 rounds", 2, ["3 rounds (part 1 of 2)", "3 rounds (part 2 of 2)"]),
        ("song 2: first half", 2, ["song 2: first half (part 1 of 2)", "song 2: first half (part 2 of 2)"]),
        ("step 2 of 5", 2, ["step 2 of 5 (part 1 of 2)", "step 2 of 5 (part 2 of 2)"]),
        ("", 2, ["", ""]),
    ],
)
def test_a_parts_target_is_its_share_of_the_amount_or_says_which_part_it_is(target, parts, expected):
    assert [part_target(target, part, parts) for part in range(1, parts + 1)] == expected


def test_a_parts_target_stays_within_the_columns_length():
    long = "x" * 80

    assert [len(part_target(long, part, 2)) for part in (1, 2)] == [80, 80]
    assert part_target(long, 1, 2).endswith("\u2026 (part 1 of 2)")


# --- stored and shown -------------------------------------------------------------------------


@pytest.fixture
def writer(user):
    return PreferencesFactory(
        user=user, goals_text="Write 20,000 words of my novel.", focus_areas=["Writing"], weekend_preference="Work"
    )


@pytest.mark.django_db
def test_a_generated_plan_stores_each_sessions_target(frozen_now, user, writer, run_on_commit):
    with run_on_commit():
        plan_generation_request(user=user, month="2026-12")

    plan = MonthlyPlan.objects.get(user=user)
    tasks = list(plan.tasks.order_by("start_time"))
    counted = [task for task in tasks if " words" in task.target]
    assert plan.unplaced == []
    assert all(task.target for task in tasks)
    assert sum(int(task.target.split()[0].replace(",", "")) for task in counted) == 20000
    whole = [task for task in counted if "(part " not in task.target]
    assert whole and all(task.target in task.task_description for task in whole)


@pytest.fixture
def december(user):
    plan = MonthlyPlanFactory(user=user, month_year="2026-12", generated_at=NOW)
    return PlanTaskFactory(
        plan=plan,
        task_key="w2-t1",
        task_description="Write 1,250 words of your novel (5,000 of 20,000)",
        target="1,250 words",
        start_time=dt.datetime(2026, 12, 8, 18, 0, tzinfo=LONDON),
        end_time=dt.datetime(2026, 12, 8, 19, 0, tzinfo=LONDON),
    )


@pytest.mark.django_db
def test_the_api_lists_each_sessions_target(api, december):
    body = api.get("/api/plan-tasks", {"start": "2026-12-01", "end": "2026-12-31"}).json()

    assert [(task["id"], task["target"]) for task in body] == [(december.pk, "1,250 words")]
    assert api.get(f"/api/plans/{december.plan_id}").json()["tasks"][0]["target"] == "1,250 words"


@pytest.mark.django_db
def test_today_shows_each_sessions_target(api, user):
    tonight = PlanTaskFactory(
        plan=MonthlyPlanFactory(user=user, month_year="2026-11"),
        target="5 km",
        start_time=dt.datetime(2026, 11, 22, 18, 0, tzinfo=LONDON),
    )

    body = api.get("/api/today").json()

    assert [(task["id"], task["target"]) for task in body["sessions"]] == [(tonight.pk, "5 km")]


@pytest.mark.django_db
def test_the_calendar_plan_page_and_task_page_show_the_target(client, user, december):
    client.force_login(user)

    week = client.get("/calendar/week/", {"date": "2026-12-08"}).content.decode()
    month = client.get("/calendar/", {"month": "2026-12"}).content.decode()
    plan = client.get(f"/plan/{december.plan_id}/").content.decode()
    task = client.get(f"/calendar/tasks/{december.pk}/").content.decode()

    # The grid's block shows it right after the time; the phone's agenda after the focus area.
    assert '<span class="block-target" data-target><span class="visually-hidden">Target: </span>1,250 words' in week
    assert "Writing · Medium · Target: 1,250 words" in week
    assert 'title="Write 1,250 words of your novel (5,000 of 20,000) (target: 1,250 words)"' in month
    assert '<span class="target" data-target>Target: 1,250 words</span>' in plan
    assert "<dt>Target</dt><dd data-target>1,250 words</dd>" in task


@pytest.mark.django_db
def test_the_feed_says_each_sessions_target_first_and_nothing_when_there_is_none(client, user, december):
    PlanTaskFactory(plan=december.plan, task_key="w2-t2", start_time=dt.datetime(2026, 12, 9, 18, tzinfo=LONDON))

    with time_machine.travel(NOW, tick=False):
        body = client.get(f"/calendar/{user.calendar_secret}.ics").content
    events = {str(event["UID"]).split("-2026")[0]: event for event in icalendar.Calendar.from_ical(body).walk("VEVENT")}

    assert str(events["w2-t1"]["DESCRIPTION"]).startswith("Target: 1,250 words\nFocus area: Writing\n")
    assert str(events["w2-t2"]["DESCRIPTION"]).startswith("Focus area: Writing\n")
