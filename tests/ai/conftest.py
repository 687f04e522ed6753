from collections.abc import Callable, Iterator
from dataclasses import replace
from typing import Any

import pytest

from ai.base import CoachingContext, PlanContext
from ai.openai_provider import OpenAIProvider
from tests.fakes.chat_server import ChatServer

GOALS = "I want to run a half marathon in under 2 hours. Ship the first version of my side project, and read 4 books."


@pytest.fixture
def plan_context() -> Callable[..., PlanContext]:
    """A typical month for a person with three focus areas; override any field."""
    base = PlanContext(
        month="2026-03",
        timezone="Europe/Paris",
        goals_text=GOALS,
        task_complexity="Balanced",
        focus_areas=("Health", "Career", "Learning"),
        weekend_preference="Rest",
        commitments=({"day": "mon", "start": "09:00", "end": "17:00", "label": "Work"},),
        working_days=22,
        weeks=5,
        insights={},
    )

    def build(**changes: Any) -> PlanContext:
        return replace(base, **changes)

    return build


@pytest.fixture
def coaching_context() -> Callable[..., CoachingContext]:
    base = CoachingContext(
        task_text="Write the grant application",
        importance=9,
        confidence=3,
        goals=(
            {
                "what_matters": "Funding the community garden",
                "biggest_win": "The garden opens in spring",
                "worst_outcome": "Losing the plot to developers",
            },
        ),
        persona_signals={},
    )

    def build(**changes: Any) -> CoachingContext:
        return replace(base, **changes)

    return build


@pytest.fixture
def chat_server() -> Iterator[ChatServer]:
    with ChatServer() as server:
        yield server


@pytest.fixture
def make_provider(chat_server: ChatServer) -> Callable[..., OpenAIProvider]:
    """An OpenAIProvider pointed at the fake server, with test-sized timeouts and backoff."""

    def build(**overrides: Any) -> OpenAIProvider:
        options: dict[str, Any] = {
            "api_key": "test-key",
            "base_url": chat_server.base_url,
            "model": "gpt-4o-mini",
            "timeout_seconds": 1.0,
            "max_retries": 2,
            "backoff_base": 0.01,
            "backoff_max": 0.05,
            "deadline_seconds": 10.0,
        }
        options.update(overrides)
        return OpenAIProvider(**options)

    return build


@pytest.fixture
def draft_payload() -> Callable[..., dict[str, Any]]:
    """A valid plan_draft answer for the default plan_context (5 weeks, three areas)."""
    return _draft_payload


def _draft_payload(**changes: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "summary": "March: a half marathon, a shipped side project and four books.",
        "weekly_breakdown": [
            {"week": week, "theme": f"Week {week}", "focus_areas": ["Health", "Career", "Learning"]}
            for week in range(1, 6)
        ],
        "tasks": [
            {
                "description": "Easy 5 km run, note the pace",
                "focus_area": "Health",
                "duration_minutes": 45,
                "difficulty": "easy",
                "week": 1,
                "intent": "Builds the base for the half marathon.",
            },
            {
                "description": "Write the landing page copy",
                "focus_area": "Career",
                "duration_minutes": 90,
                "difficulty": "hard",
                "week": 3,
                "intent": "The side project needs a page before it ships.",
            },
            {
                "description": "Read 60 pages of the first book",
                "focus_area": "Learning",
                "duration_minutes": 60,
                "difficulty": "medium",
                "week": 5,
                "intent": "Keeps the four-book pace.",
            },
        ],
    }
    payload.update(changes)
    return payload
