"""Benchmark of the coach: server time of a cache hit vs a miss that calls the model.

Runs ``coaching_advice_get`` directly (no HTTP in front of it) against a throwaway
PostgreSQL test database that it creates and drops; the miss goes through the real
``openai`` client to the local fake chat-completions server. From the project root:

    .venv/bin/python bench/bench_coaching.py [--hits 200] [--misses 100]

DATABASE_URL picks the PostgreSQL server (default postgres://postgres@127.0.0.1:5432).
Exits 1 when the cache hit misses its target.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HIT_TARGET_MS = 5.0
# A miss: our own work around the model call (allowance, hash, cache upsert, records)...
MISS_OWN_TARGET_MS = 20.0
# ...and the whole call against a fake model that answers at once. The fake server writes
# headers and body separately, so TCP delayed ACK adds about 40 ms here: not our time.
MISS_TOTAL_TARGET_MS = 100.0


def _throwaway_database_url() -> str:
    server = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/monthwise").rsplit("/", 1)[0]
    return f"{server}/monthwise_bench_{uuid.uuid4().hex[:10]}"


def _timings(call: Callable[[int], object], runs: int) -> list[float]:
    samples = []
    for index in range(runs):
        started = time.perf_counter()
        call(index)
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def _line(name: str, samples: list[float], target_ms: float) -> tuple[str, bool]:
    median = statistics.median(samples)
    p95 = statistics.quantiles(samples, n=20)[-1] if len(samples) >= 20 else max(samples)
    ok = median < target_ms
    text = (
        f"{name:<52} median {median:7.2f} ms   p95 {p95:7.2f} ms   n={len(samples):<4} "
        f"target < {target_ms:g} ms   {'OK' if ok else 'MISSED'}"
    )
    return text, ok


def run(hits: int, misses: int) -> bool:
    from django.test import override_settings

    from ai import get_provider, reset_provider_cache
    from coaching.models import CacheEntry
    from coaching.services import coaching_advice_get
    from tests.coaching.factories import GoalFactory, TaskFactory
    from tests.factories import UserFactory
    from tests.fakes.chat_server import ChatServer, Reply

    person = UserFactory()
    GoalFactory(user=person)
    for _ in range(40):  # a realistic list behind the persona signals
        TaskFactory(user=person)

    with override_settings(COACHING_ALLOWANCE=10**9, AI_PROVIDER={"name": "offline"}):
        reset_provider_cache()
        task = TaskFactory(user=person, text="Write the grant application", importance=9, confidence=3)
        assert coaching_advice_get(user=person, task=task).cache_hit is False  # fills the cache
        hit_samples = _timings(lambda _: coaching_advice_get(user=person, task=task), hits)
        # The floor for a hit, in the same run: one indexed read of a cached answer.
        entry_hash = CacheEntry.objects.values_list("question_hash", flat=True).first()
        floor_samples = _timings(
            lambda _: CacheEntry.objects.filter(question_hash=entry_hash).values_list("response", flat=True).first(),
            hits,
        )

        offline_tasks = [TaskFactory(user=person, text=f"Offline question {n}") for n in range(misses)]
        offline_samples = _timings(lambda n: coaching_advice_get(user=person, task=offline_tasks[n]), misses)

    with ChatServer() as server:
        server.script(Reply({"advice": "Start with the budget table."}, prompt_tokens=900, completion_tokens=180))
        provider_settings = {
            "name": "openai",
            "api_key": "bench",
            "base_url": server.base_url,
            "model": "gpt-4o-mini",
            "timeout": 5,
            "max_retries": 0,
        }
        with override_settings(COACHING_ALLOWANCE=10**9, AI_PROVIDER=provider_settings):
            reset_provider_cache()
            provider = get_provider()
            model_call_ms: list[float] = []
            advise = provider.advise

            def timed_advise(context):  # type: ignore[no-untyped-def]
                started = time.perf_counter()
                try:
                    return advise(context)
                finally:
                    model_call_ms.append((time.perf_counter() - started) * 1000)

            provider.advise = timed_advise  # type: ignore[method-assign]
            model_tasks = [TaskFactory(user=person, text=f"Model question {n}") for n in range(misses + 1)]
            coaching_advice_get(user=person, task=model_tasks[-1])  # warm the HTTP connection
            model_call_ms.clear()
            miss_samples = _timings(lambda n: coaching_advice_get(user=person, task=model_tasks[n]), misses)
            assert len(server.completion_requests) == misses + 1
            # Our own server time around the model: the whole miss minus the HTTP call itself.
            own_samples = [total - call for total, call in zip(miss_samples, model_call_ms, strict=True)]
    reset_provider_cache()

    results = [
        _line("cache hit (coaching_advice_get)", hit_samples, HIT_TARGET_MS),
        _line("cache miss, offline provider", offline_samples, MISS_OWN_TARGET_MS),
        _line("cache miss via fake server: our time (minus HTTP)", own_samples, MISS_OWN_TARGET_MS),
        _line("cache miss via fake server: total (informational)", miss_samples, MISS_TOTAL_TARGET_MS),
    ]
    for text, _ in results:
        print(text)
    hit, floor = statistics.median(hit_samples), statistics.median(floor_samples)
    print(f"{'floor: reading one cached answer':<52} median {floor:7.2f} ms   a hit is {hit / floor:.1f}x the floor")
    return results[0][1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hits", type=int, default=200)
    parser.add_argument("--misses", type=int, default=100)
    args = parser.parse_args()

    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings_test"
    os.environ["DATABASE_URL"] = _throwaway_database_url()
    os.environ["DATABASE_POOL"] = "false"
    import logging

    import django

    django.setup()
    for noisy in ("httpx", "httpx2", "openai"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    from django.db import connection
    from django.test.utils import setup_test_environment, teardown_test_environment

    setup_test_environment()
    original_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        print(f"coaching bench on PostgreSQL database {connection.settings_dict['NAME']} (dropped afterwards)")
        ok = run(args.hits, args.misses)
    finally:
        connection.creation.destroy_test_db(original_name, verbosity=0)
        teardown_test_environment()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
