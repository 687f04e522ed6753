import json
from dataclasses import asdict

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.forms import DeleteAccountForm, LoginForm, SignupForm, TimezoneForm
from accounts.services import (
    user_calendar_secret_rotate,
    user_data_export,
    user_delete,
    user_logout_everywhere,
    user_register,
    user_timezone_set,
    user_tokens_revoke,
)
from config.redirects import safe_next


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = user_register(
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password"],
                timezone=form.cleaned_data["timezone"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, "Welcome to Monthwise! Start by telling us your goals for the month.")
            return redirect("home")
    return render(request, "accounts/signup.html", {"form": form})


# What the last zone change did to the future sessions, shown once on the account page
# after the redirect (a JSON-ready accounts.extensions.ZoneChangeReport).
ZONE_CHANGE_REPORT = "zone_change_report"


@login_required
def account(request: HttpRequest) -> HttpResponse:
    user = request.user
    timezone_form = TimezoneForm(user=user)
    delete_form = DeleteAccountForm(user=user)
    if request.method == "POST":
        timezone_form = TimezoneForm(request.POST, user=user)
        if timezone_form.is_valid():
            report = user_timezone_set(user=user, **timezone_form.cleaned_data)
            if report is not None:
                request.session[ZONE_CHANGE_REPORT] = asdict(report)
            messages.success(request, f"Time zone saved: {user.timezone}.")
            return redirect("accounts:account")
    feed_url = request.build_absolute_uri(reverse("calendar_feed", args=[user.calendar_secret]))
    context = {
        "timezone_form": timezone_form,
        "delete_form": delete_form,
        "calendar_feed_url": feed_url,
        "zone_change": request.session.pop(ZONE_CHANGE_REPORT, None) if request.method == "GET" else None,
    }
    return render(request, "accounts/account.html", context)


@login_required
@require_POST
def rotate_calendar_secret(request: HttpRequest) -> HttpResponse:
    user_calendar_secret_rotate(user=request.user)
    messages.success(request, "New calendar link made. The old link no longer works.")
    return redirect("accounts:account")


@login_required
def export(request: HttpRequest) -> HttpResponse:
    payload = json.dumps(user_data_export(user=request.user), cls=DjangoJSONEncoder, indent=2)
    response = HttpResponse(payload, content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="monthwise-export.json"'
    return response


@login_required
def delete_account(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user = request.user
        logout(request)
        user_delete(user=user)
        messages.success(request, "Your account and all its data are deleted.")
        return redirect("home")
    return render(request, "accounts/delete.html", {"form": form})


@login_required
@require_POST
def logout_everywhere(request: HttpRequest) -> HttpResponse:
    user_logout_everywhere(user=request.user)
    logout(request)
    messages.success(request, "You are logged out everywhere: every browser, phone and app. Log in again here.")
    return redirect("accounts:login")


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's page, ending every JWT issued before; this browser stays signed in."""

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        response = super().form_valid(form)
        user_tokens_revoke(user=form.user)
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Django's page, ending every JWT issued before the reset."""

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:
        response = super().form_valid(form)
        user_tokens_revoke(user=form.user)
        return response


class SameSiteNextMixin:
    """Django's `next` handling, judged by config.redirects: only paths on this site."""

    request: HttpRequest

    def get_redirect_url(self) -> str:
        return safe_next(self.request, "") or ""


class LoginView(SameSiteNextMixin, auth_views.LoginView):
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(SameSiteNextMixin, auth_views.LogoutView):
    pass
