from django.http import HttpRequest


def username_from_attempt(request: HttpRequest, credentials: dict | None) -> str | None:
    """The e-mail a login attempt was for, lower-cased, whatever the form called the field.

    The HTML form posts `username`, the token endpoint `email`; both must count towards the
    same lockout, and Alice@x and alice@x are the same person.
    """
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("username")
    if not value and request is not None and request.method == "POST":
        value = request.POST.get("username") or request.POST.get("email")
    return value.strip().lower() if value else None
