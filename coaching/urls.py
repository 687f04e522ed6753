from django.urls import path

from coaching import views

app_name = "coaching"

urlpatterns = [
    path("", views.index, name="index"),
    path("tasks/add/", views.task_add, name="task_add"),
    path("tasks/<uuid:task_id>/edit/", views.task_edit, name="task_edit"),
    path("tasks/<uuid:task_id>/complete/", views.task_complete, name="task_complete"),
    path("tasks/<uuid:task_id>/delete/", views.task_delete, name="task_delete"),
    path("tasks/<uuid:task_id>/advice/", views.task_advice, name="task_advice"),
    path("goals/add/", views.goal_add, name="goal_add"),
    path("goals/<uuid:goal_id>/edit/", views.goal_edit, name="goal_edit"),
    path("goals/<uuid:goal_id>/delete/", views.goal_delete, name="goal_delete"),
]
