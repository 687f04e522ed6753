from django.urls import path

from coaching import api

# No trailing slashes, like the rest of the API.
urlpatterns = [
    path("tasks", api.TaskListView.as_view(), name="api-coaching-tasks"),
    path("tasks/<uuid:id>", api.TaskDetailView.as_view(), name="api-coaching-task"),
    path("tasks/<uuid:id>/advice", api.AdviceView.as_view(), name="api-coaching-advice"),
    path("goals", api.GoalListView.as_view(), name="api-coaching-goals"),
    path("goals/<uuid:id>", api.GoalDetailView.as_view(), name="api-coaching-goal"),
    path("interactions", api.InteractionListView.as_view(), name="api-coaching-interactions"),
]
