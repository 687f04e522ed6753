"""The calendars pages, without JavaScript: add a CalDAV account or a link, choose busy
calendars, sync, resume, a new password, disconnect; refusals shown by field, nothing saved."""

import datetime as dt

import pytest
from django.urls import reverse

from calendars.credentials import credentials_decrypt
from calendars.models import BusyEvent, CalendarConnection
from calendars.services.connect import calendar_connection_create
from calendars.services.sync_request import SYNC_PAUSED
from tests.calendars.conftest import vevent
from tests.faults.conftest import broker_down  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

INDEX = "/account/calendars/"


@pytest.fixture
def signed_in(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def connection(user, radicale_account):
    return calendar_connection_create(
        user=user,
        kind="caldav",
        name="Radicale",
        url=radicale_account.url,
        username=radicale_account.username,
        password=radicale_account.password,
    )


def work_url(connection: CalendarConnection) -> str:
    return next(calendar["url"] for calendar in connection.available_calendars if calendar["name"] == "Work")


def test_the_account_page_links_to_the_calendars_page(signed_in):
    page = signed_in.get("/account/").content.decode()

    assert f'href="{INDEX}"' in page


def test_the_calendars_page_lists_connections_with_their_status_in_few_queries(
    signed_in, user, django_assert_max_num_queries
):
    for index in range(9):
        CalendarConnection.objects.create(user=user, kind="ics", name=f"Feed {index}", url="https://e.com/a.ics")
    CalendarConnection.objects.create(
        user=user, kind="caldav", name="Paused one", url="https://e.com/", is_paused=True, consecutive_failures=3,
        last_error="The calendar server did not accept this user name and password.",
    )

    with django_assert_max_num_queries(8):
        response = signed_in.get(INDEX)

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('class="card" id="calendar-') == 10
    assert "Paused" in page and "after 3 failed syncs in a row" in page
    assert "did not accept this user name and password" in page
    assert "Add a CalDAV account" in page and "Subscribe to a calendar link" in page


def test_connecting_a_caldav_account_on_the_page_leads_to_choosing_busy_calendars(signed_in, user, radicale_account):
    response = signed_in.post(
        reverse("calendars:connect_caldav"),
        {
            "caldav-name": "Home server",
            "caldav-url": radicale_account.url,
            "caldav-username": radicale_account.username,
            "caldav-password": radicale_account.password,
        },
        follow=True,
    )

    connection = CalendarConnection.objects.get(user=user)
    page = response.content.decode()
    assert response.redirect_chain == [(f"{INDEX}{connection.pk}/", 302)]
    assert "Choose the calendars that count as busy" in page
    assert 'type="checkbox" name="busy_calendars"' in page
    assert ">Work</label>" in page and ">Family</label>" in page
    assert radicale_account.password not in page


def test_a_wrong_password_on_the_page_is_shown_by_the_field_and_saves_nothing(signed_in, radicale_account):
    response = signed_in.post(
        reverse("calendars:connect_caldav"),
        {
            "caldav-name": "Home server",
            "caldav-url": radicale_account.url,
            "caldav-username": radicale_account.username,
            "caldav-password": "wrong-one",
        },
    )

    page = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_caldav-password_error"' in page
    assert "did not accept this user name and password" in page
    assert 'value="Home server"' in page  # what was typed stays, the password does not
    assert "wrong-one" not in page
    assert not CalendarConnection.objects.exists()


def test_a_missing_field_on_the_page_is_named(signed_in):
    response = signed_in.post(reverse("calendars:connect_ics"), {"ics-name": "", "ics-url": ""})

    page = response.content.decode()
    assert response.status_code == 400
    assert "Give the calendar a name." in page and "Give the calendar&#x27;s address." in page
    assert not CalendarConnection.objects.exists()


def test_subscribing_to_a_link_on_the_page_imports_its_busy_time(signed_in, user, local_calendar_server):
    url = local_calendar_server.answer_file("/g.ics", "google_export.ics")

    response = signed_in.post(reverse("calendars:connect_ics"), {"ics-name": "Google", "ics-url": url}, follow=True)

    connection = CalendarConnection.objects.get(user=user)
    assert response.redirect_chain == [(INDEX, 302)]
    assert f"“Google” is connected: {connection.events_imported} busy times imported." in response.content.decode()
    assert connection.events_imported == BusyEvent.objects.count() > 0


def test_choosing_a_busy_calendar_on_the_page_saves_it_and_syncs(
    signed_in, connection, radicale_account, django_capture_on_commit_callbacks
):
    work = work_url(connection)
    start = dt.datetime(2026, 12, 3, 9, tzinfo=dt.UTC)
    radicale_account.add_event(work, vevent(uid="d", start=start, end=start + dt.timedelta(hours=1), summary="Dentist"))

    with django_capture_on_commit_callbacks(execute=True):
        chosen = {"name": "Radicale", "busy_calendars": [work], "auto_sync": "on"}
        saved = signed_in.post(f"{INDEX}{connection.pk}/", chosen)
    page = signed_in.get(saved["Location"]).content.decode()

    connection.refresh_from_db()
    assert "Calendar settings saved." in page
    assert connection.busy_calendars == [work]
    assert connection.events_imported == 1
    assert '<dd data-testid="events-imported">1</dd>' in page
    assert f'value="{work}" id="id_busy_calendars_1" checked>' in page


def test_a_busy_calendar_that_is_not_offered_is_refused_on_the_page(signed_in, connection):
    response = signed_in.post(f"{INDEX}{connection.pk}/", {"name": "Radicale", "busy_calendars": ["http://x/"]})

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert CalendarConnection.objects.get(pk=connection.pk).busy_calendars == []


def test_a_new_password_on_the_page_is_checked_and_a_wrong_one_leaves_the_old(signed_in, connection, radicale_account):
    response = signed_in.post(f"{INDEX}{connection.pk}/password/", {"password": "not-it"})

    assert response.status_code == 400
    assert "did not accept this user name and password" in response.content.decode()
    kept = CalendarConnection.objects.get(pk=connection.pk).password_encrypted
    assert credentials_decrypt(kept) == radicale_account.password


def test_sync_now_and_resume_on_the_page(signed_in, connection):
    synced = signed_in.post(f"{INDEX}{connection.pk}/sync/", follow=True)
    assert "Sync started." in synced.content.decode()
    assert CalendarConnection.objects.get(pk=connection.pk).last_synced_at is not None

    CalendarConnection.objects.filter(pk=connection.pk).update(is_paused=True, consecutive_failures=3)
    paused_page = signed_in.get(f"{INDEX}{connection.pk}/").content.decode()
    assert "Resume syncing" in paused_page and "Sync now" not in paused_page

    resumed = signed_in.post(f"{INDEX}{connection.pk}/resume/", follow=True)
    assert "Syncing resumed." in resumed.content.decode()
    assert CalendarConnection.objects.get(pk=connection.pk).is_paused is False


@pytest.mark.django_db(transaction=True)
def test_sync_now_with_the_queue_away_says_so_on_the_page(client, user, broker_down):  # noqa: F811
    client.force_login(user)
    connection = CalendarConnection.objects.create(user=user, kind="ics", name="Feed", url="https://e.com/a.ics")

    response = client.post(f"{INDEX}{connection.pk}/sync/", {"next": "index"}, follow=True)

    assert response.redirect_chain == [(INDEX, 302)]
    assert SYNC_PAUSED in response.content.decode()
    assert CalendarConnection.objects.get(pk=connection.pk).last_synced_at is None


def test_disconnecting_on_the_page(signed_in, connection):
    response = signed_in.post(f"{INDEX}{connection.pk}/disconnect/", {"keep_events": "on"}, follow=True)

    assert response.redirect_chain == [(INDEX, 302)]
    assert "Calendar disconnected." in response.content.decode()
    assert not CalendarConnection.objects.exists()


@pytest.mark.parametrize(
    ("method", "suffix"),
    [("get", ""), ("post", ""), ("post", "password/"), ("post", "sync/"), ("post", "resume/"), ("post", "disconnect/")],
)
def test_another_persons_connection_is_not_found_on_the_pages(client, other_user, user, method, suffix):
    connection = CalendarConnection.objects.create(user=user, kind="ics", name="Mine", url="https://e.com/a.ics")
    client.force_login(other_user)

    response = getattr(client, method)(f"{INDEX}{connection.pk}/{suffix}", {"name": "Theirs now"})

    assert response.status_code == 404
    assert CalendarConnection.objects.get(pk=connection.pk).name == "Mine"


def test_the_pages_need_a_login(client):
    response = client.get(INDEX)

    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_the_delete_account_page_says_written_sessions_stay_unless_calendars_are_disconnected(client, user):
    client.force_login(user)
    assert "disconnect your calendars" not in client.get(reverse("accounts:delete")).content.decode()
    CalendarConnection.objects.create(user=user, kind="ics", name="Home", url="https://example.com/h.ics")
    page = client.get(reverse("accounts:delete")).content.decode()
    assert "Sessions Monthwise wrote to your own calendars stay there" in page
    assert reverse("calendars:index") in page
