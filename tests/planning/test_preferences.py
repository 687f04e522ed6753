import pytest

from planning.models import Preferences
from tests.planning.factories import PreferencesFactory

pytestmark = pytest.mark.django_db

VALID = {
    "goals_text": "Write every weekday morning and get back to running.",
    "task_complexity": "Balanced",
    "focus_areas": ["Writing", "Fitness"],
    "weekend_preference": "Rest",
    "fixed_commitments": [
        {"day": "mon", "start": "09:00", "end": "17:00", "label": "Work"},
        {"day": "fri", "start": "22:00", "end": "02:00", "label": "Night shift"},
    ],
}


def test_saving_preferences_makes_a_new_snapshot_that_becomes_current(api, user):
    response = api.post("/api/preferences", VALID, format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["goals_text"] == VALID["goals_text"]
    assert body["fixed_commitments"] == VALID["fixed_commitments"]
    assert body["input_saved_at"].endswith(("+00:00", "+01:00"))  # London, with its offset
    second = api.post("/api/preferences", {**VALID, "task_complexity": "Ambitious"}, format="json").json()
    assert api.get("/api/preferences/current").json()["id"] == second["id"]
    listed = api.get("/api/preferences").json()
    assert [row["id"] for row in listed["results"]] == [second["id"], body["id"]]
    assert Preferences.objects.filter(user=user).count() == 2


def test_a_snapshot_cannot_be_changed_in_place(user):
    snapshot = PreferencesFactory(user=user)
    snapshot.goals_text = "rewritten"
    with pytest.raises(ValueError, match="immutable"):
        snapshot.save()


def test_current_preferences_answer_404_with_a_hint_before_the_first_save(api):
    response = api.get("/api/preferences/current")
    assert response.status_code == 404
    assert "POST /api/preferences" in response.json()["message"]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"goals_text": "   "}, "goals_text", "blank"),
        ({"focus_areas": []}, "focus_areas", "at least 1"),
        ({"task_complexity": "Heroic"}, "task_complexity", "not a valid choice"),
        (
            {"fixed_commitments": [{"day": "mon", "start": "9am", "end": "17:00"}]},
            "fixed_commitments",
            "not a time of day written as hh:mm",
        ),
        (
            {"fixed_commitments": [{"day": "someday", "start": "09:00", "end": "17:00"}]},
            "fixed_commitments",
            "which is not a day",
        ),
        (
            {
                "fixed_commitments": [
                    {"day": "mon", "start": "09:00", "end": "17:00", "label": "Work"},
                    {"day": "mon", "start": "12:00", "end": "13:00", "label": "Lunch club"},
                ]
            },
            "fixed_commitments",
            "overlap",
        ),
        ({"fixed_commitments": [{"day": "tue", "start": "10:00", "end": "10:00"}]}, "fixed_commitments", "length"),
    ],
)
def test_bad_preferences_answer_400_naming_the_field_and_save_nothing(api, user, change, field, message):
    response = api.post("/api/preferences", {**VALID, **change}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert field in body["errors"]
    assert message in str(body["errors"][field]).lower() or message in body["message"].lower()
    assert not Preferences.objects.filter(user=user).exists()


def test_more_than_fifty_commitments_are_refused(api, user):
    rows = [{"day": "mon", "start": f"{h:02d}:00", "end": f"{h:02d}:10"} for h in range(24)] * 3
    response = api.post("/api/preferences", {**VALID, "fixed_commitments": rows}, format="json")
    assert response.status_code == 400
    assert "fixed_commitments" in response.json()["errors"]
    assert not Preferences.objects.exists()


def test_people_only_see_their_own_snapshots(api, outsider_api, user):
    PreferencesFactory(user=user)
    assert outsider_api.get("/api/preferences").json()["results"] == []
    assert outsider_api.get("/api/preferences/current").status_code == 404


def test_listing_snapshots_costs_the_same_queries_for_many_rows(api, user, django_assert_max_num_queries):
    PreferencesFactory.create_batch(120, user=user)
    with django_assert_max_num_queries(4):
        response = api.get("/api/preferences?limit=200")
    assert len(response.json()["results"]) == 120
