from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from config import views
from planning.views.feed import calendar_feed

api_patterns = [
    path("", include("accounts.api_urls")),
    path("", include("planning.api.urls")),
    path("", include("insights.api_urls")),
    path("coaching/", include("coaching.api_urls")),
    path("", include("calendars.api_urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
]

urlpatterns = [
    # First: Django tries the patterns in order, and an API request (most of the traffic)
    # would otherwise walk every page pattern before reaching its own. No page path starts
    # with "api/", so the order changes no match.
    path("api/", include(api_patterns)),
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("", include("accounts.urls")),
    path("", include("planning.urls")),
    path("calendar/<str:secret>.ics", calendar_feed, name="calendar_feed"),
    path("insights/", include("insights.urls")),
    path("coach/", include("coaching.urls")),
    path("account/calendars/", include("calendars.urls")),
    path("admin/", admin.site.urls),
]

admin.site.site_header = "Monthwise administration"
admin.site.site_title = "Monthwise admin"

handler404 = "config.errors.not_found"
handler500 = "config.errors.server_error"
