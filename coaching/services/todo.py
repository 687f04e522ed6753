"""Writes for the to-do list and the personal goals.

The rules (text required and at most 500 characters, ratings 1-10 or empty) live on the
model fields; every write goes through ``full_clean`` so the pages, the API and any other
caller refuse the same input with the same message.
"""

from __future__ import annotations

import enum
from typing import Final

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from coaching.models import Goal, Task
from coaching.services.persona import persona_signals_update

MAX_GOALS = 10


class _Unchanged(enum.Enum):
    UNCHANGED = "unchanged"


UNCHANGED: Final = _Unchanged.UNCHANGED


def _clean(instance: Task | Goal) -> None:
    # Field rules only: the check constraints mirror them and the database enforces them too.
    instance.full_clean(exclude=["user"], validate_unique=False, validate_constraints=False)


def _strip(value: str | None) -> str:
    return (value or "").strip()


def _set_completed(task: Task, is_completed: bool) -> None:
    if is_completed and not task.is_completed:
        task.completed_at = timezone.now()
    elif not is_completed:
        task.completed_at = None
    task.is_completed = is_completed


@transaction.atomic
def coaching_task_create(
    *,
    user: User,
    text: str,
    importance: int | None = None,
    confidence: int | None = None,
    is_completed: bool = False,
) -> Task:
    task = Task(user=user, text=_strip(text), importance=importance, confidence=confidence)
    _set_completed(task, is_completed)
    _clean(task)
    task.save()
    persona_signals_update(user=user)
    return task


@transaction.atomic
def coaching_task_update(
    *,
    task: Task,
    text: str | _Unchanged = UNCHANGED,
    importance: int | _Unchanged | None = UNCHANGED,
    confidence: int | _Unchanged | None = UNCHANGED,
    is_completed: bool | _Unchanged = UNCHANGED,
) -> Task:
    """Changes the given fields only; the person's signals follow ratings and completion."""
    if text is not UNCHANGED:
        task.text = _strip(text)
    if importance is not UNCHANGED:
        task.importance = importance
    if confidence is not UNCHANGED:
        task.confidence = confidence
    if is_completed is not UNCHANGED:
        _set_completed(task, is_completed)
    _clean(task)
    task.save()
    if (importance, confidence, is_completed) != (UNCHANGED, UNCHANGED, UNCHANGED):
        persona_signals_update(user=task.user)
    return task


@transaction.atomic
def coaching_task_delete(*, task: Task) -> None:
    """Removes the task; its interactions stay in the history with the task text they asked about."""
    user = task.user
    task.delete()
    persona_signals_update(user=user)


@transaction.atomic
def coaching_goal_create(*, user: User, what_matters: str, biggest_win: str = "", worst_outcome: str = "") -> Goal:
    goal = Goal(
        user=user,
        what_matters=_strip(what_matters),
        biggest_win=_strip(biggest_win),
        worst_outcome=_strip(worst_outcome),
    )
    _clean(goal)
    # Lock the person's row so two simultaneous additions cannot both pass the count.
    User.objects.select_for_update().only("pk").get(pk=user.pk)
    if Goal.objects.filter(user=user).count() >= MAX_GOALS:
        raise ValidationError(
            {NON_FIELD_ERRORS: [f"You can keep up to {MAX_GOALS} goals. Edit or remove one to add another."]}
        )
    goal.save()
    return goal


def coaching_goal_update(
    *,
    goal: Goal,
    what_matters: str | _Unchanged = UNCHANGED,
    biggest_win: str | _Unchanged = UNCHANGED,
    worst_outcome: str | _Unchanged = UNCHANGED,
) -> Goal:
    if what_matters is not UNCHANGED:
        goal.what_matters = _strip(what_matters)
    if biggest_win is not UNCHANGED:
        goal.biggest_win = _strip(biggest_win)
    if worst_outcome is not UNCHANGED:
        goal.worst_outcome = _strip(worst_outcome)
    _clean(goal)
    goal.save()
    return goal


def coaching_goal_delete(*, goal: Goal) -> None:
    goal.delete()
