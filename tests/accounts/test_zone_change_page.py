"""The account page asks what a new time zone does to the future sessions, and says what it did."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from planning.models import PlanTask
from tests.factories import UserFactory
from tests.planning.factories import MonthlyPlanFactory, PlanTaskFactory, PreferencesFactory

pytestmark = pytest.mark.django_db

NEW_YORK, LONDON = ZoneInfo("America/New_York"), ZoneInfo("Europe/London")
KEEP_LOCAL = "Keep them at the same local times (recommended)"
KEEP_ABSOLUTE = "Keep them at the same moments (they will show at different clock times)"


@pytest.fixture
def person(client):
    person = UserFactory(timezone="America/New_York")
    client.force_login(person)
    return person


@pytest.fixture
def december(person):
    return MonthlyPlanFactory(user=person, preference=PreferencesFactory(user=person), month_year="2026-12")


def session(plan, start: dt.datetime, **fields) -> PlanTask:
    return PlanTaskFactory(plan=plan, start_time=start, end_time=start + dt.timedelta(hours=1), **fields)


def rows(person) -> list[tuple]:
    return list(
        PlanTask.objects.filter(user=person).order_by("id").values_list("id", "start_time", "scheduling_reason")
    )


def test_the_page_asks_what_to_do_with_future_sessions_and_keeps_local_times_unless_told(client, person):
    body = client.get(reverse("accounts:account")).content.decode()

    assert "If you change the zone, your future sessions:" in body
    assert KEEP_LOCAL in body and KEEP_ABSOLUTE in body
    assert 'type="radio" name="future_sessions" value="keep_local_times" id="id_future_sessions_0" checked' in body
    assert 'value="keep_absolute_times" id="id_future_sessions_1" checked' not in body


def test_moving_with_local_times_says_what_moved_with_links_to_the_sessions(client, person, december):
    session(december, dt.datetime(2026, 12, 1, 13, 0, tzinfo=NEW_YORK), is_completed=True, task_description="Run")
    clashing = session(december, dt.datetime(2026, 12, 1, 18, 0, tzinfo=NEW_YORK), task_description="Chapter 3")
    kept = session(december, dt.datetime(2026, 12, 2, 18, 0, tzinfo=NEW_YORK), task_description="Chapter 4")

    response = client.post(
        reverse("accounts:account"), {"timezone": "Europe/London", "future_sessions": "keep_local_times"}
    )

    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Time zone saved: Europe/London." in page
    assert (
        "<p>1 session kept its local time; 1 was re-placed because it now overlapped “Run” (Tue 1 Dec 18:00).</p>"
        in page
    )
    clashing.refresh_from_db()
    kept.refresh_from_db()
    assert kept.start_time == dt.datetime(2026, 12, 2, 18, 0, tzinfo=LONDON)
    assert f'<a href="/calendar/tasks/{clashing.pk}/">Chapter 3</a>' in page
    assert f'<a href="/calendar/tasks/{kept.pk}/">Chapter 4</a>, Wed 2 Dec 18:00' in page
    # The report is shown once, right after the change.
    assert "Your sessions after the move" in page
    assert "Your sessions after the move" not in client.get(reverse("accounts:account")).content.decode()


def test_moving_with_absolute_times_moves_nothing_and_names_the_session_now_on_work(client, person, december):
    on_work = session(december, dt.datetime(2026, 12, 1, 6, 0, tzinfo=NEW_YORK), task_description="Early run")
    before = rows(person)

    choice = {"timezone": "Europe/London", "future_sessions": "keep_absolute_times"}
    response = client.post(reverse("accounts:account"), choice, follow=True)

    page = response.content.decode()
    assert "Time zone saved: Europe/London." in page
    assert (
        "<p>Your sessions kept their times, so they show at different clock times now; 1 now overlaps a "
        "commitment: Early run, Tue 1 Dec 11:00.</p>" in page
    )
    assert f'<a href="/calendar/tasks/{on_work.pk}/">Early run</a>' in page
    assert rows(person) == before


def test_a_choice_that_is_not_offered_is_refused_by_the_field_and_changes_nothing(client, person, december):
    session(december, dt.datetime(2026, 12, 1, 18, 0, tzinfo=NEW_YORK))
    before = rows(person)

    response = client.post(reverse("accounts:account"), {"timezone": "Europe/London", "future_sessions": "later"})

    assert response.status_code == 200
    assert "“later” is not a choice here" in response.content.decode()
    person.refresh_from_db()
    assert person.timezone == "America/New_York"
    assert rows(person) == before


def test_saving_the_same_zone_moves_nothing_and_reports_nothing(client, person, december):
    session(december, dt.datetime(2026, 12, 1, 18, 0, tzinfo=NEW_YORK))
    before = rows(person)

    response = client.post(reverse("accounts:account"), {"timezone": "America/New_York"}, follow=True)

    page = response.content.decode()
    assert "Time zone saved: America/New_York." in page
    assert "Your sessions after the move" not in page
    assert rows(person) == before
