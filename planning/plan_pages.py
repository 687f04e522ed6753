"""What the plans list and a plan's page show: each month once with its versions folded under
it, a plan's sessions week by week, and a proposal's changes as sessions (not ids)."""

import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db.models import Exists, OuterRef

from accounts.models import User
from insights.models import ActivityLog
from planning.models import MonthlyPlan, PlanState, PlanTask
from planning.selectors import plans_for
from planning.services.plan_life import plan_changes

# How many plans the list reads: about two years of months with a few versions each.
PLANS_LISTED = 120


@dataclass
class MonthPlans:
    month_year: str
    active: MonthlyPlan | None = None
    proposal: MonthlyPlan | None = None
    older: list[MonthlyPlan] = field(default_factory=list)

    @property
    def shown(self) -> MonthlyPlan:
        return self.active or self.proposal or self.older[0]


def plans_by_month(*, user: User) -> list[MonthPlans]:
    """Newest month first; in one query."""
    months: dict[str, MonthPlans] = {}
    for plan in plans_for(user=user).order_by("-month_year", "-generated_at", "-id")[:PLANS_LISTED]:
        group = months.setdefault(plan.month_year, MonthPlans(plan.month_year))
        if plan.state == PlanState.ACTIVE:
            group.active = plan
        elif plan.state == PlanState.PROPOSED and group.proposal is None:
            group.proposal = plan
        else:
            group.older.append(plan)
    return list(months.values())


@dataclass(frozen=True)
class Session:
    task: PlanTask
    status: str  # done, missed, upcoming
    logged: bool


@dataclass(frozen=True)
class Week:
    monday: dt.date
    sessions: list[Session]


def _sessions(tasks: list[PlanTask], now: dt.datetime) -> list[Session]:
    sessions = []
    for task in tasks:
        if task.is_completed or task.has_completed_log:
            status = "done"
        elif task.end_time <= now:
            status = "missed"
        else:
            status = "upcoming"
        sessions.append(Session(task=task, status=status, logged=task.has_log))
    return sessions


def _with_logs(tasks):  # type: ignore[no-untyped-def]
    logs = ActivityLog.objects.filter(task_id=OuterRef("pk"))
    return tasks.annotate(has_log=Exists(logs), has_completed_log=Exists(logs.filter(was_completed=True)))


def plan_weeks(*, plan: MonthlyPlan, zone: ZoneInfo, now: dt.datetime) -> list[Week]:
    """The plan's sessions by Monday-first week, in the person's zone; one query."""
    tasks = list(_with_logs(PlanTask.objects.filter(plan=plan)).order_by("start_time", "id"))
    weeks: dict[dt.date, list[Session]] = {}
    for session in _sessions(tasks, now):
        day = session.task.start_time.astimezone(zone).date()
        weeks.setdefault(day - dt.timedelta(days=day.weekday()), []).append(session)
    return [Week(monday, sessions) for monday, sessions in weeks.items()]


@dataclass(frozen=True)
class MovedRow:
    task: PlanTask
    from_start: dt.datetime


@dataclass(frozen=True)
class ChangesShown:
    active: MonthlyPlan | None
    kept: list[PlanTask]
    added: list[PlanTask]
    removed: list[PlanTask]
    moved: list[MovedRow]
    unchanged: int


def proposal_changes(*, plan: MonthlyPlan) -> ChangesShown:
    """The proposal's changes with their sessions: two queries for the ids, one for the rows."""
    changes = plan_changes(plan=plan)
    ids = [*changes.kept, *changes.added, *changes.removed, *(item.id for item in changes.moved)]
    tasks = PlanTask.objects.in_bulk(ids)
    active = MonthlyPlan.objects.filter(pk=changes.active_plan_id).only("id", "month_year").first()
    return ChangesShown(
        active=active,
        kept=[tasks[pk] for pk in changes.kept],
        added=[tasks[pk] for pk in changes.added],
        removed=sorted((tasks[pk] for pk in changes.removed), key=lambda task: task.start_time),
        moved=[MovedRow(task=tasks[item.id], from_start=item.from_start) for item in changes.moved],
        unchanged=len(changes.unchanged),
    )
