from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import ngettext

from planning.models import GenerationQuota, Habit, MonthlyPlan, PlanRequest, PlanTask, Preferences


def _pre(text: str):  # type: ignore[no-untyped-def]
    return format_html("<pre>{}</pre>", text)


@admin.register(Preferences)
class PreferencesAdmin(admin.ModelAdmin):
    list_display = ("user", "task_complexity", "weekend_preference", "input_saved_at")
    list_filter = ("task_complexity", "weekend_preference", "input_saved_at")
    search_fields = ("user__email", "goals_text")
    list_select_related = ("user",)
    readonly_fields = [f.name for f in Preferences._meta.fields]

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # snapshots are immutable


@admin.register(GenerationQuota)
class GenerationQuotaAdmin(admin.ModelAdmin):
    list_display = ("user", "month_year", "generations_used", "total_allowed", "resets_on")
    list_filter = ("month_year",)
    search_fields = ("user__email",)
    list_select_related = ("user",)
    actions = ["give_one_back"]

    @admin.action(description="Give one generation back")
    def give_one_back(self, request: HttpRequest, queryset: QuerySet[GenerationQuota]) -> None:
        ids = list(queryset.values_list("pk", flat=True))
        GenerationQuota.objects.refund_many(dict.fromkeys(ids, 1))
        quotas = ngettext("%d quota", "%d quotas", len(ids)) % len(ids)
        self.message_user(request, f"Gave one generation back on {quotas}.", messages.SUCCESS)


@admin.register(PlanRequest)
class PlanRequestAdmin(admin.ModelAdmin):
    list_display = ("id", "user", "month_year", "status", "attempts", "quota_refunded", "created_at", "finished_at")
    list_filter = ("status", "month_year", "quota_refunded", "created_at")
    search_fields = ("user__email", "error")
    list_select_related = ("user",)
    readonly_fields = (
        "user",
        "month_year",
        "preference",
        "quota",
        "created_at",
        "started_at",
        "finished_at",
        "attempts",
    )
    actions = ["fail_and_refund"]

    @admin.action(description="Mark failed and refund the quota (unfinished requests only)")
    def fail_and_refund(self, request: HttpRequest, queryset: QuerySet[PlanRequest]) -> None:
        count = PlanRequest.objects.fail_many(
            list(queryset.values_list("pk", flat=True)),
            error="Stopped by an operator; your quota was returned.",
            now=timezone.now(),
        )
        refunded = ngettext("Refunded %d request.", "Refunded %d requests.", count) % count
        self.message_user(request, refunded, messages.SUCCESS)


class PlanTaskInline(admin.TabularInline):
    model = PlanTask
    extra = 0
    fields = (
        "start_time",
        "end_time",
        "task_description",
        "focus_area",
        "difficulty_level",
        "is_completed",
        "is_pinned",
        "moved_by_hand",
    )
    readonly_fields = fields
    can_delete = False
    show_change_link = True


@admin.register(MonthlyPlan)
class MonthlyPlanAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "user",
        "month_year",
        "state",
        "provider",
        "model_name",
        "input_tokens",
        "output_tokens",
        "cost",
        "generated_at",
    )
    list_filter = ("state", "month_year", "provider", "model_name", "generated_at")
    search_fields = ("user__email", "monthly_summary")
    list_select_related = ("user",)
    inlines = [PlanTaskInline]
    exclude = ("ai_prompt", "ai_response_raw")
    readonly_fields = (
        "user",
        "preference",
        "request",
        "month_year",
        "state",
        "decided_at",
        "monthly_summary",
        "weekly_breakdown",
        "unplaced",
        "insights_used",
        "provider",
        "model_name",
        "prompt_version",
        "input_tokens",
        "output_tokens",
        "cost",
        "ai_calls",
        "generated_at",
        "prompt",
        "raw_answer",
    )

    @admin.display(description="AI prompt")
    def prompt(self, plan: MonthlyPlan):  # type: ignore[no-untyped-def]
        return _pre(plan.ai_prompt)

    @admin.display(description="Raw AI answer")
    def raw_answer(self, plan: MonthlyPlan):  # type: ignore[no-untyped-def]
        return _pre(plan.ai_response_raw)


@admin.register(PlanTask)
class PlanTaskAdmin(admin.ModelAdmin):
    list_display = (
        "task_description",
        "user",
        "focus_area",
        "difficulty_level",
        "start_time",
        "is_completed",
        "is_pinned",
        "is_carried_over",
    )
    list_filter = (
        "difficulty_level",
        "is_completed",
        "is_pinned",
        "moved_by_hand",
        "is_carried_over",
        "plan__state",
        "plan__month_year",
        "focus_area",
        ("habit", admin.EmptyFieldListFilter),
    )
    search_fields = ("user__email", "task_description")
    list_select_related = ("user",)
    raw_id_fields = ("plan", "user", "habit")


@admin.register(Habit)
class HabitAdmin(admin.ModelAdmin):
    """Read-only: a change made here would skip the service that keeps the habit's future
    occurrences in the person's plans in step (planning.services.habits)."""

    list_display = ("name", "user", "priority", "times_per_week", "window_start", "window_end", "is_active")
    list_filter = ("priority", "is_active")
    search_fields = ("user__email", "name")
    list_select_related = ("user",)
    readonly_fields = [f.name for f in Habit._meta.fields]

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
