from django.urls import path

from calendars import views

app_name = "calendars"

urlpatterns = [
    path("", views.index, name="index"),
    path("add/ics/", views.connect_ics, name="connect_ics"),
    path("add/caldav/", views.connect_caldav, name="connect_caldav"),
    path("<int:connection_id>/", views.detail, name="detail"),
    path("<int:connection_id>/password/", views.password, name="password"),
    path("<int:connection_id>/sync/", views.sync, name="sync"),
    path("<int:connection_id>/resume/", views.resume, name="resume"),
    path("<int:connection_id>/disconnect/", views.disconnect, name="disconnect"),
]
