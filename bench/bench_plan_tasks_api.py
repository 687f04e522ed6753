"""Throughput of GET /api/plan-tasks against a hand-written baseline, on one gunicorn.

    .venv/bin/python bench/bench_plan_tasks_api.py [--rounds 10] [--requests 100]

It creates a throwaway PostgreSQL database (`bench_plan_tasks_<pid>` on the server of
DATABASE_URL, by default the test server 127.0.0.1:5432), fills it with one person's month
of 100 tasks (plus an older, superseded plan of the same month and another person, so the
"active plan of each month" rule has something to filter out), and starts gunicorn (one sync worker,
DEBUG off, the test settings plus bench/baseline_urls.py) on a free local port. Then the
two views answer the same query with the same bearer token, in alternating rounds:

- the API: DRF view, PlanTaskSerializer, JWT authentication, the production throttles and rates;
- the baseline: a plain Django view, the same JWT check, `values()` and JsonResponse.

Both payloads are checked to be identical first. It prints requests per second of each
(total requests / total time over all rounds, and the median round) and the ratio; the
target is API >= 75% of the baseline (exit status 1 below it). On a shared, busy machine
wall-clock rates swing from round to round, so it also prints the median ratio of paired
rounds and the gunicorn worker's CPU time per request (Linux /proc), which the load of
other processes barely moves. The database and the gunicorn process are removed at the
end whatever happens.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET_RATIO = 0.75
# People whose tokens the requests rotate through: 1,060 API requests over about 20 s stay
# under the production rate of 600 a minute each.
READERS = 4
TASKS = 100
MONTH = (2026, 12)
# The same key in this process (which signs the token) and in gunicorn (which checks it).
SECRET_KEY = secrets.token_urlsafe(48)
PRODUCTION_LIKE = {
    "DEBUG": "false",  # no query log; what a deployment runs
    "SECRET_KEY": SECRET_KEY,
    "SECURE_SSL_REDIRECT": "false",  # plain HTTP on 127.0.0.1
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "LOG_LEVEL": "WARNING",
}
os.environ.update(PRODUCTION_LIKE)
os.environ["DATABASE_POOL"] = "false"  # this process creates and drops the database
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402


def fill(*, tasks: int) -> list[str]:
    """READERS people with a month of `tasks` tasks each (the first also with an older plan
    of the month); returns their access tokens."""
    from rest_framework_simplejwt.tokens import RefreshToken

    from accounts.models import User
    from planning.models import MonthlyPlan, PlanState, PlanTask, Preferences

    zone = ZoneInfo("Europe/London")
    year, month = MONTH
    readers = [
        User.objects.create_user(f"bench{n}@example.com", "bench-password-123", timezone="Europe/London")
        for n in range(READERS)
    ]
    person = readers[0]
    stranger = User.objects.create_user("stranger@example.com", "bench-password-123", timezone="Europe/London")
    now = dt.datetime.now(dt.UTC)

    def plan_with_tasks(owner: User, generated_at: dt.datetime, count: int, state: str = PlanState.ACTIVE) -> None:
        preference = Preferences.objects.create(
            user=owner, goals_text="Write a novel and run.", focus_areas=["Writing", "Fitness"]
        )
        plan = MonthlyPlan.objects.create(
            user=owner,
            preference=preference,
            month_year=f"{year:04d}-{month:02d}",
            ai_prompt="prompt " * 2000,  # a realistic prompt: it must not be read for the list
            ai_response_raw="{}" * 2000,
            monthly_summary="A focused month.",
            provider="offline",
            model_name="offline-v1",
            generated_at=generated_at,
            state=state,
        )
        rows = []
        for index in range(count):
            start = dt.datetime(year, month, 1 + index * 30 // count, 8 + 3 * (index % 4), 15, tzinfo=zone)
            rows.append(
                PlanTask(
                    plan=plan,
                    user=owner,
                    task_key=f"w{index * 30 // count // 7 + 1}-t{index}",
                    task_description=f"Writing session {index}: draft the next scene",
                    focus_area=("Writing", "Fitness")[index % 2],
                    start_time=start,
                    end_time=start + dt.timedelta(minutes=45 + 15 * (index % 3)),
                    difficulty_level=("easy", "medium", "hard")[index % 3],
                    scheduling_reason="Medium task placed on Tuesday 1 December at 08:15. Week 1 as drafted.",
                    is_completed=index % 5 == 0,
                )
            )
        PlanTask.objects.bulk_create(rows)

    plan_with_tasks(person, now - dt.timedelta(days=2), tasks, PlanState.SUPERSEDED)  # replaced by the next one
    for reader in readers:
        plan_with_tasks(reader, now, tasks)
    plan_with_tasks(stranger, now, tasks)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return [str(RefreshToken.for_user(reader).access_token) for reader in readers]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(*, database: str, port: int) -> subprocess.Popen:
    settings = connection.settings_dict
    url = f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{database}"
    if settings.get("PASSWORD"):
        url = f"postgres://{settings['USER']}:{settings['PASSWORD']}@{settings['HOST']}:{settings['PORT']}/{database}"
    env = {**os.environ, **PRODUCTION_LIKE, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "bench.served_settings"}
    env.pop("DATABASE_POOL")  # gunicorn runs with the pool, as deployed
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "config.wsgi:application",
        "--workers=1",
        "--worker-class=sync",
        f"--bind=127.0.0.1:{port}",
        "--log-level=warning",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return process
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start within 30 s")


def get(client: http.client.HTTPConnection, path: str, token: str) -> tuple[int, bytes]:
    client.request("GET", path, headers={"Authorization": f"Bearer {token}", "Host": "127.0.0.1"})
    response = client.getresponse()
    return response.status, response.read()


def worker_pid(master: int) -> int:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.1)
    raise RuntimeError("gunicorn started no worker")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_round(port: int, path: str, tokens: list[str], requests: int, worker: int) -> tuple[float, float]:
    """Requests per second (wall clock) and the worker's CPU milliseconds per request."""
    # A sync worker closes the connection after each answer; http.client reopens it, at
    # the same cost for both views.
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    cpu_before = cpu_seconds(worker)
    started = time.perf_counter()
    for number in range(requests):
        status, _ = get(client, path, tokens[number % len(tokens)])
        if status != 200:
            raise RuntimeError(f"{path} answered {status}")
    elapsed = time.perf_counter() - started
    cpu = cpu_seconds(worker) - cpu_before
    client.close()
    return requests / elapsed, cpu * 1000 / requests


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--requests", type=int, default=100, help="requests per view per round")
    args = parser.parse_args()

    if connection.vendor != "postgresql":
        sys.exit("This benchmark needs PostgreSQL (set DATABASE_URL).")
    database = f"bench_plan_tasks_{os.getpid()}"
    connection.settings_dict.setdefault("TEST", {})["NAME"] = database
    original = connection.settings_dict["NAME"]
    print(f"Plan tasks API benchmark on PostgreSQL, throwaway database {database}")
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    gunicorn = None
    try:
        tokens = fill(tasks=TASKS)
        token = tokens[0]
        connection.close()
        port = free_port()
        gunicorn = start_gunicorn(database=database, port=port)
        year, month = MONTH
        query = f"start={year:04d}-{month:02d}-01&end={year:04d}-{month:02d}-31"
        paths = {"api": f"/api/plan-tasks?{query}", "baseline": f"/bench/baseline/plan-tasks?{query}"}

        client = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        bodies = {}
        for name, path in paths.items():
            status, body = get(client, path, token)
            if status != 200:
                raise RuntimeError(f"{path} answered {status}: {body[:300]!r}")
            bodies[name] = json.loads(body)
        client.close()
        if bodies["api"] != bodies["baseline"]:
            raise RuntimeError("The API and the baseline answer different payloads; the comparison would be unfair.")
        print(f"  payload: {len(bodies['api'])} tasks, {len(json.dumps(bodies['api'])):,} bytes of JSON, identical")
        worker = worker_pid(gunicorn.pid)
        for path in paths.values():  # warm-up: imports, the connection pool, caches
            run_round(port, path, tokens, 30, worker)

        rates: dict[str, list[float]] = {"api": [], "baseline": []}
        cpu: dict[str, list[float]] = {"api": [], "baseline": []}
        for number in range(args.rounds):
            # Alternate which goes first, so a slow moment of the machine hits both alike.
            order = ("api", "baseline") if number % 2 == 0 else ("baseline", "api")
            for name in order:
                rate, cpu_ms = run_round(port, paths[name], tokens, args.requests, worker)
                rates[name].append(rate)
                cpu[name].append(cpu_ms)
        print(f"  {args.rounds} rounds x {args.requests} requests per view, 1 gunicorn sync worker, 1 client")
        overall = {}
        for name in ("api", "baseline"):
            # Total requests / total time over the rounds is the harmonic mean of the rates.
            overall[name] = statistics.harmonic_mean(rates[name])
            per_round = ", ".join(f"{rate:.0f}" for rate in rates[name])
            print(
                f"  {name:>8}: {overall[name]:6.1f} req/s overall ({1000 / overall[name]:.2f} ms a request), "
                f"median round {statistics.median(rates[name]):6.1f}; rounds: {per_round}; "
                f"worker CPU {statistics.median(cpu[name]):.2f} ms a request"
            )
        ratio = overall["api"] / overall["baseline"]
        # Each round of one view next to the same round of the other: robust to the machine
        # getting busier or quieter during the run.
        paired = statistics.median(api / base for api, base in zip(rates["api"], rates["baseline"], strict=True))
        cpu_ratio = statistics.median(cpu["baseline"]) / statistics.median(cpu["api"])
        verdict = "meets" if ratio >= TARGET_RATIO else "is BELOW"
        print(
            f"  ratio API / baseline: {ratio:.0%} overall ({verdict} the {TARGET_RATIO:.0%} target); "
            f"median of paired rounds {paired:.0%}; by worker CPU time {cpu_ratio:.0%}"
        )
        return 0 if ratio >= TARGET_RATIO else 1
    finally:
        if gunicorn is not None and gunicorn.poll() is None:
            gunicorn.send_signal(signal.SIGTERM)
            try:
                gunicorn.wait(timeout=15)
            except subprocess.TimeoutExpired:
                gunicorn.kill()
                gunicorn.wait()
        connection.close()
        connection.creation.destroy_test_db(original, verbosity=0)


if __name__ == "__main__":
    sys.exit(main())
