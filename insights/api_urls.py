from django.urls import path

from insights import api

urlpatterns = [
    path("activity", api.ActivityView.as_view(), name="api-activity"),
    path("activity/<int:pk>", api.ActivityLogView.as_view(), name="api-activity-log"),
    path("insights", api.InsightsView.as_view(), name="api-insights"),
]
