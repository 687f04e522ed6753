from urllib.parse import unquote

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def _decoded(target: str) -> str:
    # Undo percent-encoding until nothing changes (a few rounds: double encoding).
    for _ in range(4):
        decoded = unquote(target)
        if decoded == target:
            break
        target = decoded
    return target


def is_same_site(target: str, *, host: str, require_https: bool = False) -> bool:
    """Whether redirecting to `target` stays on `host`.

    Browsers drop tabs and line breaks from a Location and some read %09 or %5C before they
    look for a host, so "/%09/evil.example" can end at //evil.example: the target is judged
    as written and decoded, and any control character or backslash refuses it.
    """
    decoded = _decoded(target)
    if "\\" in decoded or any(ord(char) < 32 or ord(char) == 127 for char in decoded):
        return False
    return all(
        url_has_allowed_host_and_scheme(candidate, allowed_hosts={host}, require_https=require_https)
        for candidate in (target, decoded)
    )


def safe_next(request: HttpRequest, default: str | None = None) -> str | None:
    """The `next` a form or link asked to return to, if it stays on this site; else `default`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and is_same_site(target, host=request.get_host(), require_https=request.is_secure()):
        return target
    return default
