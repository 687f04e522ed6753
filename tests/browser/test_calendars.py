"""A person connects their Radicale account on the calendars page, picks the calendar that
counts as busy, syncs and sees how many busy times came in; the page fits a phone in the
dark scheme. Real Radicale, real browser, the machine's own clock."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from tests.calendars.conftest import TEST_CREDENTIALS_KEY, radicale, vevent_at  # noqa: F401 (radicale: a fixture)
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def calendar_settings(settings):
    settings.CALENDAR_ALLOWED_PRIVATE_HOSTS = ["127.0.0.1"]
    settings.CALENDAR_CREDENTIALS_KEY = [TEST_CREDENTIALS_KEY]


def _log_in(page, base_url: str, email: str) -> None:
    page.goto(base_url + "/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/login/" not in url)


def test_connecting_radicale_choosing_a_busy_calendar_and_syncing(
    live_server, page, radicale, calendar_settings, screenshot, console_errors  # noqa: F811
):
    person = UserFactory(email="cal@example.com", timezone="Europe/Berlin")
    account = radicale.account()
    work = account.make_calendar("Work")
    account.make_calendar("Family")
    soon = (dt.datetime.now(dt.UTC) + dt.timedelta(days=2)).replace(hour=9, minute=0, second=0, microsecond=0)
    account.add_event(str(work.url), vevent_at("dentist", soon, "Dentist"))
    classes = vevent_at("class", soon + dt.timedelta(days=1), "Pottery", rrule="FREQ=WEEKLY;COUNT=3")
    account.add_event(str(work.url), classes)

    _log_in(page, live_server.url, person.email)
    page.goto(live_server.url + "/account/")
    page.get_by_role("link", name="Calendars", exact=True).last.click()
    expect(page.get_by_role("heading", name="Calendars", level=1)).to_be_visible()

    form = page.locator("form", has=page.get_by_role("button", name="Connect account"))
    form.get_by_label("Name", exact=True).fill("My Radicale")
    form.get_by_label("Address", exact=True).fill(account.url)
    form.get_by_label("User name", exact=True).fill(account.username)
    form.get_by_label("Password", exact=True).fill(account.password)
    form.get_by_role("button", name="Connect account").click()

    expect(page.get_by_text("Choose the calendars that count as busy.")).to_be_visible()
    page.get_by_label("Work").check()
    page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_text("Calendar settings saved.")).to_be_visible()

    page.get_by_role("button", name="Sync now").click()
    expect(page.get_by_text("Sync started.")).to_be_visible()
    expect(page.get_by_test_id("events-imported")).to_have_text("4")  # the dentist and three classes
    expect(page.locator(".badge-ok")).to_have_text("Synced")
    screenshot("calendars-connection")

    page.goto(live_server.url + "/account/calendars/")
    expect(page.get_by_test_id("events-imported")).to_have_text("4")
    screenshot("calendars-list")

    page.set_viewport_size(PHONE)
    page.emulate_media(color_scheme="dark")
    page.goto(live_server.url + "/account/calendars/")
    expect(page.get_by_role("heading", name="My Radicale")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot("calendars-list-phone-dark")
    page.get_by_role("link", name="My Radicale").click()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot("calendars-connection-phone-dark")
    assert console_errors == []
    assert account.password not in page.content()
