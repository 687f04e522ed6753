"""Our copy of a CalDAV account's busy calendars (RemoteEvent rows): read, merged with what
changed on the server, and written back with only the differences."""

from collections.abc import Iterable
from dataclasses import dataclass

from calendars.caldav_account import CalendarChanges
from calendars.models import CalendarConnection, RemoteEvent

DELETE_BATCH = 1000


@dataclass(frozen=True)
class RemoteItem:
    calendar_url: str
    etag: str
    data: str


class RemoteCopy(dict[str, RemoteItem]):
    """href -> what we hold of that event."""

    def merged(self, changes: dict[str, CalendarChanges], *, keep_calendars: set[str]) -> "RemoteCopy":
        merged = RemoteCopy(self)
        for calendar_url, change in changes.items():
            for href in change.removed:
                merged.pop(href, None)
            for href, (etag, data) in change.changed.items():
                merged[href] = RemoteItem(calendar_url=calendar_url, etag=etag, data=data)
        return merged.only(keep_calendars)

    def only(self, calendars: set[str]) -> "RemoteCopy":
        return RemoteCopy({href: item for href, item in self.items() if item.calendar_url in calendars})

    def documents_by_calendar(self) -> dict[str, tuple[str, ...]]:
        grouped: dict[str, list[str]] = {}
        for href in sorted(self):
            grouped.setdefault(self[href].calendar_url, []).append(self[href].data)
        return {url: tuple(documents) for url, documents in grouped.items()}


def remote_etags(connection: CalendarConnection) -> dict[str, dict[str, str]]:
    """calendar URL -> {href: etag}, without the events' text."""
    etags: dict[str, dict[str, str]] = {}
    rows = RemoteEvent.objects.filter(connection=connection).values_list("calendar_url", "href", "etag")
    for calendar_url, href, etag in rows:
        etags.setdefault(calendar_url, {})[href] = etag
    return etags


def remote_copy_load(connection: CalendarConnection) -> RemoteCopy:
    rows = RemoteEvent.objects.filter(connection=connection).values_list("href", "calendar_url", "etag", "data")
    return RemoteCopy({href: RemoteItem(calendar_url=url, etag=etag, data=data) for href, url, etag, data in rows})


def _chunks(items: list[str], size: int) -> Iterable[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def remote_copy_save(connection: CalendarConnection, old: RemoteCopy, new: RemoteCopy) -> None:
    """Inside the caller's transaction: the stored copy becomes `new`, writing only what differs."""
    gone = sorted(set(old) - set(new))
    for hrefs in _chunks(gone, DELETE_BATCH):
        RemoteEvent.objects.filter(connection=connection, href__in=hrefs).delete()
    changed = [
        RemoteEvent(connection=connection, href=href, calendar_url=item.calendar_url, etag=item.etag, data=item.data)
        for href, item in new.items()
        if old.get(href) != item
    ]
    RemoteEvent.objects.bulk_create(
        changed,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["connection", "href"],
        update_fields=["calendar_url", "etag", "data"],
    )
