"""Coaching's background work: removing cache entries long past their expiry.

Add to the beat schedule (settings) to run it daily:
    "coaching-cache-purge": {"task": "coaching.tasks.purge_expired_coaching_cache",
                             "schedule": crontab(hour=4, minute=0)}
"""

from datetime import timedelta

from celery import shared_task

from coaching.services import coaching_cache_purge_expired

# Expired entries are kept a day before removal: a question asked right at expiry then
# refreshes the row in place instead of racing a delete.
PURGE_GRACE = timedelta(days=1)


@shared_task(name="coaching.tasks.purge_expired_coaching_cache", ignore_result=True)
def purge_expired_coaching_cache() -> int:
    return coaching_cache_purge_expired(older_than=PURGE_GRACE)
