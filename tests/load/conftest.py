"""A real gunicorn, started with config/gunicorn.py, serving the test database.

The server is another process: it reads what a ``transaction=True`` test committed, checks
tokens and sessions signed here with the same SECRET_KEY, and runs on the machine's clock.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"


@pytest.fixture(autouse=True)
def _suite_clock():
    # Overrides tests/conftest.py: the server cannot share a frozen clock, and the tokens
    # signed here must be valid on its real one.
    yield None


@dataclass(frozen=True)
class ServedSite:
    base_url: str
    host: str
    port: int
    process: subprocess.Popen


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _database_url() -> str:
    db = connection.settings_dict
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _wait_until_up(base_url: str, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode} while starting")
        try:
            with urllib.request.urlopen(f"{base_url}/health/", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer /health/ within 30 s")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        # SIGQUIT: stop now. The test has its answers; a graceful stop would wait for
        # anything still in flight, up to graceful_timeout.
        process.send_signal(signal.SIGQUIT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def serve_site(transactional_db, tmp_path) -> Iterator[Callable[..., ServedSite]]:
    """Starts gunicorn -c config/gunicorn.py on a free port; stopped before the database is flushed."""
    started: list[subprocess.Popen] = []

    def start(*, extra_env: dict[str, str] | None = None, extra_args: tuple[str, ...] = ()) -> ServedSite:
        port = _free_port()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings_test",
            "DATABASE_URL": _database_url(),
            "REDIS_URL": settings.CACHES["default"]["LOCATION"],
            # As deployed: no debug pages, no query log.
            "DEBUG": "false",
            "SECRET_KEY": settings.SECRET_KEY,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "LOG_LEVEL": "WARNING",
            "WEB_BIND": f"127.0.0.1:{port}",
            **(extra_env or {}),
        }
        if "DATABASE_POOL_MAX" not in (extra_env or {}):
            # The pool size under test is the one config/gunicorn.py picks.
            env.pop("DATABASE_POOL_MAX", None)
        command = [str(GUNICORN), "-c", str(ROOT / "config" / "gunicorn.py"), *extra_args, "config.wsgi"]
        # The access log goes to stdout (dropped here), errors to a file read on failure.
        log = (tmp_path / f"gunicorn-{port}.log").open("w")
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log)
        log.close()
        started.append(process)
        base_url = f"http://127.0.0.1:{port}"
        _wait_until_up(base_url, process)
        return ServedSite(base_url=base_url, host="127.0.0.1", port=port, process=process)

    yield start
    for process in started:
        _stop(process)
