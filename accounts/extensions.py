"""Where the apps built on accounts plug into a person's account.

accounts is the base app: planning, insights and coaching import it, and it imports none
of them. Where an account needs something only a later app knows, that app registers it
here from its ``AppConfig.ready()``:

- deletion cleanups: rows made from the person's data that no foreign key cascades from
  the user (coaching's shared advice cache carries no user key, by design);
- fields of GET /api/me that another app computes (coaching adds ``coaching_remaining``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from rest_framework.serializers import Field

    from accounts.models import User


class DeletionCleanup(Protocol):
    def __call__(self, *, user: User) -> object: ...


@dataclass(frozen=True)
class MeField:
    """A field another app adds to GET /api/me, placed right after the field ``after``."""

    name: str
    field: Callable[[], Field]  # a new, unbound field for each serializer instance
    after: str


_deletion_cleanups: list[DeletionCleanup] = []
_me_fields: dict[str, MeField] = {}


def user_deletion_cleanup_register(cleanup: DeletionCleanup) -> None:
    """``cleanup(user=...)`` runs in ``user_delete``'s transaction, before the user row and
    what cascades from it are deleted, so it can still read the person's rows."""
    if cleanup not in _deletion_cleanups:
        _deletion_cleanups.append(cleanup)


def user_deletion_cleanups() -> tuple[DeletionCleanup, ...]:
    return tuple(_deletion_cleanups)


def me_field_register(*, name: str, field: Callable[[], Field], after: str) -> None:
    _me_fields[name] = MeField(name=name, field=field, after=after)


def me_fields() -> tuple[MeField, ...]:
    return tuple(_me_fields.values())
