"""Reading a person's calendar from the network without becoming a way into ours.

A server that fetches URLs its users type is an SSRF target: "my calendar" could be
http://169.254.169.254/ (cloud credentials), http://localhost:6379/ or a router on the LAN.
So every connection made for a calendar, the first one and each redirect's, is checked
against the address it really goes to:

- One HTTP library for both ways in: caldav 3.6 talks through niquests, so the ICS fetch uses
  niquests too, and both get a session from `_checked_session`.
- The session resolves names with `_CheckedResolver`. It looks the host up once, refuses
  the connection when any of the addresses is not public (loopback, private, link-local,
  shared, unspecified, multicast, reserved, IPv4 hidden in IPv6: mapped, NAT64, 6to4) unless
  the operator allowed it (`CALENDAR_ALLOWED_PRIVATE_HOSTS`), and the library then connects
  to exactly those addresses: there is no second lookup for a rebinding DNS server to answer
  differently. After connecting, the socket's peer address is checked again, so no code path
  of the library that connects some other way gets through unchecked.
- Redirects (at most 3) are new requests through the same session, hence the same resolver;
  credentials are dropped when a redirect leaves the host (the library's rule).
- The session ignores the environment (no proxy, whose address would be the one checked, and
  no .netrc), and has HTTP/3 (QUIC upgrades announced by the server), happy eyeballs (its own
  per-address resolvers) and certificate revocation checks (fetches to servers the person
  did not name) switched off. It does not retry on its own.
- Every response body, redirects' included, is read by a response hook in pieces, refused as
  soon as it passes the size limit (a Content-Length above it is refused before reading) or
  takes longer than the timeout in all: a server that drips a byte at a time is cut off.

`check_url_allowed` applies the same rule before anything is fetched, for a clear error when
a connection is saved; the resolver still checks at connection time, because DNS answers
change. The name lookup itself is the system resolver's (its own timeouts apply, not ours).
"""

import contextlib
import ipaddress
import socket
import time
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import caldav
import niquests
from caldav.lib import error as caldav_error
from django.conf import settings
from niquests.packages.urllib3.contrib.resolver.system import SystemResolver

from config.refusal import Refusal

DEFAULT_TIMEOUT = 10.0
DEFAULT_MAX_BYTES = 5_000_000
MAX_REDIRECTS = 3
_READ_CHUNK = 16_384
USER_AGENT = "Monthwise calendar sync"

# Messages for the person; tests and the connection services use these names.
PRIVATE_ADDRESS = (
    "That address is on a private network, so Monthwise won't read it. "
    "The person running this Monthwise can allow the host in CALENDAR_ALLOWED_PRIVATE_HOSTS."
)
NOT_HTTP = "Only http:// and https:// calendar addresses can be read (for webcal://, write https:// instead)."
NOT_A_URL = "That is not a web address. Copy the calendar's full address, starting with https://."
UNKNOWN_HOST = "No calendar server answers to that name. Check the address."
UNREACHABLE = "The calendar server could not be reached. Check the address, or try again later."
TOO_SLOW = "The calendar server took too long to answer. Try again later."
TOO_MANY_REDIRECTS = f"Too many redirects: the calendar address sent us on more than {MAX_REDIRECTS} times."
WRONG_PASSWORD = "Wrong username or password: the calendar server refused them."
NOT_FOUND = "The calendar server has no calendar at that address."
BAD_CERTIFICATE = "The calendar server's certificate could not be verified (https)."


def too_large_message(max_bytes: int) -> str:
    return f"The calendar is larger than {max_bytes / 1_000_000:g} MB, more than Monthwise reads."


class CalendarFetchRefused(Refusal):
    """A calendar address Monthwise will not, or could not, read."""

    status = 400

    def __init__(self, message: str, *, field: str | None = "url", **kwargs: Any) -> None:
        super().__init__(message, field=field, **kwargs)


# --- Which addresses may be reached --------------------------------------------------------

_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def _address_is_public(address: IPAddress) -> bool:
    if isinstance(address, ipaddress.IPv6Address):
        # An IPv4 address wrapped in IPv6 is judged as the IPv4 address it reaches.
        if address.ipv4_mapped is not None:
            return _address_is_public(address.ipv4_mapped)
        if address in _NAT64:
            return _address_is_public(ipaddress.IPv4Address(int(address) & 0xFFFFFFFF))
        if address.sixtofour is not None and not _address_is_public(address.sixtofour):
            return False
    return address.is_global and not (address.is_multicast or address.is_reserved or address.is_private)


def _normal_host(host: str | bytes) -> str:
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    return host.strip("[]").rstrip(".").lower()


class _AllowedPrivateHosts:
    """CALENDAR_ALLOWED_PRIVATE_HOSTS: host names (allowed whatever they resolve to), IP
    addresses and networks (allowed whichever name led to them)."""

    def __init__(self, entries: list[str]) -> None:
        self.names: set[str] = set()
        self.networks: list[ipaddress.IPv4Network | ipaddress.IPv6Network] = []
        for entry in entries:
            entry = _normal_host(entry.strip())
            if not entry:
                continue
            try:
                self.networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                self.names.add(entry)

    @classmethod
    def from_settings(cls) -> "_AllowedPrivateHosts":
        return cls(list(getattr(settings, "CALENDAR_ALLOWED_PRIVATE_HOSTS", [])))

    def allows(self, host: str, address: IPAddress) -> bool:
        if _normal_host(host) in self.names:
            return True
        if address.version == 6 and address.ipv4_mapped is not None:
            address = address.ipv4_mapped
        return any(address in network for network in self.networks)


def _parse_address(text: str) -> IPAddress:
    # getaddrinfo gives IPv6 link-local addresses with a zone ("fe80::1%eth0").
    return ipaddress.ip_address(text.split("%", 1)[0])


def _check_address(host: str, address_text: str, allowed: _AllowedPrivateHosts) -> None:
    try:
        address = _parse_address(address_text)
    except ValueError:
        raise CalendarFetchRefused(PRIVATE_ADDRESS)
    if not _address_is_public(address) and not allowed.allows(host, address):
        raise CalendarFetchRefused(PRIVATE_ADDRESS)


def _resolve(host: str, port: int) -> list[str]:
    try:
        records = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise CalendarFetchRefused(UNKNOWN_HOST)
    return [str(record[4][0]) for record in records]


def check_url_allowed(url: str) -> None:
    """Refuses (CalendarFetchRefused) a URL that is not http(s), has no host, or whose host
    resolves to any address that is not public and not allowed by the operator."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise CalendarFetchRefused(NOT_A_URL)
    if parts.scheme.lower() not in ("http", "https"):
        raise CalendarFetchRefused(NOT_HTTP if parts.scheme else NOT_A_URL)
    host = parts.hostname
    if not host:
        raise CalendarFetchRefused(NOT_A_URL)
    allowed = _AllowedPrivateHosts.from_settings()
    for address in _resolve(host, port or (443 if parts.scheme.lower() == "https" else 80)):
        _check_address(host, address, allowed)


class _CheckedResolver(SystemResolver):
    """The system resolver, refusing private addresses before connecting and checking the
    connected socket's peer after."""

    def __init__(self, allowed: _AllowedPrivateHosts) -> None:
        super().__init__()
        self._allowed = allowed

    def recycle(self) -> "_CheckedResolver":
        return self

    def getaddrinfo(self, host, port, family, type, proto=0, flags=0, *, quic_upgrade_via_dns_rr=False):
        if host is None:
            raise CalendarFetchRefused(NOT_A_URL)
        records = super().getaddrinfo(host, port, family, type, proto, flags)
        for record in records:
            _check_address(_normal_host(host), str(record[4][0]), self._allowed)
        return records

    def create_connection(self, address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
        sock = super().create_connection(address, *args, **kwargs)
        try:
            _check_address(_normal_host(address[0]), str(sock.getpeername()[0]), self._allowed)
        except BaseException:
            sock.close()
            raise
        return sock


def _body_reader(*, max_bytes: int, timeout: float):
    """A response hook that reads the whole body within the limits, so that nothing after
    it (the redirect logic, caldav, fetch_calendar) reads an unbounded one."""

    def read_body(response: niquests.Response, **_: Any) -> niquests.Response:
        if response.raw is None:
            return response
        declared = response.headers.get("Content-Length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            response.close()
            raise CalendarFetchRefused(too_large_message(max_bytes))
        deadline = time.monotonic() + timeout
        body = bytearray()
        for chunk in response.iter_content(chunk_size=_READ_CHUNK):
            body += chunk
            if len(body) > max_bytes:
                response.close()
                raise CalendarFetchRefused(too_large_message(max_bytes))
            if time.monotonic() > deadline:
                response.close()
                raise CalendarFetchRefused(TOO_SLOW)
        # The body is read: later `.content` must answer it rather than read again.
        response._content = bytes(body)
        return response

    return read_body


def _checked_session(*, timeout: float, max_bytes: int) -> niquests.Session:
    session = niquests.Session(
        resolver=_CheckedResolver(_AllowedPrivateHosts.from_settings()),
        disable_http3=True,
        happy_eyeballs=False,
        revocation_configuration=None,
        retries=0,
        timeout=timeout,
        hooks={"response": [_body_reader(max_bytes=max_bytes, timeout=timeout)]},
    )
    session.trust_env = False
    session.max_redirects = MAX_REDIRECTS
    session.headers["User-Agent"] = USER_AGENT
    return session


@contextlib.contextmanager
def calendar_server_errors() -> Iterator[None]:
    """Turns the HTTP and CalDAV libraries' errors into CalendarFetchRefused with a message
    for the person (refusals raised inside, such as a private address, pass unchanged)."""
    try:
        yield
    except niquests.exceptions.TooManyRedirects:
        raise CalendarFetchRefused(TOO_MANY_REDIRECTS)
    except niquests.exceptions.Timeout:
        raise CalendarFetchRefused(TOO_SLOW)
    except niquests.exceptions.SSLError:
        raise CalendarFetchRefused(BAD_CERTIFICATE)
    except niquests.exceptions.ConnectionError as exc:
        if "timed out" in str(exc).lower():
            raise CalendarFetchRefused(TOO_SLOW)
        if "resolution" in str(exc).lower() or "name or service" in str(exc).lower():
            raise CalendarFetchRefused(UNKNOWN_HOST)
        raise CalendarFetchRefused(UNREACHABLE)
    except (niquests.exceptions.InvalidURL, niquests.exceptions.InvalidSchema, niquests.exceptions.MissingSchema):
        raise CalendarFetchRefused(NOT_A_URL)
    except niquests.exceptions.RequestException:
        raise CalendarFetchRefused(UNREACHABLE)
    except caldav_error.AuthorizationError:
        raise CalendarFetchRefused(WRONG_PASSWORD)
    except caldav_error.NotFoundError:
        raise CalendarFetchRefused(NOT_FOUND)


def fetch_calendar(
    url: str,
    *,
    username: str = "",
    password: str = "",
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> bytes:
    """The body at an iCalendar subscription URL (GET, Basic auth when a username is given)."""
    check_url_allowed(url)
    auth = (username, password) if username else None
    with _checked_session(timeout=timeout, max_bytes=max_bytes) as session, calendar_server_errors():
        response = session.get(url.strip(), auth=auth, headers={"Accept": "text/calendar, */*;q=0.5"})
    if response.status_code in (401, 403):
        raise CalendarFetchRefused(WRONG_PASSWORD)
    if response.status_code in (404, 410):
        raise CalendarFetchRefused(NOT_FOUND)
    if response.status_code != 200:
        raise CalendarFetchRefused(f"The calendar server answered {response.status_code} instead of the calendar.")
    return response.content or b""


def safe_dav_client(
    url: str, *, username: str, password: str, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = DEFAULT_MAX_BYTES
) -> caldav.DAVClient:
    """A caldav client whose every connection (redirects included) goes through the address
    check, with the timeout and a size limit per response. Call it inside
    `calendar_server_errors()` to get the library's errors as refusals."""
    check_url_allowed(url)
    client = caldav.DAVClient(
        url=url.strip(),
        username=username or None,
        password=password or None,
        timeout=timeout,  # type: ignore[arg-type]
        enable_rfc6764=False,
    )
    # The client made its own session; every request goes through client.session.
    client.session.close()
    client.session = _checked_session(timeout=timeout, max_bytes=max_bytes)
    return client
