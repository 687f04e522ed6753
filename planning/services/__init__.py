"""Planning writes: preferences snapshots, generation quota, plan generation."""

from planning.services.generation import (
    GenerationRefused,
    plan_generate,
    plan_generation_request,
    plan_request_claim,
    plan_request_fail,
    plan_request_requeue,
)
from planning.services.preferences import preferences_save
from planning.services.quota import quota_current, quota_refund, quota_reserve
from planning.services.tasks import (
    MovedTask,
    RescheduleOutcome,
    TaskChangeRefused,
    plan_task_change_focus_area,
    plan_task_move,
    plan_task_set_completed,
    plan_tasks_reschedule_missed,
)

__all__ = [
    "GenerationRefused",
    "MovedTask",
    "RescheduleOutcome",
    "TaskChangeRefused",
    "plan_generate",
    "plan_generation_request",
    "plan_request_claim",
    "plan_request_fail",
    "plan_request_requeue",
    "plan_task_change_focus_area",
    "plan_task_move",
    "plan_task_set_completed",
    "plan_tasks_reschedule_missed",
    "preferences_save",
    "quota_current",
    "quota_refund",
    "quota_reserve",
]
