from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag
from django.views.decorators.http import require_safe

from accounts.models import User
from planning.calendar.ical import calendar_for, feed_version


@require_safe
def calendar_feed(request: HttpRequest, secret: str) -> HttpResponse:
    user = User.objects.filter(calendar_secret=secret, is_active=True).first()
    if user is None:
        raise Http404("No calendar at this address.")
    now = timezone.now()
    version = feed_version(user=user, now=now)
    etag = quote_etag(version.etag)
    last_modified = int(version.last_modified.timestamp())
    response = get_conditional_response(request, etag=etag, last_modified=last_modified)
    if response is None:
        response = HttpResponse(calendar_for(user=user, now=now), content_type="text/calendar; charset=utf-8")
        response["Content-Disposition"] = 'inline; filename="monthwise.ics"'
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    # Stored but asked again every time (no-store would stop apps from revalidating); the
    # address is the person's secret, so no shared cache keeps it.
    patch_cache_control(response, private=True, no_cache=True, max_age=0)
    return response
