"""Calendar passwords are encrypted at rest with keys from the environment; production
without a key refuses to keep one, with a message, and still passes its checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core import checks
from django.core.management import call_command

from calendars.credentials import (
    BAD_KEY,
    NO_KEY,
    UNREADABLE,
    CredentialsUnavailable,
    credentials_decrypt,
    credentials_encrypt,
)
from calendars.models import CalendarConnection
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]


def test_a_password_is_stored_encrypted_and_reads_back():
    stored = credentials_encrypt("hunter2-calendar")

    assert "hunter2" not in stored
    assert credentials_decrypt(stored) == "hunter2-calendar"
    assert credentials_encrypt("hunter2-calendar") != stored  # a fresh IV each time


def test_no_password_is_stored_as_nothing():
    assert credentials_encrypt("") == ""
    assert credentials_decrypt("") == ""


def test_a_development_server_without_a_key_uses_one_derived_from_its_secret_key(settings):
    settings.DEBUG, settings.CALENDAR_CREDENTIALS_KEY = True, []
    stored = credentials_encrypt("p")

    settings.SECRET_KEY = "another-secret-key-" * 3
    with pytest.raises(CredentialsUnavailable) as refused:
        credentials_decrypt(stored)
    assert refused.value.message == UNREADABLE
    assert refused.value.field == "password"


def test_production_without_a_key_refuses_to_keep_a_password_with_a_message(settings, caplog):
    settings.DEBUG, settings.CALENDAR_CREDENTIALS_KEY = False, []

    with pytest.raises(CredentialsUnavailable) as refused:
        credentials_encrypt("p")

    assert refused.value.message == NO_KEY
    assert refused.value.status == 400
    assert "CALENDAR_CREDENTIALS_KEY" in caplog.text


def test_a_configured_key_encrypts_and_a_rotated_one_still_reads_old_passwords(settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.CALENDAR_CREDENTIALS_KEY = [old]
    stored = credentials_encrypt("s3cret")
    assert Fernet(old.encode()).decrypt(stored.encode()) == b"s3cret"

    settings.CALENDAR_CREDENTIALS_KEY = [new, old]
    assert credentials_decrypt(stored) == "s3cret"


@pytest.mark.django_db
def test_the_rotate_command_encrypts_every_password_again_with_the_first_key(settings, capsys):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.CALENDAR_CREDENTIALS_KEY = [old]
    person = UserFactory()
    stored = credentials_encrypt("s3cret")
    connection = CalendarConnection.objects.create(
        user=person, kind="caldav", name="Cloud", url="https://cloud.example.com/", password_encrypted=stored
    )
    without = CalendarConnection.objects.create(user=person, kind="ics", name="Feed", url="https://example.com/a.ics")

    settings.CALENDAR_CREDENTIALS_KEY = [new, old]
    call_command("calendar_credentials_rotate")

    connection.refresh_from_db()
    assert Fernet(new.encode()).decrypt(connection.password_encrypted.encode()) == b"s3cret"
    assert CalendarConnection.objects.get(pk=without.pk).password_encrypted == ""
    assert "1 calendar passwords encrypted with the first key; 0 unreadable." in capsys.readouterr().out
    settings.CALENDAR_CREDENTIALS_KEY = [new]
    assert credentials_decrypt(connection.password_encrypted) == "s3cret"


def test_a_malformed_key_refuses_with_a_message_and_fails_the_checks(settings):
    settings.CALENDAR_CREDENTIALS_KEY = ["not-a-fernet-key"]

    with pytest.raises(CredentialsUnavailable) as refused:
        credentials_encrypt("p")

    assert refused.value.message == BAD_KEY
    assert "not-a-fernet-key" not in refused.value.message
    assert [message.id for message in checks.run_checks(tags=[checks.Tags.security])] == ["calendars.E001"]


def test_production_without_a_key_passes_its_deploy_checks(settings):
    settings.DEBUG, settings.CALENDAR_CREDENTIALS_KEY = False, []

    found = checks.run_checks(include_deployment_checks=True, tags=[checks.Tags.security])

    assert not [message for message in found if message.id.startswith("calendars.")]


def test_the_key_can_come_from_a_file(tmp_path):
    key = Fernet.generate_key().decode()
    key_file = tmp_path / "calendar-key"
    key_file.write_text(key + "\n")
    dropped = {"DJANGO_SETTINGS_MODULE", "CALENDAR_CREDENTIALS_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {name: value for name, value in os.environ.items() if name not in dropped}
    script = "from calendars.credentials import credentials_encrypt; print(credentials_encrypt('s3cret'))"

    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", script],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings", "CALENDAR_CREDENTIALS_KEY_FILE": str(key_file)},
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert Fernet(key.encode()).decrypt(result.stdout.strip().encode()) == b"s3cret"
