"""One JSON shape for every API error: {"message": "...", "errors": {"field": ["..."]}}."""

import math
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, JsonResponse
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from config.refusal import Refusal

DEFAULT_MESSAGES = {
    400: "The request is not valid. Please correct the fields named in `errors`.",
    401: "Log in first: send `Authorization: Bearer <access token>`.",
    403: "You are not allowed to do that.",
    404: "Not found.",
    405: "That method is not allowed here.",
    413: "The request body is too large.",
    415: "Send JSON with `Content-Type: application/json`.",
    429: "Too many requests. Please wait a moment and try again.",
}


def error_response(code: int, message: str, errors: dict[str, Any] | None = None) -> Response:
    body: dict[str, Any] = {"message": message}
    if errors:
        body["errors"] = errors
    return Response(body, status=code)


def _first_message(errors: Any) -> str | None:
    if isinstance(errors, dict):
        for field, value in errors.items():
            inner = _first_message(value)
            if inner:
                return inner if field in ("non_field_errors", "detail") else f"{field}: {inner}"
    elif isinstance(errors, list):
        for value in errors:
            inner = _first_message(value)
            if inner:
                return inner
    elif errors:
        return str(errors)
    return None


def _django_validation_errors(exc: DjangoValidationError) -> dict[str, Any]:
    if not hasattr(exc, "error_dict"):
        return {"non_field_errors": exc.messages}
    errors = dict(exc.message_dict)
    if "__all__" in errors:
        errors["non_field_errors"] = errors.pop("__all__")
    return errors


def body_too_large_message() -> str:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return f"The request body is larger than the {limit} bytes this API accepts." if limit else DEFAULT_MESSAGES[413]


def json_exception_handler(exc: Exception, context: dict) -> Response | None:
    """Every error the API gives, in one shape. A service's Refusal keeps its status and
    fields; a Django ValidationError raised by a service is a 400 by field."""
    if isinstance(exc, Refusal):
        response = error_response(exc.status, exc.message, exc.errors or None)
        if exc.retry_after is not None and math.isfinite(exc.retry_after):
            response["Retry-After"] = str(max(math.ceil(exc.retry_after), 1))
        return response
    if isinstance(exc, RequestDataTooBig):
        # Django raises it (a SuspiciousOperation, an HTML 400 by default) when the parser
        # reads a body over DATA_UPLOAD_MAX_MEMORY_SIZE. For the API it is a 413, in JSON.
        return error_response(413, body_too_large_message())
    if isinstance(exc, DjangoValidationError):
        return error_response(
            400, exc.messages[0] if exc.messages else DEFAULT_MESSAGES[400], _django_validation_errors(exc)
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    code = response.status_code
    if isinstance(exc, exceptions.ValidationError):
        errors = response.data if isinstance(response.data, dict) else {"non_field_errors": response.data}
        message = _first_message(errors) or DEFAULT_MESSAGES[400]
        response.data = {"message": message, "errors": errors}
    elif isinstance(exc, exceptions.Throttled):
        wait = f" Try again in {int(exc.wait)} seconds." if exc.wait else ""
        response.data = {"message": "Too many requests." + wait}
    else:
        detail = response.data.get("detail") if isinstance(response.data, dict) else None
        message = str(detail) if detail else DEFAULT_MESSAGES.get(code, "The request failed.")
        response.data = {"message": message}
        if isinstance(exc, exceptions.NotFound):
            response.data = {"message": "Not found."}
    return response


def api_not_found(request: HttpRequest, exception: Exception | None = None) -> JsonResponse:
    return JsonResponse({"message": "Not found."}, status=status.HTTP_404_NOT_FOUND)


def api_server_error(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"message": "Something went wrong on our side. It has been logged."}, status=500)


class ErrorSerializer(serializers.Serializer):
    """The error body, for documenting answers such as a 404 on a path without an id."""

    message = serializers.CharField()
    errors = serializers.DictField(required=False)


def documented_error(description: str) -> OpenApiResponse:
    """An error answer for @extend_schema: the one error body, with what it means here."""
    return OpenApiResponse(response=ErrorSerializer, description=description)
