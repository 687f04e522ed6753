from django.urls import path

from accounts import api

urlpatterns = [
    path("auth/register", api.RegisterView.as_view(), name="api-register"),
    path("auth/token", api.TokenView.as_view(), name="api-token"),
    path("auth/token/refresh", api.RefreshView.as_view(), name="api-token-refresh"),
    path("auth/logout", api.LogoutView.as_view(), name="api-logout"),
    path("auth/logout-all", api.LogoutAllView.as_view(), name="api-logout-all"),
    path("auth/password", api.PasswordChangeView.as_view(), name="api-password-change"),
    path("me", api.MeView.as_view(), name="api-me"),
    path("me/export", api.MeExportView.as_view(), name="api-me-export"),
]
