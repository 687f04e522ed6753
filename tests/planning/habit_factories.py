import datetime as dt

import factory

from planning.models import Habit
from tests.factories import UserFactory


class HabitFactory(factory.django.DjangoModelFactory):
    """Three runs a week, 06:00-09:00, 30-45 minutes, from 1 November 2026."""

    class Meta:
        model = Habit

    user = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Run {n}")
    focus_area = "Fitness"
    times_per_week = 3
    days = factory.LazyFunction(list)
    min_minutes = 30
    ideal_minutes = 45
    window_start = dt.time(6)
    window_end = dt.time(9)
    priority = "normal"
    starts_on = dt.date(2026, 11, 1)


RUN_INPUT = {
    "name": "Morning run",
    "focus_area": "Fitness",
    "times_per_week": 3,
    "minutes": {"min": 30, "ideal": 45},
    "window": {"start": "06:00", "end": "09:00"},
    "priority": "high",
}
