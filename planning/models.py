import datetime as dt

from django.conf import settings
from django.db import models, transaction
from django.db.models import Case, F, Q, Subquery, Value, When
from django.db.models.functions import Greatest
from django.utils import timezone

from planning.scheduler import (
    COMPLEXITIES,
    DIFFICULTIES,
    WEEKEND_PREFERENCES,
    Commitment,
    PeakWindow,
    WorkingWindow,
    parse_commitments,
    parse_peak_hours,
    parse_working_hours,
)

# What a person may write about their month; the form, the serializer and the service
# all read these, so the page and the API refuse the same input with the same words.
GOALS_TEXT_MAX_LENGTH = 5000
GOALS_TEXT_REQUIRED = "Tell us what you want from the month: a sentence or two is enough."
MAX_FOCUS_AREAS = 8
FOCUS_AREA_MAX_LENGTH = 40
FOCUS_AREAS_REQUIRED = "Name at least one focus area, for example Writing or Fitness."
# Room to breathe and the length of a session: (lowest, highest, default).
BUFFER_MINUTES = (0, 60, 15)
SESSION_MIN_MINUTES = (15, 120, 25)
SESSION_MAX_MINUTES = (30, 240, 120)
MAX_SESSIONS_PER_DAY = (1, 8)


# The values are the scheduler's vocabulary (planning.scheduler.types); these add labels.
class TaskComplexity(models.TextChoices):
    SIMPLE = COMPLEXITIES[0], "Simple — a light month"
    BALANCED = COMPLEXITIES[1], "Balanced — steady progress"
    AMBITIOUS = COMPLEXITIES[2], "Ambitious — push hard"


class WeekendPreference(models.TextChoices):
    WORK = WEEKEND_PREFERENCES[0], "Work — weekends like weekdays"
    REST = WEEKEND_PREFERENCES[1], "Rest — keep weekends free"
    MIXED = WEEKEND_PREFERENCES[2], "Mixed — a light weekend load"


class PeakSource(models.TextChoices):
    AUTO = "auto", "Learned from my logged sessions when there are enough, else mine"
    MINE = "mine", "Always use the hours I name"


class Difficulty(models.TextChoices):
    EASY = DIFFICULTIES[0], "Easy"
    MEDIUM = DIFFICULTIES[1], "Medium"
    HARD = DIFFICULTIES[2], "Hard"


class Preferences(models.Model):
    """An immutable snapshot of what a person wants from a month; the newest is current."""

    # No index of its own: the composite indexes below start with the foreign key.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="preferences", db_index=False
    )
    goals_text = models.TextField(max_length=GOALS_TEXT_MAX_LENGTH)
    task_complexity = models.CharField(max_length=16, choices=TaskComplexity.choices, default=TaskComplexity.BALANCED)
    focus_areas = models.JSONField(default=list)
    weekend_preference = models.CharField(
        max_length=8, choices=WeekendPreference.choices, default=WeekendPreference.MIXED
    )
    fixed_commitments = models.JSONField(default=list, blank=True)
    working_hours = models.JSONField(
        default=dict, blank=True, help_text="Windows by weekday (mon..sun); empty: every day 08:00-20:00."
    )
    peak_hours = models.JSONField(default=list, blank=True, help_text="The person's own energy windows.")
    peak_source = models.CharField(max_length=8, choices=PeakSource.choices, default=PeakSource.AUTO)
    buffer_minutes = models.PositiveSmallIntegerField(default=BUFFER_MINUTES[2])
    session_min_minutes = models.PositiveSmallIntegerField(default=SESSION_MIN_MINUTES[2])
    session_max_minutes = models.PositiveSmallIntegerField(default=SESSION_MAX_MINUTES[2])
    max_sessions_per_day = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Sessions a day at most; empty: by complexity."
    )
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
            models.CheckConstraint(condition=Q(peak_source__in=PeakSource.values), name="prefs_peak_source_valid"),
            models.CheckConstraint(
                condition=Q(buffer_minutes__gte=BUFFER_MINUTES[0], buffer_minutes__lte=BUFFER_MINUTES[1]),
                name="prefs_buffer_range",
            ),
            models.CheckConstraint(
                condition=Q(session_min_minutes__lte=F("session_max_minutes")), name="prefs_session_min_le_max"
            ),
        ]

    def __str__(self) -> str:
        # Never self.user: the admin lists every row of a person on their delete page.
        return f"Preferences #{self.pk} @ {self.input_saved_at:%Y-%m-%d %H:%M}"

    def save(self, *args: object, **kwargs: object) -> None:
        # Snapshots are immutable: a plan records exactly the preferences it was made from.
        if self.pk is not None and not kwargs.get("force_insert"):
            raise ValueError("Preferences snapshots are immutable; save a new snapshot instead.")
        super().save(*args, **kwargs)

    @property
    def commitments(self) -> tuple[Commitment, ...]:
        """The weekly commitments as values. A snapshot is validated when it is saved, so
        a parse error here means a damaged row, and it is raised, never read as "none"."""
        return parse_commitments(self.fixed_commitments)

    @property
    def working_windows(self) -> tuple[WorkingWindow, ...]:
        return parse_working_hours(self.working_hours)

    @property
    def stated_peaks(self) -> tuple[PeakWindow, ...]:
        return parse_peak_hours(self.peak_hours)

    @property
    def session_minutes(self) -> tuple[int, int]:
        return self.session_min_minutes, self.session_max_minutes


class GenerationQuotaManager(models.Manager["GenerationQuota"]):
    def reserve(self, quota_id: int) -> bool:
        """Takes one generation if any is left, in one conditional UPDATE: with an allowance
        of N, any number of simultaneous requests gets exactly N through."""
        return (
            self.filter(pk=quota_id, generations_used__lt=F("total_allowed")).update(
                generations_used=F("generations_used") + 1
            )
            == 1
        )

    def refund(self, quota_id: int) -> None:
        self.filter(pk=quota_id, generations_used__gt=0).update(generations_used=F("generations_used") - 1)

    def refund_many(self, counts: dict[int, int]) -> None:
        """Gives back `counts[quota_id]` generations on each quota, in one UPDATE, never below 0."""
        if not counts:
            return
        by_quota = Case(*(When(pk=pk, then=Value(count)) for pk, count in counts.items()), default=Value(0))
        self.filter(pk__in=counts).update(generations_used=Greatest(F("generations_used") - by_quota, Value(0)))


class GenerationQuota(models.Model):
    """How many plans a person may generate in one billing month (their local calendar month)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="generation_quotas", db_index=False
    )
    month_year = models.CharField(max_length=7, help_text="Billing month, YYYY-MM.")
    total_allowed = models.PositiveIntegerField()
    generations_used = models.PositiveIntegerField(default=0)
    resets_on = models.DateField()

    objects = GenerationQuotaManager()

    class Meta:
        ordering = ["-month_year"]
        constraints = [
            models.UniqueConstraint(fields=["user", "month_year"], name="quota_user_month_unique"),
            models.CheckConstraint(condition=Q(generations_used__lte=F("total_allowed")), name="quota_used_le_allowed"),
        ]

    def __str__(self) -> str:
        return f"Quota {self.month_year}: {self.generations_used}/{self.total_allowed}"

    @property
    def remaining(self) -> int:
        return max(self.total_allowed - self.generations_used, 0)


# A running request whose worker vanished (crash, lost ack) may be claimed again after this
# long; longer than the task's hard time limit, so a live worker is never raced.
STALE_RUNNING_AFTER = dt.timedelta(minutes=10)


class PlanRequestManager(models.Manager["PlanRequest"]):
    """A request's life: queued -> running -> succeeded | failed (-> queued again for a
    retry). Each step is one conditional UPDATE, so two workers handed the same request
    (a redelivered task, a retry racing a late ack) cannot both take it or both finish it."""

    def claim(self, pk: int, *, now: dt.datetime) -> bool:
        """Queued -> running; also a running request whose worker vanished."""
        status = PlanRequest.Status
        return (
            self.filter(
                Q(status=status.QUEUED) | Q(status=status.RUNNING, started_at__lt=now - STALE_RUNNING_AFTER), pk=pk
            ).update(
                status=status.RUNNING,
                started_at=now,
                attempts=F("attempts") + 1,
                progress="Reading your goals and insights…",
            )
            == 1
        )

    def requeue(self, pk: int, *, message: str) -> bool:
        """Running -> queued before a retry, so the retried task can claim it again."""
        status = PlanRequest.Status
        return self.filter(pk=pk, status=status.RUNNING).update(status=status.QUEUED, progress=message) == 1

    def take_over(self, pk: int, *, now: dt.datetime, lost_attempt: int) -> bool:
        """Running -> running again, for a task the broker redelivered because its worker
        died mid-attempt. Only while `attempts` still equals the attempt that was lost: a
        second redelivery of the same message, or one that arrives after someone else
        claimed the request since, changes nothing, so a task that kills its worker is
        tried again once, not forever."""
        status = PlanRequest.Status
        return (
            self.filter(pk=pk, status=status.RUNNING, attempts=lost_attempt).update(
                started_at=now, attempts=F("attempts") + 1, progress="Picking up where a stopped worker left off…"
            )
            == 1
        )

    def requeue_stuck(self, pk: int, *, started_before: dt.datetime, message: str) -> bool:
        """Running since before `started_before` (past the task's hard time limit, so its
        worker is gone) -> queued, to be enqueued again. Conditional on the same start, so a
        worker that claimed the request meanwhile keeps it."""
        status = PlanRequest.Status
        return (
            self.filter(pk=pk, status=status.RUNNING, started_at__lt=started_before).update(
                status=status.QUEUED, progress=message
            )
            == 1
        )

    def report_progress(self, pk: int, text: str) -> None:
        self.filter(pk=pk, status=PlanRequest.Status.RUNNING).update(progress=text)

    def fail(self, pk: int, *, error: str, now: dt.datetime) -> bool:
        """-> failed, giving the quota back exactly once; a succeeded request stays as it
        is. True when this call refunded."""
        status = PlanRequest.Status
        with transaction.atomic():
            refunded = (
                self.filter(pk=pk, quota_refunded=False)
                .exclude(status=status.SUCCEEDED)
                .update(
                    status=status.FAILED,
                    error=error,
                    progress="Generation failed; your quota was returned.",
                    quota_refunded=True,
                    finished_at=now,
                )
            )
            if refunded:
                quota = Subquery(self.filter(pk=pk).values("quota_id")[:1])
                GenerationQuota.objects.filter(pk=quota, generations_used__gt=0).update(
                    generations_used=F("generations_used") - 1
                )
            else:
                self.filter(pk=pk).exclude(status=status.SUCCEEDED).update(
                    status=status.FAILED, error=error, finished_at=now
                )
        return refunded == 1

    def fail_many(self, pks: list[int], *, error: str, now: dt.datetime) -> int:
        """fail() for many requests in a fixed number of queries (the admin's action): each
        unfinished one fails, and each not yet refunded gives its generation back once."""
        status = PlanRequest.Status
        with transaction.atomic():
            unfinished = self.select_for_update().filter(pk__in=pks).exclude(status=status.SUCCEEDED)
            rows = list(unfinished.values_list("pk", "quota_id", "quota_refunded"))
            counts: dict[int, int] = {}
            for _, quota_id, refunded in rows:
                if not refunded:
                    counts[quota_id] = counts.get(quota_id, 0) + 1
            self.filter(pk__in=[pk for pk, _, refunded in rows if not refunded]).update(
                status=status.FAILED,
                error=error,
                progress="Generation failed; your quota was returned.",
                quota_refunded=True,
                finished_at=now,
            )
            self.filter(pk__in=[pk for pk, _, refunded in rows if refunded]).update(
                status=status.FAILED, error=error, finished_at=now
            )
            GenerationQuota.objects.refund_many(counts)
        return len(rows)

    def succeed(self, pk: int, *, now: dt.datetime) -> bool:
        """-> succeeded, unless it already failed (and was refunded)."""
        status = PlanRequest.Status
        return (
            self.filter(pk=pk)
            .exclude(status=status.FAILED)
            .update(status=status.SUCCEEDED, progress="Your plan is ready.", error="", finished_at=now)
            == 1
        )


class PlanRequest(models.Model):
    """One asked-for generation, pollable by pages and API clients while it runs."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_requests", db_index=False
    )
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

    objects = PlanRequestManager()

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
        return f"Plan request #{self.pk} {self.month_year} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)


class MonthlyPlan(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="monthly_plans", db_index=False
    )
    preference = models.ForeignKey(Preferences, on_delete=models.CASCADE, related_name="plans")
    request = models.OneToOneField(PlanRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="plan")
    month_year = models.CharField(max_length=7)
    ai_prompt = models.TextField()
    ai_response_raw = models.TextField()
    monthly_summary = models.TextField()
    weekly_breakdown = models.JSONField(default=list)
    unplaced = models.JSONField(default=list, blank=True, help_text="Tasks the scheduler could not place, with why.")
    advice = models.JSONField(
        default=list, blank=True, help_text="What would make the month fit: [{kind, message}] when tasks did not fit."
    )
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
        return f"Plan #{self.pk} {self.month_year} ({self.generated_at:%Y-%m-%d %H:%M})"


class PlanTask(models.Model):
    plan = models.ForeignKey(MonthlyPlan, on_delete=models.CASCADE, related_name="tasks", db_index=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_tasks", db_index=False
    )
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
