"""The person's schedule settings: working hours, peak hours, room to breathe and
commitments on several days, set on the goals page and through POST /api/preferences,
refused alike by field and row, and handed to the scheduler."""

import re

import pytest
from django.urls import reverse

from insights.selectors import planning_signals
from planning.models import Preferences
from planning.scheduler import PeakWindow, WorkingWindow
from planning.services.context import peak_windows_for
from tests.planning.factories import PreferencesFactory

pytestmark = pytest.mark.django_db

BASE = {
    "goals_text": "Run a 10K and write every morning.",
    "task_complexity": "Balanced",
    "focus_areas": ["Running", "Writing"],
    "weekend_preference": "Mixed",
}
NIGHT_WORK = {
    "mon": [{"start": "22:00", "end": "06:00"}],
    "tue": [{"start": "7:00", "end": "9:00"}, {"start": "18:00", "end": "21:00"}],
    "sun": [],
}


def test_old_clients_that_send_none_of_the_new_fields_get_a_sensible_day(api, user):
    response = api.post("/api/preferences", {**BASE, "fixed_commitments": []}, format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["working_hours"] == {day: [{"start": "08:00", "end": "20:00"}] for day in BASE_DAYS}
    assert body["peak_hours"] == []
    assert body["peak_source"] == "auto"
    assert body["buffer_minutes"] == 15
    assert body["session_minutes"] == {"min": 25, "max": 120}
    assert body["max_sessions_per_day"] is None


BASE_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def test_the_schedule_settings_are_saved_normalised_and_shown_back(api, user):
    payload = {
        **BASE,
        "fixed_commitments": [{"days": ["fri", "mon", "tue", "wed", "thu"], "start": "9:00", "end": "17:00"}],
        "working_hours": NIGHT_WORK,
        "peak_hours": [{"start": "07:00", "end": "10:00"}],
        "peak_source": "mine",
        "buffer_minutes": 30,
        "session_minutes": {"min": 30, "max": 90},
        "max_sessions_per_day": 2,
    }
    response = api.post("/api/preferences", payload, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["fixed_commitments"] == [
        {"days": ["mon", "tue", "wed", "thu", "fri"], "start": "09:00", "end": "17:00", "label": ""}
    ]
    assert body["working_hours"]["mon"] == [{"start": "22:00", "end": "06:00"}]
    assert body["working_hours"]["tue"] == [{"start": "07:00", "end": "09:00"}, {"start": "18:00", "end": "21:00"}]
    assert body["working_hours"]["sun"] == []
    assert body["working_hours"]["wed"] == [{"start": "08:00", "end": "20:00"}]  # left out: the default
    assert (body["peak_hours"], body["peak_source"]) == ([{"start": "07:00", "end": "10:00"}], "mine")
    assert (body["buffer_minutes"], body["session_minutes"], body["max_sessions_per_day"]) == (
        30,
        {"min": 30, "max": 90},
        2,
    )
    snapshot = Preferences.objects.get(user=user)
    assert len(snapshot.commitments) == 5  # one weekly slot per day
    assert WorkingWindow(0, *map(_clock, ("22:00", "06:00"))) in snapshot.working_windows
    assert snapshot.stated_peaks == (PeakWindow(7, 10),)


def _clock(text):
    import datetime as dt

    return dt.time.fromisoformat(text)


@pytest.mark.parametrize(
    ("change", "where", "words"),
    [
        ({"working_hours": {"funday": []}}, ("working_hours",), "is not a day"),
        ({"working_hours": {"tue": [{"start": "08:00", "end": "25:00"}]}}, ("working_hours", "tue", 0, "end"), "25:00"),
        (
            {"working_hours": {"wed": [{"start": "08:00", "end": "12:00"}, {"start": "11:00", "end": "14:00"}]}},
            ("working_hours", "wed", 1, "start"),
            "overlaps",
        ),
        (
            {
                "working_hours": {
                    day: [{"start": f"{h:02d}:00", "end": f"{h:02d}:30"} for h in range(8)] for day in BASE_DAYS
                }
            },
            ("working_hours",),
            "at most 50",
        ),
        ({"peak_hours": [{"start": "07:30", "end": "10:00"}]}, ("peak_hours", 0, "start"), "whole hours"),
        ({"session_minutes": {"min": 120, "max": 60}}, ("session_minutes", "min"), "longer than the longest"),
        ({"session_minutes": {"min": 5}}, ("session_minutes", "min"), "from 15 to 120"),
        ({"buffer_minutes": 90}, ("buffer_minutes",), "from 0 to 60"),
        ({"max_sessions_per_day": 12}, ("max_sessions_per_day",), "from 1 to 8"),
        (
            {"fixed_commitments": [{"days": ["mon", "xyz"], "start": "09:00", "end": "17:00"}]},
            ("fixed_commitments", 0, "day"),
            "not a day",
        ),
    ],
)
def test_bad_schedule_settings_answer_400_by_field_and_row_and_save_nothing(api, user, change, where, words):
    response = api.post("/api/preferences", {**BASE, "fixed_commitments": [], **change}, format="json")
    assert response.status_code == 400
    found = response.json()["errors"]
    for step in where:
        found = found[step]
    assert words in str(found)
    assert not Preferences.objects.filter(user=user).exists()


def test_every_problem_is_reported_at_once(api, user):
    payload = {
        **BASE,
        "fixed_commitments": [
            {"day": "mon", "start": "9am", "end": "17:00"},
            {"day": "someday", "start": "09:00", "end": "10:00"},
        ],
        "working_hours": {"tue": [{"start": "08:00", "end": "25:00"}]},
        "session_minutes": {"min": 120, "max": 60},
    }
    errors = api.post("/api/preferences", payload, format="json").json()["errors"]
    assert set(errors) == {"fixed_commitments", "working_hours", "session_minutes"}
    assert "start" in errors["fixed_commitments"][0] and "day" in errors["fixed_commitments"][1]


GOALS_POST = {
    "goals_text": "Write every morning.",
    "task_complexity": "Balanced",
    "weekend_preference": "Rest",
    "focus_areas": ["Writing", ""],
    "peak_source": "mine",
    "buffer_minutes": "20",
    "session_min": "30",
    "session_max": "90",
    "max_sessions_per_day": "",
    "peak-1-start": "07:00",
    "peak-1-end": "09:00",
    "commitment-1-days": ["mon", "tue", "wed", "thu", "fri"],
    "commitment-1-start": "09:00",
    "commitment-1-end": "17:00",
    "commitment-1-label": "Work",
    **{f"hours-{day}-1-start": "06:00" for day in BASE_DAYS},
    **{f"hours-{day}-1-end": "21:00" for day in BASE_DAYS},
    "hours-sun-1-start": "",
    "hours-sun-1-end": "",
}


def test_the_goals_page_saves_hours_peaks_room_and_a_monday_to_friday_row(client, user):
    client.force_login(user)
    response = client.post(reverse("planning:goals"), GOALS_POST)
    assert response.status_code == 302
    snapshot = Preferences.objects.get(user=user)
    assert snapshot.fixed_commitments == [
        {"days": ["mon", "tue", "wed", "thu", "fri"], "start": "09:00", "end": "17:00", "label": "Work"}
    ]
    assert snapshot.working_hours["mon"] == [{"start": "06:00", "end": "21:00"}]
    assert snapshot.working_hours["sun"] == []
    assert (snapshot.peak_hours, snapshot.peak_source) == ([{"start": "07:00", "end": "09:00"}], "mine")
    assert (snapshot.buffer_minutes, snapshot.session_minutes, snapshot.max_sessions_per_day) == (20, (30, 90), None)
    page = client.get(reverse("planning:goals")).content.decode()
    # The saved row shows its five chips ticked, and Sunday shows as a day off.
    assert len(re.findall(r'name="commitment-1-days" value="\w+" checked', page)) == 5
    assert 'name="hours-sun-1-start" value=""' in page


def test_the_goals_page_shows_every_schedule_error_on_its_field_at_once(client, user):
    client.force_login(user)
    bad = {
        **GOALS_POST,
        "hours-tue-1-end": "25:00",
        "peak-1-start": "07:30",
        "session_min": "150",
        "buffer_minutes": "90",
    }
    response = client.post(reverse("planning:goals"), bad)
    assert response.status_code == 200
    page = response.content.decode()
    assert re.search(r'id="h-tue-1-end"[^>]*aria-invalid="true"', page)
    assert re.search(r'id="p-1-start"[^>]*aria-invalid="true"', page)
    assert "whole hours" in page
    assert "from 15 to 120" in page
    assert "from 0 to 60" in page
    assert not Preferences.objects.filter(user=user).exists()


def test_peaks_come_from_the_person_when_they_say_so_else_learned_else_none(user):
    mine = PreferencesFactory(user=user, peak_hours=[{"start": "07:00", "end": "10:00"}], peak_source="mine")
    signals = planning_signals(user=user)
    assert peak_windows_for(preference=mine, signals=signals) == ((PeakWindow(7, 10),), "stated")
    learned = type(signals)(peak_windows=(PeakWindow(18, 21),))
    assert peak_windows_for(preference=mine, signals=learned) == ((PeakWindow(7, 10),), "stated")
    auto = PreferencesFactory(user=user, peak_hours=[{"start": "07:00", "end": "10:00"}], peak_source="auto")
    assert peak_windows_for(preference=auto, signals=learned) == ((PeakWindow(18, 21),), "learned")
    assert peak_windows_for(preference=auto, signals=signals) == ((PeakWindow(7, 10),), "stated")
    nothing = PreferencesFactory(user=user)
    assert peak_windows_for(preference=nothing, signals=signals) == ((), "learned")
