"""Busy time read from real-world-shaped calendar files (tests/calendars/files): Google's and
Outlook's exports, a class every other Thursday with a cancelled and a moved occurrence,
repeating events across a DST change, all-day events, floating times, free and cancelled
events, and events without an end."""

import datetime as dt

from calendars.ical_import import ImportedBusy, busy_from_ical
from tests.calendars.http_fixtures import FILES

UTC = dt.UTC


def at(text: str) -> dt.datetime:
    """'2026-11-14 09:00' in UTC."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=UTC)


def busy(name: str, start: str, end: str, timezone: str = "Europe/Berlin") -> list[ImportedBusy]:
    return busy_from_ical((FILES / name).read_bytes(), start=at(start), end=at(end), timezone=timezone)


def spans(items: list[ImportedBusy]) -> list[tuple[str, str, str]]:
    return [(item.summary, f"{item.start:%m-%d %H:%M}", f"{item.end:%m-%d %H:%M}") for item in items]


def test_a_google_export_uses_its_x_wr_timezone_and_leaves_out_free_events():
    items = busy("google_export.ics", "2026-11-09", "2026-11-30")

    assert spans(items) == [
        ("Choir rehearsal", "11-10 17:30", "11-10 19:00"),
        ("Dentist", "11-14 09:00", "11-14 10:00"),
        # All day in the person's zone (Berlin): local midnight to the midnight after the 20th.
        ("Trip to Lisbon", "11-15 23:00", "11-20 23:00"),
        ("Choir rehearsal", "11-17 17:30", "11-17 19:00"),
        ("Choir rehearsal", "11-24 17:30", "11-24 19:00"),
        # Written without a zone: Google means the calendar's X-WR-TIMEZONE (17:00 Berlin).
        ("Call Mum (floating in the export)", "11-25 16:00", "11-25 17:00"),
    ]
    assert all(item.start.tzinfo is UTC and item.end.tzinfo is UTC for item in items)
    dentist = items[1]
    assert dentist == ImportedBusy(
        uid="3k9v0s1q2c8f7m1n5p6r4t2u0a@google.com",
        recurrence_id="",
        start=at("2026-11-14 09:00"),
        end=at("2026-11-14 10:00"),
        summary="Dentist",
        all_day=False,
    )
    assert [item.all_day for item in items] == [False, False, True, False, False, False]
    assert items[0].recurrence_id == "20261110T173000Z"


def test_the_calendars_x_wr_timezone_decides_its_floating_times_and_the_persons_zone_its_all_day_events():
    items = busy("google_export.ics", "2026-11-15", "2026-11-26", timezone="America/New_York")

    assert spans(items) == [
        ("Trip to Lisbon", "11-16 05:00", "11-21 05:00"),
        ("Choir rehearsal", "11-17 17:30", "11-17 19:00"),
        ("Choir rehearsal", "11-24 17:30", "11-24 19:00"),
        ("Call Mum (floating in the export)", "11-25 16:00", "11-25 17:00"),
    ]


def test_an_outlook_export_with_windows_zone_names():
    items = busy("outlook_export.ics", "2026-11-16", "2026-11-26")

    assert spans(items) == [
        ("Team stand-up", "11-16 08:30", "11-16 08:45"),
        ("Team stand-up", "11-18 08:30", "11-18 08:45"),
        # "W. Europe Standard Time" is Berlin: 14:00 CET.
        ("Quarterly review", "11-18 13:00", "11-18 14:30"),
        # "Eastern Standard Time" is New York: 09:00 EST.
        ("Call with the New York office", "11-19 14:00", "11-19 15:00"),
        ("Company holiday", "11-19 23:00", "11-20 23:00"),
        # The 23rd is an EXDATE; "Focus time" is TRANSP:TRANSPARENT (shown as free).
        ("Team stand-up", "11-25 08:30", "11-25 08:45"),
    ]


def test_an_outlook_weekly_series_follows_berlin_across_the_clock_change_and_stops_at_until():
    items = busy("outlook_export.ics", "2026-10-19", "2026-10-29")
    later = busy("outlook_export.ics", "2026-11-30", "2026-12-31")

    assert spans(items) == [
        ("Team stand-up", "10-19 07:30", "10-19 07:45"),
        ("Team stand-up", "10-21 07:30", "10-21 07:45"),
        ("Team stand-up", "10-26 08:30", "10-26 08:45"),
        ("Team stand-up", "10-28 08:30", "10-28 08:45"),
    ]
    assert spans(later) == [
        ("Team stand-up", "11-30 08:30", "11-30 08:45"),
        ("Team stand-up", "12-02 08:30", "12-02 08:45"),
    ]


def test_a_class_every_other_thursday_with_a_cancelled_and_a_moved_occurrence():
    items = busy("class_every_other_thursday.ics", "2026-10-01", "2026-12-31")

    assert spans(items) == [
        ("Pottery class", "10-01 14:00", "10-01 15:30"),
        ("Pottery class", "10-15 14:00", "10-15 15:30"),
        ("Pottery class", "10-29 15:00", "10-29 16:30"),  # 16:00 Berlin, now CET
        # 12 November is an EXDATE; 26 November moved to Friday morning.
        ("Pottery class (moved to Friday morning)", "11-27 09:00", "11-27 10:30"),
        ("Pottery class", "12-10 15:00", "12-10 16:30"),
        ("Pottery class", "12-24 15:00", "12-24 16:30"),
    ]
    assert {item.uid for item in items} == {"pottery-class-2026@example.org"}
    # The moved one keeps the identity of the occurrence it replaces.
    assert [item.recurrence_id for item in items] == [
        "20261001T140000Z",
        "20261015T140000Z",
        "20261029T150000Z",
        "20261126T150000Z",
        "20261210T150000Z",
        "20261224T150000Z",
    ]


def test_repeating_events_keep_their_local_time_across_a_dst_change():
    items = busy("dst_recurring.ics", "2026-10-19", "2026-11-16")

    new_york = [span for span in spans(items) if span[0] == "Weekly sync with Jordan"]
    berlin = [span for span in spans(items) if span[0] == "Morning run"]
    # 09:00 in New York: EDT until 1 November, EST after.
    assert new_york == [
        ("Weekly sync with Jordan", "10-19 13:00", "10-19 13:30"),
        ("Weekly sync with Jordan", "10-26 13:00", "10-26 13:30"),
        ("Weekly sync with Jordan", "11-02 14:00", "11-02 14:30"),
        ("Weekly sync with Jordan", "11-09 14:00", "11-09 14:30"),
    ]
    # 07:30 in Berlin: CEST until 25 October, CET from that day; UNTIL ends it on the 28th.
    assert [start for _, start, _ in berlin] == [
        "10-22 05:30",
        "10-23 05:30",
        "10-24 05:30",
        "10-25 06:30",
        "10-26 06:30",
        "10-27 06:30",
        "10-28 06:30",
    ]


def test_an_all_day_event_on_a_dst_day_is_that_whole_local_day():
    autumn = busy("all_day_dst.ics", "2026-10-01", "2026-11-01")
    spring = busy("all_day_dst.ics", "2027-03-01", "2027-04-01")

    assert [(item.start, item.end, item.all_day) for item in autumn] == [
        (at("2026-10-24 22:00"), at("2026-10-25 23:00"), True)
    ]
    assert autumn[0].end - autumn[0].start == dt.timedelta(hours=25)
    assert [(item.start, item.end) for item in spring] == [(at("2027-03-27 23:00"), at("2027-03-28 22:00"))]
    assert spring[0].end - spring[0].start == dt.timedelta(hours=23)


def test_floating_times_are_the_persons_zone():
    in_berlin = busy("floating.ics", "2026-11-16", "2026-11-17", timezone="Europe/Berlin")
    in_tokyo = busy("floating.ics", "2026-11-16", "2026-11-17", timezone="Asia/Tokyo")

    assert spans(in_berlin) == [("Piano lesson", "11-16 09:00", "11-16 10:00")]
    assert spans(in_tokyo) == [("Piano lesson", "11-16 01:00", "11-16 02:00")]


def test_a_floating_weekly_event_keeps_its_local_time_in_the_persons_zone_and_its_floating_until():
    items = busy("floating.ics", "2026-10-19", "2026-11-15")

    assert spans(items) == [
        ("Language exchange", "10-20 17:00", "10-20 18:00"),
        ("Language exchange", "10-27 18:00", "10-27 19:00"),
        ("Language exchange", "11-03 18:00", "11-03 19:00"),
        ("Language exchange", "11-10 18:00", "11-10 19:00"),
    ]
    assert items[0].recurrence_id == "20261020T190000"


def test_cancelled_and_free_events_are_not_busy():
    items = busy("cancelled_and_transparent.ics", "2026-11-01", "2026-12-01")

    assert spans(items) == [
        ("Swimming", "11-02 06:00", "11-02 07:00"),
        ("Swimming", "11-09 06:00", "11-09 07:00"),
        # The 16th's swim is a cancelled override; the book club is cancelled; working
        # from home is TRANSP:TRANSPARENT.
        ("Parents' evening", "11-17 17:00", "11-17 18:30"),
        ("Swimming", "11-23 06:00", "11-23 07:00"),
    ]


def test_events_without_an_end():
    items = busy("no_end.ics", "2026-11-16", "2026-12-08")

    assert [(span, item.all_day) for span, item in zip(spans(items), items, strict=True)] == [
        # DURATION:PT1H from 07:00 Berlin.
        (("Yoga", "11-17 06:00", "11-17 07:00"), False),
        # A date with DURATION:P2D: two whole local days.
        (("Music festival", "11-20 23:00", "11-22 23:00"), True),
        # A date alone: that one day.
        (("Pay rent", "11-30 23:00", "12-01 23:00"), True),
    ]
    # "Grant deadline" has a start time and no end: it takes no time, so it is not busy.
    assert "Grant deadline" not in {item.summary for item in items}


def test_an_endless_rule_stays_inside_the_window():
    items = busy("endless.ics", "2026-11-16", "2026-11-23")

    assert len(items) == 7
    assert spans(items)[0] == ("Daily stand-up", "11-16 08:15", "11-16 08:30")
    assert spans(items)[-1] == ("Daily stand-up", "11-22 08:15", "11-22 08:30")


def test_events_touching_the_windows_edges():
    # The window 09:30-10:00 overlaps the dentist (09:00-10:00) ...
    overlapping = busy("google_export.ics", "2026-11-14 09:30", "2026-11-14 10:00")
    # ... and 10:00-11:00 starts when it ends, as 08:00-09:00 ends when it starts.
    after = busy("google_export.ics", "2026-11-14 10:00", "2026-11-14 11:00")
    before = busy("google_export.ics", "2026-11-14 08:00", "2026-11-14 09:00")

    assert spans(overlapping) == [("Dentist", "11-14 09:00", "11-14 10:00")]
    assert after == []
    assert before == []


def test_text_is_read_as_well_as_bytes():
    text = (FILES / "floating.ics").read_text()

    items = busy_from_ical(text, start=at("2026-11-16"), end=at("2026-11-17"), timezone="Europe/Berlin")

    assert spans(items) == [("Piano lesson", "11-16 09:00", "11-16 10:00")]
