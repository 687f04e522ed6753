from django.urls import path

from insights import views

app_name = "insights"

urlpatterns = [
    path("", views.index, name="index"),
    path("log/<int:task_id>/", views.log_time, name="log_time"),
    path("logs/<int:log_id>/", views.log_edit, name="log_edit"),
    path("logs/<int:log_id>/delete/", views.log_delete, name="log_delete"),
]
