import datetime as dt
from zoneinfo import ZoneInfo

import factory

from planning.models import Difficulty, GenerationQuota, MonthlyPlan, PlanRequest, PlanTask, Preferences
from tests.factories import UserFactory


class PreferencesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Preferences

    user = factory.SubFactory(UserFactory)
    goals_text = "Finish the first draft of my novel and run three times a week."
    task_complexity = "Balanced"
    focus_areas = factory.LazyFunction(lambda: ["Writing", "Fitness"])
    weekend_preference = "Mixed"
    fixed_commitments = factory.LazyFunction(
        lambda: [
            {"day": d, "start": "09:00", "end": "17:00", "label": "Work"} for d in ("mon", "tue", "wed", "thu", "fri")
        ]
    )


class GenerationQuotaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GenerationQuota

    user = factory.SubFactory(UserFactory)
    month_year = "2026-11"
    total_allowed = 5
    generations_used = 0
    resets_on = dt.date(2026, 12, 1)


class PlanRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanRequest

    user = factory.SubFactory(UserFactory)
    month_year = "2026-12"
    preference = factory.SubFactory(PreferencesFactory, user=factory.SelfAttribute("..user"))
    quota = factory.SubFactory(GenerationQuotaFactory, user=factory.SelfAttribute("..user"))


class MonthlyPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MonthlyPlan

    user = factory.SubFactory(UserFactory)
    preference = factory.SubFactory(PreferencesFactory, user=factory.SelfAttribute("..user"))
    month_year = "2026-12"
    ai_prompt = "prompt"
    ai_response_raw = "{}"
    monthly_summary = "A focused December."
    weekly_breakdown = factory.LazyFunction(lambda: [{"week": 1, "theme": "Foundations", "focus_areas": ["Writing"]}])
    provider = "offline"
    model_name = "offline-v1"


def _start(task: "PlanTaskFactory") -> dt.datetime:  # type: ignore[name-defined]
    zone = ZoneInfo(task.user.timezone)
    year, month = (int(part) for part in task.plan.month_year.split("-"))
    return dt.datetime(year, month, 1, 18, 0, tzinfo=zone)


class PlanTaskFactory(factory.django.DjangoModelFactory):
    """A task at 18:00 local on the plan month's first day, unless start_time is given."""

    class Meta:
        model = PlanTask

    plan = factory.SubFactory(MonthlyPlanFactory)
    user = factory.SelfAttribute("plan.user")
    task_key = factory.Sequence(lambda n: f"w1-t{n}")
    task_description = factory.Sequence(lambda n: f"Writing session {n}")
    focus_area = "Writing"
    start_time = factory.LazyAttribute(_start)
    end_time = factory.LazyAttribute(lambda t: t.start_time + dt.timedelta(minutes=60))
    difficulty_level = Difficulty.MEDIUM
    scheduling_reason = "Placed in free time after work."
