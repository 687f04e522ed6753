"""Small things a person notices in the browser: the header's "Sign up" button is readable
in both colour schemes, the insights page fits a 390 px phone, and a session past midnight
shows on both days of the phone's week agenda."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from insights.computation import insights_recompute
from tests.factories import DEFAULT_PASSWORD, UserFactory
from tests.insights.factories import session
from tests.planning.factories import MonthlyPlanFactory, PlanTaskFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
# WCAG 2.x AA for text under 18.66 px bold / 24 px regular.
AA_NORMAL_TEXT = 4.5
AREAS = ("Spanish conversation practice", "Strength and mobility", "Novel: second draft", "Household finances")


def _log_in(page, base_url: str, email: str) -> None:
    page.goto(base_url + "/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/login/" not in url)


def _luminance(rgb: tuple[float, float, float]) -> float:
    def channel(value: float) -> float:
        value /= 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(value) for value in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def _rgb(css: str) -> tuple[float, float, float]:
    red, green, blue, *alpha = (float(part) for part in re.findall(r"[\d.]+", css))
    assert not alpha or alpha[0] == 1, f"a see-through colour cannot be judged alone: {css}"
    return red, green, blue


def contrast(foreground: str, background: str) -> float:
    lighter, darker = sorted((_luminance(_rgb(foreground)), _luminance(_rgb(background))), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_sign_up_button_meets_aa_contrast(live_server, page, scheme):
    page.emulate_media(color_scheme=scheme)
    page.goto(live_server.url + "/")

    sign_up = page.locator(".site-header").get_by_role("link", name="Sign up")
    expect(sign_up).to_be_visible()
    colours = sign_up.evaluate(
        "e => { const s = getComputedStyle(e); return [s.color, s.backgroundColor, s.fontSize, s.fontWeight]; }"
    )

    color, background, font_size, font_weight = colours
    assert float(font_size.removesuffix("px")) < 18.66 or int(font_weight) < 700  # normal text: 4.5:1
    assert contrast(color, background) >= AA_NORMAL_TEXT, (scheme, color, background)


def _history(person) -> None:
    """Ten weeks of logged sessions in four focus areas with long names, some overrunning."""
    zone = ZoneInfo(person.timezone)
    today = timezone.now().astimezone(zone).date()
    plans = {}
    for index in range(48):
        day = today - dt.timedelta(days=1 + index * 70 // 48)
        month = f"{day:%Y-%m}"
        if month not in plans:
            plans[month] = MonthlyPlanFactory(
                user=person, preference__user=person, preference__focus_areas=list(AREAS), month_year=month
            )
        session(
            plans[month],
            start=dt.datetime.combine(day, dt.time((7, 9, 13, 18, 21)[index % 5])),
            planned_minutes=(30, 45, 60, 90)[index % 4],
            actual_minutes=(40, 45, 75, 120)[index % 4],
            completed=index % 3 != 0,
            focus_area=AREAS[index % 4],
            difficulty=("easy", "medium", "hard")[index % 3],
        )
    insights_recompute(user=person)


def test_the_insights_page_has_no_sideways_scroll_on_a_phone(live_server, page, console_errors, screenshot):
    person = UserFactory(email="phone-insights@example.com", timezone="America/New_York")
    _history(person)
    page.set_viewport_size(PHONE)
    _log_in(page, live_server.url, person.email)

    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        page.goto(live_server.url + "/insights/")
        expect(page.get_by_role("heading", name="When you get things done")).to_be_visible()
        expect(page.locator(".insight-section svg").first).to_be_visible()
        screenshot(f"insights-390-{scheme}")

        scroll_width = page.evaluate("document.scrollingElement.scrollWidth")
        wide = page.evaluate(
            """() => [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > 390.5 && !e.closest('.heatmap-scroll, .table-scroll'))
                .map(e => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`).slice(0, 10)"""
        )
        assert scroll_width <= PHONE["width"], (scheme, scroll_width, wide)
    assert console_errors == []


def test_a_session_past_midnight_shows_on_both_days_of_the_phone_agenda(live_server, page):
    person = UserFactory(email="night-owl@example.com", timezone="Europe/London")
    london = ZoneInfo("Europe/London")
    task = PlanTaskFactory(
        plan=MonthlyPlanFactory(user=person, preference__user=person, month_year="2026-12"),
        task_description="Night writing",
        start_time=dt.datetime(2026, 12, 5, 23, 30, tzinfo=london),
        end_time=dt.datetime(2026, 12, 6, 1, 0, tzinfo=london),
    )
    page.set_viewport_size(PHONE)
    _log_in(page, live_server.url, person.email)

    page.goto(live_server.url + "/calendar/week/?date=2026-12-02")

    expect(page.locator(".week-grid")).to_be_hidden()
    links = page.locator(".week-agenda").locator(f'a[href="/calendar/tasks/{task.pk}/"]')
    expect(links).to_have_count(2)
    expect(links.nth(0)).to_contain_text("23:30–01:00 Night writing")
    expect(links.nth(1)).to_contain_text("00:00–01:00 Night writing")
    expect(page.locator(".agenda-continued")).to_contain_text("continued from Saturday 23:30")
    assert page.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"]
