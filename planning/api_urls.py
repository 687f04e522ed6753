from django.urls import path

from planning import api, api_tasks

urlpatterns = [
    path("preferences", api.PreferencesView.as_view(), name="api-preferences"),
    path("preferences/current", api.CurrentPreferencesView.as_view(), name="api-preferences-current"),
    path("quota", api.QuotaView.as_view(), name="api-quota"),
    path("plans/generate", api.GenerateView.as_view(), name="api-plans-generate"),
    path("plan-requests/<int:pk>", api.PlanRequestView.as_view(), name="api-plan-request"),
    path("plans", api.PlansView.as_view(), name="api-plans"),
    path("plans/<int:pk>", api.PlanDetailView.as_view(), name="api-plan"),
    path("plan-tasks", api_tasks.PlanTasksView.as_view(), name="api-plan-tasks"),
    path(
        "plan-tasks/reschedule-missed",
        api_tasks.RescheduleMissedView.as_view(),
        name="api-plan-tasks-reschedule-missed",
    ),
    path("plan-tasks/<int:pk>", api_tasks.PlanTaskView.as_view(), name="api-plan-task"),
]
