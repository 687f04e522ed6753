"""The calendars page's forms. Limits are the models'; the rules (an address that can be
read, a password the server accepts, busy calendars of the account) are the services', so a
refusal comes back as the field's error, exactly as the API names it."""

from django import forms

from calendars.models import (
    NAME_MAX_LENGTH,
    PASSWORD_MAX_LENGTH,
    URL_MAX_LENGTH,
    USERNAME_MAX_LENGTH,
    CalendarConnection,
)
from calendars.services.rules import DEFAULT_SESSIONS_CALENDAR, NAME_REQUIRED, URL_REQUIRED


def _text(*, max_length: int, placeholder: str = "", **attrs: str) -> forms.TextInput:
    return forms.TextInput(attrs={"maxlength": max_length, "placeholder": placeholder, **attrs})


def _name_field() -> forms.CharField:
    return forms.CharField(
        label="Name",
        max_length=NAME_MAX_LENGTH,
        widget=_text(max_length=NAME_MAX_LENGTH, placeholder="e.g. Family"),
        error_messages={"required": NAME_REQUIRED},
    )


def _url_field(*, help_text: str, placeholder: str) -> forms.CharField:
    return forms.CharField(
        label="Address",
        max_length=URL_MAX_LENGTH,
        help_text=help_text,
        widget=_text(max_length=URL_MAX_LENGTH, placeholder=placeholder, inputmode="url", autocomplete="off"),
        error_messages={"required": URL_REQUIRED},
    )


def _password_field(*, required: bool, label: str = "Password") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        strip=False,
        max_length=PASSWORD_MAX_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password", "maxlength": PASSWORD_MAX_LENGTH}),
        help_text="Kept encrypted; never shown again. An app password is best where your server offers one.",
    )


class IcsConnectForm(forms.Form):
    name = _name_field()
    url = _url_field(
        help_text="The calendar's iCalendar (.ics) link: “Secret address in iCal format” in Google, "
        "“Public calendar” links in Nextcloud or Outlook. webcal:// links work too.",
        placeholder="https://example.com/calendar.ics",
    )
    username = forms.CharField(
        label="User name (only if the link asks for one)",
        required=False,
        max_length=USERNAME_MAX_LENGTH,
        widget=_text(max_length=USERNAME_MAX_LENGTH, autocomplete="off"),
    )
    password = _password_field(required=False)


class CaldavConnectForm(forms.Form):
    name = _name_field()
    url = _url_field(
        help_text="Nextcloud: https://your.cloud/remote.php/dav/ · Radicale: https://your.server/ · "
        "Baikal: https://your.server/dav.php/",
        placeholder="https://cloud.example.com/remote.php/dav/",
    )
    username = forms.CharField(
        label="User name",
        max_length=USERNAME_MAX_LENGTH,
        widget=_text(max_length=USERNAME_MAX_LENGTH, autocomplete="username"),
    )
    password = _password_field(required=True)


class ConnectionSettingsForm(forms.Form):
    """Name and auto sync for every connection; busy calendars and writing sessions for a
    CalDAV account (its calendars are the choices)."""

    name = _name_field()
    busy_calendars = forms.MultipleChoiceField(
        label="Calendars that count as busy",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Events in these calendars are busy time: plans are made around them.",
    )
    write_sessions = forms.BooleanField(label="Write my plan's sessions to a calendar of this account", required=False)
    sessions_calendar = forms.CharField(
        label="Calendar for sessions",
        required=False,
        max_length=NAME_MAX_LENGTH,
        widget=_text(max_length=NAME_MAX_LENGTH, placeholder=DEFAULT_SESSIONS_CALENDAR),
        help_text="Made on your server if it has no calendar with this name.",
    )
    auto_sync = forms.BooleanField(label="Sync every 30 minutes", required=False)

    def __init__(self, *args: object, connection: CalendarConnection, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        if connection.kind == "caldav":
            self.fields["busy_calendars"].choices = [
                (calendar["url"], calendar["name"]) for calendar in connection.available_calendars
            ]
        else:
            for name in ("busy_calendars", "write_sessions", "sessions_calendar"):
                del self.fields[name]

    @classmethod
    def initial_for(cls, connection: CalendarConnection) -> dict[str, object]:
        return {
            "name": connection.name,
            "busy_calendars": connection.busy_calendars,
            "write_sessions": connection.write_sessions,
            "sessions_calendar": connection.sessions_calendar,
            "auto_sync": connection.auto_sync,
        }


class PasswordForm(forms.Form):
    password = _password_field(required=True, label="New password")


class DisconnectForm(forms.Form):
    keep_events = forms.BooleanField(
        label="Keep the sessions Monthwise wrote to this calendar", required=False, initial=False
    )
