from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from insights.models import ActivityLog, Insight
from insights.services import activity_log_delete, insights_recompute_request


@admin.action(description="Recompute the insights of the selected people")
def recompute_insights(modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> None:
    count = insights_recompute_request(user_ids=queryset.values_list("user_id", flat=True).distinct())
    modeladmin.message_user(
        request, f"Recomputation queued for {count} {'person' if count == 1 else 'people'}.", messages.SUCCESS
    )


@admin.register(Insight)
class InsightAdmin(admin.ModelAdmin):
    list_display = ("user", "insight_type", "summary", "last_updated")
    list_filter = ("insight_type", "last_updated")
    search_fields = ("user__email",)
    list_select_related = ("user",)
    readonly_fields = ("user", "insight_type", "insight_value", "last_updated")
    ordering = ("-last_updated",)
    date_hierarchy = "last_updated"
    actions = [recompute_insights]

    @admin.display(description="Summary")
    def summary(self, insight: Insight) -> str:
        return str(insight.insight_value.get("summary", ""))

    # Insights are computed from activity, never typed in: view, recompute or delete.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Insight | None = None) -> bool:
        return False


@admin.register(ActivityLog)
class ActivityLogAdmin(admin.ModelAdmin):
    list_display = ("user", "task", "actual_start_time", "actual_end_time", "duration_deviation", "was_completed")
    list_filter = ("was_completed", "actual_start_time", "logged_at", "task__focus_area")
    search_fields = ("user__email", "task__task_description")
    list_select_related = ("user", "task")
    readonly_fields = (
        "user",
        "task",
        "actual_start_time",
        "actual_end_time",
        "duration_deviation",
        "was_completed",
        "logged_at",
    )
    date_hierarchy = "actual_start_time"
    actions = [recompute_insights]

    # A log is what the person reported; the deviation is derived from it. Operators may
    # look and delete, not rewrite history.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ActivityLog | None = None) -> bool:
        return False

    # Deleting goes through the service, as on the person's own pages: a finished log's
    # session is reopened and the insights are recomputed.
    def delete_model(self, request: HttpRequest, obj: ActivityLog) -> None:
        activity_log_delete(user=obj.user, log=obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for log in queryset.select_related("user"):
            activity_log_delete(user=log.user, log=log)
