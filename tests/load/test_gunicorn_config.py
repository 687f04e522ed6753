"""config/gunicorn.py: threads for slow coach calls, a pool that fits them, no cut-off calls."""

from __future__ import annotations

import inspect
import os
import runpy
from pathlib import Path
from typing import Any

import pytest

from ai.openai_provider import OpenAIProvider

CONFIG = Path(__file__).resolve().parents[2] / "config" / "gunicorn.py"


def load_config(monkeypatch: pytest.MonkeyPatch, **environment: str) -> tuple[dict[str, Any], dict[str, str]]:
    """The settings gunicorn reads from the module, and the environment it leaves to Django."""
    # A private copy: loading the module sets DATABASE_POOL_MAX in the environment it sees.
    isolated = {name: value for name, value in os.environ.items() if not name.startswith(("WEB_", "DATABASE_POOL"))}
    isolated.update(environment)
    monkeypatch.setattr(os, "environ", isolated)
    return runpy.run_path(str(CONFIG)), isolated


def test_the_web_process_runs_threads_so_a_waiting_coach_call_holds_one_thread_not_a_process(monkeypatch):
    config, _ = load_config(monkeypatch)

    assert (config["worker_class"], config["workers"], config["threads"]) == ("gthread", 2, 16)
    assert config["bind"] == "127.0.0.1:8000"
    assert config["accesslog"] == "-"


def test_each_thread_can_get_a_database_connection(monkeypatch):
    _, environment = load_config(monkeypatch, WEB_THREADS="24")

    assert environment["DATABASE_POOL_MAX"] == "24"


def test_an_explicit_pool_size_is_kept(monkeypatch):
    _, environment = load_config(monkeypatch, DATABASE_POOL_MAX="40")

    assert environment["DATABASE_POOL_MAX"] == "40"


def test_workers_threads_and_address_come_from_the_environment(monkeypatch):
    config, _ = load_config(monkeypatch, WEB_CONCURRENCY="4", WEB_THREADS="32", WEB_BIND="0.0.0.0:9000")

    assert (config["workers"], config["threads"], config["bind"]) == (4, 32, "0.0.0.0:9000")


def test_a_restart_lets_a_coach_call_reach_the_providers_deadline(monkeypatch):
    config, _ = load_config(monkeypatch)
    deadline = inspect.signature(OpenAIProvider.__init__).parameters["deadline_seconds"].default

    assert config["graceful_timeout"] > deadline


def test_zero_threads_is_refused(monkeypatch):
    with pytest.raises(ValueError, match="WEB_THREADS must be 1 or more"):
        load_config(monkeypatch, WEB_THREADS="0")
