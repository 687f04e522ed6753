import re

import pytest
from playwright.sync_api import expect

from accounts.models import User

SIGNED_IN_HEADING = re.compile(r"^(Welcome back|Let's plan your month)$")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-long-and-unusual-passphrase"


def test_a_new_person_signs_up_logs_out_and_logs_in_again(live_server, page, console_errors, screenshot):
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("planned around your life")
    page.get_by_role("link", name="Create your free account").click()

    page.get_by_label("E-mail").fill("Browser.User@example.com")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    # The script preselected the browser's zone; pick one explicitly to test the form.
    page.get_by_label("Time zone").select_option("Europe/Berlin")
    screenshot("signup")
    page.get_by_role("button", name="Create account").click()

    expect(page.get_by_text("Welcome to Monthwise!")).to_be_visible()
    assert User.objects.get().timezone == "Europe/Berlin"

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("navigation").get_by_role("link", name="Log in")).to_be_visible()

    page.get_by_role("navigation").get_by_role("link", name="Log in").click()
    page.get_by_label("E-mail").fill("browser.user@EXAMPLE.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(SIGNED_IN_HEADING)
    expect(page.get_by_role("button", name="Log out")).to_be_visible()

    assert console_errors == []


def test_a_bad_signup_shows_the_message_next_to_the_field(live_server, page, console_errors):
    page.goto(live_server.url + "/signup/")
    page.get_by_label("E-mail").fill("someone@example.com")
    page.get_by_label("Password", exact=True).fill("short")
    page.get_by_label("Password again").fill("short")
    page.get_by_role("button", name="Create account").click()
    expect(page.locator("#id_password_error")).to_contain_text("too short")
    assert User.objects.count() == 0
    assert console_errors == []


def test_the_time_zone_is_guessed_from_the_browser(live_server, browser):
    context = browser.new_context(timezone_id="Asia/Kolkata")
    page = context.new_page()
    page.goto(live_server.url + "/signup/")
    # Chromium's ICU reports the legacy link name; both are valid IANA names we accept.
    expect(page.get_by_label("Time zone")).to_have_value(re.compile(r"^Asia/(Kolkata|Calcutta)$"))
    context.close()


def test_the_menu_collapses_on_a_phone(live_server, browser):
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.goto(live_server.url + "/")
    expect(page.get_by_role("navigation").get_by_role("link", name="Log in")).to_be_hidden()
    page.get_by_text("Menu").click()
    expect(page.get_by_role("navigation").get_by_role("link", name="Log in")).to_be_visible()
    context.close()
