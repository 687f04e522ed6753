"""Operator views of coaching: find a person's tasks and goals by e-mail, and see what the
coach costs (total cost and cache-hit rate, overall and per person, for the rows filtered)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from coaching.models import CacheEntry, Goal, Interaction, Task
from coaching.services import coaching_cache_expire

# People shown in the per-person cost table, highest cost first.
TOP_PEOPLE = 20


def cost_summary(interactions: QuerySet[Interaction]) -> dict[str, Any]:
    """Calls, cache hits, hit rate and total cost: one aggregate query."""
    totals = interactions.order_by().aggregate(
        calls=Count("id"),
        hits=Count("id", filter=Q(cache_hit=True)),
        cost=Coalesce(Sum("cost"), Value(0), output_field=DecimalField(max_digits=14, decimal_places=6)),
    )
    totals["hit_rate"] = totals["hits"] / totals["calls"] if totals["calls"] else None
    return totals


def cost_by_person(interactions: QuerySet[Interaction], *, limit: int = TOP_PEOPLE) -> list[dict[str, Any]]:
    """The same figures per person, most expensive first: one grouped query."""
    rows = list(
        interactions.order_by()
        .values("user__email")
        .annotate(
            calls=Count("id"),
            hits=Count("id", filter=Q(cache_hit=True)),
            cost=Coalesce(Sum("cost"), Value(0), output_field=DecimalField(max_digits=14, decimal_places=6)),
        )
        .order_by("-cost", "-calls", "user__email")[:limit]
    )
    for row in rows:
        row["hit_rate"] = row["hits"] / row["calls"] if row["calls"] else None
    return rows


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ("text", "user", "importance", "confidence", "is_completed", "created_at")
    list_filter = ("is_completed", "importance", "confidence", "created_at")
    search_fields = ("user__email", "text")
    list_select_related = ("user",)
    raw_id_fields = ("user",)
    readonly_fields = ("id", "created_at", "updated_at")
    date_hierarchy = "created_at"


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ("what_matters", "user", "created_at")
    list_filter = ("created_at",)
    search_fields = ("user__email", "what_matters")
    list_select_related = ("user",)
    raw_id_fields = ("user",)
    readonly_fields = ("id", "created_at", "updated_at")


@admin.register(Interaction)
class InteractionAdmin(admin.ModelAdmin):
    """A record of answers given: read-only, with the cost summary above the list."""

    change_list_template = "coaching/admin/interaction_change_list.html"
    list_display = ("created_at", "user", "task_text", "cache_hit", "latency", "cost", "provider", "model")
    list_filter = ("cache_hit", "provider", "model", "created_at")
    search_fields = ("user__email", "question_hash")
    list_select_related = ("user",)
    date_hierarchy = "created_at"
    readonly_fields = [field.name for field in Interaction._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Interaction | None = None) -> bool:
        return False

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        if isinstance(response, TemplateResponse) and "cl" in (response.context_data or {}):
            # Summarise what the operator filtered (search, filters, date) — not just one page.
            filtered = response.context_data["cl"].queryset
            response.context_data["cost_summary"] = cost_summary(filtered)
            response.context_data["cost_by_person"] = cost_by_person(filtered)
        return response


@admin.register(CacheEntry)
class CacheEntryAdmin(admin.ModelAdmin):
    list_display = ("question_hash", "hit_count", "expires_at", "fresh", "provider", "model", "updated_at")
    list_filter = ("provider", "model", "expires_at")
    search_fields = ("=question_hash",)
    readonly_fields = [field.name for field in CacheEntry._meta.fields]
    actions = ("expire_now",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(boolean=True, description="fresh")
    def fresh(self, entry: CacheEntry) -> bool:
        return entry.is_fresh

    @admin.action(description="Expire the selected entries (the next question asks the model again)")
    def expire_now(self, request: HttpRequest, queryset: QuerySet[CacheEntry]) -> None:
        count = coaching_cache_expire(entry_ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(request, f"{count} cache entries expired.", messages.SUCCESS)
