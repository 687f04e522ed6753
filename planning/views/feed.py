from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache

from accounts.models import User
from planning.calendar.ical import calendar_for


@never_cache
def calendar_feed(request: HttpRequest, secret: str) -> HttpResponse:
    user = User.objects.filter(calendar_secret=secret, is_active=True).first()
    if user is None:
        raise Http404("No calendar at this address.")
    response = HttpResponse(calendar_for(user=user), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="monthwise.ics"'
    return response
