"""What busy_from_ical refuses, and how it stays bounded: not a calendar, malformed files, more
events than the cap (100,000 of them refused at once, before parsing), rules that would take
too long to expand; and the time zones a file defines itself, read the same whichever file
came first in the process."""

import datetime as dt
import time

import icalendar
import pytest

from calendars.ical_import import (
    MALFORMED,
    NOT_ICALENDAR,
    TOO_SLOW_TO_EXPAND,
    CalendarDataRefused,
    busy_from_ical,
    too_many_events_message,
)
from tests.calendars.http_fixtures import FILES

UTC = dt.UTC
NOVEMBER = {"start": dt.datetime(2026, 11, 1, tzinfo=UTC), "end": dt.datetime(2026, 12, 1, tzinfo=UTC)}


def calendar(*events: str, header: str = "") -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Monthwise tests//EN", *filter(None, [header])]
    for event in events:
        lines += ["BEGIN:VEVENT", *event.strip().splitlines(), "END:VEVENT"]
    return "\r\n".join([*lines, "END:VCALENDAR", ""])


def one_off_events(count: int, *, first: dt.datetime) -> str:
    events = []
    for index in range(count):
        start = first + dt.timedelta(minutes=30 * index)
        events.append(
            f"UID:event-{index}@example.org\nDTSTAMP:20261101T000000Z\n"
            f"DTSTART:{start:%Y%m%dT%H%M%SZ}\nDTEND:{start + dt.timedelta(minutes=20):%Y%m%dT%H%M%SZ}\n"
            f"SUMMARY:Event {index}"
        )
    return calendar(*events)


def refusal(data: str | bytes, **kwargs) -> CalendarDataRefused:
    with pytest.raises(CalendarDataRefused) as refused:
        busy_from_ical(data, **{**NOVEMBER, "timezone": "Europe/Berlin", **kwargs})
    assert refused.value.status == 400
    assert refused.value.errors == {"url": [refused.value.message]}
    return refused.value


def test_a_web_page_is_not_an_icalendar_file():
    refused = refusal((FILES / "not_a_calendar.html").read_bytes())

    assert refused.message == NOT_ICALENDAR
    assert refused.message.startswith("That is not an iCalendar file")


@pytest.mark.parametrize("data", [b"", b"   ", b'{"events": []}', b"BEGIN:VCARD\r\nEND:VCARD\r\n"])
def test_empty_or_other_data_is_not_an_icalendar_file(data):
    assert refusal(data).message == NOT_ICALENDAR


def test_a_broken_start_time_is_malformed_and_names_the_event():
    refused = refusal((FILES / "malformed.ics").read_bytes())

    assert refused.message.startswith(MALFORMED)
    assert 'the event "Broken start"' in refused.message


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (calendar("UID:a\nSUMMARY:No start"), "it has no start (DTSTART)"),
        (calendar("UID:a\nSUMMARY:Odd\nDTSTART:20261110T100000Z\nRRULE:garbage"), "has no frequency"),
        (calendar("UID:a\nSUMMARY:Odd\nDTSTART:20261110T100000Z\nRRULE:FREQ=SOMETIMES"), "SOMETIMES"),
        ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:a\r\n", "stops before END:VCALENDAR"),
    ],
)
def test_malformed_calendars_are_refused_with_the_reason(data, reason):
    refused = refusal(data)

    assert refused.message.startswith(MALFORMED)
    assert reason in refused.message


def test_a_calendar_without_events_has_no_busy_time():
    assert busy_from_ical(calendar(), **NOVEMBER, timezone="Europe/Berlin") == []


def test_100000_events_are_refused_at_once_with_a_clear_message():
    data = one_off_events(100_000, first=dt.datetime(2026, 11, 1, tzinfo=UTC)).encode()
    started = time.monotonic()

    refused = refusal(data)

    assert refused.message == too_many_events_message(20_000)
    assert refused.message.startswith("The calendar has more than 20,000 events")
    assert time.monotonic() - started < 2


def test_the_cap_counts_events_in_the_file_and_occurrences_in_the_window():
    fifty = one_off_events(50, first=dt.datetime(2026, 11, 10, tzinfo=UTC))
    daily = calendar("UID:d\nSUMMARY:Daily\nDTSTART:20261101T080000Z\nDTEND:20261101T083000Z\nRRULE:FREQ=DAILY")

    assert len(busy_from_ical(fifty, **NOVEMBER, timezone="UTC", max_occurrences=50)) == 50
    assert refusal(fifty, max_occurrences=49).message == too_many_events_message(49)
    # One event, but 30 occurrences in November.
    assert len(busy_from_ical(daily, **NOVEMBER, timezone="UTC", max_occurrences=30)) == 30
    assert refusal(daily, max_occurrences=29).message == too_many_events_message(29)


@pytest.mark.parametrize(
    "rule",
    [
        "DTSTART:20200101T100000Z\nDTEND:20200101T100030Z\nRRULE:FREQ=MINUTELY",
        "DTSTART:20261101T100000Z\nDTEND:20261101T100001Z\nRRULE:FREQ=SECONDLY",
        "DTSTART:19700101T100000Z\nDTEND:19700101T101500Z\nRRULE:FREQ=HOURLY",
        # 288 a day since 2020: few in the window, but 700,000 steps to get there.
        "DTSTART:20200101T000000Z\nDTEND:20200101T000100Z\nRRULE:FREQ=DAILY;BYHOUR=" + ",".join(map(str, range(24)))
        + ";BYMINUTE=0,5,10,15,20,25,30,35,40,45,50,55",
    ],
)
def test_rules_too_costly_to_expand_are_refused_before_expanding(rule):
    started = time.monotonic()

    refused = refusal(calendar(f"UID:r\nSUMMARY:Tick\n{rule}"))

    assert refused.message in (TOO_SLOW_TO_EXPAND, too_many_events_message(20_000))
    assert time.monotonic() - started < 1


def test_an_hourly_rule_from_years_ago_still_imports_its_window():
    data = calendar("UID:h\nSUMMARY:Hourly\nDTSTART:20230101T000000Z\nDTEND:20230101T001000Z\nRRULE:FREQ=HOURLY")

    day = dt.datetime(2026, 11, 16, tzinfo=UTC)

    items = busy_from_ical(data, start=day, end=day + dt.timedelta(days=1), timezone="UTC")

    assert len(items) == 24


def test_a_birthday_calendar_with_decades_of_yearly_events_imports():
    birthdays = [
        f"UID:birthday-{index}@example.org\nSUMMARY:Birthday {index}\n"
        f"DTSTART;VALUE=DATE:{1950 + index % 50}{1 + index % 12:02}{1 + index % 28:02}\nRRULE:FREQ=YEARLY"
        for index in range(300)
    ]

    items = busy_from_ical(calendar(*birthdays), **NOVEMBER, timezone="Europe/Berlin")

    assert len(items) == 25  # the ones in November
    assert all(item.all_day and item.end - item.start == dt.timedelta(days=1) for item in items)


def test_each_file_gets_its_own_customized_time_zone_whichever_came_first():
    # Outlook names a zone it can't name otherwise "Customized Time Zone", defined in the
    # file (here after the event that uses it). icalendar would keep the first definition it
    # met for the whole process.
    new_york = (FILES / "customized_zone_new_york.ics").read_bytes()
    berlin = (FILES / "customized_zone_berlin.ics").read_bytes()
    expected = {
        "new_york": (dt.datetime(2026, 11, 18, 19, tzinfo=UTC), dt.datetime(2026, 11, 18, 20, tzinfo=UTC)),
        "berlin": (dt.datetime(2026, 11, 18, 13, tzinfo=UTC), dt.datetime(2026, 11, 18, 14, tzinfo=UTC)),
    }

    for name, data in [("new_york", new_york), ("berlin", berlin), ("new_york", new_york), ("berlin", berlin)]:
        (item,) = busy_from_ical(data, **NOVEMBER, timezone="Asia/Tokyo")
        assert (item.start, item.end) == expected[name]


def test_a_file_cannot_redefine_a_windows_zone_name_for_the_next_file():
    new_york = (FILES / "customized_zone_new_york.ics").read_text()
    hijack = new_york.replace("Customized Time Zone", "W. Europe Standard Time")
    busy_from_ical(hijack, **NOVEMBER, timezone="UTC")

    (item,) = [
        item
        for item in busy_from_ical((FILES / "outlook_export.ics").read_bytes(), **NOVEMBER, timezone="UTC")
        if item.summary == "Quarterly review"
    ]

    assert item.start == dt.datetime(2026, 11, 18, 13, tzinfo=UTC)


@pytest.mark.parametrize(
    ("tzid", "start"),
    [
        # Unknown and undefined: read as floating, the person's zone (Berlin).
        ("Mars/Olympus_Mons", dt.datetime(2026, 11, 10, 9, tzinfo=UTC)),
        # A globally unique TZID with a vendor prefix (libical, Evolution, Lightning).
        ("/freeassociation.sourceforge.net/America/New_York", dt.datetime(2026, 11, 10, 15, tzinfo=UTC)),
        ("UTC", dt.datetime(2026, 11, 10, 10, tzinfo=UTC)),
    ],
)
@pytest.mark.filterwarnings("ignore::UserWarning")
def test_tzids_without_a_definition(tzid, start):
    data = calendar(f"UID:a\nSUMMARY:x\nDTSTART;TZID={tzid}:20261110T100000\nDTEND;TZID={tzid}:20261110T110000")

    (item,) = busy_from_ical(data, **NOVEMBER, timezone="Europe/Berlin")

    assert (item.start, item.end) == (start, start + dt.timedelta(hours=1))


def test_an_unknown_x_wr_timezone_is_ignored_and_floating_times_are_the_persons_zone():
    data = calendar(
        "UID:a\nSUMMARY:x\nDTSTART:20261110T100000\nDTEND:20261110T110000", header="X-WR-TIMEZONE:Not/A_Zone"
    )

    (item,) = busy_from_ical(data, **NOVEMBER, timezone="Europe/Berlin")

    assert item.start == dt.datetime(2026, 11, 10, 9, tzinfo=UTC)


def test_two_calendars_in_one_file_are_both_read():
    first = calendar("UID:a\nSUMMARY:First\nDTSTART:20261110T100000Z\nDTEND:20261110T110000Z")
    second = calendar("UID:b\nSUMMARY:Second\nDTSTART:20261111T100000Z\nDTEND:20261111T110000Z")

    items = busy_from_ical(first + second, **NOVEMBER, timezone="UTC")

    assert [item.summary for item in items] == ["First", "Second"]


def test_a_window_without_a_zone_is_a_programming_error():
    with pytest.raises(ValueError, match="aware"):
        busy_from_ical(calendar(), start=dt.datetime(2026, 11, 1), end=dt.datetime(2026, 12, 1), timezone="UTC")


def test_icalendar_does_not_keep_a_files_zone_for_the_rest_of_the_process():
    busy_from_ical((FILES / "customized_zone_new_york.ics").read_bytes(), **NOVEMBER, timezone="UTC")
    undefined = calendar('UID:a\nDTSTART;TZID="Customized Time Zone":20261118T140000')

    (event,) = icalendar.Calendar.from_ical(undefined).walk("VEVENT")

    assert event["DTSTART"].dt.tzinfo is None


def test_a_file_defining_more_than_100_time_zones_is_refused():
    zones = "".join(
        f"BEGIN:VTIMEZONE\r\nTZID:Zone {index}\r\nBEGIN:STANDARD\r\nDTSTART:19700101T000000\r\n"
        f"TZOFFSETFROM:+0100\r\nTZOFFSETTO:+0100\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
        for index in range(101)
    )
    event = calendar("UID:a\nDTSTART:20261110T100000Z\nDTEND:20261110T110000Z")
    data = event.replace("BEGIN:VEVENT", zones + "BEGIN:VEVENT")

    assert refusal(data).message == f"{MALFORMED}: it defines more than 100 time zones"
