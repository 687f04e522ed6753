"""One session, two sessions: every count a person or an operator reads agrees with its noun
(the calendar, the messages after re-placing, the planner's and the coach's refusals, the
insights, the admin)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.urls import reverse

from coaching.services.allowance import AllowanceStatus, CoachingAllowanceSpent
from coaching.views import allowance_sentence
from insights.challenges import focus_area_challenges
from insights.maths import Tally, completion_rate_value
from planning.models import GenerationQuota, PlanRequest
from planning.scheduler import DraftTask, ScheduleRequest, schedule_month
from tests.planning.factories import (
    GenerationQuotaFactory,
    MonthlyPlanFactory,
    PlanRequestFactory,
    PlanTaskFactory,
    PreferencesFactory,
)

LONDON = ZoneInfo("Europe/London")


@pytest.mark.django_db
@pytest.mark.parametrize(("count", "caption"), [(1, "December 2026, 1 session"), (2, "December 2026, 2 sessions")])
def test_the_month_caption_counts_sessions(client, user, count, caption):
    client.force_login(user)
    plan = MonthlyPlanFactory(user=user, month_year="2026-12")
    for day in range(1, count + 1):
        PlanTaskFactory(plan=plan, start_time=dt.datetime(2026, 12, day, 18, tzinfo=LONDON))

    body = client.get(reverse("planning:calendar"), {"month": "2026-12"}).content.decode()

    assert f"<caption class=\"visually-hidden\">{caption}</caption>" in body


@pytest.mark.django_db
@pytest.mark.parametrize(("count", "message"), [(1, "Moved 1 missed session"), (2, "Moved 2 missed sessions")])
def test_re_placing_missed_sessions_counts_them(client, user, frozen_now, count, message):
    client.force_login(user)
    plan = MonthlyPlanFactory(user=user, preference=PreferencesFactory(user=user), month_year="2026-11")
    for day in range(18, 18 + count):
        PlanTaskFactory(plan=plan, start_time=dt.datetime(2026, 11, day, 18, tzinfo=LONDON))

    response = client.post(reverse("planning:reschedule_missed"), {"next": reverse("planning:calendar")})

    assert [str(m) for m in get_messages(response.wsgi_request) if str(m).startswith("Moved")] == [
        f"{message} into free time in the next 14 days:"
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(("total", "line"), [(1, "of 1 generation left"), (2, "of 2 generations left")])
def test_the_generate_page_counts_the_allowance(client, user, total, line):
    client.force_login(user)
    PreferencesFactory(user=user)
    GenerationQuotaFactory(user=user, month_year="2026-11", total_allowed=total)

    body = client.get(reverse("planning:generate")).content.decode()

    assert f"<strong>{total}</strong> {line} this month." in body


@pytest.mark.parametrize(("cap", "words"), [(1, "already has 1 session, the"), (2, "already has 2 sessions, the")])
def test_the_planner_counts_the_sessions_a_day_allows(cap, words):
    drafts = tuple(
        DraftTask(key=f"t{i}", description="Do it", focus_area="writing", duration_minutes=30, difficulty="medium")
        for i in range(31 * cap)
    )
    request = ScheduleRequest(
        year=2026,
        month=6,
        timezone="Europe/London",
        not_before=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
        tasks=drafts,
        max_sessions_per_day=cap,
        weekend_preference="Work",
    )

    schedule = schedule_month(request)

    assert schedule.unplaced and all(words in item.reason for item in schedule.unplaced)


@pytest.mark.parametrize(("logged", "words"), [(1, "1 of 1 logged session ("), (2, "1 of 2 logged sessions (")])
def test_the_completion_summary_counts_logged_sessions(logged, words):
    recent = Tally(logged=logged, completed=1)

    value = completion_rate_value(by_area={"Writing": recent}, by_difficulty={}, recent=recent, by_week={},
                                  today=dt.date(2026, 11, 22))  # fmt: skip

    assert words in value["summary"]


@pytest.mark.parametrize(("logged", "words"), [(1, "1 of 1 session finished overall"), (2, "1 of 2 sessions finished")])
def test_the_summary_without_recent_logs_counts_sessions(logged, words):
    value = completion_rate_value(by_area={"Writing": Tally(logged=logged, completed=1)}, by_difficulty={},
                                  recent=Tally(), by_week={}, today=dt.date(2026, 11, 22))  # fmt: skip

    assert words in value["summary"]


@pytest.mark.parametrize(("completed", "words"), [(1, "finished 1 time out of 6"), (2, "finished 2 times out of 6")])
def test_a_struggling_focus_area_counts_its_finished_sessions(completed, words):
    by_area = {"Writing": Tally(logged=6, completed=completed), "Fitness": Tally(logged=6, completed=6)}

    (challenge,) = focus_area_challenges(by_area, Tally(logged=12, completed=completed + 6))

    assert words in challenge["text"]


@pytest.mark.parametrize(
    ("allowance", "days", "sentence"),
    [
        (1, 1, "You can ask the coach 1 question every day;"),
        (2, 30, "You can ask the coach 2 questions every 30 days;"),
    ],
)
def test_the_coach_allowance_before_the_first_question_counts_questions_and_days(
    monkeypatch, allowance, days, sentence
):
    monkeypatch.setattr(settings, "COACHING_PERIOD_DAYS", days)

    assert allowance_sentence(AllowanceStatus(allowance=allowance, used=0, resets_at=None), "UTC").startswith(sentence)


@pytest.mark.parametrize(("allowance", "words"), [(1, "0 of 1 coach question left"), (2, "1 of 2 coach questions")])
def test_the_coach_allowance_counts_questions_left(allowance, words):
    status = AllowanceStatus(allowance=allowance, used=1, resets_at=dt.datetime(2026, 12, 2, 9, 30, tzinfo=dt.UTC))

    assert allowance_sentence(status, "UTC").startswith(words)


@pytest.mark.parametrize(
    ("allowance", "words"),
    [(1, "You have used your 1 coach question for this period."), (2, "You have used all 2 coach questions for")],
)
def test_the_coach_refusal_counts_questions(allowance, words):
    assert CoachingAllowanceSpent(allowance=allowance, resets_at=None).message.startswith(words)


@pytest.mark.django_db
@pytest.mark.parametrize(("count", "message"), [(1, "on 1 quota."), (2, "on 2 quotas.")])
def test_giving_generations_back_in_the_admin_counts_quotas(admin_client, count, message):
    quotas = [GenerationQuotaFactory(generations_used=1) for _ in range(count)]

    response = admin_client.post(
        reverse("admin:planning_generationquota_changelist"),
        {"action": "give_one_back", "_selected_action": [quota.pk for quota in quotas]},
    )

    assert [str(m) for m in get_messages(response.wsgi_request)] == [f"Gave one generation back {message}"]
    assert list(GenerationQuota.objects.values_list("generations_used", flat=True)) == [0] * count


@pytest.mark.django_db
@pytest.mark.parametrize(("count", "message"), [(1, "Refunded 1 request."), (2, "Refunded 2 requests.")])
def test_refunding_requests_in_the_admin_counts_them(admin_client, count, message):
    requests = [PlanRequestFactory(status="running") for _ in range(count)]

    response = admin_client.post(
        reverse("admin:planning_planrequest_changelist"),
        {"action": "fail_and_refund", "_selected_action": [r.pk for r in requests]},
    )

    assert [str(m) for m in get_messages(response.wsgi_request)] == [message]
    assert set(PlanRequest.objects.values_list("status", flat=True)) == {PlanRequest.Status.FAILED}
