"""Where the apps built on accounts plug into a person's account.

accounts is the base app: planning, insights and coaching import it, and it imports none
of them. Where an account needs something only a later app knows, that app registers it
here from its ``AppConfig.ready()``:

- deletion cleanups: rows made from the person's data that no foreign key cascades from
  the user (coaching's shared advice cache carries no user key, by design);
- fields of GET /api/me that another app computes (coaching adds ``coaching_remaining``);
- zone changes: what a time-zone change does to rows kept on the person's clock (planning
  moves the future sessions, as the person chose: ``FutureSessions``), run in the same
  transaction as the change, with a report for the page and the API;
- data export sections: rows the export must not copy column by column (calendars leaves
  out the encrypted calendar passwords).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from django.db import models

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


class FutureSessions(models.TextChoices):
    """What a time-zone change does to the person's future sessions (PATCH /api/me, the account page)."""

    KEEP_LOCAL_TIMES = "keep_local_times", "Keep them at the same local times (recommended)"
    KEEP_ABSOLUTE_TIMES = (
        "keep_absolute_times",
        "Keep them at the same moments (they will show at different clock times)",
    )


FUTURE_SESSIONS_UNKNOWN = "“%(value)s” is not a choice here: use keep_local_times or keep_absolute_times."


@dataclass(frozen=True)
class SessionNote:
    """One session a zone change moved, placed again, or could not place."""

    id: int
    description: str
    when: str  # its start on the person's new clock, e.g. "Tue 24 Nov 18:00"
    note: str  # why it moved, or why it could not


@dataclass(frozen=True)
class ZoneChangeReport:
    summary: str  # one or two sentences for the person
    moved: tuple[SessionNote, ...] = ()  # kept their local times
    re_placed: tuple[SessionNote, ...] = ()  # clashed at their local times and were placed anew
    unplaced: tuple[SessionNote, ...] = ()  # stayed where they were, with the reason

    @classmethod
    def merged(cls, reports: Iterable[ZoneChangeReport]) -> ZoneChangeReport:
        reports = list(reports)
        return cls(
            summary=" ".join(report.summary for report in reports if report.summary),
            moved=tuple(note for report in reports for note in report.moved),
            re_placed=tuple(note for report in reports for note in report.re_placed),
            unplaced=tuple(note for report in reports for note in report.unplaced),
        )


class ZoneChangeHook(Protocol):
    def __call__(
        self, *, user: User, old_timezone: str, new_timezone: str, future_sessions: str, now: dt.datetime
    ) -> ZoneChangeReport: ...


class DataExportSection(Protocol):
    def __call__(self, *, user: User) -> dict[str, Any]: ...


_deletion_cleanups: list[DeletionCleanup] = []
_me_fields: dict[str, MeField] = {}
_zone_change_hooks: list[ZoneChangeHook] = []
_data_export_sections: list[DataExportSection] = []


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


def zone_change_register(hook: ZoneChangeHook) -> None:
    """``hook(user=..., old_timezone=..., new_timezone=..., future_sessions=..., now=...)`` runs
    in ``user_timezone_set``'s transaction, under the person's row lock, after the new zone is
    saved and only when it differs from the old one; raising undoes the change."""
    if hook not in _zone_change_hooks:
        _zone_change_hooks.append(hook)


def zone_change_hooks() -> tuple[ZoneChangeHook, ...]:
    return tuple(_zone_change_hooks)


def data_export_register(section: DataExportSection) -> None:
    """``section(user=...)`` returns {key: JSON-ready rows} added to the person's data export
    (GET /api/me/export, the account page's download)."""
    if section not in _data_export_sections:
        _data_export_sections.append(section)


def data_export_sections() -> tuple[DataExportSection, ...]:
    return tuple(_data_export_sections)
