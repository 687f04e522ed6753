from rest_framework import serializers
from rest_framework.pagination import LimitOffsetPagination


class Pagination(LimitOffsetPagination):
    """Every list endpoint: `?limit=&offset=`, 50 by default and 200 at most. A limit or
    offset that is not a whole number is refused (400), not quietly replaced."""

    default_limit = 50
    max_limit = 200

    def _whole_number(self, request, name: str, *, minimum: int) -> int | None:  # type: ignore[no-untyped-def]
        values = request.query_params.getlist(name)
        if not values:
            return None
        if len(values) > 1:
            raise serializers.ValidationError({name: [f"Give {name} once."]})
        raw = values[0]
        if not raw.isdigit() or int(raw) < minimum:
            raise serializers.ValidationError({name: [f"Give {name} as a whole number from {minimum} up."]})
        return int(raw)

    def get_limit(self, request):  # type: ignore[no-untyped-def]
        limit = self._whole_number(request, self.limit_query_param, minimum=1)
        return self.default_limit if limit is None else min(limit, self.max_limit)

    def get_offset(self, request):  # type: ignore[no-untyped-def]
        return self._whole_number(request, self.offset_query_param, minimum=0) or 0

    def get_schema_operation_parameters(self, view):  # type: ignore[no-untyped-def]
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            minimum = 1 if parameter["name"] == self.limit_query_param else 0
            parameter["schema"] = {**parameter["schema"], "minimum": minimum}
            if parameter["name"] == self.limit_query_param:
                parameter["description"] = (
                    f"Number of results to return per page; above {self.max_limit}, {self.max_limit}."
                )
        return parameters
