"""Answering when PostgreSQL is away: 503 "try again" promptly instead of a 500 after the
pool's wait."""

import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

logger = logging.getLogger(__name__)


DATABASE_UNAVAILABLE_MESSAGE = "Monthwise cannot reach its database right now. Please try again in a minute."
DATABASE_RETRY_AFTER_SECONDS = 30


class DatabaseUnavailableMiddleware:
    """Answers 503 ("try again") when PostgreSQL cannot be reached, instead of a 500.

    Views raise the error into process_exception (DRF re-raises what its handler leaves).
    A middleware further in that reads the user would raise it where no outer middleware
    can see it (Django turns it into a 500 response on the spot), so the lazy user is
    resolved here first.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        try:
            if user is not None:
                user.is_authenticated  # noqa: B018 - loads the session and the user
        except (OperationalError, InterfaceError) as exc:
            return self.unavailable(request, exc)
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, (OperationalError, InterfaceError)):
            return self.unavailable(request, exception)
        return None

    @staticmethod
    def unavailable(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.error("database unavailable for %s %s: %s", request.method, request.path, exc)
        if request.path.startswith("/api/"):
            response: HttpResponse = JsonResponse({"message": DATABASE_UNAVAILABLE_MESSAGE}, status=503)
        else:
            # A page with no base layout: the layout reads the user and the session.
            response = render(request, "503.html", {"message": DATABASE_UNAVAILABLE_MESSAGE}, status=503)
        response["Retry-After"] = str(DATABASE_RETRY_AFTER_SECONDS)
        return response
