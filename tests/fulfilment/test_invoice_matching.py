"""Receiving a supplier's invoice and matching it against the supplier's delivered orders: each
difference in plain words, never another supplier's order, and what is delivered but not invoiced."""

import datetime

import pytest
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from onestop.core.errors import NotPermitted, ServiceError
from onestop.core.models import AuditEvent
from onestop.core.roles import Role
from onestop.councils.models import Council, Organisation
from onestop.fulfilment.invoice_files import InvoiceFileError, InvoiceIn, InvoiceLineIn
from onestop.fulfilment.models import SupplierInvoice, SupplierInvoiceLine
from onestop.fulfilment.selectors.invoices import (
    delivered_not_invoiced,
    invoice_matching,
    invoices_overview,
)
from onestop.fulfilment.services.invoices import (
    InvoiceNumberUsed,
    invoice_file_upload,
    invoice_upload,
)
from tests.factories import (
    make_goods_order,
    make_membership,
    make_organisation,
    make_supplier,
    make_supplier_invoice,
    make_supplier_membership,
)

pytestmark = pytest.mark.django_db
HEADER = "invoice_number,invoice_date,order_reference,amount\n"


@pytest.fixture
def supplier(council: Council) -> Organisation:
    return make_supplier(council=council, name="Cardiff Beds Ltd")


@pytest.fixture
def rival(council: Council) -> Organisation:
    return make_supplier(council=council, name="Valleys White Goods")


def invoice_of(*lines: tuple[str, int], number: str = "INV-1") -> InvoiceIn:
    return InvoiceIn(
        invoice_number=number,
        invoice_date=timezone.localdate(),
        lines=tuple(InvoiceLineIn(n, ref, pence) for n, (ref, pence) in enumerate(lines, start=1)),
    )


def test_an_invoice_is_stored_with_its_lines_linked_to_the_suppliers_orders(supplier):
    bed = make_goods_order(supplier=supplier, total_pence=22_999)
    cooker = make_goods_order(supplier=supplier, total_pence=18_000)
    staff = make_supplier_membership(organisation=supplier)

    invoice = invoice_upload(
        actor=staff.user,
        supplier=supplier,
        invoice=invoice_of((bed.reference, 22_999), (cooker.reference.lower(), 18_000)),
        file_name="may.csv",
    )

    assert invoice.total_pence == 40_999
    assert invoice.council == supplier.council
    assert invoice.uploaded_by == staff.user
    lines = list(invoice.lines.order_by("line_number"))
    assert [(line.order_reference, line.order) for line in lines] == [
        (bed.reference, bed),
        (cooker.reference.lower(), cooker),  # as given, matched whatever the letter case
    ]
    event = AuditEvent.objects.get(action="invoice.received")
    assert event.actor == staff.user
    assert event.summary == "Invoice INV-1 from Cardiff Beds Ltd received: 2 orders, £409.99"


def test_a_line_quoting_another_suppliers_order_is_never_linked_to_it(supplier, rival):
    theirs = make_goods_order(supplier=rival)

    invoice = make_supplier_invoice(supplier=supplier, lines=[(theirs.reference, 22_999)])

    assert invoice.lines.get().order is None
    supplier_sees = invoice_matching(invoice=invoice, viewer="supplier")
    assert supplier_sees.differences == [
        f"Order {theirs.reference} is not one of your orders: check the reference on the "
        "delivery note"
    ]
    finance_sees = invoice_matching(invoice=invoice, viewer="council")
    assert finance_sees.differences == [
        f"Order {theirs.reference} is not one of this supplier's orders (it is Valleys White "
        "Goods's)"
    ]


def test_an_order_nobody_has_is_not_found(supplier):
    invoice = make_supplier_invoice(supplier=supplier, lines=[("ORD-NOSUCH", 1_000)])
    assert invoice_matching(invoice=invoice).differences == [
        "Order ORD-NOSUCH is not one of this supplier's orders: no order has it"
    ]
    assert invoice_matching(invoice=invoice, viewer="supplier").differences == [
        "Order ORD-NOSUCH is not one of your orders: check the reference on the delivery note"
    ]


def test_an_invoice_that_charges_each_delivered_order_its_amount_matches(supplier):
    orders = [make_goods_order(supplier=supplier, total_pence=p) for p in (22_999, 6_000)]

    matching = invoice_matching(
        invoice=make_supplier_invoice(
            supplier=supplier, lines=[(o.reference, o.total_pence) for o in orders]
        )
    )

    assert matching.matches
    assert matching.status == "Matches"
    assert matching.differences == []
    assert [line.order for line in matching.matched_lines] == orders
    assert matching.matched_pence == 28_999


def test_an_order_not_yet_delivered_is_a_difference(supplier):
    on_the_way = make_goods_order(supplier=supplier, status="dispatched")
    failed = make_goods_order(supplier=supplier, status="failed")

    matching = invoice_matching(
        invoice=make_supplier_invoice(
            supplier=supplier,
            lines=[
                (on_the_way.reference, on_the_way.total_pence),
                (failed.reference, failed.total_pence),
            ],
        )
    )

    assert matching.differences == [
        f"Order {on_the_way.reference} has not been delivered (status: out for delivery)",
        f"Order {failed.reference} has not been delivered (status: delivery failed)",
    ]
    assert matching.status == "2 differences"
    assert matching.matched_pence == 0


def test_an_amount_other_than_the_orders_is_a_difference_either_way(supplier):
    over = make_goods_order(supplier=supplier, total_pence=22_999)
    under = make_goods_order(supplier=supplier, total_pence=6_000)

    matching = invoice_matching(
        invoice=make_supplier_invoice(
            supplier=supplier, lines=[(over.reference, 24_999), (under.reference, 5_000)]
        )
    )

    assert matching.differences == [
        "Invoiced £249.99 but the order is £229.99 (difference £20.00)",
        "Invoiced £50.00 but the order is £60.00 (difference £10.00)",
    ]


def test_an_order_already_on_an_earlier_invoice_is_a_difference_on_the_later_one(supplier):
    order = make_goods_order(supplier=supplier)
    first = make_supplier_invoice(
        supplier=supplier, invoice_number="INV-12", lines=[(order.reference, order.total_pence)]
    )
    second = make_supplier_invoice(
        supplier=supplier, invoice_number="INV-13", lines=[(order.reference, order.total_pence)]
    )

    assert invoice_matching(invoice=first).matches
    assert invoice_matching(invoice=second).differences == [
        f"Order {order.reference} is also on invoice INV-12"
    ]


def test_the_same_order_twice_on_one_invoice_is_a_difference_on_the_second_line(supplier):
    order = make_goods_order(supplier=supplier)
    other = make_goods_order(supplier=supplier)

    matching = invoice_matching(
        invoice=make_supplier_invoice(
            supplier=supplier,
            lines=[
                (order.reference, order.total_pence),
                (other.reference, other.total_pence),
                (order.reference, order.total_pence),
            ],
        )
    )

    assert [line.differences for line in matching.lines] == [
        (),
        (),
        (f"Order {order.reference} is also on line 1 of this invoice",),
    ]
    assert matching.status == "1 difference"


def test_one_line_can_differ_in_several_ways_each_counted(supplier):
    order = make_goods_order(supplier=supplier, status="placed", total_pence=10_000)
    matching = invoice_matching(
        invoice=make_supplier_invoice(supplier=supplier, lines=[(order.reference, 12_000)])
    )
    assert matching.lines[0].differences == (
        f"Order {order.reference} has not been delivered (status: ordered)",
        "Invoiced £120.00 but the order is £100.00 (difference £20.00)",
    )
    assert matching.status == "2 differences"


def test_an_invoice_number_used_before_is_refused_and_nothing_is_added(supplier):
    order = make_goods_order(supplier=supplier)
    first = make_supplier_invoice(supplier=supplier, invoice_number="INV-7")

    with pytest.raises(InvoiceNumberUsed) as refused:
        invoice_upload(
            actor=None,
            supplier=supplier,
            invoice=invoice_of((order.reference, 100), number="INV-7"),
        )

    assert refused.value.invoice == first
    assert refused.value.message.startswith("You have already sent invoice INV-7 (received ")
    assert SupplierInvoice.objects.count() == 1
    assert SupplierInvoiceLine.objects.count() == 1


def test_another_supplier_may_use_the_same_invoice_number(supplier, rival):
    make_supplier_invoice(supplier=supplier, invoice_number="INV-1")
    make_supplier_invoice(supplier=rival, invoice_number="INV-1")
    assert SupplierInvoice.objects.filter(invoice_number="INV-1").count() == 2


def test_only_the_suppliers_own_staff_may_send_its_invoices(supplier, rival, council):
    rival_staff = make_supplier_membership(organisation=rival)
    finance = make_membership(role=Role.FINANCE, council=council)
    for person in (rival_staff.user, finance.user):
        with pytest.raises(NotPermitted):
            invoice_upload(actor=person, supplier=supplier, invoice=invoice_of(("ORD-1", 100)))
    food_bank = make_organisation(council=council)
    with pytest.raises(NotPermitted):
        invoice_upload(actor=None, supplier=food_bank, invoice=invoice_of(("ORD-1", 100)))
    assert SupplierInvoice.objects.count() == 0


def test_the_service_refuses_what_the_file_reader_would(supplier):
    with pytest.raises(ServiceError, match="Add at least one order"):
        invoice_upload(actor=None, supplier=supplier, invoice=invoice_of())
    with pytest.raises(ServiceError, match="Line 1: the amount must be more than 0"):
        invoice_upload(actor=None, supplier=supplier, invoice=invoice_of(("ORD-1", 0)))
    future = InvoiceIn(
        "INV-2", timezone.localdate() + datetime.timedelta(days=1), (InvoiceLineIn(1, "ORD-1", 5),)
    )
    with pytest.raises(ServiceError, match="is in the future"):
        invoice_upload(actor=None, supplier=supplier, invoice=future)
    assert SupplierInvoice.objects.count() == 0


def test_a_malformed_file_stores_nothing(supplier):
    order = make_goods_order(supplier=supplier)
    staff = make_supplier_membership(organisation=supplier)
    today = timezone.localdate().isoformat()
    data = (HEADER + f"INV-1,{today},{order.reference},229.99\nINV-1,{today},,229.99\n").encode()

    with pytest.raises(InvoiceFileError) as refused:
        invoice_file_upload(actor=staff.user, supplier=supplier, file_name="may.csv", data=data)

    assert refused.value.problems == [
        "Line 3: enter the order reference, as it is on the delivery note, like ORD-000123."
    ]
    assert SupplierInvoice.objects.count() == 0
    assert not AuditEvent.objects.filter(action="invoice.received").exists()


def test_delivered_orders_no_invoice_covers_are_listed(supplier, rival, council, other_council):
    invoiced = make_goods_order(supplier=supplier)
    waiting = make_goods_order(supplier=supplier, total_pence=6_000)
    rivals = make_goods_order(supplier=rival)
    make_goods_order(supplier=supplier, status="dispatched")  # not delivered: not owed yet
    make_goods_order(council=other_council)  # another council's
    make_supplier_invoice(supplier=supplier, lines=[(invoiced.reference, invoiced.total_pence)])

    assert list(delivered_not_invoiced(council=council)) == [waiting, rivals]
    assert list(delivered_not_invoiced(council=council, supplier=supplier)) == [waiting]


def test_finances_overview_gives_each_invoices_status_and_the_totals(supplier, rival, council):
    good = make_goods_order(supplier=supplier, total_pence=10_000)
    dear = make_goods_order(supplier=rival, total_pence=5_000)
    not_yet = make_goods_order(supplier=rival, total_pence=7_000)
    matching = make_supplier_invoice(supplier=supplier, lines=[(good.reference, 10_000)])
    differing = make_supplier_invoice(
        supplier=rival, lines=[(dear.reference, 6_000), ("ORD-NOSUCH", 1_000)]
    )

    overview = invoices_overview(council=council)

    assert {m.invoice: m.status for m in overview.invoices} == {
        matching: "Matches",
        differing: "2 differences",
    }
    assert overview.total_pence == 17_000
    assert (overview.matching_count, overview.with_differences_count) == (1, 1)
    assert overview.matched_pence == 10_000
    assert overview.not_invoiced == [not_yet]
    assert overview.not_invoiced_pence == 7_000
    assert [s.name for s in overview.suppliers] == ["Cardiff Beds Ltd", "Valleys White Goods"]
    only_rival = invoices_overview(council=council, supplier=rival)
    assert [m.invoice for m in only_rival.invoices] == [differing]


@settings(max_examples=30, deadline=None)
@given(
    charges=st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=2), st.integers(min_value=1, max_value=50_000)
        ),
        min_size=1,
        max_size=8,
    )
)
def test_an_invoice_matches_exactly_when_every_line_is_a_distinct_delivered_order_at_its_amount(
    rolled_back, council, charges
):
    """Whatever is charged: the total is the lines' sum, and the invoice matches if and only if
    each line names a different delivered order of the supplier's at that order's amount."""
    with rolled_back():
        supplier = make_supplier(council=council)
        orders = [make_goods_order(supplier=supplier, total_pence=p) for p in (1_000, 2_000, 3_000)]
        lines = [(orders[i].reference, amount) for i, amount in charges]
        invoice = make_supplier_invoice(supplier=supplier, lines=lines)
        matching = invoice_matching(invoice=invoice)
        chosen = [i for i, _ in charges]
        exact = len(set(chosen)) == len(chosen) and all(
            amount == orders[i].total_pence for i, amount in charges
        )
        assert invoice.total_pence == sum(amount for _, amount in charges)
        assert matching.matches == exact
        assert matching.matched_pence <= invoice.total_pence
