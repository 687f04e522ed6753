from django.core.management.base import BaseCommand

from calendars.credentials import credentials_new_key


class Command(BaseCommand):
    help = "Prints a new key for CALENDAR_CREDENTIALS_KEY (Fernet: 32 random bytes, url-safe base64)."

    def handle(self, *args: object, **options: object) -> None:
        self.stdout.write(credentials_new_key())
