"""Which provider the site uses, built once per process from ``settings.AI_PROVIDER``.

``AI_PROVIDER`` is a dict: {"name": "offline" | "openai", "api_key", "base_url", "model",
"timeout", "max_retries"}, optionally "deadline", "retry_after_cap" and "prices"
({"model": ["in", "out"]}, USD per million tokens). The provider is built lazily, on
first use, so a Celery prefork worker builds its own HTTP client after the fork.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from ai.base import Provider
from ai.offline.provider import OfflineProvider
from ai.openai_provider import OpenAIProvider
from ai.pricing import PRICES

PROVIDER_NAMES = ("offline", "openai")


def _prices(config: Mapping[str, Any]) -> dict[str, tuple[Decimal, Decimal]] | None:
    extra = config.get("prices")
    if not extra:
        return None
    table = dict(PRICES)
    for model, (input_price, output_price) in extra.items():
        table[model] = (Decimal(str(input_price)), Decimal(str(output_price)))
    return table


def provider_from_config(config: Mapping[str, Any]) -> Provider:
    """Build a provider from an ``AI_PROVIDER``-shaped dict (no Django needed)."""
    name = str(config.get("name") or "offline").strip().lower()
    if name == "offline":
        return OfflineProvider()
    if name == "openai":
        options: dict[str, Any] = {}
        if config.get("deadline") is not None:
            options["deadline_seconds"] = float(config["deadline"])
        if config.get("retry_after_cap") is not None:
            options["retry_after_cap"] = float(config["retry_after_cap"])
        return OpenAIProvider(
            api_key=config.get("api_key") or None,
            base_url=config.get("base_url") or None,
            model=str(config.get("model") or "gpt-4o-mini"),
            timeout_seconds=float(config.get("timeout") or 20.0),
            max_retries=int(config.get("max_retries") if config.get("max_retries") is not None else 2),
            prices=_prices(config),
            **options,
        )
    raise ValueError(f"Unknown AI provider {name!r}: AI_PROVIDER name must be one of {', '.join(PROVIDER_NAMES)}.")


@functools.cache
def get_provider() -> Provider:
    from django.conf import settings

    return provider_from_config(getattr(settings, "AI_PROVIDER", None) or {"name": "offline"})


def reset_provider_cache() -> None:
    """Forget the built provider (tests that change settings.AI_PROVIDER call this)."""
    get_provider.cache_clear()
