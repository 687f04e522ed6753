from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from accounts.models import User
from accounts.services import login_session_record


@receiver(user_logged_in)
def remember_login_session(sender: type, request: HttpRequest | None, user: User, **kwargs: object) -> None:
    session = getattr(request, "session", None)
    if session is not None:
        # The key only exists once saved; save now so deleting the account can find it.
        if session.session_key is None:
            session.save()
        login_session_record(user=user, session_key=session.session_key)
