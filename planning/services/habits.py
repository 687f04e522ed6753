"""Adding, changing, pausing and deleting habits. Each write takes the person's row lock (the
lock every plan write and move takes) and brings the habit's future occurrences in the active
plans in line in the same transaction (planning.services.habit_occurrences)."""

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from planning.habit_model import MAX_ACTIVE_HABITS, Habit, HabitPriority
from planning.services.habit_input import FIELDS, HabitRefused, clean_habit, habit_input_of, with_changes
from planning.services.habit_occurrences import HabitSync, habit_occurrences_sync

TOO_MANY_ACTIVE = (
    f"You can keep at most {MAX_ACTIVE_HABITS} active habits: pause or delete one before adding another. "
    "A month cannot hold more well."
)


def _lock(user: User) -> None:
    User.objects.select_for_update().filter(pk=user.pk).first()


def _room_for_one_more(user: User, *, besides: int | None = None) -> None:
    active = Habit.objects.filter(user=user, is_active=True).exclude(pk=besides).count()
    if active >= MAX_ACTIVE_HABITS:
        raise HabitRefused(TOO_MANY_ACTIVE, field="is_active" if besides else None)


def habit_create(*, user: User, now: dt.datetime | None = None, **raw: Any) -> Habit:
    """Saves a new habit and places its occurrences in the active plans from now on; raises
    HabitRefused with every problem by field and saves nothing. Left out: normal priority,
    starting today (the person's date), active."""
    now = now or timezone.now()
    today = now.astimezone(ZoneInfo(user.timezone)).date()
    given = {name: value for name, value in raw.items() if name in FIELDS}
    cleaned = clean_habit({"priority": HabitPriority.NORMAL, "starts_on": today, "is_active": True, **given})
    with transaction.atomic():
        _lock(user)
        if cleaned["is_active"]:
            _room_for_one_more(user)
        habit = Habit.objects.create(user=user, created_at=now, updated_at=now, **cleaned)
        habit_occurrences_sync(habit=habit, now=now)
    return habit


def habit_update(*, habit: Habit, now: dt.datetime | None = None, **changes: Any) -> Habit:
    """Changes the habit (any of its fields; `minutes` and `window` may change one part) and its
    future occurrences: the ones not done, logged, running, pinned or moved by hand are placed
    again, or taken out when the habit is paused or ends. Nothing changes on a refusal."""
    now = now or timezone.now()
    given = {name: value for name, value in changes.items() if name in FIELDS}
    cleaned = clean_habit(with_changes(habit_input_of(habit), given))
    with transaction.atomic():
        _lock(habit.user)
        habit = Habit.objects.select_for_update().get(pk=habit.pk)
        if cleaned["is_active"] and not habit.is_active:
            _room_for_one_more(habit.user, besides=habit.pk)
        if all(getattr(habit, name) == value for name, value in cleaned.items()):
            return habit
        pausing = habit.is_active and not cleaned["is_active"]
        for name, value in cleaned.items():
            setattr(habit, name, value)
        habit.updated_at = now
        habit.save()
        habit_occurrences_sync(habit=habit, now=now, keep_chosen=not pausing)
    return habit


def habit_delete(*, habit: Habit, now: dt.datetime | None = None) -> HabitSync:
    """Deletes the habit and its future occurrences that are not done, logged or running;
    those stay in the plans as sessions of their own (their habit link is cleared)."""
    now = now or timezone.now()
    with transaction.atomic():
        _lock(habit.user)
        habit.is_active = False
        outcome = habit_occurrences_sync(habit=habit, now=now, keep_chosen=False)
        habit.delete()
    return outcome
