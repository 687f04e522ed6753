"""API throttles: a fixed-window counter per person (or address, or scope), failing open.

One atomic increment a request (SET NX EX, then INCR) instead of DRF's default of reading,
unpickling, trimming and writing back the list of every request's timestamp in the window,
which grows to the whole rate (600 entries at 600/min) and was the costliest part of a
throttled request. A window is the rate's period, counted from the epoch: a person may
make the full rate at the end of one window and again at the start of the next, which is
what a "N a minute" limit is for (a guard against abuse, not an exact meter).

With the cache (Redis) away the API keeps answering, unthrottled, with a logged warning,
rather than answering 500 to everyone: an outage of the counter store should not become an
outage of the API.
"""

import logging

import redis
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError
from rest_framework.request import Request
from rest_framework.throttling import AnonRateThrottle, ScopedRateThrottle, SimpleRateThrottle, UserRateThrottle

logger = logging.getLogger(__name__)

# What a cache that cannot be reached raises (redis-py's errors, or the socket's own).
CACHE_UNREACHABLE = (RedisError, OSError)


_clients: dict[int, redis.Redis] = {}


def _redis(cache: RedisCache) -> redis.Redis:
    """One client per connection pool (the cache's own): building a client per call, as the
    cache backend does, cost more than the round trip."""
    pool = cache._cache._get_connection_pool(write=True)
    client = _clients.get(id(pool))
    if client is None or client.connection_pool is not pool:
        client = _clients[id(pool)] = redis.Redis(connection_pool=pool)
    return client


def _count(key: str, timeout: int) -> int:
    """Adds one to the window's counter (created with the window's lifetime) and returns it:
    one round trip to Redis; the cache's add and incr elsewhere (the embedded default)."""
    cache = caches["default"]
    key = cache.make_and_validate_key(key)
    if isinstance(cache, RedisCache):
        pipeline = _redis(cache).pipeline(transaction=False)
        pipeline.set(key, 0, nx=True, ex=timeout)
        pipeline.incr(key)
        return int(pipeline.execute()[1])
    cache.add(key, 0, timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between the two calls: this request starts a new window
        cache.add(key, 1, timeout)
        return 1


class CountingThrottle(SimpleRateThrottle):
    def allow_request(self, request: Request, view) -> bool:  # type: ignore[no-untyped-def]
        if self.rate is None:
            return True
        self.key = self.get_cache_key(request, view)
        if self.key is None:
            return True
        self.now = self.timer()
        window = int(self.now // self.duration)
        try:
            count = _count(f"{self.key}:{window}", self.duration + 1)
        except CACHE_UNREACHABLE:
            logger.warning("throttle %s: the cache is unreachable; letting the request through", self.scope)
            return True
        if count > self.num_requests:
            self.retry_after = self.duration - (self.now % self.duration)
            return False
        return True

    def wait(self) -> float | None:
        return getattr(self, "retry_after", None)


class FailOpenAnonRateThrottle(AnonRateThrottle, CountingThrottle):
    pass


class FailOpenUserRateThrottle(UserRateThrottle, CountingThrottle):
    pass


class FailOpenScopedRateThrottle(ScopedRateThrottle, CountingThrottle):
    pass
