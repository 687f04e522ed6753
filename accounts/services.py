"""Writes for people's accounts: sign-up, time zone, password, calendar secret, deletion, export."""

import datetime
from typing import Any

from axes.models import AccessAttempt, AccessFailureLog
from django.apps import apps
from django.contrib.auth import password_validation
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone as django_timezone
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

from accounts.extensions import (
    FUTURE_SESSIONS_UNKNOWN,
    FutureSessions,
    ZoneChangeReport,
    data_export_sections,
    user_deletion_cleanups,
    zone_change_hooks,
)
from accounts.models import LoginSession, User, new_calendar_secret, validate_timezone

# Apps whose rows belong to a person; their models with a `user` field are exported.
PERSONAL_DATA_APPS = ("accounts", "planning", "insights", "coaching")


def user_register(*, email: str, password: str, timezone: str = "UTC") -> User:
    email = User.objects.normalize_email(email.strip()).lower()
    errors: dict[str, list[str]] = {}
    if User.objects.filter(email__iexact=email).exists():
        errors["email"] = ["An account with this e-mail already exists. Log in, or reset your password."]
    try:
        validate_timezone(timezone)
    except ValidationError as exc:
        errors["timezone"] = list(exc.messages)
    try:
        password_validation.validate_password(password, User(email=email))
    except ValidationError as exc:
        errors["password"] = list(exc.messages)
    if errors:
        raise ValidationError(errors)
    return User.objects.create_user(email=email, password=password, timezone=timezone)


def user_timezone_set(
    *,
    user: User,
    timezone: str,
    future_sessions: str = FutureSessions.KEEP_LOCAL_TIMES,
    now: datetime.datetime | None = None,
) -> ZoneChangeReport | None:
    """Saves the person's zone; when it really changes, the apps built on accounts carry the
    rows kept on the person's clock along (accounts.extensions: planning moves the future
    sessions as `future_sessions` says) and say what they did. None when the zone stays.

    One transaction under the person's row lock, the lock every move of a session takes: the
    old zone is read under it, so two changes at once each move the sessions once, and a
    failure in any hook leaves the old zone and every row as they were."""
    try:
        validate_timezone(timezone)
    except ValidationError as exc:
        raise ValidationError({"timezone": exc.messages}) from exc
    if future_sessions not in FutureSessions.values:
        raise ValidationError({"future_sessions": [FUTURE_SESSIONS_UNKNOWN % {"value": future_sessions}]})
    now = now or django_timezone.now()
    with transaction.atomic():
        old_timezone = User.objects.select_for_update().values_list("timezone", flat=True).get(pk=user.pk)
        if old_timezone == timezone:
            user.timezone = timezone
            return None
        User.objects.filter(pk=user.pk).update(timezone=timezone, updated_at=now)
        kept_timezone, user.timezone = user.timezone, timezone
        try:
            change = {"old_timezone": old_timezone, "new_timezone": timezone, "future_sessions": future_sessions}
            reports = [hook(user=user, now=now, **change) for hook in zone_change_hooks()]
        except BaseException:
            # The transaction is undone; so is the object the caller goes on rendering.
            user.timezone = kept_timezone
            raise
    user.updated_at = now
    return ZoneChangeReport.merged(reports)


def user_calendar_secret_rotate(*, user: User) -> str:
    user.calendar_secret = new_calendar_secret()
    user.save(update_fields=["calendar_secret", "updated_at"])
    return user.calendar_secret


def login_session_record(*, user: User, session_key: str | None) -> None:
    if session_key:
        LoginSession.objects.get_or_create(user=user, session_key=session_key)


@transaction.atomic
def user_tokens_revoke(*, user: User) -> None:
    """Ends every JWT issued to the person so far: after a password change or reset, and
    on "log out everywhere".

    Refresh tokens are blacklisted; access tokens are never stored, so the account's token
    generation moves on and authentication refuses tokens of an older one (accounts.tokens).
    The increment is one UPDATE so two revocations at once both count.
    """
    User.objects.filter(pk=user.pk).update(token_generation=F("token_generation") + 1)
    user.refresh_from_db(fields=["token_generation"])
    unexpired = OutstandingToken.objects.filter(
        user=user, expires_at__gt=django_timezone.now(), blacklistedtoken__isnull=True
    )
    BlacklistedToken.objects.bulk_create([BlacklistedToken(token=token) for token in unexpired], ignore_conflicts=True)


@transaction.atomic
def user_password_change(*, user: User, current_password: str, new_password: str) -> None:
    """Changes the password by the page's rules (Django's PasswordChangeForm: the current
    password, then AUTH_PASSWORD_VALIDATORS, with their messages) and ends every JWT issued
    before, as the page's change does. Raises ValidationError naming the fields."""
    errors: dict[str, list[str]] = {}
    if not user.check_password(current_password):
        errors["current_password"] = [str(PasswordChangeForm.error_messages["password_incorrect"])]
    try:
        password_validation.validate_password(new_password, user)
    except ValidationError as exc:
        errors["new_password"] = list(exc.messages)
    if errors:
        raise ValidationError(errors)
    user.set_password(new_password)
    user.save(update_fields=["password"])
    user_tokens_revoke(user=user)


@transaction.atomic
def user_logout_everywhere(*, user: User) -> None:
    """Ends every sign-in of the person: the JWTs and the page sessions in every browser."""
    user_tokens_revoke(user=user)
    session_keys = list(user.login_sessions.values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=session_keys).delete()
    user.login_sessions.all().delete()


@transaction.atomic
def user_delete(*, user: User) -> None:
    """Removes the person and every row that is theirs.

    Most rows go by ON DELETE CASCADE; these do not point at the user with a cascading key
    and are removed by hand: issued JWTs (simplejwt keeps them with user set to NULL),
    sessions, the lockout records keyed by e-mail, and what the apps built on accounts
    registered (accounts.extensions): coaching drops the shared cache entries made from
    the person's context (they carry no user key, by design, so they can be shared).
    """
    # Before the user row goes: a cleanup finds its rows through the ones that cascade.
    for cleanup in user_deletion_cleanups():
        cleanup(user=user)
    session_keys = list(user.login_sessions.values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=session_keys).delete()
    OutstandingToken.objects.filter(user=user).delete()  # blacklist rows cascade from these
    AccessAttempt.objects.filter(username__iexact=user.email).delete()
    AccessFailureLog.objects.filter(username__iexact=user.email).delete()
    user.delete()


def user_data_export(*, user: User) -> dict[str, Any]:
    """Everything stored about the person, as plain JSON-ready data."""
    export: dict[str, Any] = {
        "account": {
            "id": str(user.id),
            "email": user.email,
            "timezone": user.timezone,
            "coaching_count": user.coaching_count,
            "coaching_reset_at": user.coaching_reset_at,
            "persona_signals": user.persona_signals,
            "created_at": user.created_at,
        }
    }
    for app_label in PERSONAL_DATA_APPS:
        for model in apps.get_app_config(app_label).get_models():
            field_names = {f.name for f in model._meta.get_fields()}
            if "user" not in field_names or model is LoginSession:
                continue
            key = f"{app_label}.{model.__name__}"
            export[key] = list(model.objects.filter(user=user).order_by("pk").values())
            for row in export[key]:
                row.pop("user_id", None)
    for section in data_export_sections():
        export.update(section(user=user))
    return export
