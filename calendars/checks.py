"""`manage.py check`: a calendar credentials key that is set but cannot be used is an error.

A production server without any key gets no message, not even with --deploy: a deployment
that connects no calendar account needs none, and its checks must stay clean. The person
who tries to save a calendar password there is told why it cannot be kept, and the
operator finds a warning in the log (calendars.credentials)."""

from typing import Any

from django.core.checks import CheckMessage, Error

from calendars.credentials import BAD_KEY, credentials_key_problem


def credentials_key_valid(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if credentials_key_problem() == BAD_KEY:
        return [Error(BAD_KEY, id="calendars.E001")]
    return []
