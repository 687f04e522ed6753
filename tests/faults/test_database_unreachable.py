"""PostgreSQL is away: every request answers 503 within about 2 s (not 500 after the pool's
10 s wait). Run in a separate process: the suite's own connections stay on the real server."""

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rest_framework_simplejwt.tokens import RefreshToken

from config.availability import DATABASE_UNAVAILABLE_MESSAGE

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def probe(token: str, **env: str) -> dict:
    result = subprocess.run(
        [sys.executable, str(Path(__file__).with_name("db_down_probe.py")), token],
        cwd=ROOT,
        env={
            # Without libfaketime when the suite runs under it: its timed waits never expire,
            # and the pool's wait for a connection is one. What the probe measures (how soon
            # an unreachable database gives a 503) does not depend on the date.
            **{
                name: value
                for name, value in os.environ.items()
                if name != "LD_PRELOAD" and not name.startswith("FAKETIME")
            },
            "DJANGO_SETTINGS_MODULE": "config.settings_test",
            "PYTHONPATH": str(ROOT),
            "DATABASE_URL": "postgres://postgres@127.0.0.1:1/monthwise",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture
def token(user) -> str:
    access = RefreshToken.for_user(user).access_token
    # The probe runs on the machine's clock, the suite on its frozen one.
    access.set_exp(lifetime=dt.timedelta(days=3650))
    return str(access)


@pytest.mark.parametrize("pool", ["true", "false"])
def test_with_the_database_away_everything_answers_503_within_about_2_s(token, pool):
    answers = probe(token, DATABASE_POOL=pool)

    health = answers["health"]
    assert health["status"] == 503
    assert json.loads(health["body"])["database"] == "unreachable"
    for name in ("api", "api_generate"):
        assert answers[name]["status"] == 503, answers[name]
        assert json.loads(answers[name]["body"]) == {"message": DATABASE_UNAVAILABLE_MESSAGE}
        assert answers[name]["retry_after"] == "30"
    page = answers["page"]
    assert page["status"] == 503, page
    assert page["content_type"].startswith("text/html")
    assert "Please try again in a minute" in page["body"]
    for name, answer in answers.items():
        assert answer["seconds"] < 3, (name, answer["seconds"])
    print({name: answer["seconds"] for name, answer in answers.items()})
