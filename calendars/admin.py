"""Operator views of calendar connections and imported busy time: found by the person's
e-mail or the connection's name, read-only. A connection's password has no field here, not
even encrypted (its stored form is left out of the form, the list and the search)."""

from django.contrib import admin
from django.http import HttpRequest

from calendars.models import BusyEvent, CalendarConnection

_CONNECTION_FIELDS = [
    field.name for field in CalendarConnection._meta.fields if field.name not in ("password_encrypted",)
]


@admin.register(CalendarConnection)
class CalendarConnectionAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "kind", "last_synced_at", "events_imported", "consecutive_failures", "is_paused")
    list_filter = ("kind", "is_paused", "auto_sync", "write_sessions")
    search_fields = ("user__email", "name")
    list_select_related = ("user",)
    fields = _CONNECTION_FIELDS
    readonly_fields = _CONNECTION_FIELDS
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # connecting checks the server and encrypts the password: the person's page does it


@admin.register(BusyEvent)
class BusyEventAdmin(admin.ModelAdmin):
    list_display = ("start", "end", "summary", "calendar_name", "user", "all_day")
    list_filter = ("all_day",)
    search_fields = ("user__email", "summary", "connection__name")
    list_select_related = ("user",)
    readonly_fields = [field.name for field in BusyEvent._meta.fields]
    raw_id_fields = ("user", "connection")
    date_hierarchy = "start"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
