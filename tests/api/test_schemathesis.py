"""Schemathesis holds the API to its OpenAPI document: no server errors, no undocumented answers.

The schema is read from the Django application itself (WSGI, no network, no server), and every
operation is called with a valid key. Examples are few and derandomised, so the run is quick
and the same every time, on SQLite and PostgreSQL alike.
"""

from collections.abc import Iterator

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application
from tests.api.conftest import Partner

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


# Read when the module is collected: pytest-django has set Django up by then, and the document
# needs no database.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def connections_kept_open() -> Iterator[None]:
    """Django closes the database connection after every WSGI request. Inside a test's
    transaction that would end the test's own connection on PostgreSQL, so, as Django's test
    client does, the closing is switched off while Schemathesis calls the application."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.django_db
@pytest.mark.usefixtures("connections_kept_open")
@schema.parametrize()
@settings(
    max_examples=25,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_keeps_to_the_openapi_document(case, partner: Partner):
    case.call_and_validate(headers=partner.headers(), checks=CHECKS)
