from typing import Any

from django.contrib.auth.password_validation import MinimumLengthValidator, get_default_password_validators
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.extensions import FUTURE_SESSIONS_UNKNOWN, FutureSessions, ZoneChangeReport, me_fields
from accounts.models import EMAIL_MAX_LENGTH, EMAIL_TOO_LONG, User
from config.api.fields import PersonModelSerializer

PASSWORD_MAX_LENGTH = 128


def _password_min_length() -> int:
    lengths = [v.min_length for v in get_default_password_validators() if isinstance(v, MinimumLengthValidator)]
    return max(lengths, default=1)


@extend_schema_field(
    {"type": "string", "minLength": _password_min_length(), "maxLength": PASSWORD_MAX_LENGTH, "pattern": r"\D"}
)
class NewPasswordField(serializers.Field):
    """A password being chosen: text up to PASSWORD_MAX_LENGTH. Django's validators
    (AUTH_PASSWORD_VALIDATORS) judge it in the service, with their own messages, a blank one
    included ("too short"); the schema states what of theirs it can: the minimum length, and
    not digits only. (Not a CharField: drf-spectacular would document any non-blank text.)"""

    default_error_messages = {
        "invalid": "Not a valid string.",
        "max_length": "Ensure this field has no more than {max_length} characters.",
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(write_only=True, **kwargs)

    def to_internal_value(self, data: object) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        if len(data) > PASSWORD_MAX_LENGTH:
            self.fail("max_length", max_length=PASSWORD_MAX_LENGTH)
        return data


class RegisterInputSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=EMAIL_MAX_LENGTH, error_messages={"max_length": EMAIL_TOO_LONG})
    password = NewPasswordField()
    # Not trimmed: "Europe/London\n" is refused by validate_timezone, not silently mended.
    timezone = serializers.CharField(required=False, default="UTC", max_length=64, trim_whitespace=False)


class UserPublicSerializer(serializers.ModelSerializer):
    class Meta:
        model = User
        fields = ("id", "email", "timezone")


# GET /api/me: the account's own fields, and those the apps built on accounts add
# (accounts.extensions). No docstring: drf-spectacular would publish it in the schema.
class MeSerializer(PersonModelSerializer):
    calendar_feed_url = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = (
            "id",
            "email",
            "timezone",
            "coaching_count",
            "coaching_reset_at",
            "calendar_feed_url",
            "created_at",
        )
        read_only_fields = fields

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        for extension in me_fields():
            if extension.after not in fields:
                raise ImproperlyConfigured(f"/api/me has no field {extension.after!r} to put {extension.name!r} after.")
            placed = {}
            for name, field in fields.items():
                placed[name] = field
                if name == extension.after:
                    placed[extension.name] = extension.field()
            fields = placed
        return fields

    def get_calendar_feed_url(self, user: User) -> str:
        request = self.context.get("request")
        path = reverse("calendar_feed", args=[user.calendar_secret])
        return request.build_absolute_uri(path) if request else path


class MeUpdateSerializer(serializers.Serializer):
    timezone = serializers.CharField(max_length=64, trim_whitespace=False)
    future_sessions = serializers.ChoiceField(
        choices=FutureSessions.choices,
        default=FutureSessions.KEEP_LOCAL_TIMES,
        help_text="When the zone changes: keep the future sessions at their local times (re-placing the few that "
        "then clash with a commitment or another session), or at their absolute times.",
        error_messages={"invalid_choice": FUTURE_SESSIONS_UNKNOWN.replace("%(value)s", "{input}")},
    )


class FutureSessionsResultSerializer(serializers.Serializer):
    moved = serializers.ListField(
        child=serializers.IntegerField(), help_text="Sessions now at the same local times in the new zone."
    )
    re_placed = serializers.ListField(
        child=serializers.IntegerField(), help_text="Sessions that clashed at their local times and were placed anew."
    )
    unplaced = serializers.ListField(
        child=serializers.IntegerField(),
        help_text="Sessions left where they were: no free time for a clashing one, or (keeping absolute times) "
        "one that now overlaps a commitment.",
    )

    def get_attribute(self, instance: User) -> ZoneChangeReport:
        # The report is the parent's, not the user's; without one the answer has no such key.
        report = getattr(self.parent, "report", None)
        if report is None:
            raise serializers.SkipField
        return report

    def to_representation(self, report: ZoneChangeReport) -> dict[str, list[int]]:
        return {
            "moved": [note.id for note in report.moved],
            "re_placed": [note.id for note in report.re_placed],
            "unplaced": [note.id for note in report.unplaced],
        }


# PATCH /api/me: the account and, when the zone changed, what that did to the future sessions.
class MeUpdatedSerializer(MeSerializer):
    future_sessions_result = FutureSessionsResultSerializer(
        required=False, help_text="Only when the zone changed: the ids of the future sessions, by what happened."
    )

    class Meta(MeSerializer.Meta):
        fields = (*MeSerializer.Meta.fields, "future_sessions_result")

    def __init__(self, *args: Any, report: ZoneChangeReport | None = None, **kwargs: Any) -> None:
        self.report = report
        super().__init__(*args, **kwargs)


class MeDeleteSerializer(serializers.Serializer):
    password = serializers.CharField(max_length=128, trim_whitespace=False)


class LogoutSerializer(serializers.Serializer):
    refresh = serializers.CharField()


class PasswordChangeSerializer(serializers.Serializer):
    current_password = serializers.CharField(write_only=True, max_length=PASSWORD_MAX_LENGTH, trim_whitespace=False)
    new_password = NewPasswordField()


class TokenPairSerializer(serializers.Serializer):
    access = serializers.CharField()
    refresh = serializers.CharField()
