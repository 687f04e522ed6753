"""Computing people's four insights with database aggregates in their own time zones.

The history is read with three grouped queries (however long it is) and the four rows per
person are upserted in one statement, so recomputing is a handful of queries, and
recomputing twice writes the same rows. The queries group by person as well, so the
nightly chunks compute hundreds of people with the same few queries: one query for the
focus-area totals, and two per time zone present (hours and weeks are local), plus one
upsert. The maths on the aggregated counts lives in insights/maths.py.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cached_property
from uuid import UUID
from zoneinfo import ZoneInfo

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, QuerySet, Sum
from django.db.models.functions import ExtractHour, ExtractIsoWeekDay, TruncWeek
from django.utils import timezone

from accounts.models import User
from insights import maths
from insights.challenges import challenges_value
from insights.maths import Durations, Tally
from insights.models import ActivityLog, Insight, InsightType

ON_TIME = Q(actual_start_time__lte=F("task__start_time") + timedelta(minutes=maths.ON_TIME_GRACE_MINUTES))
COMPLETED = Q(was_completed=True)
PLANNED = ExpressionWrapper(F("task__end_time") - F("task__start_time"), output_field=DurationField())
ACTUAL = ExpressionWrapper(F("actual_end_time") - F("actual_start_time"), output_field=DurationField())
TALLY = {"logged": Count("id"), "completed": Count("id", filter=COMPLETED), "on_time": Count("id", filter=ON_TIME)}


def _minutes(value: timedelta | None) -> float:
    return value.total_seconds() / 60 if value else 0.0


def _tally(row: dict) -> Tally:
    return Tally(row["logged"], row["completed"], row["on_time"])


def _logs(user_ids: list[UUID]) -> QuerySet[ActivityLog]:
    return ActivityLog.objects.filter(user_id__in=user_ids).order_by()


def _cells(user_ids: list[UUID], zone: ZoneInfo) -> dict[UUID, dict[tuple[int, int], Tally]]:
    """Per person: (weekday 0=Mon..6, local hour) of the actual start -> tally. The hour is
    taken in the zone by the database, so 09:30 in summer and in winter are both 9."""
    rows = (
        _logs(user_ids)
        .annotate(
            weekday=ExtractIsoWeekDay("actual_start_time", tzinfo=zone),
            hour=ExtractHour("actual_start_time", tzinfo=zone),
        )
        .values("user_id", "weekday", "hour")
        .annotate(**TALLY)
    )
    cells: dict[UUID, dict[tuple[int, int], Tally]] = defaultdict(dict)
    for row in rows:
        cells[row["user_id"]][(row["weekday"] - 1, row["hour"])] = _tally(row)
    return cells


def _area_rows(user_ids: list[UUID], now: datetime) -> dict[UUID, list[dict]]:
    """Per person, per (focus area, difficulty): tallies overall and in the last 30 days,
    and the planned and actual minutes of finished sessions."""
    recent = Q(actual_start_time__gte=now - timedelta(days=30))
    rows = (
        _logs(user_ids)
        .values("user_id", "task__focus_area", "task__difficulty_level")
        .annotate(
            **TALLY,
            recent_logged=Count("id", filter=recent),
            recent_completed=Count("id", filter=recent & COMPLETED),
            recent_on_time=Count("id", filter=recent & ON_TIME),
            # Durations of finished sessions only: an abandoned session says nothing
            # about how long the work takes.
            finished=Count("id", filter=COMPLETED),
            planned=Sum(PLANNED, filter=COMPLETED),
            actual=Sum(ACTUAL, filter=COMPLETED),
        )
    )
    by_person: dict[UUID, list[dict]] = defaultdict(list)
    for row in rows:
        by_person[row["user_id"]].append(row)
    return by_person


def _weeks(user_ids: list[UUID], zone: ZoneInfo, today: date) -> dict[UUID, dict[date, Tally]]:
    first_week = maths.week_start(today) - timedelta(weeks=maths.WEEKLY_SERIES_WEEKS - 1)
    since = datetime.combine(first_week, datetime.min.time(), tzinfo=zone)
    rows = (
        _logs(user_ids)
        .filter(actual_start_time__gte=since)
        .annotate(week=TruncWeek("actual_start_time", tzinfo=zone))
        .values("user_id", "week")
        .annotate(**TALLY)
    )
    weeks: dict[UUID, dict[date, Tally]] = defaultdict(dict)
    for row in rows:
        weeks[row["user_id"]][row["week"].astimezone(zone).date()] = _tally(row)
    return weeks


@dataclass
class History:
    """One person's activity, aggregated (see the query functions above)."""

    user: User
    today: date
    cells: dict[tuple[int, int], Tally] = field(default_factory=dict)
    area_rows: list[dict] = field(default_factory=list)
    by_week: dict[date, Tally] = field(default_factory=dict)

    def _fold(self, key: str) -> dict[str, Tally]:
        folded: dict[str, Tally] = {}
        for row in self.area_rows:
            folded[row[key]] = folded.get(row[key], Tally()) + _tally(row)
        return folded

    @cached_property
    def by_area(self) -> dict[str, Tally]:
        return self._fold("task__focus_area")

    @cached_property
    def by_difficulty(self) -> dict[str, Tally]:
        return self._fold("task__difficulty_level")

    @cached_property
    def recent(self) -> Tally:
        return maths.total(
            Tally(row["recent_logged"], row["recent_completed"], row["recent_on_time"]) for row in self.area_rows
        )

    @cached_property
    def durations(self) -> dict[str, Durations]:
        folded: dict[str, Durations] = {}
        for row in self.area_rows:
            area = row["task__focus_area"]
            folded[area] = folded.get(area, Durations()) + Durations(
                row["finished"], _minutes(row["planned"]), _minutes(row["actual"])
            )
        return folded


def histories(users: Iterable[User], *, now: datetime) -> list[History]:
    """The aggregated histories of these people: 1 + 2 x (time zones among them) queries."""
    people = list(users)
    if not people:
        return []
    rows = _area_rows([person.pk for person in people], now)
    by_zone: dict[str, list[User]] = defaultdict(list)
    for person in people:
        by_zone[person.timezone].append(person)
    result = []
    for zone_name, members in sorted(by_zone.items()):
        zone = ZoneInfo(zone_name)
        today = now.astimezone(zone).date()
        ids = [person.pk for person in members]
        cells = _cells(ids, zone)
        weeks = _weeks(ids, zone, today) if cells else {}
        for person in members:
            result.append(
                History(
                    user=person,
                    today=today,
                    cells=cells.get(person.pk, {}),
                    area_rows=rows.get(person.pk, []),
                    by_week=weeks.get(person.pk, {}),
                )
            )
    return result


def peak_energy(history: History) -> dict:
    return maths.peak_energy_value(history.cells)


def completion_rate(history: History) -> dict:
    return maths.completion_rate_value(
        by_area=history.by_area,
        by_difficulty=history.by_difficulty,
        recent=history.recent,
        by_week=history.by_week,
        today=history.today,
    )


def session_duration(history: History) -> dict:
    return maths.session_duration_value(history.durations)


def challenges(history: History) -> dict:
    return challenges_value(cells=history.cells, by_area=history.by_area, durations=history.durations)


COMPUTATIONS: dict[str, Callable[[History], dict]] = {
    InsightType.PEAK_ENERGY.value: peak_energy,
    InsightType.COMPLETION_RATE.value: completion_rate,
    InsightType.SESSION_DURATION.value: session_duration,
    InsightType.CHALLENGES.value: challenges,
}


def insights_recompute_many(*, users: Iterable[User], now: datetime | None = None) -> dict[UUID, dict[str, dict]]:
    """Recomputes and stores the four insights of each of these people; returns
    {user id: {insight type: value}} for those with activity.

    Idempotent: rows are upserted on (user, insight_type), and only where the value
    changed (the nightly run finds most people unchanged; `last_updated` is when the value
    last changed). A person with no activity left has their insights removed, so planning
    falls back to its defaults.
    """
    now = now or timezone.now()
    computed: dict[UUID, dict[str, dict]] = {}
    nothing_left: list[UUID] = []
    for history in histories(users, now=now):
        if not history.cells:
            nothing_left.append(history.user.pk)
            continue
        computed[history.user.pk] = {name: compute(history) for name, compute in COMPUTATIONS.items()}
    if nothing_left:
        Insight.objects.filter(user_id__in=nothing_left).delete()
    changed = _changed(computed)
    if changed:
        stamp = timezone.now()
        Insight.objects.bulk_create(
            [
                Insight(user_id=user_id, insight_type=name, insight_value=value, last_updated=stamp)
                for user_id, name, value in changed
            ],
            update_conflicts=True,
            unique_fields=["user", "insight_type"],
            update_fields=["insight_value", "last_updated"],
            batch_size=1000,
        )
    return computed


def _as_stored(value: dict) -> object:
    # What the JSON column gives back: tuples become lists, keys strings.
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _changed(computed: dict[UUID, dict[str, dict]]) -> list[tuple[UUID, str, dict]]:
    """The (user, type, value) rows whose value differs from the stored one (one query)."""
    if not computed:
        return []
    stored = {
        (user_id, name): value
        for user_id, name, value in Insight.objects.filter(user_id__in=list(computed)).values_list(
            "user_id", "insight_type", "insight_value"
        )
    }
    return [
        (user_id, name, value)
        for user_id, values in computed.items()
        for name, value in values.items()
        if stored.get((user_id, name)) != _as_stored(value)
    ]


def insights_recompute(*, user: User, now: datetime | None = None) -> dict[str, dict]:
    """Recomputes and stores the four insights of one person; returns {type: value}."""
    return insights_recompute_many(users=[user], now=now).get(user.pk, {})
