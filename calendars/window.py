"""The stretch of time a sync imports: from the first day of the person's current month to
the end of the 12th month ahead, on the person's own clock (so a month starts at local
midnight, whatever daylight saving does in between)."""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

MONTHS_AHEAD = 12


@dataclass(frozen=True)
class SyncWindow:
    start: dt.datetime
    end: dt.datetime  # excluded
    timezone: str

    @property
    def signature(self) -> str:
        """Names the window and zone: busy rows expanded for another one must be expanded again."""
        return f"{self.start.date().isoformat()}/{self.end.date().isoformat()} {self.timezone}"


def sync_window(*, now: dt.datetime, timezone: str) -> SyncWindow:
    zone = ZoneInfo(timezone)
    local = now.astimezone(zone)
    months = local.year * 12 + (local.month - 1) + MONTHS_AHEAD + 1
    return SyncWindow(
        start=dt.datetime(local.year, local.month, 1, tzinfo=zone),
        end=dt.datetime(months // 12, months % 12 + 1, 1, tzinfo=zone),
        timezone=timezone,
    )
