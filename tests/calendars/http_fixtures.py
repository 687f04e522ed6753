"""A local web server that plays the calendar servers calendars.fetch must cope with: one
answering a file, one asking for a password, one sending us on (redirects), one that never
answers, one that never stops sending. It runs on 127.0.0.1, so a test that means to reach
it allows loopback (`allow_loopback`), as an operator allows a Nextcloud on the LAN; a test
that checks a refusal leaves it refused and asserts that no request arrived.
"""

import base64
import socket
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

FILES = Path(__file__).resolve().parent / "files"

Route = Callable[[BaseHTTPRequestHandler], None]


@dataclass(frozen=True)
class Received:
    method: str
    path: str
    headers: dict[str, str]


@dataclass
class CalendarServer:
    host: str
    port: int
    routes: dict[str, Route] = field(default_factory=dict)
    received: list[Received] = field(default_factory=list)
    bytes_sent: dict[str, int] = field(default_factory=dict)
    stop: threading.Event = field(default_factory=threading.Event)

    def url(self, path: str, *, host: str | None = None) -> str:
        return f"http://{host or self.host}:{self.port}{path}"

    def paths(self) -> list[str]:
        return [request.path for request in self.received]

    # --- what a path answers ---------------------------------------------------------

    def answer(self, path: str, body: bytes, *, status: int = 200, headers: dict[str, str] | None = None) -> str:
        def route(handler: BaseHTTPRequestHandler) -> None:
            handler.send_response(status)
            for name, value in {"Content-Type": "text/calendar; charset=utf-8", **(headers or {})}.items():
                handler.send_header(name, value)
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body)

        self.routes[path] = route
        return self.url(path)

    def answer_file(self, path: str, name: str) -> str:
        return self.answer(path, (FILES / name).read_bytes())

    def answer_with_password(self, path: str, name: str, *, username: str, password: str) -> str:
        """The file for the right Basic credentials, 401 otherwise."""
        expected = "Basic " + base64.b64encode(f"{username}:{password}".encode()).decode()
        body = (FILES / name).read_bytes()

        def route(handler: BaseHTTPRequestHandler) -> None:
            if handler.headers.get("Authorization") != expected:
                handler.send_response(401)
                handler.send_header("WWW-Authenticate", 'Basic realm="calendar"')
                handler.send_header("Content-Length", "0")
                handler.end_headers()
                return
            handler.send_response(200)
            handler.send_header("Content-Type", "text/calendar")
            handler.send_header("Content-Length", str(len(body)))
            handler.end_headers()
            handler.wfile.write(body)

        self.routes[path] = route
        return self.url(path)

    def redirect(self, path: str, location: str, *, status: int = 302) -> str:
        def route(handler: BaseHTTPRequestHandler) -> None:
            handler.send_response(status)
            handler.send_header("Location", location)
            handler.send_header("Content-Length", "0")
            handler.end_headers()

        self.routes[path] = route
        return self.url(path)

    def silent(self, path: str, *, seconds: float) -> str:
        """Accepts the request and says nothing for `seconds`."""

        def route(handler: BaseHTTPRequestHandler) -> None:
            self.stop.wait(seconds)

        self.routes[path] = route
        return self.url(path)

    def drip(self, path: str, *, every: float, total: int) -> str:
        """Answers at once, then sends the body a byte every `every` seconds."""

        def route(handler: BaseHTTPRequestHandler) -> None:
            handler.send_response(200)
            handler.send_header("Content-Type", "text/calendar")
            handler.send_header("Content-Length", str(total))
            handler.end_headers()
            for _ in range(total):
                if self.stop.wait(every):
                    return
                handler.wfile.write(b"x")
                handler.wfile.flush()

        self.routes[path] = route
        return self.url(path)

    def stall(self, path: str, *, first: bytes, seconds: float) -> str:
        """Answers, sends the start of the body, then nothing for `seconds`."""

        def route(handler: BaseHTTPRequestHandler) -> None:
            handler.send_response(200)
            handler.send_header("Content-Type", "text/calendar")
            handler.send_header("Content-Length", str(len(first) + 1000))
            handler.end_headers()
            handler.wfile.write(first)
            handler.wfile.flush()
            self.stop.wait(seconds)

        self.routes[path] = route
        return self.url(path)

    def flood(self, path: str, *, total: int, declare_length: bool = False) -> str:
        """Streams `total` bytes (chunked unless `declare_length`), counting what got out."""

        def route(handler: BaseHTTPRequestHandler) -> None:
            handler.send_response(200)
            handler.send_header("Content-Type", "text/calendar")
            if declare_length:
                handler.send_header("Content-Length", str(total))
            handler.end_headers()
            chunk = b"BEGIN:VEVENT\r\n" * 4096
            self.bytes_sent[path] = 0
            while self.bytes_sent[path] < total:
                handler.wfile.write(chunk)
                self.bytes_sent[path] += len(chunk)

        self.routes[path] = route
        return self.url(path)


def _handler_for(server: CalendarServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _dispatch(self) -> None:
            server.received.append(Received(self.command, self.path, dict(self.headers.items())))
            route = server.routes.get(self.path)
            try:
                if route is None:
                    self.send_response(404)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                else:
                    route(self)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client hung up, as it should when it has had enough

        def end_headers(self) -> None:
            # One request a connection, and said so, as a server that closes must.
            self.send_header("Connection", "close")
            super().end_headers()

        do_GET = do_HEAD = do_PROPFIND = do_REPORT = do_OPTIONS = _dispatch

        def log_message(self, *args: object) -> None:
            pass

    return Handler


def start_calendar_server(host: str = "127.0.0.1") -> tuple[CalendarServer, Callable[[], None]]:
    httpd = ThreadingHTTPServer((host, 0), None)  # type: ignore[arg-type]
    server = CalendarServer(host=host if ":" not in host else f"[{host}]", port=httpd.server_address[1])
    httpd.RequestHandlerClass = _handler_for(server)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()

    def stop() -> None:
        server.stop.set()
        httpd.shutdown()
        httpd.server_close()

    return server, stop


@pytest.fixture
def calendar_server() -> Iterator[CalendarServer]:
    server, stop = start_calendar_server()
    yield server
    stop()


@pytest.fixture
def allow_loopback(settings) -> None:
    settings.CALENDAR_ALLOWED_PRIVATE_HOSTS = ["127.0.0.1"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
