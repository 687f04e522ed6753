"""The coaching tables: a person's to-do tasks and goals, the coach's answers and its cache.

Tasks, goals and interactions belong to one person and are only read through that person.
``CacheEntry`` is the exception: it has no owner, because it is keyed by a hash of
everything the model saw (see ``coaching.advice_key``), so only a person whose context is
identical can ever reach an entry.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone

TASK_TEXT_MAX_LENGTH = 500
GOAL_TEXT_MAX_LENGTH = 1000
RATING_MIN, RATING_MAX = 1, 10

# The messages a person sees by the field, on the pages and in the API alike.
TASK_TEXT_REQUIRED = "Write what the task is."
TASK_TEXT_TOO_LONG = f"Keep the task to {TASK_TEXT_MAX_LENGTH} characters or fewer."
RATING_OUT_OF_RANGE = f"Use a number from {RATING_MIN} to {RATING_MAX}, or leave it empty."
WHAT_MATTERS_REQUIRED = "Write what matters to you."
GOAL_TEXT_TOO_LONG = f"Keep this to {GOAL_TEXT_MAX_LENGTH} characters or fewer."


def _rating_field(label: str, help_text: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        label,
        null=True,
        blank=True,
        validators=[
            MinValueValidator(RATING_MIN, message=RATING_OUT_OF_RANGE),
            MaxValueValidator(RATING_MAX, message=RATING_OUT_OF_RANGE),
        ],
        error_messages={"invalid": RATING_OUT_OF_RANGE},
        help_text=help_text,
    )


class Task(models.Model):
    """One item on a person's to-do list."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # No index of its own: coach_task_user_done_idx starts with it.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coaching_tasks", db_index=False
    )
    text = models.CharField(
        "task",
        max_length=TASK_TEXT_MAX_LENGTH,
        error_messages={"blank": TASK_TEXT_REQUIRED, "null": TASK_TEXT_REQUIRED, "max_length": TASK_TEXT_TOO_LONG},
    )
    importance = _rating_field("importance", "How much it matters, 1 (hardly) to 10 (a lot).")
    confidence = _rating_field("confidence", "How sure you are you can do it, 1 (not at all) to 10 (certain).")
    is_completed = models.BooleanField(default=False)
    completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "is_completed"], name="coach_task_user_done_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="coach_task_text_not_empty"),
            # varchar(500) already holds on PostgreSQL; SQLite ignores lengths, this does not.
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("text"), TASK_TEXT_MAX_LENGTH), name="coach_task_text_max_500"
            ),
            models.CheckConstraint(
                condition=Q(importance__isnull=True) | Q(importance__gte=RATING_MIN, importance__lte=RATING_MAX),
                name="coach_task_importance_1_10",
            ),
            models.CheckConstraint(
                condition=Q(confidence__isnull=True) | Q(confidence__gte=RATING_MIN, confidence__lte=RATING_MAX),
                name="coach_task_confidence_1_10",
            ),
            # A completed task knows when; an open one has no completion time.
            models.CheckConstraint(
                condition=Q(is_completed=True, completed_at__isnull=False)
                | Q(is_completed=False, completed_at__isnull=True),
                name="coach_task_completed_at_matches",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class Goal(models.Model):
    """A personal goal: what matters, the biggest win, the outcome to avoid."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coaching_goals")
    what_matters = models.CharField(
        "what matters",
        max_length=GOAL_TEXT_MAX_LENGTH,
        error_messages={"blank": WHAT_MATTERS_REQUIRED, "max_length": GOAL_TEXT_TOO_LONG},
        help_text="In your own words, e.g. “Being present for my kids”.",
    )
    biggest_win = models.CharField(
        "biggest win",
        max_length=GOAL_TEXT_MAX_LENGTH,
        blank=True,
        error_messages={"max_length": GOAL_TEXT_TOO_LONG},
        help_text="What would make this month a success?",
    )
    worst_outcome = models.CharField(
        "worst outcome",
        max_length=GOAL_TEXT_MAX_LENGTH,
        blank=True,
        error_messages={"max_length": GOAL_TEXT_TOO_LONG},
        help_text="What do you most want to avoid?",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = []  # the foreign key's own index serves lookups by user
        constraints = [models.CheckConstraint(condition=~Q(what_matters=""), name="coach_goal_what_matters_not_empty")]

    def __str__(self) -> str:
        return self.what_matters[:60]


class Interaction(models.Model):
    """One answer the coach gave a person, from the model or from the cache."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # No index of its own: coach_interaction_user_idx starts with it.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coaching_interactions", db_index=False
    )
    task = models.ForeignKey(Task, on_delete=models.SET_NULL, null=True, blank=True, related_name="interactions")
    # The task as asked, kept when the task is later edited or deleted.
    task_text = models.CharField(max_length=TASK_TEXT_MAX_LENGTH, blank=True)
    question_hash = models.CharField(max_length=64)
    response = models.TextField()
    latency = models.PositiveIntegerField(help_text="Server time to answer, in milliseconds.")
    token_count = models.JSONField(default=dict, help_text='{"input": n, "output": n}')
    cost = models.DecimalField(max_digits=10, decimal_places=6, default=0, help_text="USD.")
    cache_hit = models.BooleanField(default=False)
    provider = models.CharField(max_length=32)
    model = models.CharField(max_length=100)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "-created_at"], name="coach_interaction_user_idx")]
        constraints = [models.CheckConstraint(condition=Q(cost__gte=0), name="coach_interaction_cost_not_negative")]

    def __str__(self) -> str:
        return f"{self.user_id} {'cache' if self.cache_hit else self.model} {self.created_at:%Y-%m-%d %H:%M}"


class CacheEntry(models.Model):
    """Advice shared by hash: the same context, prompt version and model give the same answer."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    question_hash = models.CharField(max_length=64, unique=True)
    response = models.TextField()
    hit_count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField()
    provider = models.CharField(max_length=32)
    model = models.CharField(max_length=100)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "cache entries"
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["expires_at"], name="coach_cache_expires_idx")]

    def __str__(self) -> str:
        return self.question_hash[:12]

    @property
    def is_fresh(self) -> bool:
        return self.expires_at > timezone.now()


class AllowanceHold(models.Model):
    """One coach call in flight: it counts against the person's allowance until it is charged
    (with the answer it paid for), given back, or past ``expires_at``.

    The allowance itself (``User.coaching_count``) only ever counts answers delivered and
    recorded. A hold is what keeps simultaneous requests within the allowance while the model
    is asked; a process killed mid-call leaves its hold behind, and the expiry ends it.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # No index of its own: coach_hold_user_expires_idx starts with it.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coaching_allowance_holds", db_index=False
    )
    expires_at = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        indexes = [models.Index(fields=["user", "expires_at"], name="coach_hold_user_expires_idx")]

    def __str__(self) -> str:
        return f"{self.user_id} until {self.expires_at:%Y-%m-%d %H:%M:%S}"
