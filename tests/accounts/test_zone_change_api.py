"""PATCH /api/me with a new time zone: the future sessions follow as the person chose, and the
answer says which moved, which were placed again and which could not be."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from accounts import extensions
from accounts.models import User
from accounts.services import user_timezone_set
from planning.models import PlanTask
from tests.conftest import api_client_for
from tests.factories import UserFactory
from tests.planning.factories import MonthlyPlanFactory, PlanTaskFactory, PreferencesFactory

pytestmark = pytest.mark.django_db

NEW_YORK, LONDON = ZoneInfo("America/New_York"), ZoneInfo("Europe/London")
CHOICE_REFUSED = "“keep_whatever” is not a choice here: use keep_local_times or keep_absolute_times."


@pytest.fixture
def person():
    return UserFactory(timezone="America/New_York")


@pytest.fixture
def api(person):
    return api_client_for(person)


@pytest.fixture
def december(person):
    return MonthlyPlanFactory(user=person, preference=PreferencesFactory(user=person), month_year="2026-12")


def session(plan, start: dt.datetime, **fields) -> PlanTask:
    return PlanTaskFactory(plan=plan, start_time=start, end_time=start + dt.timedelta(hours=1), **fields)


def rows(person) -> list[tuple]:
    return list(
        PlanTask.objects.filter(user=person)
        .order_by("id")
        .values_list("id", "start_time", "end_time", "scheduling_reason", "sequence", "updated_at")
    )


def me_in(person: User, zone: ZoneInfo) -> dict:
    """GET /api/me's fields for the person, with times on the clock of `zone`."""
    reset_at = person.coaching_reset_at
    return {
        "id": str(person.id),
        "email": person.email,
        "timezone": zone.key,
        "coaching_count": person.coaching_count,
        "coaching_remaining": 30,
        "coaching_reset_at": reset_at.astimezone(zone).isoformat() if reset_at else None,
        "calendar_feed_url": f"http://testserver/calendar/{person.calendar_secret}.ics",
        "created_at": person.created_at.astimezone(zone).isoformat(),
    }


def test_a_new_zone_keeps_local_times_by_default_and_answers_what_moved(api, person, december):
    done = session(december, dt.datetime(2026, 12, 1, 13, 0, tzinfo=NEW_YORK), is_completed=True)
    clashing = session(december, dt.datetime(2026, 12, 1, 18, 0, tzinfo=NEW_YORK))
    kept = session(december, dt.datetime(2026, 12, 2, 18, 0, tzinfo=NEW_YORK))
    later = session(december, dt.datetime(2026, 12, 3, 19, 30, tzinfo=NEW_YORK))

    response = api.patch("/api/me", {"timezone": "Europe/London"}, format="json")

    assert response.status_code == 200
    assert response.json() == {
        **me_in(person, LONDON),
        "future_sessions_result": {"moved": [kept.pk, later.pk], "re_placed": [clashing.pk], "unplaced": []},
    }
    person.refresh_from_db()
    assert person.timezone == "Europe/London"
    kept.refresh_from_db()
    assert kept.start_time == dt.datetime(2026, 12, 2, 18, 0, tzinfo=LONDON)
    done_row = next(row for row in rows(person) if row[0] == done.pk)
    assert done_row[1] == dt.datetime(2026, 12, 1, 13, 0, tzinfo=NEW_YORK)


def test_keeping_absolute_times_moves_nothing_and_lists_the_sessions_now_on_work(api, person, december):
    on_work = session(december, dt.datetime(2026, 12, 1, 6, 0, tzinfo=NEW_YORK))  # 11:00 in London
    session(december, dt.datetime(2026, 12, 1, 18, 0, tzinfo=NEW_YORK))  # 23:00 in London
    before = rows(person)

    response = api.patch(
        "/api/me", {"timezone": "Europe/London", "future_sessions": "keep_absolute_times"}, format="json"
    )

    assert response.status_code == 200
    assert response.json() == {
        **me_in(person, LONDON),
        "future_sessions_result": {"moved": [], "re_placed": [], "unplaced": [on_work.pk]},
    }
    assert rows(person) == before


@pytest.mark.parametrize(
    ("choice", "message"),
    [
        ("keep_whatever", CHOICE_REFUSED),
        (None, "This field may not be null."),
        (["keep_local_times"], CHOICE_REFUSED.replace("keep_whatever", "['keep_local_times']")),
    ],
)
def test_a_choice_that_is_not_offered_is_a_400_naming_it_and_writes_neither_zone_nor_session(
    api, person, december, choice, message
):
    session(december, dt.datetime(2026, 12, 1, 18, 0, tzinfo=NEW_YORK))
    before = rows(person)

    response = api.patch("/api/me", {"timezone": "Europe/London", "future_sessions": choice}, format="json")

    assert response.status_code == 400
    assert response.json() == {"message": f"future_sessions: {message}", "errors": {"future_sessions": [message]}}
    person.refresh_from_db()
    assert person.timezone == "America/New_York"
    assert rows(person) == before


def test_the_same_zone_answers_without_a_result_and_moves_nothing(api, person, december):
    session(december, dt.datetime(2026, 12, 1, 18, 0, tzinfo=NEW_YORK))
    before = rows(person)

    response = api.patch("/api/me", {"timezone": "America/New_York"}, format="json")

    assert response.status_code == 200
    assert response.json() == me_in(person, NEW_YORK)
    assert rows(person) == before


def test_an_unknown_zone_is_a_400_by_the_field_and_moves_nothing(api, person, december):
    session(december, dt.datetime(2026, 12, 1, 18, 0, tzinfo=NEW_YORK))
    before = rows(person)

    response = api.patch("/api/me", {"timezone": "Mars/Olympus_Mons"}, format="json")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["timezone"]
    person.refresh_from_db()
    assert person.timezone == "America/New_York"
    assert rows(person) == before


def test_a_failure_after_the_sessions_moved_undoes_the_zone_and_every_move(person, december, monkeypatch):
    session(december, dt.datetime(2026, 12, 1, 18, 0, tzinfo=NEW_YORK))
    before = rows(person)

    def failing_hook(**change: object) -> None:
        raise RuntimeError("the next app failed")

    # After planning's own hook, which has moved the sessions by then.
    monkeypatch.setattr(extensions, "_zone_change_hooks", [*extensions._zone_change_hooks, failing_hook])

    with pytest.raises(RuntimeError):
        user_timezone_set(user=person, timezone="Europe/London")

    assert person.timezone == "America/New_York"
    person.refresh_from_db()
    assert person.timezone == "America/New_York"
    assert rows(person) == before


def test_only_the_persons_own_sessions_follow_their_zone(api, person, december):
    mine = session(december, dt.datetime(2026, 12, 1, 18, 0, tzinfo=NEW_YORK))
    stranger = UserFactory(timezone="America/New_York")
    theirs_plan = MonthlyPlanFactory(user=stranger, preference=PreferencesFactory(user=stranger))
    session(theirs_plan, dt.datetime(2026, 12, 1, 18, 0, tzinfo=NEW_YORK))
    theirs_before = rows(stranger)

    response = api.patch("/api/me", {"timezone": "Europe/London"}, format="json")

    assert response.json()["future_sessions_result"] == {"moved": [mine.pk], "re_placed": [], "unplaced": []}
    assert rows(stranger) == theirs_before


def test_a_zone_change_with_150_sessions_takes_a_bounded_number_of_queries(
    api, person, december, django_assert_max_num_queries
):
    for day in range(1, 31):
        for hour in (6, 18, 19, 20, 21):
            PlanTaskFactory(
                plan=december,
                start_time=dt.datetime(2026, 12, day, hour, 0, tzinfo=NEW_YORK),
                end_time=dt.datetime(2026, 12, day, hour, 45, tzinfo=NEW_YORK),
            )
    session(december, dt.datetime(2026, 12, 3, 13, 0, tzinfo=NEW_YORK), is_completed=True)

    with django_assert_max_num_queries(14):
        response = api.patch("/api/me", {"timezone": "Europe/London"}, format="json")

    result = response.json()["future_sessions_result"]
    assert (len(result["moved"]), len(result["re_placed"]), len(result["unplaced"])) == (149, 1, 0)
