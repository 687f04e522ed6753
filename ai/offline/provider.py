"""The offline provider: the offline plan drafter and the offline coach behind one Provider.

Everything it returns is a pure function of the context, so the same context always gives
the same draft and the same advice.
"""

from __future__ import annotations

from decimal import Decimal

from ai.base import AdviceResult, CoachingContext, PlanContext, PlanResult, Usage
from ai.offline.coach import build_advice
from ai.offline.plan import build_draft
from ai.prompts import (
    COACH_PROMPT_VERSION,
    PLAN_PROMPT_VERSION,
    coach_messages,
    plan_messages,
    prompt_text,
)
from ai.schemas import Advice, validate_draft


class OfflineProvider:
    name = "offline"
    model = "offline-v1"
    prompt_version = f"{PLAN_PROMPT_VERSION}/{COACH_PROMPT_VERSION}"

    def draft_plan(self, context: PlanContext) -> PlanResult:
        draft = validate_draft(build_draft(context), context)
        return PlanResult(
            draft=draft,
            prompt=prompt_text(plan_messages(context)),
            raw=draft.model_dump_json(),
            usage=Usage(0, 0),
            cost=Decimal(0),
            provider=self.name,
            model=self.model,
        )

    def advise(self, context: CoachingContext) -> AdviceResult:
        text = build_advice(context)
        return AdviceResult(
            text=text,
            prompt=prompt_text(coach_messages(context)),
            raw=Advice(advice=text).model_dump_json(),
            usage=Usage(0, 0),
            cost=Decimal(0),
            provider=self.name,
            model=self.model,
        )
