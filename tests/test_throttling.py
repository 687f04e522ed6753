"""The API's throttles count requests in fixed windows, one increment each, and answer 429
with Retry-After once the window's allowance is used."""

import datetime as dt

import pytest
import time_machine
from rest_framework.throttling import UserRateThrottle

from config.throttling import CountingThrottle, FailOpenScopedRateThrottle, FailOpenUserRateThrottle

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 11, 22, 10, 0, 5, tzinfo=dt.UTC)


def test_the_throttles_count_rather_than_keep_every_timestamp():
    for throttle in (FailOpenUserRateThrottle, FailOpenScopedRateThrottle):
        assert throttle.allow_request.__qualname__.startswith(("CountingThrottle", "ScopedRateThrottle"))
        assert CountingThrottle in throttle.__mro__


def test_a_person_gets_their_allowance_then_429_until_the_next_window(api, monkeypatch):
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "3/min", "anon": "3/min"})
    with time_machine.travel(START, tick=False):
        statuses = [api.get("/api/quota").status_code for _ in range(5)]
        refused = api.get("/api/quota")
    assert statuses == [200, 200, 200, 429, 429]
    assert refused.json()["message"].startswith("Too many requests.")
    assert refused["Retry-After"] == "55"  # the rest of the minute
    with time_machine.travel(START + dt.timedelta(minutes=1), tick=False):
        assert api.get("/api/quota").status_code == 200


def test_one_persons_use_does_not_count_against_another(api, outsider_api, monkeypatch):
    monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "2/min", "anon": "2/min"})
    with time_machine.travel(START, tick=False):
        assert [api.get("/api/quota").status_code for _ in range(3)] == [200, 200, 429]
        assert outsider_api.get("/api/quota").status_code == 200
