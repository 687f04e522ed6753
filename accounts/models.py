import secrets
import uuid

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower

from accounts.timezones import is_valid_timezone

# RFC 5321's limit for a deliverable address; every form and serializer taking an e-mail
# uses it, so nothing longer reaches the login lockout's 255-character column.
EMAIL_MAX_LENGTH = 254
EMAIL_TOO_LONG = f"An e-mail address has at most {EMAIL_MAX_LENGTH} characters."
TIMEZONE_SPACED = "A time zone name has no spaces or line breaks around it. Use an IANA name such as Europe/London."


def validate_timezone(value: str) -> None:
    if value != value.strip():
        raise ValidationError(TIMEZONE_SPACED, code="invalid_timezone")
    if not is_valid_timezone(value):
        raise ValidationError(
            "“%(value)s” is not a time zone we know. Use an IANA name such as Europe/London or America/New_York.",
            params={"value": value},
            code="invalid_timezone",
        )


def new_calendar_secret() -> str:
    return secrets.token_urlsafe(24)


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_by_natural_key(self, username: str | None) -> "User":
        # E-mail is the login and is matched case-insensitively.
        return self.get(email__iexact=username or "")

    def create_user(self, email: str, password: str | None = None, **extra: object) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField(max_length=EMAIL_MAX_LENGTH, unique=True)
    timezone = models.CharField(max_length=64, default="UTC", validators=[validate_timezone])
    coaching_count = models.PositiveIntegerField(default=0, help_text="Coach calls that reached the model this period.")
    coaching_reset_at = models.DateTimeField(null=True, blank=True, help_text="When the coaching allowance resets.")
    persona_signals = models.JSONField(default=dict, blank=True)
    calendar_secret = models.CharField(max_length=64, default=new_calendar_secret, unique=True)
    # Every JWT carries the generation it was issued in (accounts.tokens); a password change,
    # a reset or "log out everywhere" moves it on, and older tokens are refused from then on.
    token_generation = models.PositiveIntegerField(default=0, editable=False)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()


class LoginSession(models.Model):
    """The session keys a person signed in with, so deleting the account removes them too."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="login_sessions")
    session_key = models.CharField(max_length=40, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "session_key"], name="login_session_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} / {self.session_key[:8]}…"
