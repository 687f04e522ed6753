"""Which addresses a calendar may be read from: public ones, and the private hosts the operator
allows; never loopback, private, link-local, shared, multicast or reserved ones, however the
URL spells them, and whatever a name resolves to at the moment of connecting."""

import socket

import pytest
from niquests.packages.urllib3.contrib.resolver.system import SystemResolver

from calendars import fetch
from calendars.fetch import (
    NOT_A_URL,
    NOT_HTTP,
    PRIVATE_ADDRESS,
    UNKNOWN_HOST,
    CalendarFetchRefused,
    check_url_allowed,
    fetch_calendar,
)

# The fixtures are imported by name for pytest; the tests' parameters then reuse the names.
# ruff: noqa: F811
from tests.calendars.http_fixtures import FILES, allow_loopback, calendar_server  # noqa: F401

GOOGLE = (FILES / "google_export.ics").read_bytes()


def refusal_of(call, *args, **kwargs) -> CalendarFetchRefused:
    with pytest.raises(CalendarFetchRefused) as refused:
        call(*args, **kwargs)
    return refused.value


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/cal.ics",
        "http://127.1.2.3:8080/cal.ics",
        "http://localhost/cal.ics",
        "http://10.1.2.3/cal.ics",
        "http://172.16.0.5/cal.ics",
        "http://192.168.1.10/cal.ics",
        "http://169.254.169.254/latest/meta-data/",
        "http://100.64.0.1/cal.ics",
        "http://0.0.0.0/cal.ics",
        "http://224.0.0.1/cal.ics",
        "http://240.0.0.1/cal.ics",
        "http://255.255.255.255/cal.ics",
        "http://[::1]/cal.ics",
        "http://[::]/cal.ics",
        "http://[fe80::1]/cal.ics",
        "http://[fd12:3456::1]/cal.ics",
        "http://[ff02::1]/cal.ics",
        "http://[::ffff:127.0.0.1]/cal.ics",
        "http://[::ffff:10.0.0.1]/cal.ics",
        "http://[::ffff:169.254.169.254]/cal.ics",
        "http://[64:ff9b::a9fe:a9fe]/cal.ics",
        "http://[2002:7f00:1::]/cal.ics",
        "https://2130706433/cal.ics",
        "http://0x7f000001/cal.ics",
        "http://0177.0.0.1/cal.ics",
    ],
)
def test_a_private_loopback_or_reserved_address_is_refused_before_anything_is_sent(url):
    refused = refusal_of(check_url_allowed, url)

    assert refused.message == PRIVATE_ADDRESS
    assert refused.message.startswith("That address is on a private network")
    assert refused.errors == {"url": [PRIVATE_ADDRESS]}
    assert refused.status == 400


@pytest.mark.parametrize(
    "url",
    ["ftp://example.com/cal.ics", "file:///etc/passwd", "gopher://example.com/", "webcal://example.com/cal.ics"],
)
def test_only_http_and_https_addresses_are_read(url):
    assert refusal_of(fetch_calendar, url).message == NOT_HTTP


@pytest.mark.parametrize("url", ["", "example.com/cal.ics", "http://", "http:///cal.ics", "http://host:99999/"])
def test_something_that_is_not_a_web_address_is_refused_as_such(url):
    assert refusal_of(check_url_allowed, url).message == NOT_A_URL


def test_a_name_that_does_not_resolve_is_refused_as_unknown(monkeypatch):
    def no_such_name(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_such_name)

    assert refusal_of(check_url_allowed, "https://calendar.invalid/cal.ics").message == UNKNOWN_HOST


def _resolving(monkeypatch, answers: dict[str, list[list[str]]]) -> list[str]:
    """Makes socket.getaddrinfo answer these names with these addresses, one list per lookup
    (the last one repeats), and other hosts as usual; returns the names looked up."""
    real = socket.getaddrinfo
    looked_up: list[str] = []

    def fake(host, port, *args, **kwargs):
        name = host.decode() if isinstance(host, bytes) else host
        if name not in answers:
            return real(host, port, *args, **kwargs)
        looked_up.append(name)
        turn = answers[name][min(looked_up.count(name), len(answers[name])) - 1]
        family = {True: socket.AF_INET6, False: socket.AF_INET}
        return [(family[":" in address], socket.SOCK_STREAM, 6, "", (address, int(port or 0))) for address in turn]

    monkeypatch.setattr(socket, "getaddrinfo", fake)
    return looked_up


def test_a_public_name_that_resolves_to_loopback_is_refused(monkeypatch, calendar_server):
    _resolving(monkeypatch, {"calendar.example.com": [["127.0.0.1"]]})
    calendar_server.answer("/cal.ics", GOOGLE)

    refused = refusal_of(fetch_calendar, f"http://calendar.example.com:{calendar_server.port}/cal.ics")

    assert refused.message == PRIVATE_ADDRESS
    assert calendar_server.received == []


def test_a_name_with_one_private_address_among_public_ones_is_refused(monkeypatch):
    _resolving(monkeypatch, {"calendar.example.com": [["93.184.216.34", "10.0.0.7"]]})

    assert refusal_of(check_url_allowed, "https://calendar.example.com/cal.ics").message == PRIVATE_ADDRESS


def test_a_name_rebound_to_loopback_after_the_check_is_refused_when_connecting(monkeypatch, calendar_server):
    # DNS rebinding: public while the URL is checked, loopback when the connection is made.
    looked_up = _resolving(monkeypatch, {"rebind.example.com": [["93.184.216.34"], ["127.0.0.1"]]})
    calendar_server.answer("/cal.ics", GOOGLE)

    refused = refusal_of(fetch_calendar, f"http://rebind.example.com:{calendar_server.port}/cal.ics")

    assert refused.message == PRIVATE_ADDRESS
    assert looked_up == ["rebind.example.com", "rebind.example.com"]
    assert calendar_server.received == []


def test_loopback_is_read_once_the_operator_allows_it(allow_loopback, calendar_server):
    url = calendar_server.answer("/cal.ics", GOOGLE)

    assert fetch_calendar(url) == GOOGLE
    assert calendar_server.paths() == ["/cal.ics"]


def test_an_allowed_host_name_allows_that_name_and_not_its_address(settings, calendar_server):
    settings.CALENDAR_ALLOWED_PRIVATE_HOSTS = ["LOCALHOST."]
    calendar_server.answer("/cal.ics", GOOGLE)

    assert fetch_calendar(calendar_server.url("/cal.ics", host="localhost")) == GOOGLE
    assert refusal_of(fetch_calendar, calendar_server.url("/cal.ics")).message == PRIVATE_ADDRESS
    assert calendar_server.paths() == ["/cal.ics"]


def test_an_allowed_network_allows_every_address_in_it(settings, calendar_server):
    settings.CALENDAR_ALLOWED_PRIVATE_HOSTS = ["127.0.0.0/8"]
    calendar_server.answer("/cal.ics", GOOGLE)

    assert fetch_calendar(calendar_server.url("/cal.ics")) == GOOGLE
    assert refusal_of(check_url_allowed, "http://10.0.0.1/cal.ics").message == PRIVATE_ADDRESS


def test_a_redirect_from_an_allowed_server_to_a_private_address_is_refused(allow_loopback, calendar_server):
    metadata = calendar_server.redirect("/metadata", "http://169.254.169.254/latest/meta-data/")
    lan = calendar_server.redirect("/lan", "http://10.0.0.1/admin")
    ipv6_loopback = calendar_server.redirect("/v6", f"http://[::1]:{calendar_server.port}/cal.ics")

    for url in (metadata, lan, ipv6_loopback):
        assert refusal_of(fetch_calendar, url).message == PRIVATE_ADDRESS
    assert calendar_server.paths() == ["/metadata", "/lan", "/v6"]


def test_a_redirect_to_another_scheme_is_refused(allow_loopback, calendar_server):
    url = calendar_server.redirect("/ftp", "ftp://example.com/cal.ics")

    with pytest.raises(CalendarFetchRefused):
        fetch_calendar(url)


def test_proxy_settings_in_the_environment_are_not_used(monkeypatch, allow_loopback, calendar_server):
    # Through a proxy, the address checked would be the proxy's, not the calendar's.
    monkeypatch.setenv("HTTP_PROXY", "http://10.255.255.1:3128")
    monkeypatch.setenv("http_proxy", "http://10.255.255.1:3128")
    url = calendar_server.answer("/cal.ics", GOOGLE)

    assert fetch_calendar(url, timeout=3) == GOOGLE


def test_a_connection_that_reached_a_private_address_some_other_way_is_closed_unused(monkeypatch, calendar_server):
    # Were a code path of the HTTP library to resolve without the checked resolver, the
    # connected socket's peer address would still be checked before anything is sent.
    monkeypatch.setattr(fetch._CheckedResolver, "getaddrinfo", SystemResolver.getaddrinfo)
    _resolving(monkeypatch, {"rebind.example.com": [["93.184.216.34"], ["127.0.0.1"]]})
    calendar_server.answer("/cal.ics", GOOGLE)

    refused = refusal_of(fetch_calendar, f"http://rebind.example.com:{calendar_server.port}/cal.ics")

    assert refused.message == PRIVATE_ADDRESS
    assert calendar_server.received == []
