"""Bad input answers 4xx with words, never 500 (issue 11).

Deeply nested JSON, an over-size body, NUL characters, lone UTF-16 surrogates, a `%` in a
commitment label, and months with stray spaces: each refused (or accepted) the same way on
every endpoint, anonymous ones included, and API refusals always in the `{"message",
"errors"}` JSON shape.
"""

import html
import json

import pytest
from django.urls import reverse

from config.api.parsers import MAX_JSON_DEPTH
from planning.models import PlanRequest, Preferences
from tests.conftest import api_client_for
from tests.planning.factories import PreferencesFactory

pytestmark = pytest.mark.django_db

PREFERENCES = {
    "goals_text": "Write every weekday morning.",
    "task_complexity": "Balanced",
    "focus_areas": ["Writing"],
    "weekend_preference": "Rest",
}
DEPTH_MESSAGE = f"The JSON is nested too deeply: at most {MAX_JSON_DEPTH} levels of [ and {{ are accepted."
NUL_MESSAGE = "Text may not contain NUL (\\u0000) characters."
SURROGATE_MESSAGE = "Text may not contain a lone UTF-16 surrogate (\\ud800 to \\udfff) that is not half of a pair."


@pytest.fixture
def person_api(user):
    return api_client_for(user)


@pytest.fixture
def logged_in(client, user):
    client.force_login(user)
    return client


def post_json(client, path: str, body: str | bytes):
    return client.generic("POST", path, body, content_type="application/json")


# --- 1. Deeply nested JSON --------------------------------------------------------------------

NESTINGS = {"arrays": "[" * 100_000 + "]" * 100_000, "objects": '{"a":' * 100_000 + "1" + "}" * 100_000}


@pytest.mark.parametrize("shape", list(NESTINGS))
@pytest.mark.parametrize("path", ["/api/auth/token", "/api/auth/register", "/api/auth/token/refresh"])
def test_deeply_nested_json_to_an_anonymous_endpoint_is_a_400_that_says_the_limit(anon_api, path, shape):
    response = post_json(anon_api, path, NESTINGS[shape])

    assert response.status_code == 400
    assert response.json() == {"message": DEPTH_MESSAGE}


@pytest.mark.parametrize("shape", list(NESTINGS))
def test_deeply_nested_json_to_a_logged_in_endpoint_is_a_400_and_saves_nothing(person_api, shape):
    response = post_json(person_api, "/api/preferences", NESTINGS[shape])

    assert response.status_code == 400
    assert response.json() == {"message": DEPTH_MESSAGE}
    assert not Preferences.objects.exists()


def test_json_nested_exactly_to_the_limit_is_parsed_and_judged_by_its_fields(person_api):
    nested = "[" * (MAX_JSON_DEPTH - 1) + "]" * (MAX_JSON_DEPTH - 1)
    response = post_json(person_api, "/api/preferences", json.dumps(PREFERENCES)[:-1] + f', "focus_areas": {nested}}}')

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["focus_areas"]


def test_brackets_inside_a_string_are_text_not_nesting(person_api):
    goals = '[{"[' * 500 + ' and \\" quotes'
    response = person_api.post("/api/preferences", {**PREFERENCES, "goals_text": goals}, format="json")

    assert response.status_code == 201
    assert Preferences.objects.get().goals_text == goals


# --- 2. Over-size bodies ----------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/auth/token", "/api/preferences"])
def test_a_body_over_the_limit_is_a_413_in_json(settings, person_api, path):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    body = json.dumps({**PREFERENCES, "goals_text": "x" * 10_000})

    response = post_json(person_api, path, body)

    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"message": "The request body is larger than the 10000 bytes this API accepts."}
    assert not Preferences.objects.exists()


def test_a_body_at_the_limit_is_read(settings, person_api):
    body = json.dumps({**PREFERENCES, "goals_text": "Run."}).encode()
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = len(body)

    assert post_json(person_api, "/api/preferences", body).status_code == 201


def test_by_default_a_body_over_one_mebibyte_is_refused(person_api):
    body = json.dumps({**PREFERENCES, "goals_text": "x" * 1_048_576})

    response = post_json(person_api, "/api/preferences", body)

    assert response.status_code == 413
    assert response.json() == {"message": "The request body is larger than the 1048576 bytes this API accepts."}


# --- 3. NUL characters: the real ones only ----------------------------------------------------

LOOKALIKES = "50%00 off, and the escape \\u0000 written out"


def test_the_api_saves_text_that_spells_out_percent_00_and_backslash_u0000(person_api):
    response = person_api.post("/api/preferences", {**PREFERENCES, "goals_text": LOOKALIKES}, format="json")

    assert response.status_code == 201
    assert Preferences.objects.get().goals_text == LOOKALIKES


def test_the_goals_page_saves_text_that_spells_out_percent_00_and_backslash_u0000(logged_in):
    response = logged_in.post(reverse("planning:goals"), {**PREFERENCES, "goals_text": LOOKALIKES})

    assert response.status_code == 302
    assert Preferences.objects.get().goals_text == LOOKALIKES


def test_a_real_nul_in_a_json_string_is_a_400_naming_the_field(person_api):
    response = person_api.post("/api/preferences", {**PREFERENCES, "goals_text": "a\x00b"}, format="json")

    assert response.status_code == 400
    assert response.json() == {"message": f"goals_text: {NUL_MESSAGE}", "errors": {"goals_text": [NUL_MESSAGE]}}
    assert not Preferences.objects.exists()


def test_a_real_nul_deep_in_a_json_body_names_where_it_is(person_api):
    rows = [{"day": "mon", "start": "09:00", "end": "17:00", "label": "Wo\x00rk"}]
    response = person_api.post("/api/preferences", {**PREFERENCES, "fixed_commitments": rows}, format="json")

    assert response.status_code == 400
    message = f"fixed_commitments[0].label: {NUL_MESSAGE}"
    assert response.json() == {"message": message, "errors": {"fixed_commitments": [message]}}


def test_a_real_nul_in_a_json_key_is_a_400(anon_api):
    response = post_json(anon_api, "/api/auth/token", '{"email\\u0000": "a@example.com", "password": "x"}')

    assert response.status_code == 400
    assert response.json()["errors"] == {"email\\u0000": [NUL_MESSAGE]}


def test_a_real_nul_in_json_sent_as_utf_16_is_a_400_naming_the_field(person_api):
    body = json.dumps({**PREFERENCES, "goals_text": "a\x00b"}).encode("utf-16")

    response = person_api.generic("POST", "/api/preferences", body, content_type="application/json; charset=utf-16")

    assert response.status_code == 400
    assert response.json()["errors"] == {"goals_text": [NUL_MESSAGE]}


def test_a_real_nul_in_a_query_string_is_a_400(person_api):
    response = person_api.get("/api/plan-tasks?start=2026-12-01%00&end=2026-12-31")

    assert response.status_code == 400
    assert response.json() == {"message": NUL_MESSAGE}


def test_a_real_nul_in_a_form_field_is_refused_and_saves_nothing(logged_in):
    response = logged_in.post(reverse("planning:goals"), {**PREFERENCES, "goals_text": "a\x00b"})

    assert response.status_code == 400
    assert NUL_MESSAGE in response.content.decode()
    assert not Preferences.objects.exists()


def test_a_real_nul_in_a_form_field_to_the_login_page_is_refused(client):
    response = client.post(reverse("accounts:login"), {"username": "a\x00@example.com", "password": "x"})

    assert response.status_code == 400


# --- 4. Lone surrogates -----------------------------------------------------------------------


@pytest.mark.parametrize("escape", ["\\ud800", "\\udfff", "\\udc00\\ud800"])
def test_a_lone_surrogate_in_a_json_string_is_a_400_naming_the_field(person_api, escape):
    body = json.dumps(PREFERENCES).replace("weekday morning", f"weekday {escape}morning")

    response = post_json(person_api, "/api/preferences", body)

    assert response.status_code == 400
    assert response.json() == {
        "message": f"goals_text: {SURROGATE_MESSAGE}",
        "errors": {"goals_text": [SURROGATE_MESSAGE]},
    }
    assert not Preferences.objects.exists()


def test_a_lone_surrogate_in_a_login_is_a_400_not_a_crash(anon_api):
    response = post_json(anon_api, "/api/auth/token", '{"email": "\\ud800@example.com", "password": "x"}')

    assert response.status_code == 400
    assert response.json()["errors"] == {"email": [SURROGATE_MESSAGE]}


def test_a_surrogate_pair_is_one_character_and_is_saved(person_api):
    body = json.dumps(PREFERENCES).replace("weekday morning", "weekday \\ud83c\\udf05 morning")

    response = post_json(person_api, "/api/preferences", body)

    assert response.status_code == 201
    assert Preferences.objects.get().goals_text == "Write every weekday \N{SUNRISE} morning."


# --- 5. A `%` in a commitment label -----------------------------------------------------------

PERCENT_ROWS = [
    {"day": "mon", "start": "09:00", "end": "17:00", "label": "Work 100%"},
    {"day": "mon", "start": "16:00", "end": "18:00", "label": "Gym %s %d 50%"},
]
OVERLAP_MESSAGE = (
    "Commitments 1 and 2 overlap: Monday 09:00-17:00 (Work 100%) and Monday 16:00-18:00 (Gym %s %d 50%). "
    "Merge them into one slot or change the times."
)


def test_a_percent_in_a_label_beside_an_overlapping_commitment_is_a_400_by_row_on_the_api(person_api):
    response = person_api.post("/api/preferences", {**PREFERENCES, "fixed_commitments": PERCENT_ROWS}, format="json")

    assert response.status_code == 400
    assert response.json()["errors"] == {"fixed_commitments": [{}, {"start": [OVERLAP_MESSAGE]}]}
    assert not Preferences.objects.exists()


def test_a_percent_in_a_label_beside_an_overlapping_commitment_is_shown_on_the_goals_page(logged_in):
    data = {**PREFERENCES}
    for number, row in enumerate(PERCENT_ROWS, start=1):
        for key, value in row.items():
            data[f"commitment-{number}-{key}"] = value

    response = logged_in.post(reverse("planning:goals"), data)

    assert response.status_code == 200
    assert OVERLAP_MESSAGE in html.unescape(response.content.decode())
    assert not Preferences.objects.exists()


# --- 6. Months with stray spaces: refused, on the page and the API alike ----------------------

STRAY_MONTHS = [" 2026-12", "2026-12 ", "2026-12\n", "\t2026-12"]


@pytest.mark.parametrize("month", STRAY_MONTHS)
def test_the_api_refuses_a_month_with_stray_spaces_with_the_month_message(person_api, user, month):
    PreferencesFactory(user=user)

    response = person_api.post("/api/plans/generate", {"month": month}, format="json")

    assert response.status_code == 400
    message = f"“{month}” is not a month. Use YYYY-MM, for example 2026-12."
    assert response.json() == {"message": message, "errors": {"month": [message]}}
    assert not PlanRequest.objects.exists()


@pytest.mark.parametrize("month", STRAY_MONTHS)
def test_the_generate_page_refuses_a_month_with_stray_spaces_with_the_month_message(logged_in, user, month):
    PreferencesFactory(user=user)

    response = logged_in.post(reverse("planning:generate"), {"month": month})

    assert response.status_code == 200
    assert "is not a month. Use YYYY-MM, for example 2026-12." in response.content.decode()
    assert not PlanRequest.objects.exists()


@pytest.mark.parametrize(
    "query", ["limit=abc", "limit=0", "limit=-1", "offset=null", "offset=", "offset=-5", "limit=1.5"]
)
def test_a_limit_or_offset_that_is_not_a_whole_number_is_refused_by_name(api, query):
    response = api.get(f"/api/plans?{query}")
    assert response.status_code == 400
    name = query.split("=")[0]
    assert name in response.json()["errors"]


def test_a_large_limit_is_cut_to_the_maximum_not_refused(api):
    assert api.get("/api/plans?limit=5000").status_code == 200


@pytest.mark.parametrize("value", ["90", [25, 120], {"min": 25, "maxx": 60}, 7])
def test_session_minutes_of_the_wrong_shape_are_refused(api, user, value):
    body = {
        "goals_text": "Write.",
        "task_complexity": "Balanced",
        "focus_areas": ["Writing"],
        "weekend_preference": "Rest",
        "session_minutes": value,
    }
    response = api.post("/api/preferences", body, format="json")
    assert response.status_code == 400
    assert "session_minutes" in response.json()["errors"]


@pytest.mark.parametrize("query", ["ordering=", "task="])
def test_a_blank_filter_on_the_coaching_lists_is_refused_not_ignored(api, query):
    path = "/api/coaching/tasks" if query.startswith("ordering") else "/api/coaching/interactions"
    response = api.get(f"{path}?{query}")
    assert response.status_code == 400
    assert query.rstrip("=") in response.json()["errors"]


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        ("/api/coaching/tasks", {"text": "Write", "is_completed": 0}, "is_completed"),
        ("/api/coaching/tasks", {"text": 0}, "text"),
        ("/api/coaching/goals", {"what_matters": "Health", "worst_outcome": 0}, "worst_outcome"),
    ],
)
def test_json_of_the_wrong_type_is_refused_not_coerced(api, path, body, field):
    response = api.post(path, body, format="json")
    assert response.status_code == 400
    assert field in response.json()["errors"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/plans?limit=5&limit=6",
        "/api/coaching/tasks?ordering=newest&ordering=importance",
        "/api/coaching/tasks?is_completed=",
    ],
)
def test_a_query_parameter_given_twice_or_blank_is_refused(api, path):
    response = api.get(path)
    assert response.status_code == 400
    assert response.json()["errors"]


def test_goal_text_must_be_text_when_changed(api):
    goal = api.post("/api/coaching/goals", {"what_matters": "Health"}, format="json").json()
    response = api.patch(f"/api/coaching/goals/{goal['id']}", {"what_matters": 0}, format="json")
    assert response.status_code == 400
    assert "what_matters" in response.json()["errors"]
