from django.urls import path

from planning import views

urlpatterns = [
    path("calendar/<str:secret>.ics", views.calendar_feed, name="calendar_feed"),
]
