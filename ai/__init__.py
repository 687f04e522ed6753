"""Monthwise's AI provider package (plain Python, not a Django app).

Services import from here: ``get_provider()`` and the types in ``ai.base``.
"""

from ai.base import (
    AdviceResult,
    CoachingContext,
    PlanContext,
    PlanResult,
    Provider,
    ProviderBadResponse,
    ProviderError,
    ProviderUnavailable,
    Usage,
)
from ai.registry import get_provider, provider_from_config, reset_provider_cache

__all__ = [
    "AdviceResult",
    "CoachingContext",
    "PlanContext",
    "PlanResult",
    "Provider",
    "ProviderBadResponse",
    "ProviderError",
    "ProviderUnavailable",
    "Usage",
    "get_provider",
    "provider_from_config",
    "reset_provider_cache",
]
