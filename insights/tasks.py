"""Recomputing insights in the background: one person soon after new activity (debounced
by insights.services), and everyone nightly, fanned out in chunks over the workers."""

import logging
from itertools import batched

from celery import shared_task
from django.core.cache import cache
from django.db import OperationalError

from accounts.models import User
from config.throttling import CACHE_UNREACHABLE
from insights.computation import insights_recompute, insights_recompute_many
from insights.selectors import people_with_insights_or_activity

logger = logging.getLogger(__name__)

NIGHTLY_CHUNK_SIZE = 500


def recompute_key(user_id: str) -> str:
    """The debounce key: present while a recomputation of this person is queued."""
    return f"insights:recompute:{user_id}"


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def recompute_user_insights(user_id: str) -> int:
    # Claim the debounce key before reading: a log committed from here on schedules a new
    # run instead of being missed by this one.
    try:
        cache.delete(recompute_key(user_id))
    except CACHE_UNREACHABLE:
        logger.warning("insights debounce: the cache is unreachable; recomputing anyway")
    user = User.objects.filter(pk=user_id).only("id", "timezone").first()
    if user is None:
        return 0  # the account was deleted while the task waited
    return len(insights_recompute(user=user))


def recompute_people(user_ids: list[str]) -> int:
    """The body of a chunk: recomputes these people with shared grouped queries; should
    that fail, one by one, so that one bad history does not stop the rest."""
    people = list(User.objects.filter(pk__in=user_ids).only("id", "timezone").order_by("pk"))
    try:
        insights_recompute_many(users=people)
    except OperationalError:
        raise  # the database is away: let the task retry the chunk
    except Exception:
        logger.exception("recomputing a chunk of %d people failed; retrying them one by one", len(people))
    else:
        return len(people)
    done = 0
    for user in people:
        try:
            insights_recompute(user=user)
        except OperationalError:
            raise
        except Exception:
            logger.exception("recomputing the insights of %s failed", user.pk)
        else:
            done += 1
    return done


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def recompute_insights_chunk(user_ids: list[str]) -> int:
    return recompute_people(user_ids)


@shared_task
def recompute_all_insights(chunk_size: int = NIGHTLY_CHUNK_SIZE) -> int:
    """Nightly (CELERY_BEAT_SCHEDULE): one chunk task per `chunk_size` people, so the
    workers share the night's work instead of one task looping over everyone."""
    chunks = 0
    for chunk in batched((str(pk) for pk in people_with_insights_or_activity()), chunk_size):
        recompute_insights_chunk.delay(list(chunk))
        chunks += 1
    logger.info("nightly insights: %d chunk(s) of up to %d people queued", chunks, chunk_size)
    return chunks
