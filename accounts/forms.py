from django import forms
from django.contrib.auth.forms import AuthenticationForm

from accounts.extensions import FUTURE_SESSIONS_UNKNOWN, FutureSessions
from accounts.models import EMAIL_MAX_LENGTH, EMAIL_TOO_LONG, TIMEZONE_SPACED, User
from accounts.timezones import timezone_names

TIMEZONE_UNKNOWN = "“%(value)s” is not a time zone we know. Pick one from the list, e.g. Europe/London."


def timezone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in timezone_names()]


class TimezoneChoiceField(forms.ChoiceField):
    """A zone from the list; a listed name with a space or line break around it says so."""

    def validate(self, value: str) -> None:
        if value and value != value.strip():
            raise forms.ValidationError(TIMEZONE_SPACED, code="invalid_timezone")
        super().validate(value)


class EmailAddressField(forms.EmailField):
    """An e-mail no longer than an account's, refused before it reaches the login lockout."""

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("max_length", EMAIL_MAX_LENGTH)
        kwargs.setdefault("error_messages", {"max_length": EMAIL_TOO_LONG})
        super().__init__(**kwargs)


class TimezoneSelect(forms.Select):
    """A time zone picker the browser script may preselect with the device's zone."""

    def __init__(self, *, guess: bool) -> None:
        attrs = {"data-timezone-guess": "true"} if guess else {}
        super().__init__(attrs=attrs)


class SignupForm(forms.Form):
    """Field layout and the password match; the rules themselves live in user_register."""

    email = EmailAddressField(
        label="E-mail", widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text="At least 10 characters; not a common password and not all numbers.",
    )
    password_confirm = forms.CharField(
        label="Password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    timezone = TimezoneChoiceField(
        label="Time zone",
        choices=timezone_choices,
        initial="UTC",
        widget=TimezoneSelect(guess=True),
        help_text="Your plan is scheduled in this time zone. We guessed it from your browser.",
        error_messages={"invalid_choice": TIMEZONE_UNKNOWN},
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("password") and cleaned.get("password") != cleaned.get("password_confirm"):
            self.add_error("password_confirm", "The two passwords differ. Type the same password twice.")
        return cleaned


class LoginForm(AuthenticationForm):
    username = EmailAddressField(
        label="E-mail", widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "That e-mail and password do not match an account. Check both and try again.",
    }


class TimezoneForm(forms.Form):
    """The zone, and what a change of zone does to the future sessions. A plain form: the
    person's row is written by user_timezone_set, which reads the old zone under its lock."""

    timezone = TimezoneChoiceField(
        label="Time zone",
        choices=timezone_choices,
        widget=TimezoneSelect(guess=False),
        error_messages={"invalid_choice": TIMEZONE_UNKNOWN},
    )
    future_sessions = forms.ChoiceField(
        label="If you change the zone, your future sessions:",
        choices=FutureSessions.choices,
        initial=FutureSessions.KEEP_LOCAL_TIMES,
        widget=forms.RadioSelect,
        required=False,  # a form posted without it keeps the local times
        help_text="Sessions that are done, logged or already past never change.",
        error_messages={"invalid_choice": FUTURE_SESSIONS_UNKNOWN},
    )

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        kwargs.setdefault("initial", {"timezone": user.timezone})
        super().__init__(*args, **kwargs)

    def clean_future_sessions(self) -> str:
        return self.cleaned_data["future_sessions"] or FutureSessions.KEEP_LOCAL_TIMES


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="Deleting removes your account, plans, activity and coaching history for good.",
    )

    def __init__(self, *args: object, user: User, **kwargs: object) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your current password.")
        return password
