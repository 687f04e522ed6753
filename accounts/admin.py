from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm, AdminUserCreationForm, UserChangeForm

from accounts.models import User
from accounts.services import user_tokens_revoke


class MonthwiseUserChangeForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


class MonthwiseUserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email", "timezone")


class MonthwisePasswordChangeForm(AdminPasswordChangeForm):
    """A password set by staff ends the person's JWTs, as a change or reset does."""

    def save(self, commit: bool = True) -> User:
        user = super().save(commit=commit)
        if commit:
            user_tokens_revoke(user=user)
        return user


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = MonthwiseUserChangeForm
    add_form = MonthwiseUserCreationForm
    change_password_form = MonthwisePasswordChangeForm
    ordering = ("-created_at",)
    list_display = ("email", "timezone", "coaching_count", "coaching_reset_at", "is_active", "is_staff", "created_at")
    list_filter = ("is_active", "is_staff", "is_superuser", "timezone", "created_at")
    search_fields = ("email",)
    readonly_fields = ("id", "created_at", "updated_at", "last_login")
    fieldsets = (
        (None, {"fields": ("id", "email", "password")}),
        ("Preferences", {"fields": ("timezone",)}),
        ("Coaching", {"fields": ("coaching_count", "coaching_reset_at", "persona_signals")}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        ("Dates", {"fields": ("last_login", "created_at", "updated_at")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "timezone", "usable_password", "password1", "password2")}),
    )
