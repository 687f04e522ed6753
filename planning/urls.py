from django.urls import path

from planning.views import calendar, generate, goals, habits, plan_tasks, plans, today

app_name = "planning"

urlpatterns = [
    path("plan/goals/", goals.goals, name="goals"),
    path("plan/generate/", generate.generate, name="generate"),
    path("plan/habits/", habits.habits, name="habits"),
    path("plan/habits/<int:pk>/", habits.habit_edit, name="habit"),
    path("plan/habits/<int:pk>/pause/", habits.habit_pause, name="habit_pause"),
    path("plan/habits/<int:pk>/delete/", habits.habit_remove, name="habit_delete"),
    path("plan/habits/<int:pk>/window/", habits.habit_window, name="habit_window"),
    path("plan/requests/<int:pk>/", generate.request_progress, name="request"),
    path("plan/requests/<int:pk>/status.json", generate.request_status, name="request_status"),
    path("plan/", plans.plans, name="plans"),
    path("plan/<int:pk>/", plans.plan_detail, name="plan"),
    path("plan/<int:pk>/accept/", plans.plan_decide, {"decision": "accept"}, name="plan_accept"),
    path("plan/<int:pk>/discard/", plans.plan_decide, {"decision": "discard"}, name="plan_discard"),
    path("calendar/", calendar.month_view, name="calendar"),
    path("calendar/week/", calendar.week_view, name="week"),
    path("calendar/tasks/<int:pk>/", plan_tasks.task_detail, name="task"),
    path("calendar/tasks/<int:pk>/complete/", plan_tasks.task_complete, name="task_complete"),
    path("calendar/tasks/<int:pk>/move/", plan_tasks.task_move, name="task_move"),
    path("calendar/tasks/<int:pk>/pin/", plan_tasks.task_pin, name="task_pin"),
    path("calendar/tasks/<int:pk>/start/", today.task_start, name="task_start"),
    path("calendar/tasks/<int:pk>/stop/", today.task_stop, name="task_stop"),
    path("calendar/reschedule-missed/", plan_tasks.reschedule_missed, name="reschedule_missed"),
]
