"""The supplier API: a supplier's key lists and reads its own orders and confirms what happened
to each; another supplier's order is 404, and keys only open their own side of the API."""

import json
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application
from onestop.core.models import AuditEvent
from onestop.core.roles import Role
from onestop.councils.models import Organisation
from onestop.fulfilment.models import AwardStatus, GoodsOrder, GoodsOrderStatus
from onestop.fulfilment.services.goods import order_cancel, order_deliver, order_fail
from onestop.notifications.models import Message
from tests.factories import (
    fulfil_now,
    make_api_key,
    make_council,
    make_goods_award,
    make_membership,
    make_placed_goods_order,
    make_supplier,
    person_details,
)

pytestmark = pytest.mark.django_db

PROBLEM_JSON = "application/problem+json"
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


class Caller:
    """A client that sends one organisation's key with every request."""

    def __init__(self, organisation: Organisation) -> None:
        self.key = make_api_key(organisation=organisation)[1]
        self.client = Client()

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.key}"}

    def get(self, path: str) -> Any:
        return self.client.get(f"/api/v1/supplier{path}", headers=self.headers())

    def post(self, path: str, body: Any = None, content_type: str = "application/json") -> Any:
        data = json.dumps(body) if body is not None else ""
        return self.client.post(
            f"/api/v1/supplier{path}", data=data, content_type=content_type, headers=self.headers()
        )


@pytest.fixture
def supplier(council) -> Organisation:
    return make_supplier(council=council, name="Cardiff Beds")


@pytest.fixture
def api(supplier: Organisation) -> Caller:
    return Caller(supplier)


@pytest.fixture
def order(supplier: Organisation) -> GoodsOrder:
    award = fulfil_now(
        make_goods_award(
            items=[(supplier, "Single bed", 14_999), (supplier, "Chair", 2_500)],
            quantities=[1, 2],
            applicant=person_details(first_name="Nia", last_name="Morgan", phone="07700 900456"),
        )
    )
    return award.goods_orders.get()


def test_the_list_gives_own_orders_newest_first_with_the_district_only(api, supplier, order):
    newer = make_placed_goods_order(supplier=supplier)
    make_placed_goods_order(council=supplier.council)

    response = api.get("/orders")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert body["next"] is None
    assert [item["reference"] for item in body["items"]] == [newer.reference, order.reference]
    item = body["items"][1]
    assert item == {
        "reference": order.reference,
        "status": "placed",
        "delivery_date": order.delivery_date.isoformat(),
        "delivery_slot": "morning",
        "postcode_district": order.deliver_to_postcode.split(" ")[0],
        "total_pence": 19_999,
        "ordered_at": item["ordered_at"],
        "links": {"order": f"/api/v1/supplier/orders/{order.reference}"},
    }
    assert "Morgan" not in response.content.decode()


def test_the_list_filters_by_status_and_pages(api, supplier, order):
    delivered = [make_placed_goods_order(supplier=supplier) for _ in range(3)]
    for each in delivered:
        order_deliver(actor=None, supplier=supplier, order=each)

    first = api.get("/orders?status=delivered&limit=2").json()
    second = api.get(first["next"].removeprefix("/api/v1/supplier")).json()

    assert first["count"] == 3
    assert len(first["items"]) == 2
    assert first["next"] == "/api/v1/supplier/orders?limit=2&offset=2&status=delivered"
    assert len(second["items"]) == 1
    assert second["next"] is None
    seen = {i["reference"] for i in first["items"] + second["items"]}
    assert seen == {d.reference for d in delivered}


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("limit=0", "limit", "The limit must be from 1 to 100"),
        ("limit=101", "limit", "The limit must be from 1 to 100"),
        ("offset=-1", "offset", "The offset must be from 0 to 1,000,000"),
        ("status=lost", "status", "The status must be one of"),
    ],
)
def test_bad_list_parameters_are_problems_naming_the_parameter(api, query, field, message):
    response = api.get(f"/orders?{query}")
    assert response.status_code == 422
    assert response["Content-Type"] == PROBLEM_JSON
    problems = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert problems[field].startswith(message)


def test_an_order_gives_where_to_deliver_and_the_look_is_recorded(api, order):
    response = api.get(f"/orders/{order.reference}")

    assert response.status_code == 200
    body = response.json()
    assert body["deliver_to"] == {
        "name": "Nia Morgan",
        "address_lines": order.deliver_to_address.splitlines(),
        "postcode": order.deliver_to_postcode,
        "phone": "07700 900456",
    }
    assert body["lines"] == [
        {
            "description": "Single bed",
            "quantity": 1,
            "unit_price_pence": 14_999,
            "total_pence": 14_999,
        },
        {"description": "Chair", "quantity": 2, "unit_price_pence": 2_500, "total_pence": 5_000},
    ]
    assert body["status"] == "placed"
    assert body["cancelled_at"] is None
    event = AuditEvent.objects.get(action="goods.order_viewed")
    assert event.actor_label == "Cardiff Beds (supplier API)"
    assert event.case_reference == order.award.application.reference


def test_dispatched_then_delivered_and_each_is_harmless_to_repeat(api, order):
    first = api.post(f"/orders/{order.reference}/dispatched")
    again = api.post(f"/orders/{order.reference}/dispatched")
    delivered = api.post(f"/orders/{order.reference}/delivered")

    assert first.status_code == again.status_code == 200
    assert first.json()["dispatched_at"] == again.json()["dispatched_at"]
    assert delivered.json()["status"] == "delivered"
    order.refresh_from_db()
    assert order.status == GoodsOrderStatus.DELIVERED


def test_failed_with_a_reason_tells_the_person_once(api, order):
    response = api.post(f"/orders/{order.reference}/failed", {"reason": "Nobody was in"})
    again = api.post(f"/orders/{order.reference}/failed", {"reason": "Nobody was in"})

    assert response.status_code == again.status_code == 200
    assert response.json()["status"] == "failed"
    assert response.json()["failure_reason"] == "Nobody was in"
    assert Message.objects.filter(template="goods_delivery_failed").count() == 1


def test_returned_after_delivery_returns_the_money(api, supplier, order):
    order_deliver(actor=None, supplier=supplier, order=order)

    response = api.post(f"/orders/{order.reference}/returned", {"reason": "Damaged in transit"})

    assert response.status_code == 200
    assert response.json()["status"] == "returned"
    assert response.json()["returned_at"]
    order.award.refresh_from_db()
    assert order.award.status == AwardStatus.RETURNED


def test_a_cancelled_order_shows_as_cancelled(api, supplier, order):
    order_fail(actor=None, supplier=supplier, order=order, reason="Not in")
    leader = make_membership(role=Role.TEAM_LEADER, council=supplier.council)
    order_cancel(actor=leader.user, council=supplier.council, order=order, reason="Moved away")

    body = api.get(f"/orders/{order.reference}").json()
    assert body["status"] == "cancelled"
    assert body["cancelled_at"]
    assert body["returned_at"] is None
    assert [i["reference"] for i in api.get("/orders?status=cancelled").json()["items"]] == [
        order.reference
    ]
    assert api.get("/orders?status=failed").json()["count"] == 0


def test_a_change_the_order_cannot_make_is_a_conflict(api, order):
    response = api.post(f"/orders/{order.reference}/returned", {"reason": "Changed their mind"})
    assert response.status_code == 409
    assert response["Content-Type"] == PROBLEM_JSON
    assert response.json()["detail"] == (
        f"Order {order.reference} is waiting to go out, so it cannot be marked as returned: "
        "only delivered goods can come back."
    )


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({}, "Enter the reason"),
        ({"reason": "   "}, "Enter the reason"),
        ({"reason": "x" * 301}, "The reason must be 300 characters or fewer"),
        ({"reason": "Not in", "colour": "red"}, "colour is not something this API takes"),
    ],
)
def test_a_bad_reason_is_a_problem_and_changes_nothing(api, order, body, message):
    response = api.post(f"/orders/{order.reference}/failed", body)
    assert response.status_code == 422
    assert message in json.dumps(response.json()["errors"])
    order.refresh_from_db()
    assert order.status == GoodsOrderStatus.PLACED


def test_a_reason_not_sent_as_json_is_unsupported(api, order):
    response = api.post(f"/orders/{order.reference}/failed", None, content_type="text/plain")
    assert response.status_code == 415
    assert response["Content-Type"] == PROBLEM_JSON


def test_another_suppliers_order_is_not_found_for_every_operation(api, supplier):
    same_council = make_placed_goods_order(council=supplier.council)
    other_council = make_placed_goods_order(council=make_council())
    for theirs in (same_council, other_council):
        reference = theirs.reference
        responses = [
            api.get(f"/orders/{reference}"),
            api.post(f"/orders/{reference}/dispatched"),
            api.post(f"/orders/{reference}/delivered"),
            api.post(f"/orders/{reference}/failed", {"reason": "Not in"}),
            api.post(f"/orders/{reference}/returned", {"reason": "Damaged"}),
        ]
        assert [r.status_code for r in responses] == [404] * 5
        assert all(r["Content-Type"] == PROBLEM_JSON for r in responses)
        assert reference in responses[0].json()["detail"]
    assert set(GoodsOrder.objects.values_list("status", flat=True)) == {GoodsOrderStatus.PLACED}
    assert not AuditEvent.objects.filter(action="goods.order_viewed").exists()


def test_a_supplier_of_another_council_sees_none_of_this_councils_orders(order):
    elsewhere = Caller(make_supplier(council=make_council()))
    assert elsewhere.get("/orders").json()["count"] == 0
    assert elsewhere.get(f"/orders/{order.reference}").status_code == 404


def test_a_partners_key_cannot_use_the_supplier_api(council, order):
    partner = Caller(make_supplier(council=council))
    partner.key = make_api_key(council=council)[1]  # a food bank's key
    for response in (
        partner.get("/orders"),
        partner.get(f"/orders/{order.reference}"),
        partner.post(f"/orders/{order.reference}/dispatched"),
        partner.post(f"/orders/{order.reference}/failed", {"reason": "Not in"}),
    ):
        assert response.status_code == 401
        assert response["Content-Type"] == PROBLEM_JSON
        assert response["WWW-Authenticate"] == "Bearer"


def test_no_key_or_a_wrong_key_is_unauthorised(order):
    assert Client().get("/api/v1/supplier/orders").status_code == 401
    response = Client().get("/api/v1/supplier/orders", headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401


def test_a_suppliers_key_cannot_send_applications(api):
    response = api.client.post(
        "/api/v1/applications",
        data=json.dumps({}),
        content_type="application/json",
        headers={**api.headers(), "Idempotency-Key": "abc-123"},
    )
    assert response.status_code == 401
    assert response["Content-Type"] == PROBLEM_JSON


def test_the_openapi_document_lists_every_answer_of_the_supplier_operations():
    schema = Client().get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    expected = {
        ("/api/v1/supplier/orders", "get"): {"200", "401", "422", "429", "500"},
        ("/api/v1/supplier/orders/{reference}", "get"): {"200", "401", "404", "429", "500"},
        ("/api/v1/supplier/orders/{reference}/dispatched", "post"): {
            "200", "401", "404", "409", "429", "500",
        },
        ("/api/v1/supplier/orders/{reference}/failed", "post"): {
            "200", "400", "401", "404", "409", "415", "422", "429", "500",
        },
    }  # fmt: skip
    for (path, method), statuses in expected.items():
        assert set(paths[path][method]["responses"]) == statuses, path


# --- Schemathesis, with a supplier's key ---------------------------------------------------

supplier_operations = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application).include(
    path_regex=r"^/api/v1/supplier/orders"
)


@pytest.fixture
def connections_kept_open() -> Iterator[None]:
    """As in tests/api/test_schemathesis.py: Django's test client keeps the test's connection,
    so Schemathesis's WSGI calls must not close it either."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.mark.usefixtures("connections_kept_open")
@supplier_operations.parametrize()
@settings(
    max_examples=20,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_supplier_operation_keeps_to_the_openapi_document(case, api, order):
    # A real order of the supplier's, so the status changes are made, refused and repeated.
    if "reference" in (case.path_parameters or {}):
        case.path_parameters["reference"] = order.reference
    case.call_and_validate(headers=api.headers(), checks=CHECKS)
