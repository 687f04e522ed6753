from collections.abc import Callable, Iterable

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse

from config.api.parsers import NUL_MESSAGE

FORM_CONTENT_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class RejectNulCharactersMiddleware:
    """Refuses input with real NUL characters before anything stores or looks it up.

    PostgreSQL text cannot hold NUL, so such a value would otherwise surface as a 500 from
    whichever layer first touches the database (the login lockout, the token endpoint, ...).

    Values are judged decoded, so text that merely spells out `%00` or `\\u0000` is
    accepted: the path, the query string, and the fields of a form sent to a page. JSON
    bodies (the API's only kind) are judged by the API's parser, which can name the field
    (config.api.parsers); form bodies sent to the API are refused there with a 415 unread.
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
        if _lists_have_nul(request.GET.lists()):
            return True
        if (
            request.method in ("POST", "PUT", "PATCH", "DELETE")
            and not request.path.startswith("/api/")
            and request.content_type in FORM_CONTENT_TYPES
        ):
            # Django parses only POST bodies into request.POST; the pages take no other.
            return _lists_have_nul(request.POST.lists()) or any("\x00" in name for name in request.FILES)
        return False


def _lists_have_nul(items: Iterable[tuple[str, list]]) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in items)
