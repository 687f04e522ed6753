"""The AI provider interface: the contexts a provider is given, what it returns, how it fails.

Only services call a provider. They build a ``PlanContext`` or ``CoachingContext`` from
models, call ``draft_plan`` / ``advise``, and store the result (prompt, raw answer, usage,
cost, provider, model) next to what it produced.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    from ai.schemas import PlanDraft

# A person may save preferences without naming a focus area; every task still needs one.
DEFAULT_FOCUS_AREA = "General"


@dataclass(frozen=True)
class Usage:
    input_tokens: int
    output_tokens: int


@dataclass(frozen=True)
class PlanContext:
    month: str  # "YYYY-MM"
    timezone: str
    goals_text: str
    task_complexity: str  # "Simple" | "Balanced" | "Ambitious"
    focus_areas: tuple[str, ...]
    weekend_preference: str  # "Work" | "Rest" | "Mixed"
    # [{"day": "mon", "start": "09:00", "end": "17:00", "label": "Work"}]
    commitments: tuple[dict[str, Any], ...]
    working_days: int  # days the person can work this month (given by the caller)
    weeks: int  # number of (partial) weeks in the month, 4..6
    # {"PeakEnergy": {...}, "CompletionRate": {...}, ...}; may be empty
    insights: dict[str, Any] = field(default_factory=dict)
    # Minutes sessions can use in each week of the month (1-based), inside the person's
    # working hours, around commitments and their buffers, within the daily load; empty:
    # not known. A draft sized to it leaves little unplaced.
    free_minutes_by_week: dict[int, int] = field(default_factory=dict)

    @property
    def allowed_focus_areas(self) -> tuple[str, ...]:
        """The focus areas a draft may use: the person's own, or one neutral area if none."""
        areas = tuple(area.strip() for area in self.focus_areas if area and area.strip())
        return areas or (DEFAULT_FOCUS_AREA,)


@dataclass(frozen=True)
class CoachingContext:
    task_text: str
    importance: int | None  # 1..10
    confidence: int | None  # 1..10
    # [{"what_matters": ..., "biggest_win": ..., "worst_outcome": ...}]
    goals: tuple[dict[str, Any], ...]
    persona_signals: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PlanResult:
    draft: PlanDraft
    prompt: str
    raw: str
    usage: Usage  # of every call the draft took, summed
    cost: Decimal  # likewise
    provider: str
    model: str
    # Model calls made: 2 when the first draft was poor and a repair call was made (whether
    # or not its answer was the one kept).
    calls: int = 1


@dataclass(frozen=True)
class AdviceResult:
    text: str
    prompt: str
    raw: str
    usage: Usage
    cost: Decimal
    provider: str
    model: str


class ProviderError(Exception):
    """A provider call failed. ``message`` is a sentence a person (or operator) can read.

    ``detail`` carries what an operator needs in the logs (HTTP status, the service's own
    words); ``raw`` and ``usage`` are set when the service did answer (tokens were spent).
    """

    def __init__(
        self,
        message: str,
        *,
        detail: str = "",
        status_code: int | None = None,
        raw: str | None = None,
        usage: Usage | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail
        self.status_code = status_code
        self.raw = raw
        self.usage = usage

    def __reduce__(self) -> tuple[Any, ...]:
        # Celery pickles exceptions between worker and result backend; keep the extras.
        return (self.__class__, (self.message,), self.__dict__.copy())

    def __str__(self) -> str:
        return f"{self.message} ({self.detail})" if self.detail else self.message


class ProviderUnavailable(ProviderError):
    """Transient: network, timeout, 429 or 5xx after the provider's own bounded retries.

    The caller (a Celery task) may retry later. ``retry_after`` is the last Retry-After the
    service sent, in seconds (None if it sent none): a good countdown for that retry.
    """

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class ProviderBadResponse(ProviderError):
    """The service answered, but not with a usable draft or advice. Not transient."""


@runtime_checkable
class Provider(Protocol):
    name: str
    model: str
    # Covers both prompts (plan and coach); goes into cache keys and stored plans.
    prompt_version: str

    def draft_plan(self, context: PlanContext) -> PlanResult: ...

    def advise(self, context: CoachingContext) -> AdviceResult: ...
