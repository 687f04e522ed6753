from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse

NUL_MESSAGE = "Text may not contain NUL (\\u0000) characters."


class RejectNulCharactersMiddleware:
    """Refuses input with NUL characters before anything stores or looks it up.

    PostgreSQL text cannot hold NUL, so such a value would otherwise surface as a 500 from
    whichever layer first touches the database (the login lockout, the token endpoint, ...).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self._has_nul(request):
            if request.path.startswith("/api/"):
                return JsonResponse({"message": NUL_MESSAGE}, status=400)
            return HttpResponseBadRequest(NUL_MESSAGE)
        return self.get_response(request)

    @staticmethod
    def _has_nul(request: HttpRequest) -> bool:
        if "\x00" in request.path:
            return True
        for key, values in request.GET.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                return True
        if request.method in ("POST", "PUT", "PATCH", "DELETE"):
            body = request.body
            return b"\x00" in body or b"\\u0000" in body or b"%00" in body
        return False
