"""PATCH /api/plan-tasks/{id} reads a time without an offset on the person's own clock, and
the served OpenAPI schema says so, along with what happens to a wall time the clocks skip."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.forms.models import model_to_dict

from planning.models import PlanTask
from tests.conftest import api_client_for
from tests.factories import UserFactory
from tests.planning.factories import MonthlyPlanFactory, PlanTaskFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def schema_fields(anon_api) -> dict:
    schema = anon_api.get("/api/schema/", {"format": "json"}).json()
    body = schema["paths"]["/api/plan-tasks/{id}"]["patch"]["requestBody"]["content"]["application/json"]
    name = body["schema"]["$ref"].rsplit("/", 1)[1]
    return schema["components"]["schemas"][name]["properties"]


def test_the_schema_says_a_start_without_an_offset_is_read_on_your_own_clock(schema_fields):
    description = schema_fields["start_time"]["description"]

    assert "Without an offset (2026-12-03T18:00) it is a wall time on your own clock, in your time zone" in description
    assert "a wall time that does not exist there (the hour skipped when the clocks go forward) is a 400" in description


def test_the_schema_says_an_end_without_an_offset_is_read_the_same_way(schema_fields):
    assert "without an offset: on your own clock" in schema_fields["end_time"]["description"]


def test_a_start_and_end_without_an_offset_are_wall_times_in_the_persons_zone():
    person = UserFactory(timezone="Asia/Kolkata")
    task = PlanTaskFactory(plan=MonthlyPlanFactory(user=person, month_year="2026-12"))

    response = api_client_for(person).patch(
        f"/api/plan-tasks/{task.pk}", {"start_time": "2026-12-04T07:30", "end_time": "2026-12-04T08:45"}, format="json"
    )

    assert response.status_code == 200
    assert (response.json()["start_time"], response.json()["end_time"]) == (
        "2026-12-04T07:30:00+05:30",
        "2026-12-04T08:45:00+05:30",
    )
    task.refresh_from_db()
    assert task.start_time == dt.datetime(2026, 12, 4, 2, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize("field", ["start_time", "end_time"])
def test_a_wall_time_the_clocks_skip_is_a_400_on_that_field_and_changes_nothing(field):
    person = UserFactory(timezone="Europe/London")
    task = PlanTaskFactory(
        plan=MonthlyPlanFactory(user=person, month_year="2027-03"),
        start_time=dt.datetime(2027, 3, 28, 0, 30, tzinfo=LONDON),
        end_time=dt.datetime(2027, 3, 28, 0, 45, tzinfo=LONDON),
    )
    before = model_to_dict(PlanTask.objects.get(pk=task.pk))
    change = {"start_time": "2027-03-28T01:30"} if field == "start_time" else {"end_time": "2027-03-28T01:15"}

    response = api_client_for(person).patch(f"/api/plan-tasks/{task.pk}", change, format="json")

    assert response.status_code == 400
    body = response.json()
    assert list(body["errors"]) == [field]
    assert "does not exist in Europe/London" in body["message"]
    assert model_to_dict(PlanTask.objects.get(pk=task.pk)) == before
