"""Schema post-processing: document the error answers every operation really gives."""

from typing import Any

ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "message": {"type": "string"},
        "errors": {"type": "object", "additionalProperties": True},
    },
    "required": ["message"],
}


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def add_error_responses(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            if method != "get" or operation.get("parameters"):
                responses.setdefault("400", _error("Invalid input; `errors` names the fields."))
            if path != "/api/auth/register":
                responses.setdefault("401", _error("Not logged in, or the token is invalid."))
            if "{" in path:
                responses.setdefault("404", _error("No such object, or it is not yours."))
            responses.setdefault("429", _error("Too many requests."))
            # Answered by the web server (gunicorn) before Django sees the request, as HTML.
            responses.setdefault("414", {"description": "The URL is longer than the web server accepts."})
    return result
