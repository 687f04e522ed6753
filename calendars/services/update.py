"""Changing a connection: its name, busy calendars, sessions calendar, auto sync, a new
password (checked with the server before it replaces the old one), pausing or resuming.

The server is asked first (a new password, a sessions calendar to find or make); the row is
then changed in one transaction under its lock. Anything refused changes nothing here."""

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from calendars.caldav_account import account_calendars
from calendars.credentials import credentials_encrypt
from calendars.fetch import fetch_calendar
from calendars.models import BusyEvent, CalendarConnection, ConnectionKind, RemoteEvent
from calendars.services.rules import (
    ICS_HAS_NO_CALENDARS,
    ICS_IS_READ_ONLY,
    INTERACTIVE_TIMEOUT,
    ConnectionRefused,
    account_client,
    busy_calendars_check,
    connection_name,
    sessions_calendar_ensure,
    sessions_calendar_name,
)
from calendars.services.sync_request import calendar_sync_after_commit
from config.refusal import Refusal


@dataclass
class _Remote:
    """What the server said, for the transaction to apply."""

    password_encrypted: str | None = None
    available_calendars: list[dict[str, str]] | None = None
    sessions_calendar: str | None = None
    sessions_calendar_url: str | None = None


def calendar_connection_update(
    *,
    connection: CalendarConnection,
    name: str | None = None,
    busy_calendars: list[str] | None = None,
    write_sessions: bool | None = None,
    sessions_calendar: str | None = None,
    auto_sync: bool | None = None,
    password: str | None = None,
    is_paused: bool | None = None,
    now: dt.datetime | None = None,
) -> CalendarConnection:
    """None leaves a setting as it is. A new password that the server accepts also resumes
    a paused connection (a refused password is what pauses most)."""
    now = now or timezone.now()
    if name is not None:
        name = connection_name(name)
    if sessions_calendar is not None:
        sessions_calendar = sessions_calendar_name(sessions_calendar)
    if connection.kind == ConnectionKind.ICS:
        if busy_calendars:
            raise ConnectionRefused(ICS_HAS_NO_CALENDARS, field="busy_calendars")
        if write_sessions:
            raise ConnectionRefused(ICS_IS_READ_ONLY, field="write_sessions")
    remote = _ask_server(
        connection, password=password, write_sessions=write_sessions, sessions_calendar=sessions_calendar
    )
    available = remote.available_calendars if remote.available_calendars is not None else connection.available_calendars
    if busy_calendars is not None:
        busy_calendars = busy_calendars_check(busy_calendars, available)
    with transaction.atomic():
        locked = CalendarConnection.objects.select_for_update().get(pk=connection.pk)
        changes = {
            "name": name,
            "write_sessions": write_sessions,
            "sessions_calendar": remote.sessions_calendar or sessions_calendar,
            "auto_sync": auto_sync,
            "password_encrypted": remote.password_encrypted,
            "available_calendars": remote.available_calendars,
            "sessions_calendar_url": remote.sessions_calendar_url,
        }
        for field, value in changes.items():
            if value is not None:
                setattr(locked, field, value)
        added = _busy_calendars_set(locked, busy_calendars) if busy_calendars is not None else False
        resumed = (is_paused is False or remote.password_encrypted is not None) and locked.is_paused
        if resumed:
            locked.is_paused, locked.consecutive_failures = False, 0
        elif is_paused:
            locked.is_paused = True
        locked.updated_at = now
        locked.save()
        # A calendar found or made for the sessions: the next sync writes them there.
        sessions_there = remote.sessions_calendar_url is not None and locked.write_sessions
        if (added or resumed or sessions_there) and not locked.is_paused:
            calendar_sync_after_commit(locked.pk)
    return locked


def _busy_calendars_set(connection: CalendarConnection, chosen: list[str]) -> bool:
    """The calendars no longer busy lose their rows and our copy at once; whether one was
    added (a sync then reads it, once this commits)."""
    dropped = set(connection.busy_calendars) - set(chosen)
    added = set(chosen) - set(connection.busy_calendars)
    if dropped:
        RemoteEvent.objects.filter(connection=connection, calendar_url__in=dropped).delete()
        BusyEvent.objects.filter(connection=connection, calendar_url__in=dropped).delete()
        connection.sync_tokens = {url: token for url, token in connection.sync_tokens.items() if url not in dropped}
        connection.events_imported = BusyEvent.objects.filter(connection=connection).count()
    connection.busy_calendars = chosen
    return bool(added)


def _ask_server(
    connection: CalendarConnection, *, password: str | None, write_sessions: bool | None, sessions_calendar: str | None
) -> _Remote:
    remote = _Remote()
    if password is not None:
        _password_check(connection, password=password, remote=remote)
    writes = connection.write_sessions if write_sessions is None else write_sessions
    name = sessions_calendar if sessions_calendar is not None else connection.sessions_calendar
    name = name or sessions_calendar_name("")
    wants_calendar = writes and (
        (write_sessions and not connection.write_sessions)  # turned on now
        or name != connection.sessions_calendar
        or not connection.sessions_calendar_url
    )
    if connection.kind == ConnectionKind.CALDAV and wants_calendar:
        client = account_client(connection, password=password)
        try:
            made, remote.available_calendars = sessions_calendar_ensure(client, name=name)
        finally:
            client.close()
        remote.sessions_calendar, remote.sessions_calendar_url = made.name, made.url
    return remote


def _password_check(connection: CalendarConnection, *, password: str, remote: _Remote) -> None:
    """The new password must open the calendar before it replaces the old one."""
    remote.password_encrypted = credentials_encrypt(password)
    try:
        if connection.kind == ConnectionKind.ICS:
            fetch_calendar(
                connection.url, username=connection.username, password=password, timeout=INTERACTIVE_TIMEOUT
            )
            return
        client = account_client(connection, password=password)
        try:
            remote.available_calendars = [calendar.as_json() for calendar in account_calendars(client)]
        finally:
            client.close()
    except Refusal as exc:
        raise ConnectionRefused(exc.message, field="password") from None
