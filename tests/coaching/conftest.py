from collections.abc import Callable, Iterator
from typing import Any

import pytest

from ai import reset_provider_cache
from tests.fakes.chat_server import ChatServer


@pytest.fixture(autouse=True)
def _offline_provider_by_default(settings):
    # Each test starts from the offline provider; tests that want the fake server ask for it.
    settings.AI_PROVIDER = {"name": "offline"}
    reset_provider_cache()
    yield
    reset_provider_cache()


@pytest.fixture
def chat_server() -> Iterator[ChatServer]:
    with ChatServer() as server:
        yield server


@pytest.fixture
def use_chat_server(settings, chat_server) -> Callable[..., ChatServer]:
    """Points the site's AI provider at the fake chat-completions server (the real openai client)."""

    def configure(**overrides: Any) -> ChatServer:
        settings.AI_PROVIDER = {
            "name": "openai",
            "api_key": "test",
            "base_url": chat_server.base_url,
            "model": "gpt-4o-mini",
            "timeout": 1,
            "max_retries": 1,
            "retry_after_cap": 0.1,
            **overrides,
        }
        reset_provider_cache()
        return chat_server

    return configure
