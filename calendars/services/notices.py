"""What a connection tells the person about the sessions written to it: a move made in their
calendar that was refused and undone, a conflict and which change won, a session marked
skipped. Kept on the connection, newest first, shown on the calendars pages and in the API."""

import datetime as dt

from django.db import transaction

from calendars.models import MAX_NOTICES, CalendarConnection, Notice


def connection_notices_add(connection_id: int, messages: list[str], *, now: dt.datetime) -> None:
    """Adds the messages (in the order given, the last becoming the newest) and keeps the
    newest MAX_NOTICES. A message equal to the newest one is not repeated: a change that is
    refused on every sync until the server takes our correction says so once."""
    if not messages:
        return
    with transaction.atomic():
        connection = CalendarConnection.objects.select_for_update().only("pk", "notices").filter(pk=connection_id)
        locked = connection.first()
        if locked is None:
            return
        notices = list(locked.notices)
        for message in messages:
            if notices and notices[0]["message"] == message:
                continue
            notices.insert(0, Notice(at=now, message=message).as_json())
        CalendarConnection.objects.filter(pk=connection_id).update(notices=notices[:MAX_NOTICES])
