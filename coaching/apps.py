from django.apps import AppConfig


class CoachingConfig(AppConfig):
    name = "coaching"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # accounts imports nothing from the apps built on it: coaching plugs its part of an
        # account in here. In ready(), because these modules import models.
        from accounts.extensions import me_field_register, user_deletion_cleanup_register
        from coaching.serializers import CoachingRemainingField
        from coaching.services import coaching_cache_forget

        user_deletion_cleanup_register(coaching_cache_forget)
        me_field_register(name="coaching_remaining", field=CoachingRemainingField, after="coaching_count")
