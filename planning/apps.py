from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "planning"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # accounts imports nothing from the apps built on it: a time-zone change reaches the
        # future sessions through its hook. In ready(), because these modules import models.
        from accounts.extensions import zone_change_register
        from planning.services.zone_move_report import future_sessions_follow_zone

        zone_change_register(future_sessions_follow_zone)
