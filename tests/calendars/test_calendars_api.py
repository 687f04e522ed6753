"""The calendars API without a calendar server: lists, owner and outsider, busy time in the
person's zone, refusals by field, and query counts with many rows."""

import datetime as dt

import pytest

from calendars.credentials import credentials_encrypt
from calendars.models import BusyEvent, CalendarConnection

pytestmark = pytest.mark.django_db

UTC = dt.UTC


def connection_for(person, name: str = "Feed", **fields) -> CalendarConnection:
    fields.setdefault("url", f"https://example.com/{name}.ics")
    return CalendarConnection.objects.create(user=person, kind="ics", name=name, **fields)


def busy_for(connection: CalendarConnection, start: dt.datetime, hours: float = 1, **fields) -> BusyEvent:
    return BusyEvent.objects.create(
        connection=connection,
        user_id=connection.user_id,
        calendar_name=fields.pop("calendar_name", connection.name),
        uid=fields.pop("uid", f"e-{start:%Y%m%d%H%M}"),
        start=start,
        end=start + dt.timedelta(hours=hours),
        **fields,
    )


# --- Connections -------------------------------------------------------------------------


def test_the_list_shows_only_the_persons_connections_oldest_first_with_a_constant_query_count(
    api, user, other_user, django_assert_max_num_queries
):
    for index in range(10):
        connection_for(user, f"Mine {index}", password_encrypted=credentials_encrypt("p"))
        connection_for(other_user, f"Theirs {index}")

    with django_assert_max_num_queries(4):
        response = api.get("/api/calendars")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 10
    assert [row["name"] for row in body["results"]] == [f"Mine {index}" for index in range(10)]
    assert all("password" not in key for row in body["results"] for key in row)


def test_the_owner_reads_a_connection(api, user):
    connection = connection_for(user, last_synced_at=dt.datetime(2026, 11, 22, 9, 30, tzinfo=UTC))

    response = api.get(f"/api/calendars/{connection.pk}")

    assert response.status_code == 200
    assert response.json()["name"] == "Feed"
    assert response.json()["last_synced_at"] == "2026-11-22T09:30:00+00:00"


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("get", "/api/calendars/{id}", None),
        ("patch", "/api/calendars/{id}", {"name": "Mine now", "auto_sync": False}),
        ("delete", "/api/calendars/{id}", None),
        ("post", "/api/calendars/{id}/sync", None),
    ],
)
def test_another_persons_connection_answers_404_and_stays_as_it_was(outsider_api, user, method, path, body):
    connection = connection_for(user)
    busy_for(connection, dt.datetime(2026, 12, 1, 9, tzinfo=UTC))

    response = getattr(outsider_api, method)(path.format(id=connection.pk), body, format="json")

    assert response.status_code == 404
    assert response.json() == {"message": "Not found."}
    unchanged = CalendarConnection.objects.get(pk=connection.pk)
    assert (unchanged.name, unchanged.auto_sync, unchanged.last_synced_at) == ("Feed", True, None)
    assert BusyEvent.objects.filter(connection=connection).count() == 1


@pytest.mark.parametrize("connection_id", ["0", "999999999", str(2**63), "99999999999999999999999"])
def test_a_missing_or_impossible_id_answers_404(api, connection_id):
    assert api.get(f"/api/calendars/{connection_id}").status_code == 404


def test_the_owner_renames_and_disconnects(api, user):
    connection = connection_for(user)
    busy_for(connection, dt.datetime(2026, 12, 1, 9, tzinfo=UTC))

    renamed = api.patch(f"/api/calendars/{connection.pk}", {"name": "School"}, format="json")
    removed = api.delete(f"/api/calendars/{connection.pk}")

    assert renamed.status_code == 200 and renamed.json()["name"] == "School"
    assert removed.status_code == 200
    assert removed.json() == {"message": "Calendar disconnected.", "events_removed": 0, "events_left": 0}
    assert not CalendarConnection.objects.exists() and not BusyEvent.objects.exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "outlook", "name": "X", "url": "https://example.com/a.ics"}, "kind"),
        ({"kind": "ics", "name": "", "url": "https://example.com/a.ics"}, "name"),
        ({"kind": "ics", "name": "X" * 101, "url": "https://example.com/a.ics"}, "name"),
        ({"kind": "ics", "name": "X"}, "url"),
        ({"kind": "ics", "name": "X", "url": 5}, "url"),
        ({"kind": "ics", "name": "X", "url": "ftp://example.com/a.ics"}, "url"),
        ({"kind": "ics", "name": "X", "url": "https://example.com/a.ics", "auto_sync": "yes"}, "auto_sync"),
        ({"kind": "caldav", "name": "X", "url": "https://example.com/", "busy_calendars": "all"}, "busy_calendars"),
        ({"kind": "caldav", "name": "X", "url": "https://example.com/", "password": "p" * 501}, "password"),
    ],
)
def test_a_connection_that_cannot_be_made_names_the_field_and_saves_nothing(api, body, field):
    response = api.post("/api/calendars", body, format="json")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]
    assert not CalendarConnection.objects.exists()


def test_a_password_that_is_too_long_is_not_repeated_in_the_answer(api):
    secret = "secret-" * 80
    body = {"kind": "caldav", "name": "X", "url": "https://example.com/", "username": "u", "password": secret}

    response = api.post("/api/calendars", body, format="json")

    assert response.status_code == 400
    assert secret not in response.content.decode() and "secret-" not in response.content.decode()


def test_production_without_a_key_refuses_a_password_before_asking_any_server(api, settings):
    settings.DEBUG, settings.CALENDAR_CREDENTIALS_KEY = False, []
    body = {"kind": "caldav", "name": "X", "url": "https://cloud.example.com/", "username": "u", "password": "p"}

    response = api.post("/api/calendars", body, format="json")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["password"]
    assert "CALENDAR_CREDENTIALS_KEY" in response.json()["message"]
    assert not CalendarConnection.objects.exists()


# --- Busy time ---------------------------------------------------------------------------


def test_busy_time_is_listed_by_start_in_the_persons_zone(api, user, other_user):
    user.timezone = "America/New_York"
    user.save(update_fields=["timezone"])
    work, family = connection_for(user, "Work"), connection_for(user, "Family")
    busy_for(family, dt.datetime(2026, 12, 3, 15, tzinfo=UTC), summary="Recital")
    busy_for(work, dt.datetime(2026, 12, 1, 14, tzinfo=UTC), summary="Standup")
    busy_for(work, dt.datetime(2026, 11, 30, 5, tzinfo=UTC), hours=24, summary="Trip", all_day=True)
    busy_for(work, dt.datetime(2026, 12, 4, 5, tzinfo=UTC), summary="Too late")
    busy_for(connection_for(other_user, "Theirs"), dt.datetime(2026, 12, 2, 9, tzinfo=UTC), summary="Not mine")

    response = api.get("/api/busy", {"start": "2026-12-01", "end": "2026-12-03"})

    assert response.status_code == 200
    # The trip ends as the range begins, and "Too late" starts as it ends: neither overlaps.
    assert response.json() == [
        {
            "start": "2026-12-01T09:00:00-05:00",
            "end": "2026-12-01T10:00:00-05:00",
            "summary": "Standup",
            "calendar": "Work",
            "all_day": False,
        },
        {
            "start": "2026-12-03T10:00:00-05:00",
            "end": "2026-12-03T11:00:00-05:00",
            "summary": "Recital",
            "calendar": "Family",
            "all_day": False,
        },
    ]


def test_an_event_that_began_before_the_range_and_runs_into_it_is_listed(api, user):
    holiday = dt.datetime(2026, 11, 28, 0, tzinfo=UTC)
    busy_for(connection_for(user), holiday, hours=24 * 7, summary="Holiday", all_day=True)

    response = api.get("/api/busy", {"start": "2026-12-01", "end": "2026-12-01"})

    assert [row["summary"] for row in response.json()] == ["Holiday"]
    assert response.json()[0]["start"] == "2026-11-28T00:00:00+00:00"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"start": "2026-12-01", "end": "2027-03-15"}, "end"),
        ({"start": "2026-12-05", "end": "2026-12-01"}, "end"),
        ({"start": "December", "end": "2026-12-01"}, "start"),
        ({"end": "2026-12-01"}, "start"),
    ],
)
def test_a_busy_range_that_cannot_be_read_is_refused_by_field(api, query, field):
    response = api.get("/api/busy", query)

    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_a_thousand_busy_times_are_listed_with_a_constant_query_count(api, user, django_assert_max_num_queries):
    connection = connection_for(user)
    start = dt.datetime(2026, 12, 1, tzinfo=UTC)
    BusyEvent.objects.bulk_create(
        BusyEvent(
            connection=connection, user=user, uid=f"e{index}", calendar_name="Feed",
            start=start + dt.timedelta(hours=2 * index), end=start + dt.timedelta(hours=2 * index + 1),
        )
        for index in range(1000)
    )

    with django_assert_max_num_queries(3):
        response = api.get("/api/busy", {"start": "2026-12-01", "end": "2027-02-28"})

    assert response.status_code == 200
    assert len(response.json()) == 1000


def test_busy_time_needs_a_login(anon_api):
    assert anon_api.get("/api/busy", {"start": "2026-12-01", "end": "2026-12-02"}).status_code == 401
    assert anon_api.get("/api/calendars").status_code == 401
