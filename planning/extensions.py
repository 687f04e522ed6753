"""Where the apps built on planning plug into a plan's life, without planning importing them.

calendars writes a person's sessions to their own calendar and reads busy time from it;
planning only says when that matters, through two hooks registered from the other app's
``AppConfig.ready()`` (as accounts.extensions does for the apps built on accounts):

- sessions changed: a plan was made active or accepted, a session was moved, ticked or
  re-placed. Called inside the change's transaction; the hooks run once it commits, and a
  hook that fails (the queue away) is logged and never undoes or breaks the person's change.
- before a generation: the worker asks for the person's busy time to be read afresh, within
  a short time budget. A hook returns advice for the plan (kind, message) when what it read
  is stale, and never raises: a calendar that cannot be read must not stop a plan.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass
from typing import Protocol

from django.db import transaction

logger = logging.getLogger(__name__)

# Seconds a generation waits, in all, for the person's calendars to be read.
BEFORE_GENERATION_BUDGET = 10.0


@dataclass(frozen=True)
class PlanAdvice:
    """One item of MonthlyPlan.advice."""

    kind: str
    message: str

    def as_json(self) -> dict[str, str]:
        return {"kind": self.kind, "message": self.message}


class SessionsChangedHook(Protocol):
    def __call__(self, *, user_id: int) -> object: ...


class BeforeGenerationHook(Protocol):
    def __call__(self, *, user_id: int, now: dt.datetime, budget: float) -> list[PlanAdvice]: ...


_sessions_changed_hooks: list[SessionsChangedHook] = []
_before_generation_hooks: list[BeforeGenerationHook] = []


def sessions_changed_register(hook: SessionsChangedHook) -> None:
    if hook not in _sessions_changed_hooks:
        _sessions_changed_hooks.append(hook)


def before_generation_register(hook: BeforeGenerationHook) -> None:
    if hook not in _before_generation_hooks:
        _before_generation_hooks.append(hook)


def _run_sessions_changed(user_id: int) -> None:
    for hook in tuple(_sessions_changed_hooks):
        try:
            hook(user_id=user_id)
        except Exception:
            logger.warning("person %s: a sessions-changed hook failed; the change stands", user_id, exc_info=True)


def sessions_changed(*, user_id: int) -> None:
    """The person's active sessions changed: the hooks run after the current transaction
    commits (at once outside one), so they read the change."""
    if _sessions_changed_hooks:
        transaction.on_commit(lambda: _run_sessions_changed(user_id))


def before_generation(*, user_id: int, now: dt.datetime, budget: float | None = None) -> list[PlanAdvice]:
    """Runs the hooks in turn within `budget` seconds in all (BEFORE_GENERATION_BUDGET by
    default); the advice they return."""
    advice: list[PlanAdvice] = []
    deadline = time.monotonic() + (BEFORE_GENERATION_BUDGET if budget is None else budget)
    for hook in tuple(_before_generation_hooks):
        try:
            advice += hook(user_id=user_id, now=now, budget=max(deadline - time.monotonic(), 0.0))
        except Exception:
            logger.exception("person %s: a before-generation hook failed; generating anyway", user_id)
    return advice
