"""GET /api/plan-tasks, PATCH /api/plan-tasks/{id}, POST /api/plan-tasks/reschedule-missed."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.forms.models import model_to_dict

from planning.api.plan_tasks import PlanTaskSerializer
from planning.models import PlanState, PlanTask
from tests.conftest import api_client_for
from tests.factories import UserFactory
from tests.planning.factories import MonthlyPlanFactory, PlanTaskFactory, PreferencesFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
UTC = dt.UTC
NOW = dt.datetime(2026, 11, 22, 10, 0, tzinfo=UTC)  # Sunday 22 November 2026, 10:00 in London
COMMITMENTS = [
    {"day": day, "start": "09:00", "end": "17:00", "label": "Work"} for day in ("mon", "tue", "wed", "thu", "fri")
]


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def preferences(user):
    return PreferencesFactory(user=user, fixed_commitments=COMMITMENTS, focus_areas=["Writing", "Fitness"])


@pytest.fixture
def december(user, preferences):
    return MonthlyPlanFactory(user=user, preference=preferences, month_year="2026-12", generated_at=NOW)


def row(task: PlanTask) -> dict:
    return model_to_dict(PlanTask.objects.get(pk=task.pk))


def tasks_in(api, start: str, end: str):
    return api.get("/api/plan-tasks", {"start": start, "end": end})


# --- GET /api/plan-tasks -------------------------------------------------------------------


def test_the_range_lists_the_newest_plans_tasks_by_start_time_in_the_persons_zone(user, preferences, december, api):
    older = MonthlyPlanFactory(
        user=user,
        preference=preferences,
        month_year="2026-12",
        generated_at=NOW - dt.timedelta(days=3),
        state=PlanState.SUPERSEDED,
    )
    PlanTaskFactory(plan=older, task_description="From the replaced plan")
    later = PlanTaskFactory(
        plan=december,
        task_description="Long run",
        target="12 km",
        focus_area="Fitness",
        difficulty_level="hard",
        start_time=dt.datetime(2026, 12, 31, 18, 0, tzinfo=LONDON),
        end_time=dt.datetime(2026, 12, 31, 19, 30, tzinfo=LONDON),
        scheduling_reason="Hard task placed in your peak window.",
    )
    first = PlanTaskFactory(plan=december, task_description="Outline chapter 1")
    PlanTaskFactory(plan__user=user, plan__month_year="2027-01")  # 1 January: after the range
    PlanTaskFactory(
        plan__user=user, plan__month_year="2026-11", start_time=dt.datetime(2026, 11, 30, 18, tzinfo=LONDON)
    )

    response = tasks_in(api, "2026-12-01", "2026-12-31")

    assert response.status_code == 200
    assert response.json() == [
        {
            "id": first.pk,
            "plan": december.pk,
            "task_description": "Outline chapter 1",
            "target": "",
            "focus_area": "Writing",
            "start_time": "2026-12-01T18:00:00+00:00",
            "end_time": "2026-12-01T19:00:00+00:00",
            "difficulty_level": "medium",
            "scheduling_reason": "Placed in free time after work.",
            "is_completed": False,
            "is_pinned": False,
            "moved_by_hand": False,
            "is_carried_over": False,
            "is_skipped": False,
            "habit": None,
        },
        {
            "id": later.pk,
            "plan": december.pk,
            "task_description": "Long run",
            "target": "12 km",
            "focus_area": "Fitness",
            "start_time": "2026-12-31T18:00:00+00:00",
            "end_time": "2026-12-31T19:30:00+00:00",
            "difficulty_level": "hard",
            "scheduling_reason": "Hard task placed in your peak window.",
            "is_completed": False,
            "is_pinned": False,
            "moved_by_hand": False,
            "is_carried_over": False,
            "is_skipped": False,
            "habit": None,
        },
    ]


def test_the_range_days_are_the_persons_own_days():
    person = UserFactory(timezone="America/New_York")
    plan = MonthlyPlanFactory(user=person, month_year="2026-12")
    # 23:30 on 1 December in New York is already 2 December in UTC.
    late = PlanTaskFactory(plan=plan, start_time=dt.datetime(2026, 12, 1, 23, 30, tzinfo=NEW_YORK))

    body = tasks_in(api_client_for(person), "2026-12-01", "2026-12-01").json()

    assert [(task["id"], task["start_time"]) for task in body] == [(late.pk, "2026-12-01T23:30:00-05:00")]
    assert tasks_in(api_client_for(person), "2026-12-02", "2026-12-02").json() == []


def test_the_range_shows_only_the_persons_own_tasks(december, api, other_user, outsider_api):
    own = PlanTaskFactory(plan=december)
    theirs = PlanTaskFactory(plan__user=other_user, plan__month_year="2026-12")

    assert [task["id"] for task in tasks_in(api, "2026-12-01", "2026-12-31").json()] == [own.pk]
    assert [task["id"] for task in tasks_in(outsider_api, "2026-12-01", "2026-12-31").json()] == [theirs.pk]


def test_a_range_of_92_days_is_allowed(api):
    assert tasks_in(api, "2026-12-01", "2027-03-02").status_code == 200


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ({"end": "2026-12-31"}, "start", "start: This field is required."),
        ({"start": "2026-12-01"}, "end", "end: This field is required."),
        (
            {"start": "2026-13-01", "end": "2026-12-31"},
            "start",
            "start: Date has wrong format. Use one of these formats instead: YYYY-MM-DD.",
        ),
        ({"start": "2026-12-31", "end": "2026-12-01"}, "end", "end: The end date is before the start date."),
        (
            {"start": "2026-12-01", "end": "2027-03-03"},
            "end",
            "end: Ask for at most 92 days at a time; this range has 93.",
        ),
        ({"start": "0001-01-01", "end": "0001-01-02"}, "start", "start: Pick a date in the years 1900 to 9998."),
        ({"start": "9999-12-30", "end": "9999-12-31"}, "start", "start: Pick a date in the years 1900 to 9998."),
    ],
)
def test_a_missing_malformed_reversed_or_too_long_range_is_a_400_naming_the_field(api, query, field, message):
    response = api.get("/api/plan-tasks", query)

    assert response.status_code == 400
    body = response.json()
    assert body["message"] == message
    assert list(body["errors"]) == [field]


def test_the_range_needs_a_login(anon_api):
    response = tasks_in(anon_api, "2026-12-01", "2026-12-31")

    assert response.status_code == 401


def make_tasks(plan, count: int) -> None:
    tasks = []
    for index in range(count):
        start = dt.datetime(2026, 12, 1 + index // 5, 8 + 2 * (index % 5), 0, tzinfo=LONDON)
        tasks.append(
            PlanTask(
                plan=plan,
                user=plan.user,
                task_key=f"w{index // 35 + 1}-t{index}",
                task_description=f"Session {index}",
                focus_area="Writing",
                start_time=start,
                end_time=start + dt.timedelta(minutes=60),
                difficulty_level="medium",
                scheduling_reason="Placed.",
            )
        )
    PlanTask.objects.bulk_create(tasks)


@pytest.mark.parametrize("count", [1, 150])
def test_the_range_runs_the_same_queries_for_1_task_and_for_150(december, api, count, django_assert_num_queries):
    make_tasks(december, count)

    # The person (from the token) and the tasks: nothing per task.
    with django_assert_num_queries(2):
        response = tasks_in(api, "2026-12-01", "2026-12-31")

    assert len(response.json()) == count


# --- PATCH /api/plan-tasks/{id} -------------------------------------------------------------


def test_ticking_a_task_complete_answers_the_task(december, api):
    task = PlanTaskFactory(plan=december)

    response = api.patch(f"/api/plan-tasks/{task.pk}", {"is_completed": True}, format="json")

    assert response.status_code == 200
    assert response.json()["is_completed"] is True
    task.refresh_from_db()
    assert (task.is_completed, task.completed_at) == (True, NOW)

    response = api.patch(f"/api/plan-tasks/{task.pk}", {"is_completed": False}, format="json")
    task.refresh_from_db()
    assert (response.json()["is_completed"], task.is_completed, task.completed_at) == (False, False, None)


def test_moving_a_task_with_an_offset_keeps_its_length():
    person = UserFactory(timezone="America/New_York")
    plan = MonthlyPlanFactory(user=person, month_year="2026-12")
    task = PlanTaskFactory(plan=plan)

    response = api_client_for(person).patch(
        f"/api/plan-tasks/{task.pk}", {"start_time": "2026-12-02T23:00:00Z"}, format="json"
    )

    assert response.status_code == 200
    body = response.json()
    assert (body["start_time"], body["end_time"]) == ("2026-12-02T18:00:00-05:00", "2026-12-02T19:00:00-05:00")
    assert body["scheduling_reason"] == "Moved by hand to Wed 2 Dec 18:00. Placed in free time after work."


def test_a_time_without_an_offset_is_read_on_the_persons_clock():
    person = UserFactory(timezone="America/New_York")
    plan = MonthlyPlanFactory(user=person, month_year="2026-12")
    task = PlanTaskFactory(plan=plan)

    response = api_client_for(person).patch(
        f"/api/plan-tasks/{task.pk}",
        {"start_time": "2026-12-02T19:00:00", "end_time": "2026-12-02T20:15:00"},
        format="json",
    )

    assert response.status_code == 200
    task.refresh_from_db()
    assert task.start_time == dt.datetime(2026, 12, 3, 0, 0, tzinfo=UTC)
    assert task.end_time == dt.datetime(2026, 12, 3, 1, 15, tzinfo=UTC)


def test_a_move_into_a_commitment_is_a_400_on_start_time_and_changes_nothing(december, api):
    task = PlanTaskFactory(plan=december)
    before = row(task)

    response = api.patch(
        f"/api/plan-tasks/{task.pk}", {"start_time": "2026-12-03T10:00:00+00:00", "is_completed": True}, format="json"
    )

    assert response.status_code == 400
    message = "That time overlaps your commitment “Work” (Thu 3 Dec 09:00-17:00). Pick a time outside it."
    assert response.json() == {"message": message, "errors": {"start_time": [message]}}
    assert row(task) == before  # not even the completion went through


def test_a_wall_time_skipped_by_the_clocks_is_a_400(user, preferences, api):
    march = MonthlyPlanFactory(user=user, preference=preferences, month_year="2027-03")
    task = PlanTaskFactory(plan=march, start_time=dt.datetime(2027, 3, 27, 18, 0, tzinfo=LONDON))
    before = row(task)

    response = api.patch(f"/api/plan-tasks/{task.pk}", {"start_time": "2027-03-28T01:30:00"}, format="json")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["start_time"]
    assert "does not exist in Europe/London" in response.json()["message"]
    assert row(task) == before


def test_an_unknown_focus_area_is_a_400_on_focus_area(december, api):
    task = PlanTaskFactory(plan=december)
    before = row(task)

    response = api.patch(f"/api/plan-tasks/{task.pk}", {"focus_area": "Cooking"}, format="json")

    assert response.status_code == 400
    message = "“Cooking” is not one of this plan's focus areas; choose one of Writing, Fitness."
    assert response.json() == {"message": message, "errors": {"focus_area": [message]}}
    assert row(task) == before


def test_a_known_focus_area_in_any_case_is_stored_as_the_plan_spells_it(december, api):
    task = PlanTaskFactory(plan=december)

    response = api.patch(f"/api/plan-tasks/{task.pk}", {"focus_area": "FITNESS"}, format="json")

    assert (response.status_code, response.json()["focus_area"]) == (200, "Fitness")


def test_an_end_before_the_start_is_a_400_on_end_time(december, api):
    task = PlanTaskFactory(plan=december)

    response = api.patch(
        f"/api/plan-tasks/{task.pk}",
        {"start_time": "2026-12-02T19:00:00+00:00", "end_time": "2026-12-02T18:00:00+00:00"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"end_time": ["The end must be after the start."]}


def test_a_time_that_is_not_a_time_is_a_400(december, api):
    task = PlanTaskFactory(plan=december)

    response = api.patch(f"/api/plan-tasks/{task.pk}", {"start_time": "tomorrow morning"}, format="json")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["start_time"]


def test_another_persons_task_answers_404_exactly_like_a_missing_one(december, api, outsider_api):
    task = PlanTaskFactory(plan=december)
    before = row(task)

    theirs = outsider_api.patch(f"/api/plan-tasks/{task.pk}", {"is_completed": True}, format="json")
    missing = outsider_api.patch(f"/api/plan-tasks/{task.pk + 1000}", {"is_completed": True}, format="json")
    huge = outsider_api.patch(f"/api/plan-tasks/{2**70}", {"is_completed": True}, format="json")

    assert (theirs.status_code, theirs.json()) == (404, {"message": "Not found."})
    assert (missing.status_code, missing.json()) == (404, {"message": "Not found."})
    assert (huge.status_code, huge.json()) == (404, {"message": "Not found."})
    assert row(task) == before
    assert api.patch(f"/api/plan-tasks/{task.pk}", {"is_completed": True}, format="json").status_code == 200


# --- POST /api/plan-tasks/reschedule-missed ------------------------------------------------


def test_rescheduling_missed_tasks_answers_what_moved_and_why(user, preferences, api):
    november = MonthlyPlanFactory(user=user, preference=preferences, month_year="2026-11")
    missed = PlanTaskFactory(plan=november, start_time=dt.datetime(2026, 11, 17, 18, 0, tzinfo=LONDON))
    stuck = PlanTaskFactory(
        plan=november,
        start_time=dt.datetime(2026, 11, 14, 7, 0, tzinfo=LONDON),
        end_time=dt.datetime(2026, 11, 14, 20, 0, tzinfo=LONDON),
    )

    response = api.post("/api/plan-tasks/reschedule-missed")

    assert response.status_code == 200
    body = response.json()
    missed.refresh_from_db()
    stuck.refresh_from_db()
    assert body["moved"] == [
        {
            "task": {
                "id": missed.pk,
                "plan": november.pk,
                "task_description": missed.task_description,
                "target": "",
                "focus_area": "Writing",
                "start_time": missed.start_time.astimezone(LONDON).isoformat(),
                "end_time": missed.end_time.astimezone(LONDON).isoformat(),
                "difficulty_level": "medium",
                "scheduling_reason": missed.scheduling_reason,
                "is_completed": False,
                "is_pinned": False,
                "moved_by_hand": False,
                "is_carried_over": False,
                "is_skipped": False,
                "habit": None,
            },
            "old_start_time": "2026-11-17T18:00:00+00:00",
            "start_time": missed.start_time.astimezone(LONDON).isoformat(),
            "end_time": missed.end_time.astimezone(LONDON).isoformat(),
            "reason": missed.scheduling_reason,
            "carried_over": False,
        }
    ]
    assert missed.start_time >= NOW
    assert missed.scheduling_reason.startswith("Moved from Tue 17 Nov 18:00 because it was missed; ")
    assert [(item["task"]["id"], item["task"]["start_time"]) for item in body["unplaced"]] == [
        (stuck.pk, "2026-11-14T07:00:00+00:00")
    ]
    assert body["unplaced"][0]["reason"].startswith("Nothing fits between now and")
    assert "No free 780-minute slot" in body["unplaced"][0]["reason"]

    again = api.post("/api/plan-tasks/reschedule-missed").json()
    assert again["moved"] == []


def test_rescheduling_with_nothing_missed_moves_nothing(api):
    response = api.post("/api/plan-tasks/reschedule-missed")

    assert (response.status_code, response.json()) == (200, {"moved": [], "unplaced": []})


def test_rescheduling_only_touches_the_persons_own_tasks(user, preferences, outsider_api):
    november = MonthlyPlanFactory(user=user, preference=preferences, month_year="2026-11")
    missed = PlanTaskFactory(plan=november, start_time=dt.datetime(2026, 11, 17, 18, 0, tzinfo=LONDON))
    before = row(missed)

    response = outsider_api.post("/api/plan-tasks/reschedule-missed")

    assert response.json() == {"moved": [], "unplaced": []}
    assert row(missed) == before


def test_the_list_renders_exactly_what_the_plan_task_serializer_renders():
    """The range list is built by a lean serializer (see PlanTaskListSerializer); it must
    not drift from PlanTaskSerializer, which documents it and renders single tasks."""
    person = UserFactory(timezone="America/New_York")
    plan = MonthlyPlanFactory(user=person, month_year="2026-11")
    PlanTaskFactory(plan=plan, start_time=dt.datetime(2026, 11, 1, 0, 30, tzinfo=NEW_YORK))  # EDT
    PlanTaskFactory(plan=plan, start_time=dt.datetime(2026, 11, 1, 1, 30, fold=1, tzinfo=NEW_YORK))  # EST
    PlanTaskFactory(
        plan=plan, is_completed=True, completed_at=NOW, difficulty_level="hard", focus_area="Fitness", target="8 km"
    )
    tasks = PlanTask.objects.filter(user=person).order_by("start_time", "id")

    class PersonRequest:
        user = person

    listed = tasks_in(api_client_for(person), "2026-11-01", "2026-11-30").json()

    assert listed == PlanTaskSerializer(tasks, many=True, context={"request": PersonRequest()}).data
    assert [task["start_time"] for task in listed] == [
        "2026-11-01T00:30:00-04:00",
        "2026-11-01T01:30:00-05:00",
        "2026-11-01T18:00:00-05:00",
    ]


@pytest.mark.parametrize("moment", ["9999-12-31T23:00:00", "9999-12-31T23:00:00-05:00", "0001-01-01T00:00:00Z"])
def test_a_time_at_the_edge_of_the_calendar_is_a_400_not_a_crash(moment):
    person = UserFactory(timezone="America/New_York")
    task = PlanTaskFactory(plan__user=person)

    response = api_client_for(person).patch(f"/api/plan-tasks/{task.pk}", {"start_time": moment}, format="json")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["start_time"]


# --- Moves by hand that break the person's day are made, with a warning --------------------


@pytest.mark.parametrize(
    ("start_time", "warnings"),
    [
        ("2026-12-02T18:00:00+00:00", []),
        (
            "2026-12-02T17:05:00+00:00",
            ["This leaves less than 15 minutes between the session and “Work”."],
        ),
        ("2026-12-02T21:30:00+00:00", ["This is outside your working hours; the session stays where you put it."]),
    ],
)
def test_a_move_outside_the_hours_or_into_a_buffer_is_made_with_a_warning(user, december, api, start_time, warnings):
    task = PlanTaskFactory(plan=december, start_time=dt.datetime(2026, 12, 3, 18, tzinfo=UTC))

    response = api.patch(f"/api/plan-tasks/{task.pk}", {"start_time": start_time}, format="json")

    assert response.status_code == 200
    assert response.json()["warnings"] == warnings
    assert response.json()["start_time"] == start_time
    # A tick is no move: it never warns.
    assert api.patch(f"/api/plan-tasks/{task.pk}", {"is_completed": True}, format="json").json()["warnings"] == []


def test_the_page_shows_the_warning_after_a_move(client, user, december):
    task = PlanTaskFactory(plan=december, start_time=dt.datetime(2026, 12, 3, 18, tzinfo=UTC))
    client.force_login(user)
    response = client.post(f"/calendar/tasks/{task.pk}/move/", {"start_time": "2026-12-02T21:30"}, follow=True)
    assert "Session moved." in response.content.decode()
    assert "outside your working hours" in response.content.decode()
