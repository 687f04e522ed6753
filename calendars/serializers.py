"""The calendars API's shapes. Limits come from calendars.models; the rules behind them
(addresses, busy calendars, the sessions calendar) live in calendars.services.rules. A
password is only ever read: no serializer here has a field that shows it."""

from rest_framework import serializers

from calendars.models import (
    NAME_MAX_LENGTH,
    PASSWORD_MAX_LENGTH,
    URL_MAX_LENGTH,
    USERNAME_MAX_LENGTH,
    CalendarConnection,
    ConnectionKind,
)
from config.api.fields import PersonDateTimeField, PersonModelSerializer, StrictBooleanField, StrictCharField

# A person's account with more calendars than this is not a calendar account.
MAX_BUSY_CALENDARS = 100


class AvailableCalendarSerializer(serializers.Serializer):
    url = serializers.CharField()
    name = serializers.CharField()


class NoticeSerializer(serializers.Serializer):
    at = PersonDateTimeField()
    message = serializers.CharField()


class ConnectionSerializer(PersonModelSerializer):
    notices = NoticeSerializer(
        many=True,
        source="recent_notices",
        help_text="What happened to the sessions written to this calendar, newest first (the last 20): a move made "
        "there that was refused and undone, a conflict and which change won, a session marked skipped.",
    )
    available_calendars = AvailableCalendarSerializer(
        many=True, help_text="The account's calendars (CalDAV), found when it was connected or its password changed."
    )
    busy_calendars = serializers.ListField(
        child=serializers.CharField(), help_text="URLs of the calendars whose events count as busy."
    )

    class Meta:
        model = CalendarConnection
        fields = (
            "id",
            "kind",
            "name",
            "url",
            "username",
            "available_calendars",
            "busy_calendars",
            "write_sessions",
            "sessions_calendar",
            "sessions_calendar_url",
            "auto_sync",
            "last_synced_at",
            "last_error",
            "consecutive_failures",
            "is_paused",
            "events_imported",
            "sessions_written",
            "notices",
            "created_at",
        )
        read_only_fields = fields


def _password_field() -> StrictCharField:
    return StrictCharField(
        write_only=True,
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        max_length=PASSWORD_MAX_LENGTH,
        style={"input_type": "password"},
        help_text="Stored encrypted; never shown again.",
    )


def _busy_calendars_field() -> serializers.ListField:
    return serializers.ListField(
        child=StrictCharField(max_length=URL_MAX_LENGTH),
        required=False,
        max_length=MAX_BUSY_CALENDARS,
        help_text="CalDAV only: URLs from available_calendars whose events count as busy.",
    )


def _sessions_calendar_field() -> StrictCharField:
    return StrictCharField(
        required=False,
        allow_blank=True,
        max_length=NAME_MAX_LENGTH,
        help_text="CalDAV only: the calendar sessions are written to, made on the server when missing "
        "(default “Monthwise”).",
    )


class ConnectionCreateSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ConnectionKind.choices)
    name = StrictCharField(max_length=NAME_MAX_LENGTH)
    url = StrictCharField(
        max_length=URL_MAX_LENGTH,
        help_text="ics: the calendar's iCalendar link (webcal:// is read as https://). caldav: the account's "
        "CalDAV address, e.g. https://cloud.example.com/remote.php/dav/ (Nextcloud).",
    )
    username = StrictCharField(required=False, allow_blank=True, max_length=USERNAME_MAX_LENGTH)
    password = _password_field()
    busy_calendars = _busy_calendars_field()
    write_sessions = StrictBooleanField(required=False, help_text="CalDAV only: write plan sessions to the calendar.")
    sessions_calendar = _sessions_calendar_field()
    auto_sync = StrictBooleanField(required=False, help_text="Sync every 30 minutes (default true).")


class ConnectionUpdateSerializer(serializers.Serializer):
    name = StrictCharField(required=False, max_length=NAME_MAX_LENGTH)
    password = _password_field()
    busy_calendars = _busy_calendars_field()
    write_sessions = StrictBooleanField(required=False)
    sessions_calendar = _sessions_calendar_field()
    auto_sync = StrictBooleanField(required=False)
    is_paused = StrictBooleanField(
        required=False, help_text="false resumes a connection paused after failed syncs (and syncs it)."
    )


class DisconnectQuerySerializer(serializers.Serializer):
    keep_events = serializers.BooleanField(
        required=False,
        default=False,
        help_text="true keeps the sessions Monthwise wrote to the calendar there; by default they are deleted.",
    )


class DisconnectSerializer(serializers.Serializer):
    message = serializers.CharField()
    events_removed = serializers.IntegerField(help_text="Sessions deleted from the calendar.")
    events_left = serializers.IntegerField(
        help_text="Sessions Monthwise wrote that stay in the calendar: kept, or the server could not be reached."
    )


class BusySerializer(serializers.Serializer):
    start = serializers.DateTimeField()
    end = serializers.DateTimeField()
    summary = serializers.CharField()
    calendar = serializers.CharField(help_text="The name of the calendar the event came from.")
    all_day = serializers.BooleanField(help_text="Busy from local midnight to the next.")


def busy_rows_json(rows: list[dict], zone) -> list[dict]:  # type: ignore[no-untyped-def]
    """BusySerializer's JSON from `values(*BUSY_ROW_FIELDS)` rows, the zone resolved once
    (a thousand rows through DRF's fields cost more than their query)."""
    return [
        {
            "start": row["start"].astimezone(zone).isoformat(),
            "end": row["end"].astimezone(zone).isoformat(),
            "summary": row["summary"],
            "calendar": row["calendar_name"],
            "all_day": row["all_day"],
        }
        for row in rows
    ]
