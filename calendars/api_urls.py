from django.urls import path

from calendars import api

# No trailing slashes, like the rest of the API.
urlpatterns = [
    path("calendars", api.ConnectionListView.as_view(), name="api-calendars"),
    path("calendars/<int:pk>", api.ConnectionDetailView.as_view(), name="api-calendar"),
    path("calendars/<int:pk>/sync", api.ConnectionSyncView.as_view(), name="api-calendar-sync"),
    path("busy", api.BusyView.as_view(), name="api-busy"),
]
