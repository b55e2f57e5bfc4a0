"""Invoice pages: suppliers upload invoice files and see how each matched their own orders, never
another supplier's; finance sees every invoice's match status, its differences, and what has been
delivered but not invoiced."""

import re
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from onestop.core.roles import Role
from onestop.councils.models import Council, Membership, Organisation
from onestop.fulfilment.models import SupplierInvoice
from tests.factories import (
    make_goods_order,
    make_membership,
    make_supplier,
    make_supplier_invoice,
    make_supplier_membership,
)

pytestmark = pytest.mark.django_db
HEADER = "invoice_number,invoice_date,order_reference,amount\n"


def client_for(membership: Membership) -> Client:
    client = Client()
    client.force_login(membership.user)
    return client


def text_of(response) -> str:
    html = response.content.decode()
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def portal(council: Council, name: str = "list", **kwargs: object) -> str:
    return reverse(f"supplier_invoices:{name}", kwargs={"council_slug": council.slug, **kwargs})


def staff_url(council: Council, name: str = "list", **kwargs: object) -> str:
    return reverse(f"invoices:{name}", kwargs={"council_slug": council.slug, **kwargs})


def csv_file(text: str, name: str = "invoice.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


@pytest.fixture
def supplier(council: Council) -> Organisation:
    return make_supplier(council=council, name="Cardiff Beds Ltd")


@pytest.fixture
def rival(council: Council) -> Organisation:
    return make_supplier(council=council, name="Valleys White Goods")


@pytest.fixture
def supplier_staff(supplier: Organisation) -> Membership:
    return make_supplier_membership(organisation=supplier)


@pytest.fixture
def finance(council: Council) -> Membership:
    return make_membership(role=Role.FINANCE, council=council)


# --- the supplier portal ------------------------------------------------------------------


def test_a_supplier_uploads_an_invoice_and_sees_how_it_matched(supplier, supplier_staff):
    bed = make_goods_order(supplier=supplier, total_pence=22_999)
    cooker = make_goods_order(supplier=supplier, total_pence=18_000, status="dispatched")
    today = timezone.localdate().isoformat()
    client = client_for(supplier_staff)

    response = client.post(
        portal(supplier.council, "upload"),
        {
            "invoice_file": csv_file(
                HEADER
                + f"INV-1042,{today},{bed.reference},249.99\n"
                + f"INV-1042,{today},{cooker.reference},180.00\n"
            )
        },
        follow=True,
    )

    invoice = SupplierInvoice.objects.get()
    assert response.redirect_chain[-1][0] == portal(
        supplier.council, "invoice", invoice_id=invoice.pk
    )
    page = text_of(response)
    assert "Invoice INV-1042 uploaded. It has 2 differences: see below." in page
    assert "Invoiced £249.99 but the order is £229.99 (difference £20.00)" in page
    assert f"Order {cooker.reference} has not been delivered (status: out for delivery)" in page
    assert "£429.99" in page

    listing = text_of(client.get(portal(supplier.council)))
    assert "INV-1042" in listing
    assert "2 differences" in listing


def test_a_malformed_file_is_refused_with_an_error_summary_and_each_problem_by_line(
    supplier, supplier_staff
):
    today = timezone.localdate().isoformat()
    response = client_for(supplier_staff).post(
        portal(supplier.council, "upload"),
        {
            "invoice_file": csv_file(
                HEADER
                + f"INV-1,{today},ORD-1,ten\n"
                + f"INV-1,{today},,10.00\n"
                + f"INV-2,{today},ORD-3,10.00\n"
            )
        },
    )

    assert response.status_code == 200
    page = text_of(response)
    assert "There is a problem" in page
    assert 'href="#invoice_file"' in response.content.decode()
    assert "The file was not uploaded: it has 3 problems, listed below." in page
    assert "Line 2: the amount must be in pounds and pence, like 249.99 (it is “ten”)." in page
    assert "Line 3: enter the order reference" in page
    assert "Line 4: the invoice number is INV-2 but line 2 has INV-1" in page
    assert page.strip().startswith("Error: Upload an invoice")
    assert SupplierInvoice.objects.count() == 0


def test_an_empty_file_and_a_missing_file_are_refused(supplier, supplier_staff):
    client = client_for(supplier_staff)
    missing = text_of(client.post(portal(supplier.council, "upload"), {}))
    assert "Select a CSV file of your invoice" in missing
    empty = text_of(
        client.post(portal(supplier.council, "upload"), {"invoice_file": csv_file(HEADER)})
    )
    assert "The file was not uploaded. Line 2: the file has no orders." in empty
    spreadsheet = text_of(
        client.post(
            portal(supplier.council, "upload"), {"invoice_file": csv_file(HEADER, "a.xlsx")}
        )
    )
    assert "The selected file must be a CSV" in spreadsheet
    assert SupplierInvoice.objects.count() == 0


def test_an_invoice_number_sent_before_is_refused_saying_what_to_do(supplier, supplier_staff):
    make_supplier_invoice(supplier=supplier, invoice_number="INV-7")
    order = make_goods_order(supplier=supplier)
    today = timezone.localdate().isoformat()

    page = text_of(
        client_for(supplier_staff).post(
            portal(supplier.council, "upload"),
            {"invoice_file": csv_file(HEADER + f"INV-7,{today},{order.reference},229.99\n")},
        )
    )

    assert "You have already sent invoice INV-7" in page
    assert "If this is a new invoice, give it its own number." in page
    assert SupplierInvoice.objects.count() == 1


def test_a_supplier_sees_only_its_own_invoices_and_never_anothers(supplier, rival, supplier_staff):
    own = make_supplier_invoice(supplier=supplier, invoice_number="INV-OURS")
    theirs = make_supplier_invoice(supplier=rival, invoice_number="INV-THEIRS")
    client = client_for(supplier_staff)

    listing = text_of(client.get(portal(supplier.council)))
    assert "INV-OURS" in listing
    assert "INV-THEIRS" not in listing

    assert client.get(portal(supplier.council, "invoice", invoice_id=own.pk)).status_code == 200
    response = client.get(portal(supplier.council, "invoice", invoice_id=theirs.pk))
    assert response.status_code == 404
    assert "INV-THEIRS" not in response.content.decode()


def test_a_supplier_of_another_council_gets_page_not_found(supplier, other_council):
    invoice = make_supplier_invoice(supplier=supplier)
    outsider = make_supplier_membership(council=other_council)
    client = client_for(outsider)
    assert client.get(portal(supplier.council)).status_code == 404
    assert client.get(portal(supplier.council, "invoice", invoice_id=invoice.pk)).status_code == 404
    # Under its own council's address, the invoice is not there either.
    assert client.get(portal(other_council, "invoice", invoice_id=invoice.pk)).status_code == 404


def test_the_supplier_is_told_which_delivered_orders_to_invoice_next(
    supplier, supplier_staff, rival
):
    waiting = make_goods_order(supplier=supplier, total_pence=6_000)
    rivals = make_goods_order(supplier=rival)
    page = text_of(client_for(supplier_staff).get(portal(supplier.council)))
    assert waiting.reference in page
    assert rivals.reference not in page


def test_council_staff_and_partners_cannot_open_the_supplier_portal(council, finance):
    assert client_for(finance).get(portal(council)).status_code == 403
    assert client_for(finance).get(portal(council, "upload")).status_code == 403


def test_signed_out_people_are_sent_to_sign_in(council):
    response = Client().get(portal(council, "upload"))
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/sign-in/")


# --- finance ------------------------------------------------------------------------------


def test_finance_sees_every_invoice_with_its_match_status_and_totals(
    supplier, rival, finance, council
):
    good = make_goods_order(supplier=supplier, total_pence=10_000)
    dear = make_goods_order(supplier=rival, total_pence=5_000)
    make_supplier_invoice(
        supplier=supplier, invoice_number="INV-GOOD", lines=[(good.reference, 10_000)]
    )
    make_supplier_invoice(
        supplier=rival, invoice_number="INV-DEAR", lines=[(dear.reference, 6_000)]
    )

    page = text_of(client_for(finance).get(staff_url(council)))

    assert "Cardiff Beds Ltd INV-GOOD" in page
    assert "Valleys White Goods INV-DEAR" in page
    assert "Matches" in page
    assert "1 difference" in page
    assert "2 invoices for £160.00: 1 matches, 1 has differences." in page


def test_finance_can_show_one_suppliers_invoices(supplier, rival, finance, council):
    make_supplier_invoice(supplier=supplier, invoice_number="INV-OURS")
    make_supplier_invoice(supplier=rival, invoice_number="INV-THEIRS")
    page = text_of(client_for(finance).get(staff_url(council), {"supplier": rival.pk}))
    assert "INV-THEIRS" in page
    assert "INV-OURS" not in page


def test_finance_sees_what_is_delivered_but_not_invoiced(supplier, finance, council):
    invoiced = make_goods_order(supplier=supplier)
    waiting = make_goods_order(supplier=supplier, total_pence=6_000)
    make_supplier_invoice(supplier=supplier, lines=[(invoiced.reference, invoiced.total_pence)])

    page = text_of(client_for(finance).get(staff_url(council)))

    section = page.split("Delivered but not invoiced", 1)[1]
    assert waiting.reference in section
    assert invoiced.reference not in section
    assert "1 delivered order, worth £60.00, is not on any invoice yet." in section


def test_finance_sees_an_invoices_matched_lines_and_differences(supplier, rival, finance, council):
    good = make_goods_order(supplier=supplier, total_pence=10_000)
    theirs = make_goods_order(supplier=rival)
    invoice = make_supplier_invoice(
        supplier=supplier,
        invoice_number="INV-12",
        lines=[(good.reference, 10_000), (theirs.reference, 5_000)],
    )

    page = text_of(client_for(finance).get(staff_url(council, "invoice", invoice_id=invoice.pk)))

    assert "Invoice INV-12" in page
    assert "Check these with Cardiff Beds Ltd before paying this invoice." in page
    assert (
        f"Line 2: Order {theirs.reference} is not one of this supplier's orders (it is "
        "Valleys White Goods's)"
    ) in page
    assert f"1 {good.reference} £100.00 £100.00 Delivered Matches" in page
    assert "On lines that match £100.00" in page


def test_other_staff_are_refused_and_another_councils_invoice_is_not_found(
    supplier, finance, council, other_council
):
    invoice = make_supplier_invoice(supplier=supplier)
    decision_maker = make_membership(role=Role.DECISION_MAKER, council=council)
    assert client_for(decision_maker).get(staff_url(council)).status_code == 403
    supplier_staff = make_supplier_membership(organisation=supplier)
    assert client_for(supplier_staff).get(staff_url(council)).status_code == 403

    elsewhere = make_membership(role=Role.FINANCE, council=other_council)
    client = client_for(elsewhere)
    assert client.get(staff_url(council, "invoice", invoice_id=invoice.pk)).status_code == 404
    assert client.get(staff_url(other_council, "invoice", invoice_id=invoice.pk)).status_code == 404
    assert invoice.invoice_number not in text_of(client.get(staff_url(other_council)))
