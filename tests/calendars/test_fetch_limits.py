"""Reading a calendar is bounded: at most 3 redirects, a timeout for a server that never
answers or drips, 5 MB read while streaming (not after), and each failure a message for the
person rather than a library's exception."""

import datetime as dt
import time

import pytest

from calendars.fetch import (
    NOT_FOUND,
    TOO_MANY_REDIRECTS,
    TOO_SLOW,
    UNREACHABLE,
    WRONG_PASSWORD,
    CalendarFetchRefused,
    fetch_calendar,
    too_large_message,
)
from calendars.ical_import import busy_from_ical

# The fixtures are imported by name for pytest; the tests' parameters then reuse the names.
# ruff: noqa: F811
from tests.calendars.http_fixtures import FILES, allow_loopback, calendar_server  # noqa: F401

GOOGLE = (FILES / "google_export.ics").read_bytes()

pytestmark = pytest.mark.usefixtures("allow_loopback")


def refusal_of(url: str, **kwargs) -> CalendarFetchRefused:
    with pytest.raises(CalendarFetchRefused) as refused:
        fetch_calendar(url, **kwargs)
    assert refused.value.errors == {"url": [refused.value.message]}
    return refused.value


def test_a_subscription_is_read_and_imported_from_a_local_server(calendar_server):
    url = calendar_server.answer_file("/basic/calendar.ics", "google_export.ics")

    data = fetch_calendar(url)
    busy = busy_from_ical(
        data,
        start=dt.datetime(2026, 11, 14, tzinfo=dt.UTC),
        end=dt.datetime(2026, 11, 15, tzinfo=dt.UTC),
        timezone="Europe/Berlin",
    )

    assert data == GOOGLE
    assert [(item.summary, item.start.isoformat(), item.end.isoformat()) for item in busy] == [
        ("Dentist", "2026-11-14T09:00:00+00:00", "2026-11-14T10:00:00+00:00")
    ]
    assert calendar_server.received[0].headers["User-Agent"] == "Monthwise calendar sync"


def test_basic_credentials_are_sent_and_the_right_ones_read_the_calendar(calendar_server):
    url = calendar_server.answer_with_password("/private.ics", "google_export.ics", username="alex", password="s3cret")

    assert fetch_calendar(url, username="alex", password="s3cret") == GOOGLE


@pytest.mark.parametrize(("username", "password"), [("alex", "wrong"), ("", "")])
def test_a_401_is_a_wrong_username_or_password(calendar_server, username, password):
    url = calendar_server.answer_with_password("/private.ics", "google_export.ics", username="alex", password="s3cret")

    assert refusal_of(url, username=username, password=password).message == WRONG_PASSWORD


def test_a_403_is_a_wrong_username_or_password_too(calendar_server):
    url = calendar_server.answer("/forbidden.ics", b"Forbidden", status=403)

    assert refusal_of(url).message == WRONG_PASSWORD
    assert "username or password" in WRONG_PASSWORD.lower()


def test_a_missing_calendar_and_a_server_error_say_so(calendar_server):
    broken = calendar_server.answer("/broken.ics", b"Oops", status=500)

    assert refusal_of(calendar_server.url("/nothing-here.ics")).message == NOT_FOUND
    assert refusal_of(broken).message == "The calendar server answered 500 instead of the calendar."


def test_three_redirects_are_followed(calendar_server):
    calendar_server.answer_file("/final.ics", "google_export.ics")
    calendar_server.redirect("/hop3", "/final.ics", status=301)
    calendar_server.redirect("/hop2", calendar_server.url("/hop3"), status=307)
    url = calendar_server.redirect("/hop1", "/hop2", status=302)

    assert fetch_calendar(url) == GOOGLE
    assert calendar_server.paths() == ["/hop1", "/hop2", "/hop3", "/final.ics"]


def test_a_fourth_redirect_is_refused_without_following_it(calendar_server):
    calendar_server.answer_file("/final.ics", "google_export.ics")
    for hop in range(4, 0, -1):
        calendar_server.redirect(f"/hop{hop}", f"/hop{hop + 1}" if hop < 4 else "/final.ics")

    refused = refusal_of(calendar_server.url("/hop1"))

    assert refused.message == TOO_MANY_REDIRECTS
    assert refused.message.startswith("Too many redirects")
    assert "/final.ics" not in calendar_server.paths()


def test_a_redirect_loop_is_too_many_redirects(calendar_server):
    url = calendar_server.redirect("/loop", "/loop")

    assert refusal_of(url).message == TOO_MANY_REDIRECTS
    assert calendar_server.paths() == ["/loop"] * 4


def test_a_server_that_never_answers_times_out(calendar_server):
    url = calendar_server.silent("/silent.ics", seconds=30)
    started = time.monotonic()

    refused = refusal_of(url, timeout=1.0)

    assert refused.message == TOO_SLOW
    assert refused.message.startswith("The calendar server took too long to answer")
    assert time.monotonic() - started < 5


def test_a_server_that_drips_the_body_is_cut_off_at_the_timeout(calendar_server):
    # Each byte comes well within the read timeout; the whole body never would.
    url = calendar_server.drip("/drip.ics", every=0.2, total=1000)
    started = time.monotonic()

    refused = refusal_of(url, timeout=1.0)

    assert refused.message == TOO_SLOW
    assert time.monotonic() - started < 4


def test_a_server_that_stops_in_the_middle_of_the_body_times_out(calendar_server):
    url = calendar_server.stall("/stall.ics", first=b"BEGIN:VCALENDAR\r\n", seconds=30)
    started = time.monotonic()

    assert refusal_of(url, timeout=1.0).message == TOO_SLOW
    assert time.monotonic() - started < 4


def test_a_body_over_5_mb_is_refused_while_streaming(calendar_server):
    url = calendar_server.flood("/huge.ics", total=200_000_000)

    refused = refusal_of(url)

    assert refused.message == too_large_message(5_000_000)
    assert refused.message.startswith("The calendar is larger than 5 MB")
    # The reading stopped soon after 5 MB: the server got nowhere near its 200 MB.
    time.sleep(0.2)
    assert calendar_server.bytes_sent["/huge.ics"] < 50_000_000


def test_a_declared_length_over_the_limit_is_refused_before_reading(calendar_server):
    url = calendar_server.flood("/declared.ics", total=6_000_000, declare_length=True)

    assert refusal_of(url).message == too_large_message(5_000_000)


def test_the_size_limit_applies_to_the_body_of_a_redirect_too(calendar_server):
    def redirect_with_a_flood(handler):
        handler.send_response(302)
        handler.send_header("Location", "/final.ics")
        handler.end_headers()
        chunk = b"x" * 65536
        for _ in range(2000):  # 130 MB that a redirect should never need
            handler.wfile.write(chunk)

    calendar_server.routes["/redirect.ics"] = redirect_with_a_flood
    calendar_server.answer_file("/final.ics", "google_export.ics")

    assert refusal_of(calendar_server.url("/redirect.ics")).message == too_large_message(5_000_000)


def test_a_smaller_limit_can_be_asked_for(calendar_server):
    url = calendar_server.answer_file("/cal.ics", "google_export.ics")

    assert refusal_of(url, max_bytes=1000).message == too_large_message(1000)


def test_a_closed_port_is_unreachable(calendar_server):
    assert refusal_of("http://127.0.0.1:9/cal.ics", timeout=2).message == UNREACHABLE


def test_credentials_are_not_sent_on_to_another_host(calendar_server):
    # localhost is another host name than 127.0.0.1, allowed here by its address.
    calendar_server.answer_file("/elsewhere.ics", "google_export.ics")
    url = calendar_server.redirect("/moved.ics", calendar_server.url("/elsewhere.ics", host="localhost"))

    assert fetch_calendar(url, username="alex", password="s3cret") == GOOGLE
    first, second = calendar_server.received
    assert first.headers["Authorization"].startswith("Basic ")
    assert "Authorization" not in second.headers
