import re

import pytest
from playwright.sync_api import expect

from coaching.models import Interaction, Task
from tests.browser.conftest import ARTIFACTS
from tests.factories import DEFAULT_PASSWORD, UserFactory

SIGNED_IN_HEADING = re.compile(r"^(Welcome back|Let's plan your month)$")

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server, email: str) -> None:
    page.goto(live_server.url + "/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(SIGNED_IN_HEADING)


def add_task(page, text: str, importance: str, confidence: str = "") -> None:
    page.get_by_label("Task", exact=True).fill(text)
    page.get_by_label("Importance", exact=True).fill(importance)
    page.get_by_label("Confidence", exact=True).fill(confidence)
    page.get_by_role("button", name="Add task").click()
    expect(page.get_by_text("Task added.")).to_be_visible()


def row(page, text: str):
    return page.locator("[data-task-row]", has_text=text)


def test_a_person_adds_tasks_asks_the_coach_and_gets_the_answer_again_from_the_cache(
    live_server, page, console_errors, screenshot
):
    UserFactory(email="coachee@example.com")
    log_in(page, live_server, "coachee@example.com")
    page.get_by_role("navigation").get_by_role("link", name="Coach").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("To-do list and coach")
    expect(page.get_by_text("Your list is empty.")).to_be_visible()

    add_task(page, "Write the grant application", "9", "3")
    add_task(page, "Tidy the garage", "2")
    page.get_by_role("link", name="most important first").click()
    expect(page.locator("[data-task-row] .task-text").first).to_have_text("Write the grant application")

    grant = row(page, "Write the grant application")
    address_before = page.url
    grant.get_by_role("button", name=re.compile("Ask the coach")).click()
    advice = grant.locator("[data-advice]")
    expect(advice).to_contain_text("Fresh answer")
    expect(advice).to_contain_text("importance 9/10")
    expect(page.locator("#coach-allowance")).to_contain_text("29 of 30 coach questions left")
    assert page.url == address_before  # answered in place, no reload
    screenshot("coach-fresh-answer")

    grant.get_by_role("button", name=re.compile("Ask the coach")).click()
    expect(advice).to_contain_text("From the cache")
    expect(page.locator("#coach-allowance")).to_contain_text("29 of 30 coach questions left")
    screenshot("coach-cached-answer")

    garage = row(page, "Tidy the garage")
    garage.get_by_role("button", name=re.compile("Mark done")).click()
    expect(row(page, "Tidy the garage")).to_have_class(re.compile("task-done"))

    assert list(Interaction.objects.order_by("created_at").values_list("cache_hit", flat=True)) == [False, True]
    assert Task.objects.get(text="Tidy the garage").is_completed
    assert console_errors == []


def test_without_javascript_the_answer_still_appears_after_a_reload(live_server, browser):
    UserFactory(email="nojs@example.com")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server, "nojs@example.com")
    page.goto(live_server.url + "/coach/")
    add_task(page, "Call the bank", "7", "5")
    row(page, "Call the bank").get_by_role("button", name=re.compile("Ask the coach")).click()
    expect(row(page, "Call the bank").locator("[data-advice]")).to_contain_text("Fresh answer")
    assert "advice=" in page.url
    context.close()


def test_a_bad_task_shows_the_message_by_the_field(live_server, page, console_errors):
    UserFactory(email="typo@example.com")
    log_in(page, live_server, "typo@example.com")
    page.goto(live_server.url + "/coach/")
    page.get_by_label("Task", exact=True).fill("Something")
    page.get_by_label("Importance", exact=True).fill("11")
    page.get_by_role("button", name="Add task").click()
    expect(page.locator("#id_importance_error")).to_have_text("Use a number from 1 to 10, or leave it empty.")
    assert Task.objects.count() == 0
    assert console_errors == []


def test_the_coach_page_is_one_column_on_a_phone(live_server, browser):
    UserFactory(email="phone@example.com")
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    log_in(page, live_server, "phone@example.com")
    page.goto(live_server.url + "/coach/")
    add_task(page, "A task with a rather long description that has to wrap on a small screen", "8", "4")
    row(page, "rather long").get_by_role("button", name=re.compile("Ask the coach")).click()
    expect(row(page, "rather long").locator("[data-advice]")).to_contain_text("Fresh answer")
    page.screenshot(path=str(ARTIFACTS / "coach-phone.png"), full_page=True)
    tasks = page.locator(".coach-tasks").bounding_box()
    goals = page.locator(".coach-goals").bounding_box()
    assert goals["y"] >= tasks["y"] + tasks["height"]  # stacked, not side by side
    assert tasks["width"] <= 375 and goals["width"] <= 375
    assert page.evaluate("document.documentElement.scrollWidth") <= 375  # no sideways scrolling
    context.close()
