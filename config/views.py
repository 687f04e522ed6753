import logging

from celery import current_app
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from planning.views.today import today_context

logger = logging.getLogger(__name__)


def home(request: HttpRequest) -> HttpResponse:
    """The landing page for visitors; Today for a signed-in person."""
    if not request.user.is_authenticated:
        return render(request, "home.html")
    return render(request, "home.html", today_context(user=request.user, now=timezone.now()))


def _check(name: str, probe) -> str:  # type: ignore[no-untyped-def]
    try:
        probe()
    except Exception:  # a health check reports failures, it does not raise them
        logger.warning("health check %s failed", name, exc_info=True)
        return "unreachable"
    return "ok"


def _broker_ping() -> None:
    if current_app.conf.task_always_eager:
        return  # in-process tasks: there is no broker to reach
    with current_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)


def _cache_roundtrip() -> None:
    cache.set("health:ping", "pong", 5)
    if cache.get("health:ping") != "pong":
        raise RuntimeError("cache did not return what was stored")


def _database_ping() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


@never_cache
def health(request: HttpRequest) -> JsonResponse:
    checks = {
        "database": _check("database", _database_ping),
        "cache": _check("cache", _cache_roundtrip),
        "broker": _check("broker", _broker_ping),
    }
    healthy = all(value == "ok" for value in checks.values())
    return JsonResponse({"status": "ok" if healthy else "degraded", **checks}, status=200 if healthy else 503)
