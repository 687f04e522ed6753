import datetime as dt

import pytest
from django.forms import modelform_factory
from django.urls import reverse

from insights.admin import ActivityLogAdmin
from insights.computation import insights_recompute
from insights.models import ONE_LOG_PER_TASK, ActivityLog, Insight
from planning.models import PlanTask
from tests.factories import UserFactory
from tests.insights.factories import ActivityLogFactory, at, bulk_history, morning_person, plan_for, session

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True, email="ops@example.com"))
    return client


def test_an_operator_finds_a_persons_activity_by_email_and_filters_it(admin_client, django_assert_max_num_queries):
    needle = UserFactory(email="needle@example.com")
    session(plan_for(needle), start=at(dt.date(2026, 10, 5), 9), completed=False)
    bulk_history(plan_for(UserFactory()), 60)
    url = reverse("admin:insights_activitylog_changelist")

    with django_assert_max_num_queries(12):
        response = admin_client.get(url, {"q": "needle"})
    assert response.status_code == 200
    assert [log.user.email for log in response.context["cl"].result_list] == ["needle@example.com"]

    unfinished = admin_client.get(url, {"was_completed__exact": "0", "q": "needle"})
    assert len(unfinished.context["cl"].result_list) == 1
    finished = admin_client.get(url, {"was_completed__exact": "1", "q": "needle"})
    assert len(finished.context["cl"].result_list) == 0


def test_an_operator_filters_insights_by_type_and_finds_them_by_email(admin_client):
    person = UserFactory(email="peak@example.com")
    morning_person(plan_for(person))
    insights_recompute(user=person)
    url = reverse("admin:insights_insight_changelist")

    response = admin_client.get(url, {"q": "peak@", "insight_type__exact": "PeakEnergy"})

    assert response.status_code == 200
    rows = list(response.context["cl"].result_list)
    assert [(row.user.email, row.insight_type) for row in rows] == [("peak@example.com", "PeakEnergy")]
    assert "You finish most of what you start between 08:00 and 11:00" in response.content.decode()


@pytest.mark.parametrize("model", ["activitylog", "insight"])
def test_the_recompute_action_recomputes_the_selected_people(admin_client, model, django_capture_on_commit_callbacks):
    chosen, other = UserFactory(), UserFactory()
    morning_person(plan_for(chosen))
    morning_person(plan_for(other))
    if model == "insight":
        insights_recompute(user=chosen)
        Insight.objects.filter(user=chosen).update(insight_value={"summary": "stale"})
        selected = Insight.objects.filter(user=chosen)
    else:
        selected = ActivityLog.objects.filter(user=chosen)[:3]

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse(f"admin:insights_{model}_changelist"),
            {"action": "recompute_insights", "_selected_action": [str(row.pk) for row in selected]},
            follow=True,
        )

    assert response.status_code == 200
    assert "Recomputation queued for 1 person." in response.content.decode()
    peak = Insight.objects.get(user=chosen, insight_type="PeakEnergy")
    assert peak.insight_value["best_windows"][0]["label"] == "08:00–11:00"
    assert not Insight.objects.filter(user=other).exists()


def test_logs_and_insights_are_not_typed_in_by_hand(admin_client):
    assert admin_client.get(reverse("admin:insights_activitylog_add")).status_code == 403
    assert admin_client.get(reverse("admin:insights_insight_add")).status_code == 403


def test_a_log_cannot_be_rewritten_in_the_admin_and_stays_searchable(admin_client):
    person = UserFactory(email="fixed@example.com")
    logged = session(plan_for(person), start=at(dt.date(2026, 10, 5), 9))
    change = reverse("admin:insights_activitylog_change", args=[logged.pk])

    assert admin_client.get(change).status_code == 200  # read-only view
    refused = admin_client.post(change, {"was_completed": ""})
    assert refused.status_code == 403
    logged.refresh_from_db()
    assert logged.was_completed is True
    found = admin_client.get(reverse("admin:insights_activitylog_changelist"), {"q": "fixed@"})
    assert [log.pk for log in found.context["cl"].result_list] == [logged.pk]


def test_a_form_that_writes_a_second_log_for_a_session_shows_the_rule_not_a_crash(admin_client):
    # The admin's form base validates model constraints: a form that can write logs (one
    # day, or in another admin) names the one-log rule instead of raising IntegrityError.
    logged = session(plan_for(UserFactory()), start=at(dt.date(2026, 10, 5), 9))
    form_class = modelform_factory(ActivityLog, form=ActivityLogAdmin.form, exclude=())
    form = form_class(
        data={
            "user": logged.user_id,
            "task": logged.task_id,
            "actual_start_time": "2026-10-05 10:00",
            "actual_end_time": "2026-10-05 11:00",
            "duration_deviation": 0,
            "was_completed": "on",
            "logged_at": "2026-10-05 11:00",
        }
    )

    assert not form.is_valid()
    assert form.errors == {"__all__": [ONE_LOG_PER_TASK]}
    assert ActivityLog.objects.count() == 1


def test_an_operator_deleting_a_finished_log_reopens_its_session_like_the_person_would(admin_client):
    log = ActivityLogFactory(was_completed=True)
    PlanTask.objects.filter(pk=log.task_id).update(is_completed=True)
    url = reverse("admin:insights_activitylog_delete", args=[log.pk])
    response = admin_client.post(url, {"post": "yes"})
    assert response.status_code == 302
    assert not ActivityLog.objects.filter(pk=log.pk).exists()
    assert PlanTask.objects.get(pk=log.task_id).is_completed is False


def test_an_operators_bulk_delete_goes_through_the_same_rule(admin_client):
    logs = [ActivityLogFactory(was_completed=True) for _ in range(3)]
    PlanTask.objects.filter(pk__in=[log.task_id for log in logs]).update(is_completed=True)
    response = admin_client.post(
        reverse("admin:insights_activitylog_changelist"),
        {"action": "delete_selected", "_selected_action": [log.pk for log in logs], "post": "yes"},
    )
    assert response.status_code == 302
    assert not ActivityLog.objects.filter(pk__in=[log.pk for log in logs]).exists()
    assert not PlanTask.objects.filter(pk__in=[log.task_id for log in logs], is_completed=True).exists()
