"""GET/POST /api/habits and GET/PATCH/DELETE /api/habits/{id}: the contract, its refusals by
field (nothing saved), the limit of 20 active habits, and owner / outsider pairs."""

import datetime as dt

import pytest

from planning.models import Habit
from tests.planning.habit_factories import RUN_INPUT, HabitFactory

pytestmark = pytest.mark.django_db

WINDOW_LENGTH = (
    "The window starts and ends at 06:00; a window must have some length "
    "(an end at or before the start runs past midnight)."
)


def without_stamps(body: dict) -> dict:
    return {key: value for key, value in body.items() if key not in ("created_at", "updated_at")}


def test_adding_a_habit_answers_it_whole(api, user):
    response = api.post("/api/habits", RUN_INPUT, format="json")

    assert response.status_code == 201, response.json()
    habit = Habit.objects.get(user=user)
    assert without_stamps(response.json()) == {
        "id": habit.pk,
        "name": "Morning run",
        "focus_area": "Fitness",
        "times_per_week": 3,
        "days": [],
        "minutes": {"min": 30, "ideal": 45},
        "window": {"start": "06:00", "end": "09:00"},
        "priority": "high",
        "starts_on": "2026-11-22",  # today, the person's date
        "ends_on": None,
        "is_active": True,
    }
    assert response.json()["created_at"].startswith("2026-11-22T10:00")


def test_explicit_days_are_kept_in_week_order_and_the_shortest_defaults_to_the_ideal(api, user):
    body = {**RUN_INPUT, "times_per_week": None, "days": ["fri", "Mon", "wed", "fri"], "minutes": {"ideal": 20},
            "window": {"start": "22:00", "end": "00:30"}, "ends_on": "2027-03-31"}  # fmt: skip

    response = api.post("/api/habits", body, format="json")

    assert response.status_code == 201, response.json()
    assert {key: response.json()[key] for key in ("times_per_week", "days", "minutes", "window", "ends_on")} == {
        "times_per_week": None,
        "days": ["mon", "wed", "fri"],
        "minutes": {"min": 20, "ideal": 20},
        "window": {"start": "22:00", "end": "00:30"},
        "ends_on": "2027-03-31",
    }


def test_bad_input_is_refused_by_field_and_nothing_is_saved(api, user):
    body = {
        "name": "  ",
        "focus_area": "Fitness",
        "times_per_week": 8,
        "minutes": {"min": 50, "ideal": 45},
        "window": {"start": "06:00", "end": "06:00"},
        "priority": "urgent",
        "ends_on": "last week",
    }

    response = api.post("/api/habits", body, format="json")

    assert response.status_code == 400
    assert response.json() == {
        "message": "Name the habit, for example Morning run.",
        "errors": {
            "name": ["Name the habit, for example Morning run."],
            "times_per_week": ["8 times a week is more than a week has days: choose 1 to 7, or name the days."],
            "minutes": {"min": ["The shortest (50 min) is longer than the ideal (45 min)."]},
            "window": {"end": [WINDOW_LENGTH]},
            "priority": ["Choose high or normal."],
            "ends_on": ["Give the date as YYYY-MM-DD, for example 2026-12-01."],
        },
    }
    assert not Habit.objects.exists()


@pytest.mark.parametrize(
    ("change", "errors"),
    [
        ({"times_per_week": None, "days": ["mon", "fry"]},
         {"days": ["“fry” is not a day; use mon, tue, wed, thu, fri, sat, sun."]}),
        ({"days": ["mon"]}, {"days": ["Give a number of times a week or the days, not both."]}),
        ({"times_per_week": None},
         {"times_per_week": ["Say how often: a number of times a week (1 to 7), or the days."]}),
        ({"times_per_week": 0}, {"times_per_week": ["Times a week must be a whole number from 1 to 7."]}),
        ({"minutes": {"ideal": 300}}, {"minutes": {"ideal": ["The ideal length must be from 5 to 240 minutes; 300 is "
                                                             "outside that."]}}),
        ({"window": {"start": "25:00", "end": "09:00"}}, {"window": {"start": [
            'The window: the start time "25:00" is not a time of day written as HH:MM on the 24-hour clock, '
            "e.g. 09:00 or 17:30."]}}),
        ({"starts_on": "2027-02-01", "ends_on": "2027-01-31"},
         {"ends_on": ["The habit ends before it starts: choose an end date on or after the start date."]}),
        ({"focus_area": "x" * 41}, {"focus_area": ["Keep the focus area to 40 characters or fewer."]}),
    ],
)  # fmt: skip
def test_each_refusal_names_its_field(api, user, change, errors):
    response = api.post("/api/habits", {**RUN_INPUT, **change}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == errors
    assert not Habit.objects.exists()


def test_a_required_field_left_out_is_named(api, user):
    response = api.post("/api/habits", {"name": "Run"}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "focus_area": ["Give the habit a focus area, for example Fitness."],
        "minutes": ["Say how long: the ideal minutes, and the shortest you would still do."],
        "window": ["Give the window the habit goes in, for example 06:00 to 09:00."],
    }


def test_twenty_active_habits_are_the_most(api, user):
    HabitFactory.create_batch(20, user=user)
    HabitFactory(user=user, is_active=False)

    refused = api.post("/api/habits", RUN_INPUT, format="json")
    paused = api.post("/api/habits", {**RUN_INPUT, "is_active": False}, format="json")

    assert refused.status_code == 400
    assert refused.json() == {
        "message": "You can keep at most 20 active habits: pause or delete one before adding another. "
        "A month cannot hold more well."
    }
    assert paused.status_code == 201
    resumed = api.patch(f"/api/habits/{paused.json()['id']}", {"is_active": True}, format="json")
    assert resumed.status_code == 400
    assert resumed.json()["errors"] == {"is_active": [refused.json()["message"]]}
    assert Habit.objects.filter(user=user, is_active=True).count() == 20


def test_the_list_is_the_persons_own_active_first(api, user, other_user, django_assert_max_num_queries):
    HabitFactory.create_batch(20, user=user)
    paused = HabitFactory(user=user, name="A paused one", is_active=False)
    HabitFactory(user=other_user)

    with django_assert_max_num_queries(6):
        response = api.get("/api/habits")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 21
    assert [row["id"] for row in body["results"]][-1] == paused.pk
    assert {row["id"] for row in body["results"]} == set(Habit.objects.filter(user=user).values_list("pk", flat=True))


def test_changing_one_part_keeps_the_rest(api, user):
    habit = HabitFactory(user=user)

    response = api.patch(f"/api/habits/{habit.pk}", {"minutes": {"ideal": 60}, "days": ["tue", "thu"]}, format="json")

    assert response.status_code == 200, response.json()
    assert {key: response.json()[key] for key in ("minutes", "times_per_week", "days", "window")} == {
        "minutes": {"min": 30, "ideal": 60},
        "times_per_week": None,
        "days": ["tue", "thu"],
        "window": {"start": "06:00", "end": "09:00"},
    }


def test_a_refused_change_changes_nothing(api, user):
    habit = HabitFactory(user=user)

    response = api.patch(f"/api/habits/{habit.pk}", {"name": "Swim", "window": {"end": "06:00"}}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {"window": {"end": [WINDOW_LENGTH]}}
    habit.refresh_from_db()
    assert (habit.name, habit.window_end) == (habit.name, dt.time(9))
    assert habit.name.startswith("Run")


@pytest.mark.parametrize("method", ["get", "patch", "delete"])
def test_the_owner_reaches_a_habit(api, user, method):
    habit = HabitFactory(user=user)

    body = {"name": "Swim"} if method == "patch" else None
    response = getattr(api, method)(f"/api/habits/{habit.pk}", body, format="json")

    assert response.status_code == (204 if method == "delete" else 200)
    assert Habit.objects.filter(pk=habit.pk).exists() == (method != "delete")


@pytest.mark.parametrize("method", ["get", "patch", "delete"])
def test_an_outsider_gets_404_and_changes_nothing(outsider_api, user, method):
    habit = HabitFactory(user=user)

    body = {"name": "Mine now"} if method == "patch" else None
    response = getattr(outsider_api, method)(f"/api/habits/{habit.pk}", body, format="json")

    assert response.status_code == 404
    assert response.json() == {"message": "Not found."}
    habit.refresh_from_db()
    assert habit.name.startswith("Run")


def test_a_missing_or_huge_id_is_404(api, user):
    assert api.get("/api/habits/999999").status_code == 404
    assert api.get(f"/api/habits/{2**63}").status_code == 404


def test_not_logged_in_is_401(anon_api):
    assert anon_api.get("/api/habits").status_code == 401
    assert anon_api.post("/api/habits", RUN_INPUT, format="json").status_code == 401


@pytest.mark.parametrize(
    "body",
    [
        '{"name": 12, "focus_area": [], "times_per_week": 1e400, "minutes": {"ideal": 1e400}, "window": []}',
        '{"name": "Run", "focus_area": "Fitness", "days": {"mon": 1}, "minutes": "45", "window": {"start": 6}}',
        '{"name": "Run", "focus_area": "Fitness", "days": "someday", "minutes": {"ideal": "forty"}, '
        '"window": {"start": "06:00", "end": "09:00", "extra": 1}, "priority": {}, "starts_on": "2026-02-30"}',
    ],
)
def test_strange_json_is_a_400_by_field_never_a_500(api, user, body):
    response = api.generic("POST", "/api/habits", body, content_type="application/json")

    assert response.status_code == 400, response.content
    assert response.json()["errors"]
    assert not Habit.objects.exists()
