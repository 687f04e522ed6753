"""The Habit model: a routine that recurs every week, placed in a window the person chose.

Its own module to keep planning/models.py readable; planning.models imports it, so the app
and its migrations see it there like every other planning model.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from planning.scheduler import HABIT_PRIORITIES, WEEKDAYS

# A habit: what a person may ask for (planning.services.habits checks it; the form and the
# serializers read these too).
HABIT_NAME_MAX_LENGTH = 80
HABIT_MINUTES = (5, 240)  # the shortest and the longest a habit's session may be
MAX_ACTIVE_HABITS = 20
# As a preference's focus area (planning.models.FOCUS_AREA_MAX_LENGTH): a habit names one of them.
HABIT_FOCUS_AREA_MAX_LENGTH = 40


class HabitPriority(models.TextChoices):
    HIGH = HABIT_PRIORITIES[0], "High — placed before the plan's sessions"
    NORMAL = HABIT_PRIORITIES[1], "Normal — placed in the time the sessions leave"


class Habit(models.Model):
    """A routine that recurs every week in a window the person chose ("run three times a
    week, 06:00-09:00, 30-45 min"). Its occurrences are plan tasks linked to it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="habits", db_index=False)
    name = models.CharField(max_length=HABIT_NAME_MAX_LENGTH)
    focus_area = models.CharField(max_length=HABIT_FOCUS_AREA_MAX_LENGTH)
    times_per_week = models.PositiveSmallIntegerField(null=True, blank=True, help_text="1-7; or days.")
    days = models.JSONField(default=list, blank=True, help_text='Explicit weekdays, e.g. ["mon", "wed"]; or times.')
    min_minutes = models.PositiveSmallIntegerField()
    ideal_minutes = models.PositiveSmallIntegerField()
    window_start = models.TimeField(help_text="Local time.")
    window_end = models.TimeField(help_text="Local time; at or before the start: runs past midnight.")
    priority = models.CharField(max_length=8, choices=HabitPriority.choices, default=HabitPriority.NORMAL)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    is_active = models.BooleanField(default=True, help_text="Paused habits get no new occurrences.")
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-is_active", "name", "id"]
        indexes = [models.Index(fields=["user", "name"], name="habit_user_name_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(priority__in=HabitPriority.values), name="habit_priority_valid"),
            models.CheckConstraint(
                condition=Q(times_per_week__isnull=True) | Q(times_per_week__gte=1, times_per_week__lte=7),
                name="habit_times_per_week_range",
            ),
            # Either a number of times a week or explicit days, never both.
            models.CheckConstraint(
                condition=Q(times_per_week__isnull=False, days=[]) | (Q(times_per_week__isnull=True) & ~Q(days=[])),
                name="habit_one_frequency",
            ),
            models.CheckConstraint(
                condition=Q(min_minutes__gte=HABIT_MINUTES[0], ideal_minutes__lte=HABIT_MINUTES[1])
                & Q(min_minutes__lte=F("ideal_minutes")),
                name="habit_minutes_range",
            ),
            models.CheckConstraint(condition=~Q(window_start=F("window_end")), name="habit_window_has_length"),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")), name="habit_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"Habit #{self.pk} {self.name}"

    @property
    def weekdays(self) -> tuple[int, ...]:
        """The explicit days as 0=Monday..6; a stored code that is not a day is a damaged row, raised."""
        return tuple(sorted(WEEKDAYS.index(code) for code in self.days))

    @property
    def window_label(self) -> str:
        return f"{self.window_start:%H:%M}–{self.window_end:%H:%M}"
