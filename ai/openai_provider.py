"""The OpenAI-compatible provider, through the official ``openai`` client.

Retry policy. The openai 3.x client honours a server's Retry-After for up to 120 s per
retry (a module constant, not configurable), so with its own retries one 429 could hold
a Celery worker for minutes. The client is therefore built with ``max_retries=0`` and
this module retries itself:

- retried: timeouts, connection errors, 408, 409, 429 (except ``insufficient_quota``,
  which is billing, not load) and 5xx; at most ``max_retries`` retries;
- the wait is exponential backoff with jitter (``backoff_base * 2**n``, capped at
  ``backoff_max``, then scaled by a random factor in [0.5, 1]); a Retry-After up to
  ``retry_after_cap`` seconds replaces it; a longer Retry-After ends the call at once
  with ``ProviderUnavailable(retry_after=...)`` so the Celery task can wait instead;
- every attempt gets ``timeout_seconds`` (connect at most 5 s), shortened so the whole
  call ends within ``deadline_seconds``; no retry starts with less than a second left.

Worst case with the defaults (timeout 20 s, 2 retries, deadline 45 s): about 45 s plus
the last read's granularity. httpx's read timeout is per socket read, so a server that
trickles bytes slower than the timeout can stretch one attempt; a chat completion that
is not streamed sends its body at once, so in practice the deadline holds.

A plan draft that parses but is poor (ai.draft_quality: repeated, blank or goal-quoting
descriptions, a month far from the free time) gets one repair call: the same conversation,
the model's answer, and the problems found. The better of the two drafts is kept, and a
repair that fails in any way keeps the first: quality never fails a plan. Both calls
together stay within ``plan_budget_seconds`` (90 s): the repair gets what is left of it,
at most its own ``deadline_seconds``, and is not made with less than 5 s left. 90 s is well
inside the generation task's soft time limit (planning/tasks.py: 240 s, hard 300 s), so the
scheduler and the plan write keep two and a half minutes; a larger operator ``deadline``
does not stretch the repair past the budget either, it shortens or skips it.
"""

from __future__ import annotations

import email.utils
import logging
import math
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import openai
from openai.types.chat import ChatCompletion

from ai.base import (
    AdviceResult,
    CoachingContext,
    PlanContext,
    PlanResult,
    ProviderBadResponse,
    ProviderError,
    ProviderUnavailable,
    Usage,
)
from ai.draft_quality import DraftQuality, draft_quality
from ai.pricing import cost_for
from ai.prompts import (
    COACH_PROMPT_VERSION,
    PLAN_PROMPT_VERSION,
    coach_messages,
    plan_messages,
    plan_repair_messages,
    prompt_text,
)
from ai.schemas import (
    PlanDraft,
    advice_from_answer,
    advice_response_format,
    draft_from_answer,
    plan_draft_response_format,
    storable_raw,
)

log = logging.getLogger(__name__)

_RETRYABLE_STATUS = frozenset({408, 409, 429})
_CONNECT_TIMEOUT_SECONDS = 5.0
_MIN_ATTEMPT_SECONDS = 1.0
PLAN_BUDGET_SECONDS = 90.0  # a draft and its repair call together; see the module docstring
_MIN_REPAIR_SECONDS = 5.0

BUSY = "The AI service is busy; try again in a few minutes."
TROUBLE = "The AI service is having trouble; try again in a few minutes."
TOO_SLOW = "The AI service did not answer in time; try again in a few minutes."
UNREACHABLE = "The AI service could not be reached; try again in a few minutes."


def parse_retry_after(headers: Mapping[str, str]) -> float | None:
    """Seconds the server asks us to wait (retry-after-ms, retry-after seconds or date)."""
    lowered = {key.lower(): value for key, value in headers.items()}
    for name, divisor in (("retry-after-ms", 1000.0), ("retry-after", 1.0)):
        value = lowered.get(name)
        if value is None:
            continue
        try:
            seconds = float(value) / divisor
        except ValueError:
            continue
        if math.isfinite(seconds):
            return max(seconds, 0.0)
        return math.inf
    value = lowered.get("retry-after")
    if value:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        return max(when.timestamp() - time.time(), 0.0)
    return None


def _service_words(error: openai.APIStatusError) -> str:
    return f"HTTP {error.status_code}: {str(error.message)[:300]}"


def _refusal(error: openai.APIStatusError, model: str) -> ProviderError:
    """A 4xx that retrying will not fix: the operator has to act."""
    status = error.status_code
    if status == 401:
        message = "The AI service rejected the API key; the operator should check OPENAI_API_KEY."
    elif status == 403:
        message = f"The AI service refused access to the model \u201c{model}\u201d with this API key."
    elif status == 404:
        message = (
            f"The AI service does not offer the model \u201c{model}\u201d; check OPENAI_MODEL and OPENAI_BASE_URL."
        )
    elif status == 429:  # insufficient_quota
        message = "The AI account has run out of credit; the operator should check its billing."
    elif status in (400, 422):
        message = "The AI service refused the request as invalid; the operator should check the model settings."
    else:
        message = f"The AI service refused the request (HTTP {status}); the operator should check the settings."
    return ProviderError(message, detail=_service_words(error), status_code=status)


@dataclass(frozen=True)
class _Answer:
    raw: str
    draft: PlanDraft
    usage: Usage


class OpenAIProvider:
    name = "openai"
    prompt_version = f"{PLAN_PROMPT_VERSION}/{COACH_PROMPT_VERSION}"

    def __init__(
        self,
        api_key: str | None,
        base_url: str | None,
        model: str,
        timeout_seconds: float = 20.0,
        max_retries: int = 2,
        *,
        deadline_seconds: float = 45.0,
        plan_budget_seconds: float = PLAN_BUDGET_SECONDS,
        retry_after_cap: float = 10.0,
        backoff_base: float = 0.5,
        backoff_max: float = 4.0,
        prices: Mapping[str, tuple[Decimal, Decimal]] | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
    ) -> None:
        if not model:
            raise ValueError("OpenAIProvider needs a model name (OPENAI_MODEL).")
        if timeout_seconds <= 0 or deadline_seconds <= 0:
            raise ValueError("timeout_seconds and deadline_seconds must be positive.")
        if max_retries < 0:
            raise ValueError("max_retries must be 0 or more.")
        self.model = model
        self.timeout_seconds = float(timeout_seconds)
        self.max_retries = int(max_retries)
        self.deadline_seconds = float(deadline_seconds)
        self.plan_budget_seconds = float(plan_budget_seconds)
        self.retry_after_cap = float(retry_after_cap)
        self.backoff_base = float(backoff_base)
        self.backoff_max = float(backoff_max)
        self.prices = prices
        self._sleep = sleep
        self._rng = rng or random.Random()
        # Compatible servers (Ollama, vLLM) often need no key, but the client insists on one.
        self._client = openai.OpenAI(
            api_key=api_key or "not-needed",
            base_url=base_url or None,
            timeout=self._timeout(self.timeout_seconds),
            max_retries=0,  # retries are ours: see the module docstring
        )

    # --- the two calls ------------------------------------------------------------------

    def draft_plan(self, context: PlanContext) -> PlanResult:
        started = time.monotonic()
        messages = plan_messages(context)
        first = self._draft(messages, context, deadline=self.deadline_seconds)
        quality = draft_quality(first.draft, context)
        if not quality.is_poor:
            return self._plan_result(first, messages, [first.usage])
        left = self.plan_budget_seconds - (time.monotonic() - started)
        if left < _MIN_REPAIR_SECONDS:
            log.warning("AI draft is poor but no time is left to repair it: %s", quality.counts)
            return self._plan_result(first, messages, [first.usage])
        return self._repaired(context, messages, first, quality, deadline=min(self.deadline_seconds, left))

    def _repaired(
        self,
        context: PlanContext,
        messages: list[dict[str, str]],
        first: _Answer,
        quality: DraftQuality,
        *,
        deadline: float,
    ) -> PlanResult:
        """One repair call that names the problems; the better draft is kept, the first if it fails."""
        log.info("AI draft is poor, asking once more: %s", quality.counts)
        conversation = plan_repair_messages(messages, first.raw, quality.problems)
        try:
            second = self._draft(conversation, context, deadline=deadline)
        except ProviderError as error:
            log.warning("AI repair call failed; the first draft stands: %s", error)
            return self._plan_result(first, conversation, [first.usage, error.usage or Usage(0, 0)])
        repaired = draft_quality(second.draft, context)
        if repaired.is_poor:
            log.warning("AI repair call still poor: %s", repaired.counts)
        kept = second if repaired.badness < quality.badness else first
        return self._plan_result(kept, conversation, [first.usage, second.usage])

    def _draft(self, messages: list[dict[str, str]], context: PlanContext, *, deadline: float) -> _Answer:
        raw, usage = self._complete(messages, plan_draft_response_format(), deadline=deadline)
        return _Answer(raw=raw, draft=self._read(lambda: draft_from_answer(raw, context), usage), usage=usage)

    def _plan_result(self, kept: _Answer, conversation: list[dict[str, str]], usages: list[Usage]) -> PlanResult:
        """What the draft took, every call summed: tokens, and the cost of each call as billed."""
        return PlanResult(
            draft=kept.draft,
            prompt=prompt_text(conversation),
            raw=storable_raw(kept.raw),
            usage=Usage(sum(u.input_tokens for u in usages), sum(u.output_tokens for u in usages)),
            cost=sum((cost_for(self.model, usage, self.prices) for usage in usages), Decimal(0)),
            provider=self.name,
            model=self.model,
            calls=len(usages),
        )

    def advise(self, context: CoachingContext) -> AdviceResult:
        messages = coach_messages(context)
        raw, usage = self._complete(messages, advice_response_format(), deadline=self.deadline_seconds)
        advice = self._read(lambda: advice_from_answer(raw), usage)
        return AdviceResult(
            text=advice.advice,
            prompt=prompt_text(messages),
            raw=storable_raw(raw),
            usage=usage,
            cost=cost_for(self.model, usage, self.prices),
            provider=self.name,
            model=self.model,
        )

    # --- transport ------------------------------------------------------------------------

    @staticmethod
    def _timeout(seconds: float) -> openai.Timeout:
        return openai.Timeout(seconds, connect=min(seconds, _CONNECT_TIMEOUT_SECONDS))

    def _backoff(self, retry_number: int) -> float:
        ceiling = min(self.backoff_base * (2**retry_number), self.backoff_max)
        return ceiling * (0.5 + 0.5 * self._rng.random())

    def _complete(
        self, messages: list[dict[str, str]], response_format: dict[str, Any], *, deadline: float
    ) -> tuple[str, Usage]:
        started = time.monotonic()
        attempts = self.max_retries + 1
        for attempt in range(1, attempts + 1):
            remaining = deadline - (time.monotonic() - started)
            seconds = max(min(self.timeout_seconds, remaining), 0.001)
            outcome = self._attempt(messages, response_format, attempt=attempt, seconds=seconds)
            if not isinstance(outcome, ProviderUnavailable):
                return outcome
            failure, retry_after = outcome, outcome.retry_after

            if attempt == attempts:
                break
            if retry_after is not None and retry_after > self.retry_after_cap:
                log.warning(
                    "AI call not retried: server asks for %.1f s (%s)",
                    retry_after,
                    failure.detail,
                )
                raise failure
            delay = retry_after if retry_after is not None else self._backoff(attempt - 1)
            left_after_wait = deadline - (time.monotonic() - started) - delay
            if left_after_wait < _MIN_ATTEMPT_SECONDS:
                break
            log.info(
                "AI call attempt %d failed (%s); retrying in %.2f s",
                attempt,
                failure.detail,
                delay,
            )
            self._sleep(delay)
        log.warning("AI call gave up after %d attempt(s): %s", attempt, failure.detail)
        raise failure

    def _attempt(
        self, messages: list[dict[str, str]], response_format: dict[str, Any], *, attempt: int, seconds: float
    ) -> tuple[str, Usage] | ProviderUnavailable:
        """One call: the answer, or the transient failure that may be retried (anything else raises)."""
        try:
            completion = self._client.chat.completions.create(
                model=self.model,
                messages=messages,  # type: ignore[arg-type]
                response_format=response_format,  # type: ignore[arg-type]
                timeout=self._timeout(seconds),
            )
            return self._content(completion)
        except openai.APITimeoutError as error:
            return ProviderUnavailable(TOO_SLOW, detail=f"attempt {attempt}: {error.message}")
        except openai.APIConnectionError as error:
            return ProviderUnavailable(UNREACHABLE, detail=f"attempt {attempt}: {error.message}")
        except openai.APIStatusError as error:
            status = error.status_code
            if status in _RETRYABLE_STATUS and error.code != "insufficient_quota":
                message = BUSY
            elif status >= 500:
                message = TROUBLE
            else:
                raise _refusal(error, self.model) from None
            return ProviderUnavailable(
                message,
                detail=f"attempt {attempt}: {_service_words(error)}",
                status_code=status,
                retry_after=parse_retry_after(error.response.headers),
            )
        except (openai.APIResponseValidationError, ValueError) as error:
            # A 200 whose body is not a chat completion at all (not JSON, wrong shape).
            raise ProviderBadResponse(
                "The AI service answered with something that is not a chat completion.",
                detail=str(error)[:300],
            ) from None

    @staticmethod
    def _content(completion: object) -> tuple[str, Usage]:
        if not isinstance(completion, ChatCompletion):
            raise ProviderBadResponse(
                "The AI service answered with something that is not a chat completion.",
                detail=f"got {type(completion).__name__}: {str(completion)[:200]}",
            )
        usage = Usage(
            input_tokens=completion.usage.prompt_tokens if completion.usage else 0,
            output_tokens=completion.usage.completion_tokens if completion.usage else 0,
        )
        if not completion.choices:
            raise ProviderBadResponse(
                "The AI service returned an empty answer.",
                detail="no choices",
                usage=usage,
            )
        choice = completion.choices[0]
        content = choice.message.content or ""
        if choice.message.refusal:
            raise ProviderBadResponse(
                "The AI model declined to answer.",
                detail=choice.message.refusal[:300],
                raw=storable_raw(content),
                usage=usage,
            )
        if choice.finish_reason == "length":
            raise ProviderBadResponse(
                "The AI answer was cut off before it was complete.",
                detail="finish_reason=length",
                raw=storable_raw(content),
                usage=usage,
            )
        if not content.strip():
            raise ProviderBadResponse(
                "The AI service returned an empty answer.",
                detail="empty content",
                usage=usage,
            )
        return content, usage

    @staticmethod
    def _read[T](read: Callable[[], T], usage: Usage) -> T:
        # The answer was paid for even when it cannot be used: keep its tokens on the error.
        try:
            return read()
        except ProviderBadResponse as error:
            error.usage = usage
            raise
