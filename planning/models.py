from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone


class TaskComplexity(models.TextChoices):
    SIMPLE = "Simple", "Simple — a light month"
    BALANCED = "Balanced", "Balanced — steady progress"
    AMBITIOUS = "Ambitious", "Ambitious — push hard"


class WeekendPreference(models.TextChoices):
    WORK = "Work", "Work — weekends like weekdays"
    REST = "Rest", "Rest — keep weekends free"
    MIXED = "Mixed", "Mixed — a light weekend load"


class Difficulty(models.TextChoices):
    EASY = "easy", "Easy"
    MEDIUM = "medium", "Medium"
    HARD = "hard", "Hard"


class Preferences(models.Model):
    """An immutable snapshot of what a person wants from a month; the newest is current."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preferences")
    goals_text = models.TextField(max_length=5000)
    task_complexity = models.CharField(max_length=16, choices=TaskComplexity.choices, default=TaskComplexity.BALANCED)
    focus_areas = models.JSONField(default=list)
    weekend_preference = models.CharField(
        max_length=8, choices=WeekendPreference.choices, default=WeekendPreference.MIXED
    )
    fixed_commitments = models.JSONField(default=list, blank=True)
    input_saved_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "preferences"
        ordering = ["-input_saved_at", "-id"]
        indexes = [models.Index(fields=["user", "-input_saved_at"], name="prefs_user_saved_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(task_complexity__in=TaskComplexity.values), name="prefs_complexity_valid"
            ),
            models.CheckConstraint(
                condition=Q(weekend_preference__in=WeekendPreference.values), name="prefs_weekend_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.input_saved_at:%Y-%m-%d %H:%M}"

    def save(self, *args: object, **kwargs: object) -> None:
        # Snapshots are immutable: a plan records exactly the preferences it was made from.
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValueError("Preferences snapshots are immutable; save a new snapshot instead.")
        super().save(*args, **kwargs)


class GenerationQuota(models.Model):
    """How many plans a person may generate in one billing month (their local calendar month)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="generation_quotas")
    month_year = models.CharField(max_length=7, help_text="Billing month, YYYY-MM.")
    total_allowed = models.PositiveIntegerField()
    generations_used = models.PositiveIntegerField(default=0)
    resets_on = models.DateField()

    class Meta:
        ordering = ["-month_year"]
        constraints = [
            models.UniqueConstraint(fields=["user", "month_year"], name="quota_user_month_unique"),
            models.CheckConstraint(condition=Q(generations_used__lte=F("total_allowed")), name="quota_used_le_allowed"),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.month_year}: {self.generations_used}/{self.total_allowed}"

    @property
    def remaining(self) -> int:
        return max(self.total_allowed - self.generations_used, 0)


class PlanRequest(models.Model):
    """One asked-for generation, pollable by pages and API clients while it runs."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_requests")
    month_year = models.CharField(max_length=7)
    preference = models.ForeignKey(Preferences, on_delete=models.CASCADE, related_name="plan_requests")
    quota = models.ForeignKey(GenerationQuota, on_delete=models.CASCADE, related_name="plan_requests")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.CharField(max_length=200, blank=True, default="Waiting for a worker…")
    error = models.TextField(blank=True, default="")
    attempts = models.PositiveSmallIntegerField(default=0)
    quota_refunded = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="planreq_user_created_idx"),
            models.Index(fields=["status", "created_at"], name="planreq_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["queued", "running", "succeeded", "failed"]), name="planreq_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.month_year} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)


class MonthlyPlan(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="monthly_plans")
    preference = models.ForeignKey(Preferences, on_delete=models.CASCADE, related_name="plans")
    request = models.OneToOneField(PlanRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="plan")
    month_year = models.CharField(max_length=7)
    ai_prompt = models.TextField()
    ai_response_raw = models.TextField()
    monthly_summary = models.TextField()
    weekly_breakdown = models.JSONField(default=list)
    unplaced = models.JSONField(default=list, blank=True, help_text="Tasks the scheduler could not place, with why.")
    insights_used = models.JSONField(default=dict, blank=True, help_text="The insights that shaped this plan.")
    provider = models.CharField(max_length=32)
    model_name = models.CharField(max_length=100)
    prompt_version = models.CharField(max_length=32, blank=True, default="")
    input_tokens = models.PositiveIntegerField(default=0)
    output_tokens = models.PositiveIntegerField(default=0)
    cost = models.DecimalField(max_digits=10, decimal_places=6, default=0)
    generated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-generated_at", "-id"]
        indexes = [models.Index(fields=["user", "month_year", "-generated_at"], name="plan_user_month_idx")]

    def __str__(self) -> str:
        return f"{self.user} {self.month_year} ({self.generated_at:%Y-%m-%d %H:%M})"


class PlanTask(models.Model):
    plan = models.ForeignKey(MonthlyPlan, on_delete=models.CASCADE, related_name="tasks")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_tasks")
    task_key = models.CharField(max_length=64, help_text="Stable key of the drafted task (iCal UID).")
    task_description = models.CharField(max_length=300)
    focus_area = models.CharField(max_length=60)
    start_time = models.DateTimeField()
    end_time = models.DateTimeField()
    difficulty_level = models.CharField(max_length=8, choices=Difficulty.choices)
    scheduling_reason = models.TextField()
    is_completed = models.BooleanField(default=False)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["start_time", "id"]
        indexes = [
            models.Index(fields=["plan", "start_time"], name="plantask_plan_start_idx"),
            models.Index(fields=["user", "start_time"], name="plantask_user_start_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(end_time__gt=F("start_time")), name="plantask_end_after_start"),
            models.CheckConstraint(
                condition=Q(difficulty_level__in=Difficulty.values), name="plantask_difficulty_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.task_description} ({self.start_time:%Y-%m-%d %H:%M})"

    @property
    def duration_minutes(self) -> int:
        return int((self.end_time - self.start_time).total_seconds() // 60)
