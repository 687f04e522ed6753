"""A person's own calendars: read-only iCalendar subscriptions and CalDAV accounts, the busy
time imported from them, and the sessions Monthwise writes to them."""

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Case, F, Q, When
from django.utils import timezone

# Limits shared by the form, the serializer and the services.
NAME_MAX_LENGTH = 100
URL_MAX_LENGTH = 2000
MAX_CONNECTIONS = 10
# A connection that fails this many syncs in a row is paused until the person resumes it.
FAILURES_BEFORE_PAUSE = 3
USERNAME_MAX_LENGTH = 200
PASSWORD_MAX_LENGTH = 500
# The beat schedule syncs connections that asked for it this often; one synced less than
# AUTO_SYNC_SLACK before that is not due yet (beat runs drift by seconds).
AUTO_SYNC_EVERY = dt.timedelta(minutes=30)
AUTO_SYNC_SLACK = dt.timedelta(minutes=5)
# Longer than a sync's hard time limit (calendars.tasks): a claim this old lost its worker.
SYNC_CLAIM_EXPIRES = dt.timedelta(minutes=5)
# What a connection keeps of what happened to the sessions written there (newest first).
MAX_NOTICES = 20


class ConnectionKind(models.TextChoices):
    ICS = "ics", "iCalendar subscription (read-only)"
    CALDAV = "caldav", "CalDAV account"


class CalendarConnectionQuerySet(models.QuerySet):
    """A connection's sync state changes as conditional UPDATEs, so a beat run, the
    person's "Sync now" and a redelivered task never interleave their writes."""

    def claim_sync(self, connection_id: int, *, now: dt.datetime) -> bool:
        """Marks the connection as being synced, unless another sync holds it: two syncs of
        one connection never run at once (they would race on the busy rows and the sync
        tokens). A claim older than SYNC_CLAIM_EXPIRES belonged to a worker that died."""
        free = Q(sync_started_at__isnull=True) | Q(sync_started_at__lt=now - SYNC_CLAIM_EXPIRES)
        return bool(self.filter(free, pk=connection_id).update(sync_started_at=now))

    def release_sync(self, connection_id: int, *, claimed_at: dt.datetime) -> None:
        self.filter(pk=connection_id, sync_started_at=claimed_at).update(sync_started_at=None)

    def record_sync_failure(self, connection_id: int, *, error: str, now: dt.datetime) -> None:
        """One more failure in a row; the FAILURES_BEFORE_PAUSE-th pauses the connection.
        The condition reads the count before this update, in the same statement."""
        self.filter(pk=connection_id).update(
            last_error=error,
            consecutive_failures=F("consecutive_failures") + 1,
            is_paused=Case(
                When(consecutive_failures__gte=FAILURES_BEFORE_PAUSE - 1, then=True), default=F("is_paused")
            ),
            updated_at=now,
        )

    def due_for_sync(self, *, now: dt.datetime) -> "CalendarConnectionQuerySet":
        """Connections the beat schedule syncs now: asked for it, not paused, and not synced
        in the last half hour (failing ones keep their old time, so they are tried again)."""
        recent = now - AUTO_SYNC_EVERY + AUTO_SYNC_SLACK
        never_or_long_ago = Q(last_synced_at__isnull=True) | Q(last_synced_at__lt=recent)
        return self.filter(never_or_long_ago, auto_sync=True, is_paused=False)


class CalendarConnection(models.Model):
    id = models.BigAutoField(primary_key=True)
    user = models.ForeignKey(  # calendar_conn_user_idx starts with it
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_connections", db_index=False
    )
    kind = models.CharField(max_length=6, choices=ConnectionKind.choices)
    name = models.CharField(max_length=NAME_MAX_LENGTH)
    url = models.CharField(max_length=URL_MAX_LENGTH)
    username = models.CharField(max_length=USERNAME_MAX_LENGTH, blank=True, default="")
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
    sessions_sync_tokens = models.JSONField(
        default=dict, blank=True, editable=False, help_text="The sessions calendar's sync-token, by its URL."
    )
    notices = models.JSONField(
        default=list,
        blank=True,
        editable=False,
        help_text="What the sessions sync told the person, newest first: [{at, message}] (calendars.services.notices).",
    )
    auto_sync = models.BooleanField(default=True, help_text="Synced every 30 minutes by the beat schedule.")
    last_synced_at = models.DateTimeField(null=True, blank=True)
    # Set while a worker syncs the connection (CalendarConnection.objects.claim_sync).
    sync_started_at = models.DateTimeField(null=True, blank=True, editable=False)
    # The window and zone the busy rows were expanded for: a sync that finds no change on
    # the server keeps the rows only while this still matches.
    imported_for = models.CharField(max_length=100, blank=True, default="", editable=False)
    last_error = models.TextField(blank=True, default="")
    consecutive_failures = models.PositiveSmallIntegerField(default=0)
    is_paused = models.BooleanField(default=False)
    events_imported = models.PositiveIntegerField(default=0)
    sessions_written = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = CalendarConnectionQuerySet.as_manager()

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

    @property
    def recent_notices(self) -> list["Notice"]:
        """The notices column, read once into typed values (a malformed entry is a bug: it raises)."""
        return [Notice(at=dt.datetime.fromisoformat(item["at"]), message=item["message"]) for item in self.notices]


@dataclass(frozen=True)
class Notice:
    """Something the sessions sync did that the person should know: a move in their calendar
    refused and undone, a conflict and which change won, a session marked skipped."""

    at: dt.datetime
    message: str

    def as_json(self) -> dict[str, str]:
        return {"at": self.at.isoformat(), "message": self.message}


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


class RemoteEvent(models.Model):
    """An event as it is stored in one of a CalDAV account's busy calendars: its raw
    iCalendar and the server's ETag. Kept so a sync asks the server only for what changed
    (sync-token, ETags) and can still expand every recurrence afresh when the imported
    window moves on or the person's zone changes."""

    id = models.BigAutoField(primary_key=True)
    connection = models.ForeignKey(  # remote_event_href_unique starts with it
        CalendarConnection, on_delete=models.CASCADE, related_name="remote_events", db_index=False
    )
    calendar_url = models.CharField(max_length=URL_MAX_LENGTH)
    href = models.CharField(max_length=URL_MAX_LENGTH)
    etag = models.CharField(max_length=255, blank=True, default="")
    data = models.TextField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["connection", "href"], name="remote_event_href_unique")]

    def __str__(self) -> str:
        return self.href


class SessionEvent(models.Model):
    """A plan session written to a CalDAV calendar: where it lives there, and what we last
    wrote or saw, so a sync sends only changes and notices the person's own edits."""

    id = models.BigAutoField(primary_key=True)
    connection = models.ForeignKey(  # session_event_uid_unique starts with it
        CalendarConnection, on_delete=models.CASCADE, related_name="session_events", db_index=False
    )
    # One event a session in each connection's calendar (a person may write to two accounts);
    # SET_NULL: a deleted session's event is deleted from the calendar by the next sync.
    task = models.ForeignKey(
        "planning.PlanTask", on_delete=models.SET_NULL, null=True, blank=True, related_name="calendar_events"
    )
    uid = models.CharField(max_length=255)
    href = models.CharField(max_length=URL_MAX_LENGTH)
    etag = models.CharField(max_length=255, blank=True, default="")
    sequence = models.PositiveIntegerField(default=0, help_text="The task's SEQUENCE we last wrote.")
    written_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["connection", "uid"], name="session_event_uid_unique"),
            models.UniqueConstraint(fields=["connection", "task"], name="session_event_task_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.uid} in {self.connection_id}"
