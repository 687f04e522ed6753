"""Reading the person's calendars just before a plan is generated (planning.extensions'
before-generation hook), within a short time budget: a calendar that cannot be read in time
never holds the plan up. The plan is then made with the busy time of the last good sync, and
says so in its advice (kind "calendar_stale"), naming the calendar and when it was last read.

Only busy time is read here; the sessions are written after the plan is made (its own hook).
"""

import datetime as dt
import time
from zoneinfo import ZoneInfo

from calendars.models import CalendarConnection
from calendars.services.sync import calendar_connection_sync
from planning.extensions import PlanAdvice
from planning.services.plan_tasks import short_when

STALE = "calendar_stale"
# A calendar left with less than this many seconds of the budget is not tried.
MIN_TIMEOUT = 1.0
USED_LAST = "This plan used the busy time of your calendar “{name}” as last read on {when}"
USED_NONE = "This plan has none of the busy time of your calendar “{name}”, which has never been read"
NOT_READ = "{used}: it could not be read just now. {why}"
NO_TIME = "{used}: there was no time left to read it before planning."
PAUSED = "{used}: syncing it is paused after failed syncs; resume it on the calendars page."


def _stale(connection: CalendarConnection, reason: str, *, why: str = "") -> PlanAdvice:
    zone = ZoneInfo(connection.user.timezone)
    last = connection.last_synced_at
    if last is None:
        used = USED_NONE.format(name=connection.name)
    else:
        used = USED_LAST.format(name=connection.name, when=short_when(last, zone))
    return PlanAdvice(kind=STALE, message=reason.format(used=used, why=why))


def calendars_refresh_before_generation(*, user_id: int, now: dt.datetime, budget: float) -> list[PlanAdvice]:
    """Syncs the busy time of each of the person's connections, one after the other, with
    what is left of `budget` seconds as its timeout; advice for each that could not be read
    (or is paused). One that another sync is reading right now is left to that sync."""
    deadline = time.monotonic() + budget
    connections = list(CalendarConnection.objects.filter(user_id=user_id).select_related("user").order_by("pk"))
    advice = []
    for connection in connections:
        if connection.is_paused:
            advice.append(_stale(connection, PAUSED))
            continue
        left = deadline - time.monotonic()
        if left < MIN_TIMEOUT:
            advice.append(_stale(connection, NO_TIME))
            continue
        outcome = calendar_connection_sync(connection_id=connection.pk, timeout=left, sessions=False)
        if outcome.error:
            connection.refresh_from_db(fields=["last_synced_at"])
            advice.append(_stale(connection, NOT_READ, why=outcome.error))
    return advice
