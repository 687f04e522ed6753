"""`make fuzz`: a deeper schemathesis pass than the quick one in test_schema_fuzz.py.

It serves the site with gunicorn on a scratch database (dropped and made again each run),
logged in as a fresh person, and runs the schemathesis CLI over the served schema with all
its phases (examples, coverage, fuzzing, stateful) for a bounded time. Throttles and the
login lockout are lifted so that the run tests the endpoints, not the limits; generation runs
in-process with the offline AI provider. The server runs as in production (DEBUG off,
gunicorn with the Procfile's limits), except that "log out everywhere" is left out.

Environment: FUZZ_DATABASE_URL, FUZZ_REDIS_URL (its own Redis database: the run fills the
cache), FUZZ_SECONDS (time budget, default 300), FUZZ_EXAMPLES (per operation, default 300),
FUZZ_CHECKS, FUZZ_SEED. Reports go to test-artifacts/fuzz/. Exits non-zero on a failure.
Check settings beyond schemathesis's defaults are in schemathesis.toml beside this file.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
VENV_BIN = ROOT / ".venv" / "bin"
REPORTS = ROOT / "test-artifacts" / "fuzz"
# What the checks accept beyond their defaults (the web server's 414), with the reason.
CONFIG_FILE = Path(__file__).with_name("schemathesis.toml")
CHECKS = (
    "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,"
    "response_headers_conformance,negative_data_rejection,ignored_auth,use_after_free,ensure_resource_availability"
)

SEED_PERSON = """
from rest_framework_simplejwt.tokens import RefreshToken
from accounts.models import User
person = User.objects.create_user(email="fuzz@example.com", password="fuzz-password-0123", timezone="Europe/London")
print(RefreshToken.for_user(person).access_token)
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _recreate_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def _wait_until_up(base: str, server: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit("fuzz: the server stopped while starting")
        try:
            with urllib.request.urlopen(f"{base}/api/schema/", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    sys.exit("fuzz: the server did not answer in time")


def main() -> int:
    env = {
        **os.environ,
        "DATABASE_URL": os.environ.get("FUZZ_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/monthwise_fuzz"),
        "REDIS_URL": os.environ.get("FUZZ_REDIS_URL", "redis://127.0.0.1:6379/15"),
        "CELERY_TASK_ALWAYS_EAGER": "true",
        "AI_PROVIDER": "offline",
        "THROTTLE_ANON": "100000/min",
        "THROTTLE_USER": "100000/min",
        "THROTTLE_AUTH": "100000/min",
        "AXES_FAILURE_LIMIT": "1000000",
        "JWT_ACCESS_MINUTES": "240",
        "LOG_LEVEL": "ERROR",
        # As in production: errors answered by the site's handlers (a JSON 404 under /api/),
        # not Django's debug pages.
        "DEBUG": "false",
        "SECRET_KEY": "fuzz-only-" + "0123456789abcdef" * 4,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
    }
    _recreate_database(env["DATABASE_URL"])
    manage = [str(VENV_BIN / "python"), "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    # As a deployment does: without the manifest every HTML page (the 404 page included) fails.
    subprocess.run([*manage, "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
    token = subprocess.run(
        [*manage, "shell", "-c", SEED_PERSON], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout.split()[-1]

    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "config.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2", "--timeout", "60"],
        cwd=ROOT,
        env=env,
    )
    try:
        _wait_until_up(base, server)
        REPORTS.mkdir(parents=True, exist_ok=True)
        command = [
            str(VENV_BIN / "schemathesis"),
            "--config-file",
            str(CONFIG_FILE),
            "run",
            f"{base}/api/schema/",
            "--header",
            f"Authorization: Bearer {token}",
            # "Log out everywhere" would end the run's own session, and every call after it
            # would test only the 401.
            "--exclude-path",
            "/api/auth/logout-all",
            "--phases",
            "examples,coverage,fuzzing,stateful",
            "--checks",
            os.environ.get("FUZZ_CHECKS", CHECKS),
            "--max-examples",
            os.environ.get("FUZZ_EXAMPLES", "300"),
            "--max-time",
            os.environ.get("FUZZ_SECONDS", "300"),
            "--workers",
            "2",
            "--request-timeout",
            "30",
            "--suppress-health-check",
            "all",
            "--report",
            "junit,ndjson",
            "--report-dir",
            str(REPORTS),
            "--output-truncate",
            "true",
        ]
        if os.environ.get("FUZZ_SEED"):
            command += ["--seed", os.environ["FUZZ_SEED"]]
        return subprocess.run(command, cwd=ROOT, env=env).returncode
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    sys.exit(main())
