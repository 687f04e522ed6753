"""gunicorn settings for the web process: ``gunicorn -c config/gunicorn.py config.wsgi``.

A coach question waits on the AI model for up to the provider's deadline (45 s, see
ai/openai_provider.py). With the sync worker that wait held a whole process, so a few
coach questions during a slow spell blocked every page, and the 30 s worker timeout killed
the process mid-call (the person got an HTML 500). With the threaded worker a waiting call
holds one thread, which sleeps on a socket with the GIL released; the other threads of the
same process keep serving pages (tests/load/test_slow_coach.py measures it).

Environment (all optional):

- ``WEB_CONCURRENCY``: worker processes (default 2; about one per CPU core). Python runs
  one thread at a time per process, so processes add CPU, threads add waiting room.
- ``WEB_THREADS``: threads per process (default 16). Sixteen leave a process room for ten
  coach calls stuck on a slow model and still six threads for pages, which take tens of
  milliseconds each. More threads buy nothing for CPU-bound pages (the GIL) and each
  can hold a database connection (below).
- ``WEB_BIND``: address to listen on (default 127.0.0.1:8000, behind the TLS proxy).
- ``DATABASE_POOL_MAX``: defaults to ``WEB_THREADS`` here. A request keeps the pooled
  connection it first used until it ends, including while a coach call waits on the model
  (idle, outside any transaction), so a pool smaller than the thread count would leave
  pages waiting for a connection and failing after DATABASE_POOL_TIMEOUT. PostgreSQL must
  allow WEB_CONCURRENCY x WEB_THREADS connections per machine, plus the Celery workers'.
"""

import os
import sys


def _positive_int(name: str, default: int) -> int:
    value = int(os.environ.get(name) or default)
    if value < 1:
        raise ValueError(f"{name} must be 1 or more, not {value}.")
    return value


workers = _positive_int("WEB_CONCURRENCY", 2)
worker_class = "gthread"
threads = _positive_int("WEB_THREADS", 16)
bind = os.environ.get("WEB_BIND") or "127.0.0.1:8000"

# Read by config/settings.py when each worker loads Django; an explicit value wins.
os.environ.setdefault("DATABASE_POOL_MAX", str(threads))
if int(os.environ["DATABASE_POOL_MAX"]) < threads:
    print(
        f"config/gunicorn.py: DATABASE_POOL_MAX={os.environ['DATABASE_POOL_MAX']} is below "
        f"WEB_THREADS={threads}: pages will wait for a database connection while coach calls run.",
        file=sys.stderr,
    )

# For gthread this is a heartbeat, not a per-request limit: the worker's main thread (its
# accept loop) reports in about once a second whatever its request threads are doing, and
# the master kills only a worker whose main loop has been stuck this long. A thread waiting
# 45 s on the model is never cut off by it (gunicorn/workers/gthread.py, ThreadWorker.run).
timeout = 30
# On a restart or deploy (SIGTERM/HUP), requests in flight get this long to finish: more
# than the provider's 45 s deadline, so a coach call is answered rather than cut.
graceful_timeout = 60
# Seconds a kept-alive connection from the proxy waits for its next request; idle
# connections sit in the worker's poller, not in a thread.
keepalive = 5

accesslog = "-"
errorlog = "-"
