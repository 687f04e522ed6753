from django.urls import path

from planning.views import calendar, generate, goals, tasks

app_name = "planning"

urlpatterns = [
    path("plan/goals/", goals.goals, name="goals"),
    path("plan/generate/", generate.generate, name="generate"),
    path("plan/requests/<int:pk>/", generate.request_progress, name="request"),
    path("plan/requests/<int:pk>/status.json", generate.request_status, name="request_status"),
    path("plan/", generate.plans, name="plans"),
    path("plan/<int:pk>/", generate.plan_detail, name="plan"),
    path("calendar/", calendar.month_view, name="calendar"),
    path("calendar/week/", calendar.week_view, name="week"),
    path("calendar/tasks/<int:pk>/", tasks.task_detail, name="task"),
    path("calendar/tasks/<int:pk>/complete/", tasks.task_complete, name="task_complete"),
    path("calendar/tasks/<int:pk>/move/", tasks.task_move, name="task_move"),
    path("calendar/reschedule-missed/", generate.reschedule_missed, name="reschedule_missed"),
]
