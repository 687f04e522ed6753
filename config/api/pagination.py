from rest_framework.pagination import LimitOffsetPagination


class Pagination(LimitOffsetPagination):
    """Every list endpoint: `?limit=&offset=`, 50 by default and 200 at most."""

    default_limit = 50
    max_limit = 200
