from django.urls import path

from planning.api import habits, plan_tasks, plans, preferences, today

urlpatterns = [
    path("preferences", preferences.PreferencesView.as_view(), name="api-preferences"),
    path("preferences/current", preferences.CurrentPreferencesView.as_view(), name="api-preferences-current"),
    path("quota", plans.QuotaView.as_view(), name="api-quota"),
    path("plans/generate", plans.GenerateView.as_view(), name="api-plans-generate"),
    path("plan-requests/<int:pk>", plans.PlanRequestView.as_view(), name="api-plan-request"),
    path("plans", plans.PlansView.as_view(), name="api-plans"),
    path("plans/<int:pk>", plans.PlanDetailView.as_view(), name="api-plan"),
    path("plans/<int:pk>/accept", plans.PlanAcceptView.as_view(), name="api-plan-accept"),
    path("plans/<int:pk>/discard", plans.PlanDiscardView.as_view(), name="api-plan-discard"),
    path("plan-tasks", plan_tasks.PlanTasksView.as_view(), name="api-plan-tasks"),
    path(
        "plan-tasks/reschedule-missed",
        plan_tasks.RescheduleMissedView.as_view(),
        name="api-plan-tasks-reschedule-missed",
    ),
    path("plan-tasks/<int:pk>", plan_tasks.PlanTaskView.as_view(), name="api-plan-task"),
    path("plan-tasks/<int:pk>/start", today.PlanTaskStartView.as_view(), name="api-plan-task-start"),
    path("plan-tasks/<int:pk>/stop", today.PlanTaskStopView.as_view(), name="api-plan-task-stop"),
    path("today", today.TodayView.as_view(), name="api-today"),
    path("habits", habits.HabitsView.as_view(), name="api-habits"),
    path("habits/<int:pk>", habits.HabitView.as_view(), name="api-habit"),
]
