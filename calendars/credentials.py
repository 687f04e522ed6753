"""Calendar passwords, encrypted at rest.

A CalDAV account (or a subscription behind Basic auth) needs its password at every sync,
so it cannot be hashed: it is encrypted with Fernet (AES-128-CBC with an HMAC, from the
`cryptography` package) under the keys in settings.CALENDAR_CREDENTIALS_KEY. The first key
encrypts; every key decrypts (MultiFernet), so an operator rotates by putting a new key
first and running `manage.py calendar_credentials_rotate`.

Without a key a development server (DEBUG) derives one from SECRET_KEY; a production server
refuses to store a calendar password, with a message (and a warning in the log), and starts
as usual: a deployment that does not use calendar accounts needs no key. A key that is set
but malformed fails `manage.py check` (calendars.checks).

Nothing here puts a password or a key into an exception message or a log line.
"""

import base64
import hashlib
import logging

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

from config.refusal import Refusal

logger = logging.getLogger(__name__)

NO_KEY = (
    "This Monthwise server cannot keep calendar passwords: its operator has not set "
    "CALENDAR_CREDENTIALS_KEY. Calendar links that need no password still work."
)
BAD_KEY = (
    "This Monthwise server cannot keep calendar passwords: CALENDAR_CREDENTIALS_KEY is not a valid key. "
    "Its operator can make one with `manage.py calendar_credentials_key`."
)
UNREADABLE = (
    "The saved password for this calendar can no longer be read (the server's key has changed). "
    "Enter the password again."
)


class CredentialsUnavailable(Refusal):
    """A password cannot be encrypted or decrypted with the keys this server has."""

    def __init__(self, message: str) -> None:
        super().__init__(message, field="password")


def _development_key() -> bytes:
    digest = hashlib.sha256(b"monthwise calendar credentials\0" + settings.SECRET_KEY.encode()).digest()
    return base64.urlsafe_b64encode(digest)


def _configured_keys() -> list[str]:
    keys = settings.CALENDAR_CREDENTIALS_KEY
    if isinstance(keys, str):
        keys = [keys]
    return [key.strip() for key in keys if key and key.strip()]


def credentials_key_problem() -> str | None:
    """What stops this server from keeping passwords (None when nothing does)."""
    keys = _configured_keys()
    if not keys:
        return None if settings.DEBUG else NO_KEY
    try:
        for key in keys:
            Fernet(key.encode())
    except (ValueError, TypeError):  # the message names no key, but say ours anyway
        return BAD_KEY
    return None


def _fernet() -> MultiFernet:
    problem = credentials_key_problem()
    if problem:
        logger.warning("a calendar password could not be encrypted or read: %s", problem)
        raise CredentialsUnavailable(problem)
    keys = _configured_keys()
    return MultiFernet([Fernet(key.encode()) for key in keys] if keys else [Fernet(_development_key())])


def credentials_encrypt(password: str) -> str:
    """The stored form of a password ("" stays ""): a Fernet token, new each time."""
    if not password:
        return ""
    return _fernet().encrypt(password.encode()).decode("ascii")


def credentials_decrypt(stored: str) -> str:
    if not stored:
        return ""
    try:
        return _fernet().decrypt(stored.encode("ascii")).decode()
    except (InvalidToken, UnicodeError):
        raise CredentialsUnavailable(UNREADABLE) from None


def credentials_reencrypt(stored: str) -> str:
    """The same password under the first key (for key rotation); InvalidToken-safe."""
    if not stored:
        return ""
    try:
        return _fernet().rotate(stored.encode("ascii")).decode("ascii")
    except (InvalidToken, UnicodeError):
        raise CredentialsUnavailable(UNREADABLE) from None


def credentials_new_key() -> str:
    return Fernet.generate_key().decode("ascii")
