"""A fake OpenAI-compatible chat-completions server for tests.

A real HTTP server on 127.0.0.1 (ephemeral port) in a daemon thread, so tests exercise
the real ``openai`` client: its HTTP stack, timeouts, ``response_format`` and ``usage``.

    with ChatServer() as server:
        server.script(Status(429, headers={"retry-after": "0"}), Reply({"advice": "..."}))
        provider = OpenAIProvider(api_key="k", base_url=server.base_url, model="gpt-4o-mini")
        ...
        assert len(server.requests) == 2

Behaviours are consumed one per request; the last one repeats. Every request to
``POST /v1/chat/completions`` is recorded (``server.requests``), whatever the answer.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import socket
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

__all__ = [
    "Behaviour",
    "ChatServer",
    "Malformed",
    "RawBody",
    "RecordedRequest",
    "Reply",
    "Slow",
    "Status",
]

COMPLETIONS_PATH = "/v1/chat/completions"


@dataclass(frozen=True)
class Reply:
    """HTTP 200 with one choice. ``content`` is sent as is (str) or JSON-encoded."""

    content: Any
    prompt_tokens: int = 10
    completion_tokens: int = 20
    finish_reason: str = "stop"
    model: str | None = None  # default: the model the request named
    refusal: str | None = None


@dataclass(frozen=True)
class Status:
    """An error status with an OpenAI-shaped error body (``body`` replaces it)."""

    code: int
    headers: dict[str, str] = field(default_factory=dict)
    body: Any = None
    message: str = ""
    error_code: str | None = None


@dataclass(frozen=True)
class Malformed:
    """HTTP 200, a well-formed completion whose message content is not JSON."""

    content: str = "{not json"
    prompt_tokens: int = 10
    completion_tokens: int = 5


@dataclass(frozen=True)
class RawBody:
    """Any status with an arbitrary body (e.g. a proxy's HTML page)."""

    body: bytes
    status: int = 200
    content_type: str = "application/json"


@dataclass(frozen=True)
class Slow:
    """Wait ``seconds`` before answering with ``then`` (interrupted on shutdown)."""

    seconds: float
    then: Behaviour = field(default_factory=lambda: Reply({"ok": True}))


Behaviour = Reply | Status | Malformed | RawBody | Slow


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]  # lower-cased names
    body: Any  # parsed JSON, or the raw text when it was not JSON

    @property
    def json(self) -> dict[str, Any]:
        assert isinstance(self.body, dict), f"request body was not a JSON object: {self.body!r}"
        return self.body


_NOT_SCRIPTED = Status(501, message="ChatServer has no script: call server.script(...) first.")


class ChatServer:
    def __init__(self, host: str = "127.0.0.1") -> None:
        self._host = host
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._script: list[Behaviour] = [_NOT_SCRIPTED]
        self._served = 0
        self._ids = itertools.count(1)
        self._connections: set[socket.socket] = set()
        self.requests: list[RecordedRequest] = []
        self._httpd: _Server | None = None
        self._thread: threading.Thread | None = None

    # --- lifecycle ------------------------------------------------------------------------

    def start(self) -> ChatServer:
        self._httpd = _Server((self._host, 0), _Handler, owner=self)
        self._thread = threading.Thread(
            target=self._httpd.serve_forever,
            kwargs={"poll_interval": 0.05},
            name="fake-chat-server",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._httpd is None:
            return
        self._stopping.set()  # wakes handlers sleeping in Slow
        self._httpd.shutdown()
        with self._lock:
            connections = list(self._connections)
        for connection in connections:
            # Unblock handlers waiting on a kept-alive connection.
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._httpd = None

    def __enter__(self) -> ChatServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        assert self._httpd is not None, "ChatServer is not running"
        return self._httpd.server_address[1]

    @property
    def base_url(self) -> str:
        return f"http://{self._host}:{self.port}/v1"

    # --- scripting ------------------------------------------------------------------------

    def script(self, *behaviours: Behaviour) -> None:
        """Answer the next requests with these behaviours, in order; the last one repeats."""
        if not behaviours:
            raise ValueError("script() needs at least one behaviour")
        with self._lock:
            self._script = list(behaviours)
            self._served = 0

    def _next_behaviour(self) -> Behaviour:
        with self._lock:
            behaviour = self._script[min(self._served, len(self._script) - 1)]
            self._served += 1
            return behaviour

    def _record(self, request: RecordedRequest) -> None:
        with self._lock:
            self.requests.append(request)

    @property
    def completion_requests(self) -> list[RecordedRequest]:
        return [r for r in self.requests if r.path.rstrip("/").endswith("/chat/completions")]

    @property
    def last_request(self) -> RecordedRequest:
        assert self.requests, "no request reached the fake server"
        return self.requests[-1]


# --- HTTP plumbing ------------------------------------------------------------------------


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], handler: type, *, owner: ChatServer):
        self.owner = owner
        super().__init__(address, handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self.owner._lock:
            self.owner._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self.owner._lock:
            self.owner._connections.discard(request)
        super().shutdown_request(request)

    def handle_error(self, request: Any, client_address: Any) -> None:
        # A client that timed out and hung up is expected in these tests; stay quiet.
        pass


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:
        pass

    @property
    def owner(self) -> ChatServer:
        return self.server.owner

    def do_POST(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body: Any = json.loads(raw or b"null")
        except ValueError:
            body = raw.decode("utf-8", "replace")
        path = self.path.split("?", 1)[0]
        self.owner._record(
            RecordedRequest(
                method="POST",
                path=path,
                headers={key.lower(): value for key, value in self.headers.items()},
                body=body,
            )
        )
        if path.rstrip("/") != COMPLETIONS_PATH:
            self._send_error_status(Status(404, message=f"Unknown path {path}"))
            return
        self._perform(self.owner._next_behaviour(), body if isinstance(body, dict) else {})

    def do_GET(self) -> None:
        self._send_error_status(Status(404, message=f"Unknown path {self.path}"))

    def _perform(self, behaviour: Behaviour, request: dict[str, Any]) -> None:
        if isinstance(behaviour, Slow):
            if self._stopped_within(behaviour.seconds):
                self.close_connection = True
                return
            self._perform(behaviour.then, request)
        elif isinstance(behaviour, Reply):
            content = behaviour.content
            if not isinstance(content, str):
                content = json.dumps(content)
            self._send_completion(
                request,
                content,
                prompt_tokens=behaviour.prompt_tokens,
                completion_tokens=behaviour.completion_tokens,
                finish_reason=behaviour.finish_reason,
                model=behaviour.model,
                refusal=behaviour.refusal,
            )
        elif isinstance(behaviour, Malformed):
            self._send_completion(
                request,
                behaviour.content,
                prompt_tokens=behaviour.prompt_tokens,
                completion_tokens=behaviour.completion_tokens,
            )
        elif isinstance(behaviour, Status):
            self._send_error_status(behaviour)
        elif isinstance(behaviour, RawBody):
            self._send(behaviour.status, behaviour.body, behaviour.content_type)
        else:  # pragma: no cover - a typo in a test
            raise TypeError(f"unknown behaviour {behaviour!r}")

    def _stopped_within(self, seconds: float) -> bool:
        """Waits `seconds`, or until the server stops (then True).

        Short sleeps rather than `Event.wait(seconds)`: when the suite runs under faketime,
        libfaketime fakes CLOCK_MONOTONIC but not sem_clockwait, so a timed wait on a lock
        never times out and every Slow answer would hang until shutdown."""
        deadline = time.monotonic() + seconds
        while not self.owner._stopping.is_set():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            time.sleep(min(remaining, 0.01))
        return True

    def _send_completion(
        self,
        request: dict[str, Any],
        content: str,
        *,
        prompt_tokens: int,
        completion_tokens: int,
        finish_reason: str = "stop",
        model: str | None = None,
        refusal: str | None = None,
    ) -> None:
        payload = {
            "id": f"chatcmpl-fake-{next(self.owner._ids)}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": model or request.get("model") or "fake-model",
            "choices": [
                {
                    "index": 0,
                    "message": {
                        "role": "assistant",
                        "content": None if refusal else content,
                        "refusal": refusal,
                    },
                    "logprobs": None,
                    "finish_reason": finish_reason,
                }
            ],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": completion_tokens,
                "total_tokens": prompt_tokens + completion_tokens,
            },
        }
        self._send(200, json.dumps(payload).encode(), "application/json")

    def _send_error_status(self, status: Status) -> None:
        body = status.body
        if body is None:
            body = {
                "error": {
                    "message": status.message or f"Fake error {status.code}",
                    "type": "fake_error",
                    "param": None,
                    "code": status.error_code,
                }
            }
        encoded = body if isinstance(body, bytes) else json.dumps(body).encode()
        self._send(status.code, encoded, "application/json", status.headers)

    def _send(
        self,
        code: int,
        body: bytes,
        content_type: str,
        headers: dict[str, str] | None = None,
    ) -> None:
        try:
            self.send_response(code)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, OSError):
            # The client gave up (timeout) before we answered.
            self.close_connection = True
