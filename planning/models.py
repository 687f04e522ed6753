import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from planning.habit_model import Habit
from planning.managers import GenerationQuotaManager, PlanRequestManager
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
    # The lost-message watchdog's clock (planning.services.generation_watchdog).
    queued_at = models.DateTimeField(default=timezone.now, help_text="When it last became queued.")
    resent_at = models.DateTimeField(
        null=True, blank=True, help_text="When the watchdog sent its message again while it waited queued."
    )

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


class PlanState(models.TextChoices):
    """A month has one active plan; a later generation is proposed until accepted or discarded."""

    ACTIVE = "active", "Active"
    PROPOSED = "proposed", "Proposed"
    SUPERSEDED = "superseded", "Superseded"
    DISCARDED = "discarded", "Discarded"


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
    ai_calls = models.PositiveSmallIntegerField(
        default=1, help_text="Model calls the draft took: 2 when a repair call fixed its quality (tokens, cost summed)."
    )
    generated_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(max_length=10, choices=PlanState.choices, default=PlanState.ACTIVE)
    decided_at = models.DateTimeField(
        null=True, blank=True, help_text="When a proposal was accepted or discarded, or the plan superseded."
    )

    class Meta:
        ordering = ["-generated_at", "-id"]
        indexes = [models.Index(fields=["user", "month_year", "-generated_at"], name="plan_user_month_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(state__in=PlanState.values), name="plan_state_valid"),
            # Accepting a proposal and generating the month's first plan both rely on this:
            # two racing writers cannot both leave an active plan behind.
            models.UniqueConstraint(
                fields=["user", "month_year"], condition=Q(state="active"), name="plan_one_active_per_month"
            ),
        ]

    def __str__(self) -> str:
        return f"Plan #{self.pk} {self.month_year} ({self.generated_at:%Y-%m-%d %H:%M})"


class PlanTask(models.Model):
    plan = models.ForeignKey(MonthlyPlan, on_delete=models.CASCADE, related_name="tasks", db_index=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_tasks", db_index=False
    )
    task_key = models.CharField(max_length=64, help_text="Stable key of the drafted task (iCal UID).")
    task_description = models.CharField(max_length=300)
    target = models.CharField(
        max_length=80, blank=True, default="", help_text="What the session aims to get done, e.g. “1,250 words”."
    )
    focus_area = models.CharField(max_length=60)
    start_time = models.DateTimeField()
    end_time = models.DateTimeField()
    difficulty_level = models.CharField(max_length=8, choices=Difficulty.choices)
    scheduling_reason = models.TextField()
    is_completed = models.BooleanField(default=False)
    completed_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(
        null=True, blank=True, help_text="Set by Start on Today; Stop writes the activity log from it and clears it."
    )
    skipped_at = models.DateTimeField(
        null=True, blank=True, help_text="Deleted from the person's own calendar: skipped, never deleted here."
    )
    is_pinned = models.BooleanField(default=False, help_text="Pinned sessions stay put when the month is re-planned.")
    moved_by_hand = models.BooleanField(default=False, help_text="The person chose this time; re-plans keep it.")
    is_carried_over = models.BooleanField(
        default=False, help_text="Missed, and moved past the end of its plan's month to wait for the next plan."
    )
    habit = models.ForeignKey(
        Habit, on_delete=models.SET_NULL, null=True, blank=True, related_name="occurrences",
        help_text="The habit this session is an occurrence of.",
    )  # fmt: skip
    # SEQUENCE and LAST-MODIFIED of the calendar feed follow these (RFC 5545 3.8.7.4).
    sequence = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)

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

    def mark_changed(self, now: dt.datetime) -> tuple[str, str]:
        """A change calendar apps must see: the next SEQUENCE, a new LAST-MODIFIED. Returns
        the field names for update_fields / bulk_update."""
        self.sequence += 1
        self.updated_at = now
        return ("sequence", "updated_at")
