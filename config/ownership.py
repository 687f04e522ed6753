"""Reading one row that belongs to a person, for the pages and the API alike."""

from django.db.models import Model, QuerySet
from django.http import Http404

# Planning and insights ids are PostgreSQL bigints: a larger number names nothing and
# must not reach the query (the driver would refuse it with an error, not an empty result).
MAX_ID = 2**63 - 1


def owned_or_404[M: Model](queryset: QuerySet[M], *, user: object, pk: object, what: str = "object") -> M:
    """The row with this id if it is the person's; Http404 for a missing id, another
    person's id and an id out of range alike, so an outsider learns nothing."""
    if isinstance(pk, int) and not 0 < pk <= MAX_ID:
        raise Http404(f"No such {what}.")
    try:
        return queryset.get(user=user, pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404(f"No such {what}.")
