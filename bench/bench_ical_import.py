"""Benchmark of busy_from_ical on a 5,000-event calendar file, against a floor of just parsing
the same file with icalendar (what any reading of it costs). The file looks like a busy
person's year: one-off meetings in Berlin time (with the VTIMEZONE), weekly series with an
UNTIL and an EXDATE, a moved occurrence per series, all-day events, a few free and cancelled
ones. Two windows: the twelve months a sync imports (everything expanded), and one month
(most one-off events are left out before expansion). Standalone (no Django); from the
project root:

    .venv/bin/python bench/bench_ical_import.py [--runs 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time as clock
from pathlib import Path

import icalendar

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from calendars.ical_import import busy_from_ical

EVENTS = 5_000
SERIES = 400  # weekly, 8 to 20 occurrences each, one EXDATE and one moved occurrence
ALL_DAY = 250
FIRST = dt.datetime(2026, 1, 5, 8, 0)
BERLIN = """BEGIN:VTIMEZONE
TZID:Europe/Berlin
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE"""


def _local(moment: dt.datetime) -> str:
    return f"TZID=Europe/Berlin:{moment:%Y%m%dT%H%M%S}"


def _series(index: int) -> list[str]:
    start = FIRST + dt.timedelta(days=index % 300, hours=index % 9)
    weeks = 8 + index % 13
    uid = f"series-{index}@bench.example.org"
    skipped, moved = start + dt.timedelta(weeks=2), start + dt.timedelta(weeks=3)
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        "DTSTAMP:20260101T000000Z",
        f"SUMMARY:Weekly {index}",
        f"DTSTART;{_local(start)}",
        f"DTEND;{_local(start + dt.timedelta(minutes=45))}",
        f"RRULE:FREQ=WEEKLY;UNTIL={start + dt.timedelta(weeks=weeks) - dt.timedelta(hours=2):%Y%m%dT%H%M%SZ}",
        f"EXDATE;{_local(skipped)}",
        "END:VEVENT",
        "BEGIN:VEVENT",
        f"UID:{uid}",
        "DTSTAMP:20260101T000000Z",
        f"RECURRENCE-ID;{_local(moved)}",
        f"SUMMARY:Weekly {index} (moved)",
        f"DTSTART;{_local(moved + dt.timedelta(hours=2))}",
        f"DTEND;{_local(moved + dt.timedelta(hours=2, minutes=45))}",
        "END:VEVENT",
    ]


def _one_off(index: int) -> list[str]:
    start = FIRST + dt.timedelta(minutes=101 * index)
    extra = ["TRANSP:TRANSPARENT"] if index % 50 == 0 else ["STATUS:CANCELLED"] if index % 77 == 0 else []
    if index % 17 == 0:
        times = [f"DTSTART;VALUE=DATE:{start:%Y%m%d}", f"DTEND;VALUE=DATE:{start + dt.timedelta(days=1):%Y%m%d}"]
    else:
        times = [f"DTSTART;{_local(start)}", f"DTEND;{_local(start + dt.timedelta(minutes=30 + index % 90))}"]
    return [
        "BEGIN:VEVENT",
        f"UID:event-{index}@bench.example.org",
        "DTSTAMP:20260101T000000Z",
        f"SUMMARY:Meeting {index}",
        f"LOCATION:Room {index % 40}",
        *times,
        *extra,
        "END:VEVENT",
    ]


def calendar_file() -> bytes:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Monthwise bench//EN", *BERLIN.splitlines()]
    for index in range(SERIES):
        lines += _series(index)
    for index in range(EVENTS - 2 * SERIES):
        lines += _one_off(index)
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


def _median_ms(runs: int, action) -> tuple[float, float, object]:
    timings, result = [], None
    for _ in range(runs):
        started = clock.perf_counter()
        result = action()
        timings.append((clock.perf_counter() - started) * 1000)
    return statistics.median(timings), min(timings), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    data = calendar_file()
    assert data.count(b"BEGIN:VEVENT") == EVENTS
    windows = {
        "12 months": (dt.datetime(2026, 1, 1, tzinfo=dt.UTC), dt.datetime(2027, 1, 1, tzinfo=dt.UTC)),
        "1 month": (dt.datetime(2026, 6, 1, tzinfo=dt.UTC), dt.datetime(2026, 7, 1, tzinfo=dt.UTC)),
    }
    busy_from_ical(data, start=windows["1 month"][0], end=windows["1 month"][1], timezone="Europe/Berlin")  # warm-up
    floor, floor_best, _ = _median_ms(runs, lambda: icalendar.Calendar.from_ical(data))
    for name, (start, end) in windows.items():
        median, best, busy = _median_ms(
            runs, lambda start=start, end=end: busy_from_ical(data, start=start, end=end, timezone="Europe/Berlin")
        )
        print(
            f"ical import ({name} window): {EVENTS:,} events, {len(data) / 1e6:.2f} MB, {len(busy):,} busy intervals: "
            f"median {median:.0f} ms, best {best:.0f} ms; floor (icalendar parse only) {floor:.0f} ms "
            f"(best {floor_best:.0f}), ratio {median / floor:.1f}x"
        )


if __name__ == "__main__":
    main()
