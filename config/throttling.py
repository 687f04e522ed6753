"""API throttles that fail open: with the cache (Redis) away the API keeps answering,
unthrottled, rather than answering 500 to everyone. The rate limits are a guard against
abuse; an outage of their counter store should not become an outage of the API."""

import logging

from redis.exceptions import RedisError
from rest_framework.request import Request
from rest_framework.throttling import AnonRateThrottle, ScopedRateThrottle, SimpleRateThrottle, UserRateThrottle

logger = logging.getLogger(__name__)

# What a cache that cannot be reached raises (redis-py's errors, or the socket's own).
CACHE_UNREACHABLE = (RedisError, OSError)


class FailOpenMixin(SimpleRateThrottle):
    def allow_request(self, request: Request, view) -> bool:  # type: ignore[no-untyped-def]
        try:
            return super().allow_request(request, view)
        except CACHE_UNREACHABLE:
            logger.warning("throttle %s: the cache is unreachable; letting the request through", self.scope)
            return True


class FailOpenAnonRateThrottle(FailOpenMixin, AnonRateThrottle):
    pass


class FailOpenUserRateThrottle(FailOpenMixin, UserRateThrottle):
    pass


class FailOpenScopedRateThrottle(FailOpenMixin, ScopedRateThrottle):
    pass
