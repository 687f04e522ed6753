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
        from calendars.services.export import calendar_data_export

        data_export_register(calendar_data_export)
        checks.register(credentials_key_valid, checks.Tags.security)
