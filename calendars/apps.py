from django.apps import AppConfig
from django.core import checks

from calendars.checks import credentials_key_valid


class CalendarsConfig(AppConfig):
    name = "calendars"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # accounts imports nothing from the apps built on it: the data export reaches the
        # connections (without their passwords) through its hook. In ready(), because these
        # modules import models.
        from accounts.extensions import data_export_register
        from calendars.services.before_generation import calendars_refresh_before_generation
        from calendars.services.export import calendar_data_export
        from calendars.services.sync_request import calendar_sessions_changed
        from planning.extensions import before_generation_register, sessions_changed_register

        data_export_register(calendar_data_export)
        # planning imports no calendars service: a plan's sessions reach the person's
        # calendar, and its busy time is read before a generation, through these hooks.
        sessions_changed_register(calendar_sessions_changed)
        before_generation_register(calendars_refresh_before_generation)
        checks.register(credentials_key_valid, checks.Tags.security)
