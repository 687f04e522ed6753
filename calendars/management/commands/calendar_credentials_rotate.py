from django.core.management.base import BaseCommand
from django.db import transaction

from calendars.credentials import CredentialsUnavailable, credentials_reencrypt
from calendars.models import CalendarConnection


class Command(BaseCommand):
    help = (
        "Encrypts every stored calendar password again with the first key of CALENDAR_CREDENTIALS_KEY. "
        "Rotate a key by putting the new one first, running this, then removing the old one."
    )

    def handle(self, *args: object, **options: object) -> None:
        done = unreadable = 0
        with_password = CalendarConnection.objects.exclude(password_encrypted="").order_by("pk")
        for connection_id in with_password.values_list("pk", flat=True):
            with transaction.atomic():
                connection = CalendarConnection.objects.select_for_update().get(pk=connection_id)
                try:
                    connection.password_encrypted = credentials_reencrypt(connection.password_encrypted)
                except CredentialsUnavailable:
                    unreadable += 1  # no key here reads it: the person enters the password again
                    continue
                connection.save(update_fields=["password_encrypted"])
                done += 1
        self.stdout.write(f"{done} calendar passwords encrypted with the first key; {unreadable} unreadable.")
