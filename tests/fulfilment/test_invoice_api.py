"""The supplier API's invoices: send one and get how it matched; a retry with the same number and
content is harmless, different content is a conflict; a supplier sees only its own invoices."""

import datetime
import json
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from onestop.core.models import AuditEvent
from onestop.councils.models import Council, Organisation
from onestop.fulfilment.models import SupplierInvoice, SupplierInvoiceLine
from tests.factories import (
    make_api_key,
    make_goods_order,
    make_supplier,
    make_supplier_invoice,
)

pytestmark = pytest.mark.django_db
URL = "/api/v1/supplier/invoices"


def headers(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def post(client: Client, key: str, body: Any, **extra: str) -> Any:
    return client.post(
        URL, data=json.dumps(body), content_type="application/json", headers=headers(key)
    )


def body(
    *lines: tuple[str, int], number: str = "INV-1042", date: str | None = None
) -> dict[str, Any]:
    return {
        "invoice_number": number,
        "invoice_date": date or timezone.localdate().isoformat(),
        "lines": [{"order_reference": ref, "amount_pence": pence} for ref, pence in lines],
    }


def errors_of(response: Any) -> dict[str, str]:
    return {e["field"]: e["message"] for e in response.json()["errors"]}


@pytest.fixture
def client() -> Client:
    return Client()


@pytest.fixture
def supplier(council: Council) -> Organisation:
    return make_supplier(council=council, name="Cardiff Beds Ltd")


@pytest.fixture
def key(supplier: Organisation) -> str:
    return make_api_key(organisation=supplier)[1]


@pytest.fixture
def rival(council: Council) -> Organisation:
    return make_supplier(council=council, name="Valleys White Goods")


@pytest.fixture
def rival_key(rival: Organisation) -> str:
    return make_api_key(organisation=rival)[1]


def test_sending_an_invoice_answers_with_how_each_line_matched(client, supplier, key):
    bed = make_goods_order(supplier=supplier, total_pence=22_999)
    cooker = make_goods_order(supplier=supplier, total_pence=18_000, status="dispatched")

    response = post(client, key, body((bed.reference, 24_999), (cooker.reference, 18_000)))

    assert response.status_code == 201, response.content
    answer = response.json()
    assert answer["invoice_number"] == "INV-1042"
    assert answer["total_pence"] == 42_999
    assert answer["status"] == "differences"
    assert answer["status_text"] == "2 differences"
    assert answer["matched_pence"] == 0
    assert answer["differences"] == [
        "Line 1: Invoiced £249.99 but the order is £229.99 (difference £20.00)",
        f"Line 2: Order {cooker.reference} has not been delivered (status: out for delivery)",
    ]
    assert answer["lines"][0] == {
        "line_number": 1,
        "order_reference": bed.reference,
        "amount_pence": 24_999,
        "order_total_pence": 22_999,
        "order_status": "delivered",
        "matches": False,
        "differences": ["Invoiced £249.99 but the order is £229.99 (difference £20.00)"],
    }
    assert response["Location"] == "/api/v1/supplier/invoices/INV-1042"
    assert answer["links"]["self"] == response["Location"]
    invoice = SupplierInvoice.objects.get()
    assert (invoice.supplier, invoice.file_name, invoice.uploaded_by) == (supplier, "", None)
    event = AuditEvent.objects.get(action="invoice.received")
    assert event.actor_label == "Cardiff Beds Ltd, through the supplier API"


def test_an_invoice_that_matches_says_so(client, supplier, key):
    order = make_goods_order(supplier=supplier, total_pence=22_999)
    answer = post(client, key, body((order.reference, 22_999))).json()
    assert (answer["status"], answer["status_text"], answer["differences"]) == (
        "matches",
        "Matches",
        [],
    )
    assert answer["matched_pence"] == 22_999


def test_sending_the_same_invoice_again_gives_the_one_already_received(client, supplier, key):
    order = make_goods_order(supplier=supplier)
    first = post(client, key, body((order.reference, order.total_pence)))

    again = post(client, key, body((order.reference, order.total_pence)))

    assert again.status_code == 201
    assert again["Idempotent-Replayed"] == "true"
    assert again.json() == first.json()
    assert SupplierInvoice.objects.count() == 1
    assert SupplierInvoiceLine.objects.count() == 1
    assert AuditEvent.objects.filter(action="invoice.received").count() == 1


@pytest.mark.parametrize(
    "change",
    [
        {"lines": [{"order_reference": "ORD-OTHER", "amount_pence": 100}]},
        {"invoice_date": "2026-01-01"},
    ],
)
def test_the_same_invoice_number_with_different_content_is_a_conflict(
    client, supplier, key, change
):
    order = make_goods_order(supplier=supplier)
    post(client, key, body((order.reference, order.total_pence)))

    response = post(client, key, {**body((order.reference, order.total_pence)), **change})

    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"] == "/api/v1/problems/invoice-number-used"
    assert problem["detail"].startswith("You already sent invoice INV-1042 with a different date")
    assert SupplierInvoiceLine.objects.get().order == order


def test_an_invoice_number_first_sent_through_the_portal_counts_too(client, supplier, key):
    make_supplier_invoice(supplier=supplier, invoice_number="INV-1042", lines=[("ORD-A", 100)])
    replay = post(client, key, body(("ORD-A", 100)))
    assert replay.status_code == 201
    assert post(client, key, body(("ORD-A", 200))).status_code == 409


def test_each_mistake_is_a_problem_naming_its_field(client, key):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = post(
        client,
        key,
        body(("ORD 1;", 100), ("ORD-2", 0), number="INV#1", date=tomorrow),
    )

    assert response.status_code == 422
    assert errors_of(response) == {
        "invoice_number": "The invoice number can only have letters, numbers, spaces, full "
        "stops, hyphens, underscores and slashes",
        "invoice_date": f"The invoice date {tomorrow} is in the future: use the date on your "
        "invoice",
        "lines.0.order_reference": "The order reference must be as it is on the delivery "
        "note, like ORD-000123: up to 30 letters, numbers and hyphens",
        "lines.1.amount_pence": "The amount must be more than 0: leave out orders you are not "
        "charging for, and send amounts in pence, like 24999 for £249.99",
    }
    assert SupplierInvoice.objects.count() == 0


def test_a_body_the_schema_refuses_is_a_problem_too(client, key):
    response = post(
        client,
        key,
        {"invoice_number": "", "invoice_date": "31/05/2026", "lines": [{"amount_pence": -1}]},
    )
    assert response.status_code == 422
    errors = errors_of(response)
    assert errors["invoice_number"] == "Enter the invoice number"
    assert errors["invoice_date"] == "The invoice date must be a real date, like 1990-03-31"
    assert errors["lines.0.order_reference"] == "Enter the order reference"
    assert errors["lines.0.amount_pence"] == "The amount must be 0 or more"
    no_lines = post(client, key, body())
    assert errors_of(no_lines) == {
        "lines": "Add a line for each delivered order you are charging for"
    }


def test_a_body_not_sent_as_json_is_refused(client, key):
    response = client.post(URL, data={"invoice_number": "INV-1"}, headers=headers(key))
    assert response.status_code == 415


def test_a_supplier_lists_and_reads_only_its_own_invoices(client, supplier, key, rival, rival_key):
    order = make_goods_order(supplier=supplier)
    post(client, key, body((order.reference, order.total_pence), number="INV-OURS"))
    make_supplier_invoice(supplier=rival, invoice_number="INV-THEIRS")
    make_supplier_invoice(supplier=rival, invoice_number="INV-OURS")  # the same number, theirs

    listing = client.get(URL, headers=headers(key))
    assert listing.status_code == 200
    assert [(i["invoice_number"], i["status"]) for i in listing.json()] == [("INV-OURS", "matches")]

    own = client.get(f"{URL}/INV-OURS", headers=headers(key))
    assert own.status_code == 200
    assert own.json()["lines"][0]["order_reference"] == order.reference

    theirs = client.get(f"{URL}/INV-THEIRS", headers=headers(key))
    assert theirs.status_code == 404
    assert theirs.json()["detail"].startswith("You have sent no invoice with the number INV-THEIRS")
    # The rival's own INV-OURS is theirs: a line of theirs, not ours.
    rivals_view = client.get(f"{URL}/INV-OURS", headers=headers(rival_key)).json()
    assert rivals_view["lines"][0]["order_reference"] != order.reference


def test_a_line_quoting_another_suppliers_order_is_not_linked_and_reveals_nothing(
    client, supplier, key, rival
):
    theirs = make_goods_order(supplier=rival, total_pence=5_000)
    answer = post(client, key, body((theirs.reference, 5_000))).json()
    assert answer["lines"][0]["order_total_pence"] is None
    assert answer["lines"][0]["order_status"] is None
    assert answer["differences"] == [
        f"Line 1: Order {theirs.reference} is not one of your orders: check the reference on "
        "the delivery note"
    ]
    assert "Valleys" not in json.dumps(answer)
    assert SupplierInvoiceLine.objects.get().order is None


def test_invoice_numbers_with_slashes_can_be_read_back(client, supplier, key):
    order = make_goods_order(supplier=supplier)
    sent = post(client, key, body((order.reference, order.total_pence), number="INV/2026/001"))
    assert sent.status_code == 201
    found = client.get(sent["Location"], headers=headers(key))
    assert found.status_code == 200
    assert found.json()["invoice_number"] == "INV/2026/001"
    encoded = client.get(f"{URL}/INV%2F2026%2F001", headers=headers(key))
    assert encoded.status_code == 200


def test_a_partners_key_or_none_is_refused(client, council):
    partner_key = make_api_key(council=council)[1]
    for response in (
        client.get(URL, headers=headers(partner_key)),
        client.get(URL),
        post(client, partner_key, body(("ORD-1", 100))),
    ):
        assert response.status_code == 401
        assert response["Content-Type"] == "application/problem+json"
    assert SupplierInvoice.objects.count() == 0


def test_the_openapi_document_lists_every_answer(client):
    schema = client.get("/api/v1/openapi.json").json()
    send = schema["paths"][URL]["post"]["responses"]
    assert {"201", "400", "401", "409", "415", "422", "429", "500"} <= set(send)
    read = schema["paths"][f"{URL}/{{invoice_number}}"]["get"]["responses"]
    assert {"200", "401", "404", "429", "500"} <= set(read)
