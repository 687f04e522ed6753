"""Coaching writes: the to-do list, goals, persona signals, the allowance and the coach."""

from coaching.services.advice import (
    AdviceOutcome,
    CoachingUnavailable,
    coaching_advice_get,
    coaching_cache_expire,
    coaching_cache_forget,
    coaching_cache_purge_expired,
    coaching_context_build,
    normalise_task_text,
    question_hash,
)
from coaching.services.allowance import (
    AllowanceStatus,
    CoachingAllowanceSpent,
    coaching_allowance_refund,
    coaching_allowance_reserve,
    coaching_allowance_status,
)
from coaching.services.persona import persona_signals_current, persona_signals_update
from coaching.services.todo import (
    MAX_GOALS,
    UNCHANGED,
    coaching_goal_create,
    coaching_goal_delete,
    coaching_goal_update,
    coaching_task_create,
    coaching_task_delete,
    coaching_task_update,
)

__all__ = [
    "MAX_GOALS",
    "UNCHANGED",
    "AdviceOutcome",
    "AllowanceStatus",
    "CoachingAllowanceSpent",
    "CoachingUnavailable",
    "coaching_advice_get",
    "coaching_allowance_refund",
    "coaching_allowance_reserve",
    "coaching_allowance_status",
    "coaching_cache_expire",
    "coaching_cache_forget",
    "coaching_cache_purge_expired",
    "coaching_context_build",
    "coaching_goal_create",
    "coaching_goal_delete",
    "coaching_goal_update",
    "coaching_task_create",
    "coaching_task_delete",
    "coaching_task_update",
    "normalise_task_text",
    "persona_signals_current",
    "persona_signals_update",
    "question_hash",
]
