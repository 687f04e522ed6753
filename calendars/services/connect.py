"""Connecting a calendar: an iCalendar link (read once to check it is a calendar, and its
busy time imported from that read) or a CalDAV account (its calendars listed). Whatever is
refused -- an address, a password, a server, the data -- saves nothing."""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from calendars.caldav_account import account_calendars
from calendars.credentials import credentials_encrypt
from calendars.fetch import fetch_calendar
from calendars.models import MAX_CONNECTIONS, CalendarConnection, ConnectionKind
from calendars.services.rules import (
    ICS_HAS_NO_CALENDARS,
    ICS_IS_READ_ONLY,
    INTERACTIVE_TIMEOUT,
    ConnectionRefused,
    account_client,
    busy_calendars_check,
    connection_name,
    connection_url,
    sessions_calendar_ensure,
    sessions_calendar_name,
)
from calendars.services.sync import ics_rows, ics_rows_save
from calendars.services.sync_request import calendar_sync_after_commit
from calendars.window import sync_window

CONNECTIONS_FULL = f"You can connect up to {MAX_CONNECTIONS} calendars. Disconnect one first."
ALREADY_CONNECTED = "This calendar is connected already."


def _check_room(user: User, *, kind: str, url: str, username: str) -> None:
    connections = CalendarConnection.objects.filter(user=user)
    if connections.count() >= MAX_CONNECTIONS:
        raise ConnectionRefused(CONNECTIONS_FULL)
    if connections.filter(kind=kind, url=url, username=username).exists():
        raise ConnectionRefused(ALREADY_CONNECTED, field="url")


def calendar_connection_create(
    *,
    user: User,
    kind: str,
    name: str,
    url: str,
    username: str = "",
    password: str = "",
    busy_calendars: list[str] | None = None,
    write_sessions: bool = False,
    sessions_calendar: str = "",
    auto_sync: bool = True,
    now: dt.datetime | None = None,
) -> CalendarConnection:
    now = now or timezone.now()
    connection = CalendarConnection(
        user=user,
        kind=kind,
        name=connection_name(name),
        url=connection_url(url),
        username=username.strip(),
        auto_sync=auto_sync,
        created_at=now,
        updated_at=now,
    )
    _check_room(user, kind=kind, url=connection.url, username=connection.username)
    # Before any network: a server without a key refuses the password here.
    connection.password_encrypted = credentials_encrypt(password)
    if kind == ConnectionKind.ICS:
        if busy_calendars:
            raise ConnectionRefused(ICS_HAS_NO_CALENDARS, field="busy_calendars")
        if write_sessions:
            raise ConnectionRefused(ICS_IS_READ_ONLY, field="write_sessions")
        return _create_ics(connection, password=password, now=now)
    return _create_caldav(
        connection,
        password=password,
        busy_calendars=busy_calendars or [],
        write_sessions=write_sessions,
        sessions_calendar=sessions_calendar,
    )


def _create_ics(connection: CalendarConnection, *, password: str, now: dt.datetime) -> CalendarConnection:
    data = fetch_calendar(connection.url, username=connection.username, password=password, timeout=INTERACTIVE_TIMEOUT)
    window = sync_window(now=now, timezone=connection.user.timezone)
    rows = ics_rows(connection, data, window=window)  # refuses what is not a calendar
    with transaction.atomic():
        _save_with_room(connection)
        ics_rows_save(connection, rows, data=data, window=window, now=now)
    connection.refresh_from_db()
    return connection


def _create_caldav(
    connection: CalendarConnection,
    *,
    password: str,
    busy_calendars: list[str],
    write_sessions: bool,
    sessions_calendar: str,
) -> CalendarConnection:
    client = account_client(connection, password=password)
    try:
        connection.available_calendars = [calendar.as_json() for calendar in account_calendars(client)]
        connection.busy_calendars = busy_calendars_check(busy_calendars, connection.available_calendars)
        if write_sessions:
            connection.sessions_calendar = sessions_calendar_name(sessions_calendar)
            made, connection.available_calendars = sessions_calendar_ensure(client, name=connection.sessions_calendar)
            connection.sessions_calendar_url = made.url
            connection.write_sessions = True
        elif sessions_calendar:
            connection.sessions_calendar = sessions_calendar_name(sessions_calendar)
    finally:
        client.close()
    with transaction.atomic():
        _save_with_room(connection)
        calendar_sync_after_commit(connection.pk)
    return connection


def _save_with_room(connection: CalendarConnection) -> None:
    """Saves under the person's row lock, so two connects at once cannot pass the limit."""
    User.objects.select_for_update().filter(pk=connection.user_id).first()
    _check_room(connection.user, kind=connection.kind, url=connection.url, username=connection.username)
    connection.save()
