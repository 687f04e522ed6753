"""Times in the API are read and written on the requesting person's own clock."""

import zoneinfo

from django.db import models
from rest_framework import serializers


def person_zone(context: dict) -> zoneinfo.ZoneInfo:
    """The zone of the person making the request (UTC for anonymous requests)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    name = user.timezone if user is not None and user.is_authenticated else "UTC"
    return zoneinfo.ZoneInfo(name)


class PersonDateTimeField(serializers.DateTimeField):
    """ISO 8601 with the offset of the person's zone on the way out. On the way in, a time
    without an offset is read on the person's own clock; a wall time that does not exist
    there (a daylight-saving gap) is passed on for the service to refuse with its own
    message, which can say which hour the clocks skip."""

    def to_representation(self, value):  # type: ignore[no-untyped-def]
        if value is None:
            return None
        return value.astimezone(person_zone(self.context)).isoformat()

    def enforce_timezone(self, value):  # type: ignore[no-untyped-def]
        if value.tzinfo is None or value.utcoffset() is None:
            value = value.replace(tzinfo=person_zone(self.context))
            try:
                value.astimezone(zoneinfo.ZoneInfo("UTC"))  # 9999-12-31T23:00 in New York is year 10000
            except OverflowError:
                self.fail("overflow")
            return value
        return super().enforce_timezone(value)

    def default_timezone(self):  # type: ignore[no-untyped-def]
        return person_zone(self.context)


class PersonModelSerializer(serializers.ModelSerializer):
    """A ModelSerializer whose date-time columns are PersonDateTimeFields. Give it the
    request in its context, as every view here does."""

    serializer_field_mapping = {**serializers.ModelSerializer.serializer_field_mapping}
    serializer_field_mapping[models.DateTimeField] = PersonDateTimeField


class StrictCharField(serializers.CharField):
    """Text in a JSON body must be a JSON string: DRF would quietly turn 0 into "0"."""

    def to_internal_value(self, data):  # type: ignore[no-untyped-def]
        if not isinstance(data, str):
            self.fail("invalid")
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    """A JSON true or false: DRF would quietly read 0, 1, "yes" or "off" as one."""

    default_error_messages = {"invalid": "Give true or false."}

    def to_internal_value(self, data):  # type: ignore[no-untyped-def]
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


def single_query_values(query_params) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The query string as one value a name, for a query serializer; a name given twice is
    refused (a QueryDict would quietly keep the last)."""
    repeated = sorted(name for name in query_params if len(query_params.getlist(name)) > 1)
    if repeated:
        raise serializers.ValidationError({name: [f"Give {name} once."] for name in repeated})
    return query_params.dict()
