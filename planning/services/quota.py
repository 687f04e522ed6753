"""The monthly generation allowance (the person's local calendar month)."""

import datetime as dt

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from planning.models import GenerationQuota
from planning.months import add_months, local_month_of, month_key


def quota_current(*, user: User, now: dt.datetime | None = None) -> GenerationQuota:
    """This billing month's quota row, created on first use."""
    year, month = local_month_of(now or timezone.now(), user.timezone)
    key = month_key(year, month)
    quota = GenerationQuota.objects.filter(user=user, month_year=key).first()
    if quota is not None:
        return quota
    next_year, next_month = add_months(year, month, 1)
    try:
        with transaction.atomic():
            return GenerationQuota.objects.create(
                user=user,
                month_year=key,
                total_allowed=settings.MONTHLY_GENERATION_ALLOWANCE,
                resets_on=dt.date(next_year, next_month, 1),
            )
    except IntegrityError:
        # A simultaneous request created it first.
        return GenerationQuota.objects.get(user=user, month_year=key)


def quota_reserve(*, quota: GenerationQuota) -> bool:
    """Takes one generation if any is left; False when the allowance is spent."""
    return GenerationQuota.objects.reserve(quota.pk)


def quota_refund(*, quota_id: int) -> None:
    GenerationQuota.objects.refund(quota_id)
