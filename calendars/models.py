"""A person's own calendars: read-only iCalendar subscriptions and CalDAV accounts, the busy
time imported from them, and the sessions Monthwise writes to them."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

# Limits shared by the form, the serializer and the services.
NAME_MAX_LENGTH = 100
URL_MAX_LENGTH = 2000
MAX_CONNECTIONS = 10
# A connection that fails this many syncs in a row is paused until the person resumes it.
FAILURES_BEFORE_PAUSE = 3


class ConnectionKind(models.TextChoices):
    ICS = "ics", "iCalendar subscription (read-only)"
    CALDAV = "caldav", "CalDAV account"


class CalendarConnection(models.Model):
    id = models.BigAutoField(primary_key=True)
    user = models.ForeignKey(  # calendar_conn_user_idx starts with it
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_connections", db_index=False
    )
    kind = models.CharField(max_length=6, choices=ConnectionKind.choices)
    name = models.CharField(max_length=NAME_MAX_LENGTH)
    url = models.CharField(max_length=URL_MAX_LENGTH)
    username = models.CharField(max_length=200, blank=True, default="")
    # Encrypted with calendars.credentials (never shown, exported or logged).
    password_encrypted = models.TextField(blank=True, default="")
    available_calendars = models.JSONField(
        default=list, blank=True, help_text="The account's calendars, [{url, name}], found when it was connected."
    )
    busy_calendars = models.JSONField(default=list, blank=True, help_text="URLs of the calendars that count as busy.")
    write_sessions = models.BooleanField(default=False)
    sessions_calendar = models.CharField(max_length=NAME_MAX_LENGTH, blank=True, default="")
    sessions_calendar_url = models.CharField(max_length=URL_MAX_LENGTH, blank=True, default="")
    sync_tokens = models.JSONField(default=dict, blank=True, help_text="The server's sync-token per calendar URL.")
    auto_sync = models.BooleanField(default=True, help_text="Synced every 30 minutes by the beat schedule.")
    last_synced_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True, default="")
    consecutive_failures = models.PositiveSmallIntegerField(default=0)
    is_paused = models.BooleanField(default=False)
    events_imported = models.PositiveIntegerField(default=0)
    sessions_written = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["user", "created_at"], name="calendar_conn_user_idx"),
            models.Index(fields=["auto_sync", "is_paused", "last_synced_at"], name="calendar_conn_due_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ConnectionKind.values), name="calendar_conn_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"


class BusyEvent(models.Model):
    """One busy interval imported from a person's calendar (a recurring event gives one row
    per occurrence in the imported window)."""

    id = models.BigAutoField(primary_key=True)
    connection = models.ForeignKey(CalendarConnection, on_delete=models.CASCADE, related_name="busy_events")
    user = models.ForeignKey(  # busy_user_start_idx starts with it
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="busy_events", db_index=False
    )
    calendar_url = models.CharField(max_length=URL_MAX_LENGTH, blank=True, default="")
    calendar_name = models.CharField(max_length=200, blank=True, default="")
    uid = models.CharField(max_length=500)
    recurrence_id = models.CharField(max_length=64, blank=True, default="")
    start = models.DateTimeField()
    end = models.DateTimeField()
    summary = models.CharField(max_length=300, blank=True, default="")
    all_day = models.BooleanField(default=False)

    class Meta:
        ordering = ["start", "id"]
        indexes = [models.Index(fields=["user", "start"], name="busy_user_start_idx")]
        constraints = [models.CheckConstraint(condition=Q(end__gt=F("start")), name="busy_end_after_start")]

    def __str__(self) -> str:
        return f"{self.summary or 'Busy'} ({self.start:%Y-%m-%d %H:%M})"


class SessionEvent(models.Model):
    """A plan session written to a CalDAV calendar: where it lives there, and what we last
    wrote or saw, so a sync sends only changes and notices the person's own edits."""

    id = models.BigAutoField(primary_key=True)
    connection = models.ForeignKey(  # session_event_uid_unique starts with it
        CalendarConnection, on_delete=models.CASCADE, related_name="session_events", db_index=False
    )
    task = models.OneToOneField(
        "planning.PlanTask", on_delete=models.SET_NULL, null=True, blank=True, related_name="calendar_event"
    )
    uid = models.CharField(max_length=255)
    href = models.CharField(max_length=URL_MAX_LENGTH)
    etag = models.CharField(max_length=255, blank=True, default="")
    sequence = models.PositiveIntegerField(default=0, help_text="The task's SEQUENCE we last wrote.")
    written_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["connection", "uid"], name="session_event_uid_unique")]

    def __str__(self) -> str:
        return f"{self.uid} in {self.connection_id}"
