import datetime as dt

import pytest
import time_machine

from tests.planning.factories import PreferencesFactory

# A fixed "now" for generation tests: Sunday 22 November 2026, 10:00 in London.
NOW = dt.datetime(2026, 11, 22, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def frozen_now():
    with time_machine.travel(NOW, tick=True):
        yield NOW


@pytest.fixture
def preferences(user):
    return PreferencesFactory(user=user)


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Runs the on-commit callbacks (the enqueued generation) of the block, as a real commit would."""

    def runner():
        return django_capture_on_commit_callbacks(execute=True)

    return runner
