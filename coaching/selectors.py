"""Reads of a person's coaching data, shared by the pages and the API.

Every read is scoped to the person: another person's id is simply not found.
"""

from __future__ import annotations

import uuid
from enum import StrEnum

from django.db.models import F, QuerySet

from accounts.models import User
from coaching.models import Goal, Interaction, Task
from config.ownership import owned_or_404


class TaskOrder(StrEnum):
    NEWEST = "newest"
    IMPORTANCE = "importance"


def coaching_tasks_list(
    *, user: User, order: TaskOrder = TaskOrder.NEWEST, is_completed: bool | None = None
) -> QuerySet[Task]:
    tasks = Task.objects.filter(user=user)
    if is_completed is not None:
        tasks = tasks.filter(is_completed=is_completed)
    if order == TaskOrder.IMPORTANCE:
        # Unrated tasks last; among equals, the newest first.
        return tasks.order_by(F("importance").desc(nulls_last=True), "-created_at", "-id")
    return tasks.order_by("-created_at", "-id")


def coaching_task_get(*, user: User, task_id: uuid.UUID | str) -> Task:
    """The person's task; Http404 for a missing id and for another person's alike."""
    task = owned_or_404(Task.objects.all(), user=user, pk=task_id, what="task")
    task.user = user  # the caller's instance: no second query for task.user
    return task


def coaching_goals_list(*, user: User) -> QuerySet[Goal]:
    return Goal.objects.filter(user=user).order_by("-created_at", "-id")


def coaching_goal_get(*, user: User, goal_id: uuid.UUID | str) -> Goal:
    goal = owned_or_404(Goal.objects.all(), user=user, pk=goal_id, what="goal")
    goal.user = user
    return goal


def coaching_interactions_list(*, user: User, task_id: uuid.UUID | None = None) -> QuerySet[Interaction]:
    interactions = Interaction.objects.filter(user=user)
    if task_id is not None:
        interactions = interactions.filter(task_id=task_id)
    return interactions.order_by("-created_at", "-id")


def coaching_interaction_get(*, user: User, interaction_id: uuid.UUID | str) -> Interaction:
    return owned_or_404(Interaction.objects.all(), user=user, pk=interaction_id, what="interaction")
