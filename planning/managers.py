"""State changes of generation quotas and plan requests, each one conditional UPDATE (or a
fixed number of them), on the models' managers. Kept apart from models.py, which holds the
fields and constraints; `self.model` names the model so this module imports none."""

import datetime as dt

from django.db import models, transaction
from django.db.models import Case, F, Q, Subquery, Value, When
from django.db.models.functions import Greatest
from django.utils import timezone


class GenerationQuotaManager(models.Manager):
    def reserve(self, quota_id: int) -> bool:
        """Takes one generation if any is left, in one conditional UPDATE: with an allowance
        of N, any number of simultaneous requests gets exactly N through."""
        return (
            self.filter(pk=quota_id, generations_used__lt=F("total_allowed")).update(
                generations_used=F("generations_used") + 1
            )
            == 1
        )

    def refund(self, quota_id: int) -> None:
        self.filter(pk=quota_id, generations_used__gt=0).update(generations_used=F("generations_used") - 1)

    def refund_many(self, counts: dict[int, int]) -> None:
        """Gives back `counts[quota_id]` generations on each quota, in one UPDATE, never below 0."""
        if not counts:
            return
        by_quota = Case(*(When(pk=pk, then=Value(count)) for pk, count in counts.items()), default=Value(0))
        self.filter(pk__in=counts).update(generations_used=Greatest(F("generations_used") - by_quota, Value(0)))


# A running request whose worker vanished (crash, lost ack) may be claimed again after this
# long; longer than the task's hard time limit, so a live worker is never raced.
STALE_RUNNING_AFTER = dt.timedelta(minutes=10)


class PlanRequestManager(models.Manager):
    """A request's life: queued -> running -> succeeded | failed (-> queued again for a
    retry). Each step is one conditional UPDATE, so two workers handed the same request
    (a redelivered task, a retry racing a late ack) cannot both take it or both finish it."""

    def _quotas(self) -> "GenerationQuotaManager":
        return self.model._meta.get_field("quota").related_model.objects

    def claim(self, pk: int, *, now: dt.datetime) -> bool:
        """Queued -> running; also a running request whose worker vanished."""
        status = self.model.Status
        return (
            self.filter(
                Q(status=status.QUEUED) | Q(status=status.RUNNING, started_at__lt=now - STALE_RUNNING_AFTER), pk=pk
            ).update(
                status=status.RUNNING,
                started_at=now,
                attempts=F("attempts") + 1,
                progress="Reading your goals and insights…",
            )
            == 1
        )

    def requeue(self, pk: int, *, message: str, now: dt.datetime | None = None) -> bool:
        """Running -> queued before a retry, so the retried task can claim it again."""
        status = self.model.Status
        return (
            self.filter(pk=pk, status=status.RUNNING).update(
                status=status.QUEUED, progress=message, queued_at=now or timezone.now(), resent_at=None
            )
            == 1
        )

    def take_over(self, pk: int, *, now: dt.datetime, lost_attempt: int) -> bool:
        """Running -> running again, for a task the broker redelivered because its worker
        died mid-attempt. Only while `attempts` still equals the attempt that was lost: a
        second redelivery of the same message, or one that arrives after someone else
        claimed the request since, changes nothing, so a task that kills its worker is
        tried again once, not forever."""
        status = self.model.Status
        return (
            self.filter(pk=pk, status=status.RUNNING, attempts=lost_attempt).update(
                started_at=now, attempts=F("attempts") + 1, progress="Picking up where a stopped worker left off…"
            )
            == 1
        )

    def requeue_stuck(
        self, pk: int, *, started_before: dt.datetime, message: str, now: dt.datetime | None = None
    ) -> bool:
        """Running since before `started_before` (past the task's hard time limit, so its
        worker is gone) -> queued, to be enqueued again. Conditional on the same start, so a
        worker that claimed the request meanwhile keeps it."""
        status = self.model.Status
        return (
            self.filter(pk=pk, status=status.RUNNING, started_at__lt=started_before).update(
                status=status.QUEUED, progress=message, queued_at=now or timezone.now(), resent_at=None
            )
            == 1
        )

    def mark_resent(self, pk: int, *, queued_before: dt.datetime, now: dt.datetime, message: str) -> bool:
        """Queued since before `queued_before` and not yet sent again -> sent again now, once
        for each time it waits queued. Two watchdog runs racing cannot both send it: only
        one of them changes the row."""
        status = self.model.Status
        return (
            self.filter(pk=pk, status=status.QUEUED, queued_at__lt=queued_before, resent_at__isnull=True).update(
                resent_at=now, progress=message
            )
            == 1
        )

    def report_progress(self, pk: int, text: str) -> None:
        self.filter(pk=pk, status=self.model.Status.RUNNING).update(progress=text)

    def fail(self, pk: int, *, error: str, now: dt.datetime) -> bool:
        """-> failed, giving the quota back exactly once; a succeeded request stays as it
        is. True when this call refunded."""
        return self._fail(Q(pk=pk), pk, error=error, now=now)

    def fail_still_queued(self, pk: int, *, resent_before: dt.datetime, error: str, now: dt.datetime) -> bool:
        """fail(), only while the request is still queued with the message sent again before
        `resent_before`: a worker that claimed it meanwhile keeps it."""
        condition = Q(pk=pk, status=self.model.Status.QUEUED, resent_at__lt=resent_before)
        return self._fail(condition, pk, error=error, now=now)

    def _fail(self, condition: Q, pk: int, *, error: str, now: dt.datetime) -> bool:
        status = self.model.Status
        with transaction.atomic():
            refunded = (
                self.filter(condition, quota_refunded=False)
                .exclude(status=status.SUCCEEDED)
                .update(
                    status=status.FAILED,
                    error=error,
                    progress="Generation failed; your quota was returned.",
                    quota_refunded=True,
                    finished_at=now,
                )
            )
            if refunded:
                quota = Subquery(self.filter(pk=pk).values("quota_id")[:1])
                self._quotas().filter(pk=quota, generations_used__gt=0).update(
                    generations_used=F("generations_used") - 1
                )
            else:
                self.filter(condition).exclude(status=status.SUCCEEDED).update(
                    status=status.FAILED, error=error, finished_at=now
                )
        return refunded == 1

    def fail_many(self, pks: list[int], *, error: str, now: dt.datetime) -> int:
        """fail() for many requests in a fixed number of queries (the admin's action): each
        unfinished one fails, and each not yet refunded gives its generation back once."""
        status = self.model.Status
        with transaction.atomic():
            unfinished = self.select_for_update().filter(pk__in=pks).exclude(status=status.SUCCEEDED)
            rows = list(unfinished.values_list("pk", "quota_id", "quota_refunded"))
            counts: dict[int, int] = {}
            for _, quota_id, refunded in rows:
                if not refunded:
                    counts[quota_id] = counts.get(quota_id, 0) + 1
            self.filter(pk__in=[pk for pk, _, refunded in rows if not refunded]).update(
                status=status.FAILED,
                error=error,
                progress="Generation failed; your quota was returned.",
                quota_refunded=True,
                finished_at=now,
            )
            self.filter(pk__in=[pk for pk, _, refunded in rows if refunded]).update(
                status=status.FAILED, error=error, finished_at=now
            )
            self._quotas().refund_many(counts)
        return len(rows)

    def succeed(self, pk: int, *, now: dt.datetime) -> bool:
        """-> succeeded, unless it already failed (and was refunded)."""
        status = self.model.Status
        return (
            self.filter(pk=pk)
            .exclude(status=status.FAILED)
            .update(status=status.SUCCEEDED, progress="Your plan is ready.", error="", finished_at=now)
            == 1
        )
