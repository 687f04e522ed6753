"""The rules a connection's settings follow, one home for connect, update, the API and the
pages: the address, the name, the busy calendars, the sessions calendar."""

from urllib.parse import urlsplit

import caldav

from calendars.caldav_account import AccountCalendar, account_calendar_make, account_calendars, account_open
from calendars.credentials import credentials_decrypt
from calendars.models import NAME_MAX_LENGTH, URL_MAX_LENGTH, CalendarConnection
from config.refusal import Refusal

DEFAULT_SESSIONS_CALENDAR = "Monthwise"
# Seconds a server has to answer while the person waits (connect, a new password, disconnect).
INTERACTIVE_TIMEOUT = 10.0

NAME_REQUIRED = "Give the calendar a name."
NAME_TOO_LONG = f"Keep the name to {NAME_MAX_LENGTH} characters."
URL_REQUIRED = "Give the calendar's address."
URL_TOO_LONG = f"Calendar addresses longer than {URL_MAX_LENGTH} characters are not accepted."
URL_WITH_PASSWORD = "Put the user name and password in their own fields, not in the address."
NOT_AVAILABLE = "“{url}” is not one of this account's calendars. Choose among the calendars listed."
ICS_HAS_NO_CALENDARS = "An iCalendar link is one calendar: busy calendars are chosen for CalDAV accounts only."
ICS_IS_READ_ONLY = "An iCalendar link is read-only: Monthwise can write sessions to a CalDAV account only."
SESSIONS_CALENDAR_TOO_LONG = f"Keep the calendar's name to {NAME_MAX_LENGTH} characters."


class ConnectionRefused(Refusal):
    """A connection's settings that cannot be saved (400, naming the field)."""


def connection_name(name: str) -> str:
    name = " ".join(name.split())
    if not name:
        raise ConnectionRefused(NAME_REQUIRED, field="name")
    if len(name) > NAME_MAX_LENGTH:
        raise ConnectionRefused(NAME_TOO_LONG, field="name")
    return name


def connection_url(url: str) -> str:
    """The address as it is stored: trimmed, webcal:// read as https:// (what calendar apps
    mean by it), no user name or password inside (they have their own, encrypted, field)."""
    url = url.strip()
    if not url:
        raise ConnectionRefused(URL_REQUIRED, field="url")
    if len(url) > URL_MAX_LENGTH:
        raise ConnectionRefused(URL_TOO_LONG, field="url")
    scheme, _, rest = url.partition("://")
    if scheme.lower() in ("webcal", "webcals"):
        url = "https://" + rest
    try:
        parts = urlsplit(url)
    except ValueError:
        return url  # calendars.fetch.check_url_allowed names what is wrong with it
    if "@" in parts.netloc:
        raise ConnectionRefused(URL_WITH_PASSWORD, field="url")
    return url


def busy_calendars_check(chosen: list[str], available: list[dict[str, str]]) -> list[str]:
    """The chosen calendar URLs, each once and in the order given; all must be the account's."""
    known = {calendar["url"] for calendar in available}
    chosen = list(dict.fromkeys(url.strip() for url in chosen))
    for url in chosen:
        if url not in known:
            raise ConnectionRefused(NOT_AVAILABLE.format(url=url[:200]), field="busy_calendars")
    return chosen


def sessions_calendar_name(name: str) -> str:
    name = " ".join(name.split()) or DEFAULT_SESSIONS_CALENDAR
    if len(name) > NAME_MAX_LENGTH:
        raise ConnectionRefused(SESSIONS_CALENDAR_TOO_LONG, field="sessions_calendar")
    return name


def sessions_calendar_ensure(client: caldav.DAVClient, *, name: str) -> tuple[AccountCalendar, list[dict[str, str]]]:
    """The account's calendar with this name (any case), made on the server when there is
    none; and the account's calendars as they now are."""
    listed = account_calendars(client)
    for calendar in listed:
        if calendar.name.casefold() == name.casefold():
            return calendar, [item.as_json() for item in listed]
    made = account_calendar_make(client, name=name)
    return made, [item.as_json() for item in sorted([*listed, made], key=lambda c: (c.name.casefold(), c.url))]


def account_client(connection: CalendarConnection, *, password: str | None = None) -> caldav.DAVClient:
    """A client for the connection's account, with this password or the stored one."""
    secret = password if password is not None else credentials_decrypt(connection.password_encrypted)
    return account_open(
        url=connection.url, username=connection.username, password=secret, timeout=INTERACTIVE_TIMEOUT
    )
