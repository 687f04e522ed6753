"""One CalDAV account, through the `caldav` client that calendars.fetch.safe_dav_client
builds (it checks every address the client connects to): the account's calendars, a new
calendar, what changed in a calendar since the last sync, and deleting objects.

Every failure becomes a CalendarServerRefused with a message for the person. No message and
no log line here names the password: the client holds it, and caldav's errors carry the
status, the URL and the server's excuse only.
"""

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import caldav
from caldav.elements import dav
from caldav.lib import error as caldav_error
from caldav.lib.url import URL

from calendars.fetch import TOO_SLOW, CalendarFetchRefused, calendar_server_errors, safe_dav_client
from config.refusal import Refusal

logger = logging.getLogger(__name__)

# calendar-multiget asks for this many objects at a time.
MULTIGET_BATCH = 100
# An account's busy calendars together may hold this many events; beyond, a sync refuses.
MAX_REMOTE_EVENTS = 20_000
# One event's iCalendar text beyond this is skipped (a calendar object is a few kilobytes).
MAX_EVENT_CHARS = 1_000_000

WRONG_PASSWORD = "The calendar server did not accept this user name and password."
FORBIDDEN = "The calendar server refused this account access to that address: check the address and the user name."
NOT_CALDAV = (
    "This address does not answer as a CalDAV server. Use the account's CalDAV address "
    "(for Nextcloud: https://your.cloud/remote.php/dav/)."
)
SLOW_DOWN = "The calendar server asked us to slow down. Try again later."
TOO_MANY = f"These calendars hold more than {MAX_REMOTE_EVENTS:,} events; choose fewer busy calendars."


class CalendarServerRefused(Refusal):
    """The CalDAV server could not be used: unreachable, wrong password, not CalDAV."""


@dataclass(frozen=True)
class AccountCalendar:
    url: str
    name: str

    def as_json(self) -> dict[str, str]:
        return {"url": self.url, "name": self.name}


@dataclass
class CalendarChanges:
    """What a calendar holds now compared with what we kept: `changed` maps each new or
    changed object's href to (etag, iCalendar text); `removed` are hrefs that are gone.
    `complete` says the listing covered the whole calendar (a first sync, or one after the
    server forgot our sync-token), so anything kept and not listed is gone too."""

    sync_token: str
    changed: dict[str, tuple[str, str]] = field(default_factory=dict)
    removed: set[str] = field(default_factory=set)
    listed: int = 0


@contextmanager
def server_errors() -> Iterator[None]:
    """Turns whatever the client raises into a refusal with a message for the person: the
    HTTP library's errors as calendars.fetch words them, the CalDAV answers here."""
    try:
        with calendar_server_errors():
            try:
                yield
            except caldav_error.AuthorizationError as exc:
                if exc.status == 403:
                    raise CalendarServerRefused(FORBIDDEN, field="url") from None
                raise CalendarServerRefused(WRONG_PASSWORD, field="password") from None
            except caldav_error.RateLimitError:
                raise CalendarServerRefused(SLOW_DOWN, field="url") from None
    except Refusal:
        raise
    except TimeoutError:
        raise CalendarFetchRefused(TOO_SLOW) from None
    except Exception as exc:  # an HTML page, a malformed multistatus, an unexpected status
        logger.info("calendar server answered unusably: %s", type(exc).__name__)
        raise CalendarServerRefused(NOT_CALDAV, field="url") from None


def account_open(*, url: str, username: str, password: str, timeout: float) -> caldav.DAVClient:
    with server_errors():
        return safe_dav_client(url, username=username, password=password, timeout=timeout)


def account_calendars(client: caldav.DAVClient) -> list[AccountCalendar]:
    """The account's calendars, by name. Raises when the server is no CalDAV server: one
    says "calendar-access" in the DAV header of OPTIONS (RFC 4791 5.1); without that check a
    web page answering 200 to everything would pass as an account with no calendars."""
    with server_errors():
        dav_header = client.options(str(client.url)).headers.get("DAV", "")
        if "calendar-access" not in dav_header.lower():
            raise CalendarServerRefused(NOT_CALDAV, field="url")
        principal = client.principal()
        found = [
            AccountCalendar(url=str(calendar.url), name=calendar.get_display_name() or _last_segment(calendar.url))
            for calendar in principal.calendars()
        ]
    return sorted(found, key=lambda calendar: (calendar.name.casefold(), calendar.url))


def _last_segment(url: object) -> str:
    return str(url).rstrip("/").rsplit("/", 1)[-1] or "Calendar"


def account_calendar_make(client: caldav.DAVClient, *, name: str) -> AccountCalendar:
    with server_errors():
        calendar = client.principal().make_calendar(name=name)
    return AccountCalendar(url=str(calendar.url), name=name)


def _href(url: object) -> str:
    return str(URL.objectify(url).canonical())


def _is_expired_token(exc: Exception) -> bool:
    """RFC 6578: a sync-token the server no longer knows is a 403 (412 on some servers)
    with the DAV:valid-sync-token precondition; some servers say so without it."""
    preconditions = getattr(exc, "preconditions", None) or []
    return dav.ValidSyncToken.tag in preconditions or getattr(exc, "status", None) in (403, 409, 412)


def _listing(calendar: caldav.Calendar, sync_token: str) -> tuple[str, dict[str, str], set[str], bool]:
    """(new token, href -> etag listed, hrefs removed, whether the listing is complete).

    A sync-collection REPORT with our token lists only what changed. A token the server
    no longer accepts gets a full listing; a server without sync-collection gets its ETags
    compared (caldav's fallback lists every object, with its data)."""
    try:
        result = calendar.get_objects_by_sync_token(sync_token=sync_token or None, disable_fallback=True)
    except (caldav_error.ReportError, caldav_error.DAVError) as exc:
        if sync_token and _is_expired_token(exc):
            logger.info("sync-token no longer accepted; listing the whole calendar")
            return _listing(calendar, "")
        if isinstance(exc, caldav_error.AuthorizationError) and exc.status == 401:
            raise
        result = calendar.get_objects_by_sync_token(sync_token=None, disable_fallback=False)
        return "", {_href(obj.url): str(obj.props.get(dav.GetEtag.tag, "")) for obj in result}, set(), True
    deleted = {_href(url) for url in getattr(result, "deleted_urls", ())}
    listed = {
        _href(obj.url): str(obj.props.get(dav.GetEtag.tag, ""))
        for obj in result
        if _href(obj.url) not in deleted
    }
    return str(result.sync_token or ""), listed, deleted, not sync_token


def calendar_changes(
    client: caldav.DAVClient, *, calendar_url: str, sync_token: str, known_etags: dict[str, str]
) -> CalendarChanges:
    """What changed in one calendar since `sync_token`, with the data of new and changed
    objects only (calendar-multiget, in batches). An unchanged calendar costs one REPORT
    and transfers no event."""
    with server_errors():
        calendar = caldav.Calendar(client=client, url=calendar_url)
        token, listed, removed, complete = _listing(calendar, sync_token)
        if complete:
            removed |= set(known_etags) - set(listed)
        if len(listed) > MAX_REMOTE_EVENTS:
            raise CalendarServerRefused(TOO_MANY, field="busy_calendars")
        wanted = [href for href, etag in listed.items() if not etag or known_etags.get(href) != etag]
        changes = CalendarChanges(sync_token=token, removed=removed, listed=len(listed))
        for start in range(0, len(wanted), MULTIGET_BATCH):
            batch = [URL.objectify(href) for href in wanted[start : start + MULTIGET_BATCH]]
            for obj in calendar.multiget(batch):
                data = obj.data
                if data is None:  # deleted between the listing and the multiget
                    changes.removed.add(_href(obj.url))
                elif len(data) <= MAX_EVENT_CHARS:
                    changes.changed[_href(obj.url)] = (str(obj.props.get(dav.GetEtag.tag, "")), data)
    return changes


def calendar_objects_delete(client: caldav.DAVClient, hrefs: Iterable[str]) -> tuple[int, int]:
    """Deletes objects by href; (deleted or already gone, failed)."""
    deleted = failed = 0
    for href in hrefs:
        try:
            with server_errors():
                response = client.delete(str(client.url.join(href)))
        except Refusal:
            failed += 1
            continue
        if 200 <= response.status < 300 or response.status in (404, 410):
            deleted += 1
        else:
            failed += 1
    return deleted, failed
