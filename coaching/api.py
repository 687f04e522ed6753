"""The coaching part of the REST API (see API.md): tasks, goals, the coach, interactions.

Views are thin: validate with the operation's serializer, call one service or selector,
answer. Every queryset is the person's own, so another person's id answers 404 exactly
like a missing one.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.generics import GenericAPIView
from rest_framework.request import Request
from rest_framework.response import Response

from coaching.models import Goal, Task
from coaching.selectors import (
    TaskOrder,
    coaching_goal_get,
    coaching_goals_list,
    coaching_interactions_list,
    coaching_task_get,
    coaching_tasks_list,
)
from coaching.serializers import (
    AdviceSerializer,
    GoalCreateSerializer,
    GoalSerializer,
    GoalUpdateSerializer,
    InteractionListQuerySerializer,
    InteractionSerializer,
    TaskCreateSerializer,
    TaskListQuerySerializer,
    TaskSerializer,
    TaskUpdateSerializer,
)
from coaching.services import (
    coaching_advice_get,
    coaching_allowance_status,
    coaching_goal_create,
    coaching_goal_delete,
    coaching_goal_update,
    coaching_task_create,
    coaching_task_delete,
    coaching_task_update,
)
from config.api.errors import documented_error
from config.api.fields import single_query_values

TAGS = ["coaching"]


# --- tasks -----------------------------------------------------------------------------


class TaskListView(GenericAPIView):
    serializer_class = TaskSerializer

    @extend_schema(
        parameters=[TaskListQuerySerializer],
        responses={200: TaskSerializer(many=True)},
        tags=TAGS,
        summary="The person's to-do tasks, newest first (or by importance)",
    )
    def get(self, request: Request) -> Response:
        query = TaskListQuerySerializer(data=single_query_values(request.query_params))
        query.is_valid(raise_exception=True)
        tasks = coaching_tasks_list(
            user=request.user,
            order=TaskOrder(query.validated_data["ordering"]),
            is_completed=query.validated_data["is_completed"],
        )
        page = self.paginate_queryset(tasks)
        return self.get_paginated_response(TaskSerializer(page, many=True, context=self.get_serializer_context()).data)

    @extend_schema(request=TaskCreateSerializer, responses={201: TaskSerializer}, tags=TAGS, summary="Add a task")
    def post(self, request: Request) -> Response:
        data = TaskCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        task = coaching_task_create(user=request.user, **data.validated_data)
        return Response(
            TaskSerializer(task, context=self.get_serializer_context()).data, status=status.HTTP_201_CREATED
        )


class TaskDetailView(GenericAPIView):
    serializer_class = TaskSerializer

    def _task(self, request: Request, task_id: Any) -> Task:
        return coaching_task_get(user=request.user, task_id=task_id)

    @extend_schema(responses={200: TaskSerializer}, tags=TAGS, summary="One task")
    def get(self, request: Request, id: Any) -> Response:
        return Response(TaskSerializer(self._task(request, id), context=self.get_serializer_context()).data)

    @extend_schema(
        request=TaskUpdateSerializer,
        responses={200: TaskSerializer},
        tags=TAGS,
        summary="Change a task: text, ratings, completion",
    )
    def patch(self, request: Request, id: Any) -> Response:
        task = self._task(request, id)
        data = TaskUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        task = coaching_task_update(task=task, **data.validated_data)
        return Response(TaskSerializer(task, context=self.get_serializer_context()).data)

    @extend_schema(request=None, responses={204: OpenApiResponse(description="Deleted")}, tags=TAGS)
    def delete(self, request: Request, id: Any) -> Response:
        coaching_task_delete(task=self._task(request, id))
        return Response(status=status.HTTP_204_NO_CONTENT)


class AdviceView(GenericAPIView):
    serializer_class = AdviceSerializer

    @extend_schema(
        request=None,
        responses={
            200: AdviceSerializer,
            429: documented_error(
                "The coaching allowance is spent (the message says when it resets), or too many requests."
            ),
            502: documented_error("The AI service answered with something unusable; nothing was charged or cached."),
            503: documented_error("The AI service is busy, slow or unreachable; nothing was charged. Try again later."),
        },
        tags=TAGS,
        summary="Ask the coach about a task",
        description=(
            "Answers from the cache when the same question (task, ratings, goals, what the app learned "
            "about the person, prompt and model) was answered recently: free, `cache_hit` true. Otherwise "
            "the AI model is asked, which uses one call of the person's allowance."
        ),
    )
    def post(self, request: Request, id: Any) -> Response:
        task = coaching_task_get(user=request.user, task_id=id)
        # A spent allowance (429) or a failing AI service (503/502) is a Refusal: the
        # API's exception handler answers it, with Retry-After.
        outcome = coaching_advice_get(user=request.user, task=task)
        allowance = coaching_allowance_status(user=request.user)
        payload = {
            "interaction": outcome.interaction,
            "response": outcome.response,
            "cache_hit": outcome.cache_hit,
            "latency": outcome.latency,
            "token_count": outcome.token_count,
            "cost": outcome.cost,
            "coaching_remaining": allowance.remaining,
            "coaching_reset_at": allowance.resets_at,
        }
        return Response(AdviceSerializer(payload, context=self.get_serializer_context()).data)


# --- goals -----------------------------------------------------------------------------


class GoalListView(GenericAPIView):
    serializer_class = GoalSerializer

    @extend_schema(responses={200: GoalSerializer(many=True)}, tags=TAGS, summary="The person's goals, newest first")
    def get(self, request: Request) -> Response:
        page = self.paginate_queryset(coaching_goals_list(user=request.user))
        return self.get_paginated_response(GoalSerializer(page, many=True, context=self.get_serializer_context()).data)

    @extend_schema(request=GoalCreateSerializer, responses={201: GoalSerializer}, tags=TAGS, summary="Add a goal")
    def post(self, request: Request) -> Response:
        data = GoalCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        goal = coaching_goal_create(user=request.user, **data.validated_data)
        return Response(
            GoalSerializer(goal, context=self.get_serializer_context()).data, status=status.HTTP_201_CREATED
        )


class GoalDetailView(GenericAPIView):
    serializer_class = GoalSerializer

    def _goal(self, request: Request, goal_id: Any) -> Goal:
        return coaching_goal_get(user=request.user, goal_id=goal_id)

    @extend_schema(responses={200: GoalSerializer}, tags=TAGS, summary="One goal")
    def get(self, request: Request, id: Any) -> Response:
        return Response(GoalSerializer(self._goal(request, id), context=self.get_serializer_context()).data)

    @extend_schema(request=GoalUpdateSerializer, responses={200: GoalSerializer}, tags=TAGS, summary="Change a goal")
    def patch(self, request: Request, id: Any) -> Response:
        goal = self._goal(request, id)
        data = GoalUpdateSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        goal = coaching_goal_update(goal=goal, **data.validated_data)
        return Response(GoalSerializer(goal, context=self.get_serializer_context()).data)

    @extend_schema(request=None, responses={204: OpenApiResponse(description="Deleted")}, tags=TAGS)
    def delete(self, request: Request, id: Any) -> Response:
        coaching_goal_delete(goal=self._goal(request, id))
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- interactions --------------------------------------------------------------------------


class InteractionListView(GenericAPIView):
    serializer_class = InteractionSerializer

    @extend_schema(
        parameters=[InteractionListQuerySerializer],
        responses={200: InteractionSerializer(many=True)},
        tags=TAGS,
        summary="The person's coaching interactions, newest first",
    )
    def get(self, request: Request) -> Response:
        query = InteractionListQuerySerializer(data=single_query_values(request.query_params))
        query.is_valid(raise_exception=True)
        interactions = coaching_interactions_list(user=request.user, task_id=query.validated_data.get("task"))
        page = self.paginate_queryset(interactions)
        return self.get_paginated_response(
            InteractionSerializer(page, many=True, context=self.get_serializer_context()).data
        )
