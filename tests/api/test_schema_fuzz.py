"""Schemathesis over every operation of the served OpenAPI schema.

Every endpoint added later is covered here without extra work: no input may make the
server answer 500, and every answer must match what the schema documents.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework_simplejwt.tokens import RefreshToken
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application
from tests.factories import UserFactory

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


# The schema is read once at collection time (schemathesis' lazy fixture loader does not
# work with pytest 9). The schema view touches no database.
schema = schemathesis.openapi.from_wsgi("/api/schema/", application)


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    # Like Django's test client: keep the test's connection (and its transaction) open
    # across the WSGI requests instead of closing it at each request's end.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def bearer(db):
    person = UserFactory(email="fuzz@example.com")
    return {"Authorization": f"Bearer {RefreshToken.for_user(person).access_token}"}


@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_no_input_makes_the_api_fail_or_contradict_its_schema(case, bearer):
    case.call_and_validate(headers=bearer, checks=CHECKS)
