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

__all__ = [
    "GenerationRefused",
    "plan_generate",
    "plan_generation_request",
    "plan_request_claim",
    "plan_request_fail",
    "plan_request_requeue",
    "preferences_save",
    "quota_current",
    "quota_refund",
    "quota_reserve",
]
