"""One calendar object at a time, for the sessions Monthwise writes to a CalDAV calendar:
create, update, read and delete, each with the precondition that keeps two writers from
losing an edit (RFC 4791 5.3.2, RFC 7232):

- a create sends `If-None-Match: *`, so it never overwrites an object someone else put there;
- an update or a delete sends `If-Match` with the ETag we hold, so it only replaces the
  version we last saw. A 412 answer means the object changed (or appeared) since: these
  functions return None for it and the caller decides whose change wins.

Every other failure is a CalendarServerRefused with a message for the person (through
caldav_account.server_errors, which also turns the HTTP library's errors into refusals).
"""

import re

import caldav
from caldav.lib.url import URL
from caldav.response import DAVResponse

from calendars.caldav_account import CalendarServerRefused, server_errors

CONTENT_TYPE = "text/calendar; charset=utf-8"
REFUSED_WRITE = "The calendar server refused to save a session there (it answered {status})."
REFUSED_DELETE = "The calendar server refused to delete a session there (it answered {status})."
REFUSED_READ = "The calendar server refused to send a session's event (it answered {status})."
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]")


def calendar_href(calendar_url: str) -> str:
    """The calendar's address in the canonical form its objects' hrefs start with."""
    return str(URL.objectify(calendar_url.rstrip("/") + "/").canonical())


def object_href(calendar_url: str, uid: str) -> str:
    """Where the event with this UID is put: a file name of safe characters in the calendar,
    in the canonical form the server's listings are compared in (caldav_account._href)."""
    name = _UNSAFE_NAME.sub("-", uid) + ".ics"
    return str(URL.objectify(calendar_href(calendar_url)).join(name).canonical())


def _etag(response: DAVResponse) -> str:
    return str(response.headers.get("ETag", "") or "")


def event_put(client: caldav.DAVClient, href: str, data: bytes, *, if_match: str | None) -> str | None:
    """Writes the object: a create when `if_match` is None, else an update of the version
    with that ETag (an empty one, a server that gave none, updates whatever is there). The
    new ETag ("" when the server sends none), or None when the precondition failed."""
    headers = {"Content-Type": CONTENT_TYPE}
    if if_match is None:
        headers["If-None-Match"] = "*"
    elif if_match:
        headers["If-Match"] = if_match
    with server_errors():
        response = client.put(href, data.decode(), headers)
    if response.status == 412:
        return None
    if not 200 <= response.status < 300:
        raise CalendarServerRefused(REFUSED_WRITE.format(status=response.status), field="sessions_calendar")
    return _etag(response)


def event_get(client: caldav.DAVClient, href: str) -> tuple[str, str] | None:
    """(ETag, iCalendar text) of the object, or None when it is gone."""
    with server_errors():
        response = client.request(href, "GET")
    if response.status in (404, 410):
        return None
    if response.status != 200:
        raise CalendarServerRefused(REFUSED_READ.format(status=response.status), field="sessions_calendar")
    raw = response.raw
    return _etag(response), raw.decode() if isinstance(raw, bytes) else str(raw)


def event_delete(client: caldav.DAVClient, href: str, *, if_match: str) -> bool:
    """Deletes the version with this ETag (any version when the ETag is empty); False when it
    changed since. An object already gone counts as deleted."""
    headers = {"If-Match": if_match} if if_match else {}
    with server_errors():
        response = client.request(href, "DELETE", "", headers)
    if response.status == 412:
        return False
    if not (200 <= response.status < 300 or response.status in (404, 410)):
        raise CalendarServerRefused(REFUSED_DELETE.format(status=response.status), field="sessions_calendar")
    return True
