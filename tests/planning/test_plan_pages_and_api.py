"""The plans list (each month once), a plan's page (sessions by week, a proposal's changes),
deciding on a proposal from the page and the API, and pins."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from planning.models import MonthlyPlan, PlanState, PlanTask
from tests.conftest import api_client_for
from tests.planning.factories import MonthlyPlanFactory, PlanTaskFactory
from tests.planning.test_plan_life import BEFORE_DECEMBER, MID_DECEMBER, generate

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def december(user, preferences) -> MonthlyPlan:
    return generate(user, "2026-12", BEFORE_DECEMBER)


@pytest.fixture
def proposal(user, december) -> MonthlyPlan:
    PlanTask.objects.filter(pk=december.tasks.order_by("start_time").first().pk).update(is_completed=True)
    return generate(user, "2026-12", MID_DECEMBER)


# --- pages -------------------------------------------------------------------------------


def test_the_plans_list_shows_each_month_once_with_its_versions_folded(client, user, december, proposal):
    older = MonthlyPlanFactory(
        user=user, month_year="2026-12", state=PlanState.SUPERSEDED, generated_at=BEFORE_DECEMBER - dt.timedelta(days=3)
    )
    client.force_login(user)
    page = client.get(reverse("planning:plans")).content.decode()
    assert page.count("December 2026</a></h2>") == 1
    assert "A new plan is waiting for you" in page
    assert reverse("planning:plan", args=[proposal.pk]) in page
    assert "1 earlier version<" in page
    assert reverse("planning:plan", args=[older.pk]) in page


def test_a_proposals_page_shows_its_changes_and_the_two_choices(client, user, december, proposal):
    client.force_login(user)
    page = client.get(reverse("planning:plan", args=[proposal.pk])).content.decode()
    assert "A new plan for December 2026" in page
    assert "What this plan would change" in page
    assert "Use this plan" in page and "Discard" in page
    assert "the generation still counts" in page
    kept = december.tasks.get(is_completed=True)
    assert kept.task_description in page


def test_a_plans_page_lists_its_sessions_week_by_week_with_their_status(client, user, december):
    with time_machine.travel(MID_DECEMBER, tick=False):
        client.force_login(user)
        page = client.get(reverse("planning:plan", args=[december.pk])).content.decode()
    assert "Week of Mon 30 Nov" in page
    assert page.count('class="session session-') == december.tasks.count()
    assert "badge-missed" in page and "badge-upcoming" in page
    first = december.tasks.order_by("start_time").first()
    assert reverse("planning:task", args=[first.pk]) in page


def test_accepting_from_the_page_makes_the_proposal_the_months_plan(client, user, december, proposal):
    client.force_login(user)
    response = client.post(reverse("planning:plan_accept", args=[proposal.pk]))
    assert response.status_code == 302
    assert response.url == reverse("planning:plan", args=[proposal.pk])
    proposal.refresh_from_db()
    december.refresh_from_db()
    assert (proposal.state, december.state) == (PlanState.ACTIVE, PlanState.SUPERSEDED)
    page = client.get(response.url).content.decode()
    assert "This is now your plan for December 2026" in page
    old_page = client.get(reverse("planning:plan", args=[december.pk])).content.decode()
    assert "This is an earlier version" in old_page


def test_discarding_from_the_page_goes_back_to_the_active_plan(client, user, december, proposal):
    client.force_login(user)
    response = client.post(reverse("planning:plan_discard", args=[proposal.pk]))
    assert response.url == reverse("planning:plan", args=[december.pk])
    proposal.refresh_from_db()
    assert proposal.state == PlanState.DISCARDED
    again = client.post(reverse("planning:plan_accept", args=[proposal.pk]), follow=True).content.decode()
    assert "This plan is discarded, so it cannot be accepted" in again


@pytest.mark.parametrize("name", ["planning:plan", "planning:plan_accept", "planning:plan_discard"])
def test_another_persons_plan_is_not_found_on_the_pages(client, other_user, proposal, name):
    client.force_login(other_user)
    url = reverse(name, args=[proposal.pk])
    response = client.get(url) if name == "planning:plan" else client.post(url)
    assert response.status_code == 404
    proposal.refresh_from_db()
    assert proposal.state == PlanState.PROPOSED


def test_a_plans_page_costs_the_same_queries_with_150_sessions(client, user, django_assert_max_num_queries):
    plan = MonthlyPlanFactory(user=user, month_year="2026-12")
    start = dt.datetime(2026, 12, 1, 7, 0, tzinfo=LONDON)
    PlanTask.objects.bulk_create(
        PlanTaskFactory.build(plan=plan, user=user, start_time=start + dt.timedelta(hours=4 * n)) for n in range(150)
    )
    client.force_login(user)
    with django_assert_max_num_queries(8):
        assert client.get(reverse("planning:plan", args=[plan.pk])).status_code == 200


# --- API ---------------------------------------------------------------------------------


def test_the_api_shows_a_proposals_state_and_changes(api, december, proposal):
    body = api.get(f"/api/plans/{proposal.pk}").json()
    assert body["state"] == "proposed"
    assert set(body["changes"]) == {"kept", "added", "removed", "moved", "unchanged", "active_plan"}
    assert body["changes"]["kept"] == [december.tasks.get(is_completed=True).pk]
    assert body["changes"]["active_plan"] == december.pk
    for item in body["changes"]["moved"]:
        assert set(item) == {"id", "from_start", "to_start"}
        assert item["to_start"].endswith(("+00:00", "Z"))
    active = api.get(f"/api/plans/{december.pk}").json()
    assert (active["state"], active["changes"]) == ("active", None)
    listed = api.get("/api/plans").json()["results"]
    assert {(row["id"], row["state"]) for row in listed} == {(december.pk, "active"), (proposal.pk, "proposed")}


def test_accept_over_the_api_answers_the_plan_and_a_second_accept_is_a_409(api, december, proposal):
    response = api.post(f"/api/plans/{proposal.pk}/accept")
    assert response.status_code == 200
    body = response.json()
    assert (body["id"], body["state"], body["changes"]) == (proposal.pk, "active", None)
    kept = december.tasks.model.objects.filter(is_completed=True, user=proposal.user).get()
    assert kept.pk in [task["id"] for task in body["tasks"]]

    again = api.post(f"/api/plans/{proposal.pk}/accept")
    assert again.status_code == 409
    assert again.json()["message"].startswith("This plan is active, so it cannot be accepted")
    assert api.post(f"/api/plans/{december.pk}/discard").status_code == 409


def test_discard_over_the_api(api, december, proposal):
    response = api.post(f"/api/plans/{proposal.pk}/discard")
    assert (response.status_code, response.json()["state"]) == (200, "discarded")
    december.refresh_from_db()
    assert december.state == PlanState.ACTIVE


@pytest.mark.parametrize("action", ["accept", "discard"])
def test_an_outsider_cannot_decide_on_a_proposal(outsider_api, proposal, action):
    assert outsider_api.post(f"/api/plans/{proposal.pk}/{action}").status_code == 404
    assert outsider_api.get(f"/api/plans/{proposal.pk}").status_code == 404
    proposal.refresh_from_db()
    assert proposal.state == PlanState.PROPOSED


def test_a_session_is_pinned_and_unpinned_over_the_api(api, december):
    task = december.tasks.order_by("-start_time").first()
    response = api.patch(f"/api/plan-tasks/{task.pk}", {"is_pinned": True}, format="json")
    assert response.status_code == 200
    assert (response.json()["is_pinned"], response.json()["warnings"]) == (True, [])
    task.refresh_from_db()
    assert (task.is_pinned, task.sequence) == (True, 1)
    assert api.patch(f"/api/plan-tasks/{task.pk}", {"is_pinned": "yes"}, format="json").status_code == 400
    api.patch(f"/api/plan-tasks/{task.pk}", {"is_pinned": False}, format="json")
    task.refresh_from_db()
    assert (task.is_pinned, task.sequence) == (False, 2)


def test_an_outsider_cannot_pin_a_session(outsider_api, december):
    task = december.tasks.first()
    assert outsider_api.patch(f"/api/plan-tasks/{task.pk}", {"is_pinned": True}, format="json").status_code == 404
    task.refresh_from_db()
    assert task.is_pinned is False


def test_a_proposals_detail_costs_the_same_queries_with_150_sessions(api, user, django_assert_max_num_queries):
    start = dt.datetime(2026, 12, 1, 7, 0, tzinfo=LONDON)
    active = MonthlyPlanFactory(user=user, month_year="2026-12")
    proposal = MonthlyPlanFactory(user=user, month_year="2026-12", state=PlanState.PROPOSED)
    for plan in (active, proposal):
        PlanTask.objects.bulk_create(
            PlanTaskFactory.build(plan=plan, user=user, task_key=f"k{n}", start_time=start + dt.timedelta(hours=4 * n))
            for n in range(150)
        )
    with django_assert_max_num_queries(8):
        body = api.get(f"/api/plans/{proposal.pk}").json()
    assert len(body["tasks"]) == 150


# --- pins and re-placing on the pages ---------------------------------------------------


def test_a_session_is_pinned_from_its_page_and_says_so(client, user, december):
    task = december.tasks.order_by("-start_time").first()
    client.force_login(user)
    page = client.get(reverse("planning:task", args=[task.pk])).content.decode()
    assert "Pin: keep this time when I re-plan" in page

    response = client.post(reverse("planning:task_pin", args=[task.pk]), {"is_pinned": "1"}, follow=True)
    page = response.content.decode()
    assert "Pinned: this session keeps its time when you re-plan the month." in page
    assert "A new plan for the month keeps it where it is." in page and "Unpin" in page
    task.refresh_from_db()
    assert task.is_pinned is True

    client.post(reverse("planning:task_pin", args=[task.pk]), {"is_pinned": "0"})
    task.refresh_from_db()
    assert task.is_pinned is False


def test_an_outsider_cannot_pin_from_the_page(client, other_user, december):
    task = december.tasks.first()
    client.force_login(other_user)
    assert client.post(reverse("planning:task_pin", args=[task.pk]), {"is_pinned": "1"}).status_code == 404
    task.refresh_from_db()
    assert task.is_pinned is False


def test_re_placing_from_the_page_lists_each_move_and_what_was_carried_over(client, user, preferences):
    november = MonthlyPlanFactory(user=user, preference=preferences, month_year="2026-11")
    for n in range(8):
        PlanTaskFactory(
            plan=november,
            task_description=f"Missed session {n}",
            start_time=dt.datetime(2026, 11, 23 + n % 5, 18, 0, tzinfo=LONDON),
            end_time=dt.datetime(2026, 11, 23 + n % 5, 19, 30, tzinfo=LONDON),
        )
    with time_machine.travel(dt.datetime(2026, 11, 29, 10, 0, tzinfo=dt.UTC), tick=False):
        client.force_login(user)
        page = client.post(reverse("planning:reschedule_missed"), follow=True).content.decode()
    assert "Moved 8 missed sessions into free time in the next 14 days:" in page
    assert "“Missed session 0”: Mon 23 Nov 18:00 → " in page
    assert "(carried over: it waits for next month&#x27;s plan)" in page


def test_pinned_sessions_show_a_pin_in_the_month_and_week_calendars(client, user, december):
    task = december.tasks.order_by("start_time").last()
    PlanTask.objects.filter(pk=task.pk).update(is_pinned=True)
    client.force_login(user)
    month = client.get(reverse("planning:calendar"), {"month": "2026-12"}).content.decode()
    day = task.start_time.astimezone(LONDON).date().isoformat()
    week = client.get(reverse("planning:week"), {"date": day}).content.decode()
    for page in (month, week):
        assert page.count('<span class="visually-hidden">(pinned)</span>') >= 1


def test_the_generate_page_says_a_planned_month_gets_a_proposal_that_counts(client, user, december):
    client.force_login(user)
    page = client.get(reverse("planning:generate")).content.decode()
    assert "December 2026 (has a plan: a new one is a proposal)" in page
    assert "Either way it uses one generation." in page
    assert "November 2026 (has a plan" not in page


def test_a_plan_with_only_stale_calendar_advice_shows_no_empty_fit_list(client, user, december):
    MonthlyPlan.objects.filter(pk=december.pk).update(
        unplaced=[{"task_key": "w1-t9", "task_description": "Extra", "focus_area": "Writing", "duration_minutes": 60,
                   "difficulty_level": "medium", "reason": "No room."}],
        advice=[{"kind": "calendar_stale", "message": "“Work” could not be read; last read 1 Dec."}],
    )  # fmt: skip
    client.force_login(user)
    page = client.get(reverse("planning:plan", args=[december.pk])).content.decode()
    assert "“Work” could not be read; last read 1 Dec." in page
    assert "What would make it fit" not in page
    assert "These could not be placed inside your working hours" in page


def test_a_session_skipped_in_the_calendar_says_so_in_the_api_and_leaves_the_weeks_plan(api, user, december):
    task = december.tasks.order_by("start_time").first()
    PlanTask.objects.filter(pk=task.pk).update(skipped_at=task.start_time)
    day = task.start_time.astimezone(LONDON).date().isoformat()
    rows = api.get("/api/plan-tasks", {"start": day, "end": day}).json()
    assert [row["is_skipped"] for row in rows if row["id"] == task.pk] == [True]
    local_day = task.start_time.astimezone(LONDON).date()
    monday = dt.datetime.combine(local_day - dt.timedelta(days=local_day.weekday()), dt.time(), tzinfo=LONDON)
    in_week = PlanTask.objects.filter(plan=december, start_time__gte=monday, start_time__lt=monday + dt.timedelta(7))
    with time_machine.travel(task.start_time, tick=False):
        week = api_client_for(user).get("/api/today").json()["week"]
    assert week["planned_sessions"] == in_week.count() - 1
