"""Schemathesis holds the supplier invoice operations to the OpenAPI document, called with a
supplier's key (the API-wide run uses a partner's key, which these operations refuse)."""

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
from tests.factories import make_api_key, make_goods_order, make_supplier_invoice

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application).include(
    path_regex="^/api/v1/supplier/invoices"
)


@pytest.fixture
def connections_kept_open() -> Iterator[None]:
    """As in tests/api/test_schemathesis.py: keep the test's connection across WSGI calls."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def supplier_key(db: None) -> str:
    """A supplier with a delivered order and an invoice, so reads have something to find."""
    invoice = make_supplier_invoice()
    make_goods_order(supplier=invoice.supplier)
    return make_api_key(organisation=invoice.supplier)[1]


@pytest.mark.django_db
@pytest.mark.usefixtures("connections_kept_open")
@schema.parametrize()
@settings(
    max_examples=25,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_the_invoice_operations_keep_to_the_openapi_document(case, supplier_key: str):
    case.call_and_validate(headers={"Authorization": f"Bearer {supplier_key}"}, checks=CHECKS)
