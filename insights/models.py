from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

ONE_LOG_PER_TASK_CONSTRAINT = "activity_one_log_per_task"
ONE_LOG_PER_TASK = "This session already has an activity log: correct that one instead of logging it again."


class ActivityLog(models.Model):
    """What a person actually did on a plan task: when, and whether they finished it.

    One log per task (session): a second one would count the session twice in the
    insights. A log is corrected or deleted, never repeated."""

    id = models.BigAutoField(primary_key=True)
    # No index of its own: activity_user_start_idx starts with it.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="activity_logs", db_index=False
    )
    # No index of its own: activity_one_log_per_task is a unique index on it.
    task = models.ForeignKey(
        "planning.PlanTask", on_delete=models.CASCADE, related_name="activity_logs", db_index=False
    )
    actual_start_time = models.DateTimeField()
    actual_end_time = models.DateTimeField()
    duration_deviation = models.IntegerField(
        help_text="Actual minus planned minutes, computed when the log is written (never taken from input)."
    )
    was_completed = models.BooleanField(default=False)
    logged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-actual_start_time", "-id"]
        indexes = [models.Index(fields=["user", "actual_start_time"], name="activity_user_start_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(actual_end_time__gt=F("actual_start_time")), name="activity_end_after_start"
            ),
            models.UniqueConstraint(
                fields=["task"], name=ONE_LOG_PER_TASK_CONSTRAINT, violation_error_message=ONE_LOG_PER_TASK
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} on task {self.task_id} at {self.actual_start_time:%Y-%m-%d %H:%M}"

    @property
    def actual_minutes(self) -> int:
        return round((self.actual_end_time - self.actual_start_time).total_seconds() / 60)

    @property
    def against_plan(self) -> str:
        """The deviation in words: "30 min more than planned", "exactly as planned"."""
        if self.duration_deviation > 0:
            return f"{self.duration_deviation} min more than planned"
        if self.duration_deviation < 0:
            return f"{-self.duration_deviation} min less than planned"
        return "exactly as planned"


class InsightType(models.TextChoices):
    PEAK_ENERGY = "PeakEnergy", "Peak energy"
    COMPLETION_RATE = "CompletionRate", "Completion rate"
    SESSION_DURATION = "SessionDuration", "Session duration"
    CHALLENGES = "Challenges", "Challenges"


class Insight(models.Model):
    """One learned fact about a person, recomputed from their activity; one row per type."""

    id = models.BigAutoField(primary_key=True)
    user = models.ForeignKey(  # the unique (user, insight_type) serves lookups by user
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="insights", db_index=False
    )
    insight_type = models.CharField(max_length=20, choices=InsightType.choices)
    insight_value = models.JSONField(default=dict)
    last_updated = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["user", "insight_type"]
        constraints = [
            models.UniqueConstraint(fields=["user", "insight_type"], name="insight_user_type_unique"),
            models.CheckConstraint(condition=Q(insight_type__in=InsightType.values), name="insight_type_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.insight_type}"
