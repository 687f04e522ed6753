"""The one way a service says no.

A service that will not do what it was asked raises a Refusal (or a subclass naming the
kind of no): a message for the person, the input it is about, and the HTTP status an API
answers with. Pages show the message by its field; the API's exception handler turns it
into `{"message", "errors"}` with that status, so no view maps refusals by hand.
"""

from typing import Any


class Refusal(Exception):
    status: int = 400

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        status: int | None = None,
        errors: dict[str, Any] | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        if status is not None:
            self.status = status
        # Seconds after which asking again may work (429, 503): the API's Retry-After.
        self.retry_after = retry_after
        # By field, as the API shows them; a field's value is a list of messages, or for
        # a list input (commitments) one entry per row: {} for a good row, {field: [..]}.
        self.errors: dict[str, Any] = errors if errors is not None else ({field: [message]} if field else {})

    def __str__(self) -> str:
        return self.message


def cleaned_or_noted(errors: dict[str, Any], field: str, clean: Any, raw: Any) -> Any:
    """`clean(raw)`, or None with its ValueError's message noted under `field` in `errors`:
    for services that check every field before refusing once with all the problems."""
    try:
        return clean(raw)
    except ValueError as exc:
        errors[field] = [str(exc)]
        return None
