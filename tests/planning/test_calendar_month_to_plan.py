"""The generate page offers next month once this one has 7 days or fewer left on the
person's own calendar, which is not the UTC calendar near midnight."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse

from planning.months import month_to_plan
from tests.factories import UserFactory
from tests.planning.factories import PreferencesFactory

UTC = dt.UTC


def selected_month(client, zone: str, now: dt.datetime) -> str:
    person = UserFactory(timezone=zone)
    PreferencesFactory(user=person)
    client.force_login(person)
    with time_machine.travel(now, tick=False):
        body = client.get(reverse("planning:generate")).content.decode()
    (selected,) = re.findall(r'<option value="([0-9-]+)" selected>', body)
    return selected


@pytest.mark.parametrize(
    ("zone", "now", "expected"),
    [
        # Auckland is 13 hours ahead: 22 November 23:00 there has 8 days left, 23 November 00:00 has 7.
        ("Pacific/Auckland", dt.datetime(2026, 11, 22, 10, 0, tzinfo=UTC), "2026-11"),
        ("Pacific/Auckland", dt.datetime(2026, 11, 22, 11, 0, tzinfo=UTC), "2026-12"),
        # Los Angeles is 8 hours behind: 23 November 07:59 UTC is still the 22nd there.
        ("America/Los_Angeles", dt.datetime(2026, 11, 23, 7, 59, tzinfo=UTC), "2026-11"),
        ("America/Los_Angeles", dt.datetime(2026, 11, 23, 8, 0, tzinfo=UTC), "2026-12"),
        # The last day of the year: next month is in the next year.
        ("Europe/London", dt.datetime(2026, 12, 31, 23, 0, tzinfo=UTC), "2027-01"),
        # February 2027 has 28 days: the 21st leaves 7.
        ("Europe/London", dt.datetime(2027, 2, 20, 12, 0, tzinfo=UTC), "2027-02"),
        ("Europe/London", dt.datetime(2027, 2, 21, 12, 0, tzinfo=UTC), "2027-03"),
    ],
)
def test_the_month_to_plan_turns_to_the_next_with_seven_days_left_on_the_persons_calendar(zone, now, expected):
    assert month_to_plan(now, zone) == expected


@pytest.mark.django_db
def test_the_generate_page_selects_this_month_with_eight_days_left_in_the_persons_zone(client):
    assert selected_month(client, "Pacific/Auckland", dt.datetime(2026, 11, 22, 10, 59, tzinfo=UTC)) == "2026-11"


@pytest.mark.django_db
def test_the_generate_page_selects_next_month_with_seven_days_left_in_the_persons_zone(client):
    # Still 22 November in UTC, already the 23rd in Auckland.
    assert selected_month(client, "Pacific/Auckland", dt.datetime(2026, 11, 22, 11, 0, tzinfo=UTC)) == "2026-12"


@pytest.mark.django_db
def test_behind_utc_the_page_waits_for_the_persons_own_midnight(client):
    assert selected_month(client, "America/Los_Angeles", dt.datetime(2026, 11, 23, 7, 59, tzinfo=UTC)) == "2026-11"
    assert selected_month(client, "America/Los_Angeles", dt.datetime(2026, 11, 23, 8, 0, tzinfo=UTC)) == "2026-12"


@pytest.mark.django_db
def test_the_page_says_why_next_month_is_chosen_and_still_offers_this_one(client):
    person = UserFactory(timezone="Europe/London")
    PreferencesFactory(user=person)
    client.force_login(person)

    with time_machine.travel(dt.datetime(2026, 11, 25, 9, 0, tzinfo=UTC), tick=False):
        body = client.get(reverse("planning:generate")).content.decode()

    assert "November 2026 is nearly over, so December 2026 is chosen." in body
    assert '<option value="2026-11">November 2026</option>' in body
    assert '<option value="2026-12" selected>December 2026</option>' in body


@pytest.mark.django_db
def test_a_month_asked_for_in_the_address_wins_over_the_suggestion(client):
    person = UserFactory(timezone="Europe/London")
    PreferencesFactory(user=person)
    client.force_login(person)

    with time_machine.travel(dt.datetime(2026, 11, 25, 9, 0, tzinfo=UTC), tick=False):
        body = client.get(reverse("planning:generate"), {"month": "2026-11"}).content.decode()

    assert '<option value="2026-11" selected>November 2026</option>' in body
