from django.urls import path

from planning.api import plan_tasks, plans, preferences

urlpatterns = [
    path("preferences", preferences.PreferencesView.as_view(), name="api-preferences"),
    path("preferences/current", preferences.CurrentPreferencesView.as_view(), name="api-preferences-current"),
    path("quota", plans.QuotaView.as_view(), name="api-quota"),
    path("plans/generate", plans.GenerateView.as_view(), name="api-plans-generate"),
    path("plan-requests/<int:pk>", plans.PlanRequestView.as_view(), name="api-plan-request"),
    path("plans", plans.PlansView.as_view(), name="api-plans"),
    path("plans/<int:pk>", plans.PlanDetailView.as_view(), name="api-plan"),
    path("plan-tasks", plan_tasks.PlanTasksView.as_view(), name="api-plan-tasks"),
    path(
        "plan-tasks/reschedule-missed",
        plan_tasks.RescheduleMissedView.as_view(),
        name="api-plan-tasks-reschedule-missed",
    ),
    path("plan-tasks/<int:pk>", plan_tasks.PlanTaskView.as_view(), name="api-plan-task"),
]
