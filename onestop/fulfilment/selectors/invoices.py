"""Reads about supplier invoices: how each matches the supplier's delivered orders, in plain words,
and which delivered orders no invoice has charged for yet."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from django.db.models import QuerySet
from django.db.models.functions import Upper

from onestop.core.money import format_pounds
from onestop.councils.models import Council, Organisation, OrganisationKind
from onestop.fulfilment.models import (
    GoodsOrder,
    GoodsOrderStatus,
    SupplierInvoice,
    SupplierInvoiceLine,
)

# Who reads the differences: a supplier is told only about its own orders; finance is told
# whose order a wrong reference belongs to.
Viewer = Literal["supplier", "council"]
# The finance list shows the newest invoices; older ones stay reachable by their address.
NEWEST_INVOICES_SHOWN = 300


@dataclass(frozen=True)
class LineMatch:
    """One invoice line beside the order it charges for, and each way the two differ."""

    line_number: int
    order_reference: str
    amount_pence: int
    order: GoodsOrder | None
    differences: tuple[str, ...]

    @property
    def matches(self) -> bool:
        return not self.differences

    @property
    def order_total_pence(self) -> int | None:
        return self.order.total_pence if self.order else None


@dataclass(frozen=True)
class InvoiceMatching:
    """An invoice checked line by line against the supplier's delivered orders."""

    invoice: SupplierInvoice
    lines: tuple[LineMatch, ...]

    @property
    def differences(self) -> list[str]:
        return [difference for line in self.lines for difference in line.differences]

    @property
    def difference_count(self) -> int:
        return sum(len(line.differences) for line in self.lines)

    @property
    def matches(self) -> bool:
        return self.difference_count == 0

    @property
    def status(self) -> str:
        """ "Matches", "1 difference" or "3 differences"."""
        count = self.difference_count
        if count == 0:
            return "Matches"
        return f"{count} difference{'s' if count != 1 else ''}"

    @property
    def matched_lines(self) -> list[LineMatch]:
        return [line for line in self.lines if line.matches]

    @property
    def lines_with_differences(self) -> list[LineMatch]:
        return [line for line in self.lines if not line.matches]

    @property
    def matched_pence(self) -> int:
        """What finance can pay without asking: the lines that match their orders exactly."""
        return sum(line.amount_pence for line in self.matched_lines)


@dataclass(frozen=True)
class InvoicesOverview:
    """Finance's view of the council's invoices, with what delivered orders are still to come."""

    invoices: list[InvoiceMatching]
    not_invoiced: list[GoodsOrder]
    more_not_shown: int = 0
    suppliers: list[Organisation] = field(default_factory=list)

    @property
    def total_pence(self) -> int:
        return sum(m.invoice.total_pence for m in self.invoices)

    @property
    def matching_count(self) -> int:
        return sum(1 for m in self.invoices if m.matches)

    @property
    def with_differences_count(self) -> int:
        return sum(1 for m in self.invoices if not m.matches)

    @property
    def matched_pence(self) -> int:
        return sum(m.matched_pence for m in self.invoices)

    @property
    def not_invoiced_pence(self) -> int:
        return sum(order.total_pence for order in self.not_invoiced)


def _status_words(order: GoodsOrder) -> str:
    return GoodsOrderStatus(order.status).label.lower()


def _and_list(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _line_differences(
    line: SupplierInvoiceLine,
    *,
    viewer: Viewer,
    earlier_line_here: int | None,
    earlier_invoices: list[str],
    others_order: GoodsOrder | None,
) -> tuple[str, ...]:
    order = line.order
    if order is None:
        reference = line.order_reference
        if viewer == "supplier":
            return (
                f"Order {reference} is not one of your orders: check the reference on the "
                "delivery note",
            )
        if others_order is not None:
            return (
                f"Order {reference} is not one of this supplier's orders (it is "
                f"{others_order.supplier.name}'s)",
            )
        return (f"Order {reference} is not one of this supplier's orders: no order has it",)
    found: list[str] = []
    if order.status != GoodsOrderStatus.DELIVERED:
        found.append(
            f"Order {order.reference} has not been delivered (status: {_status_words(order)})"
        )
    if line.amount_pence != order.total_pence:
        found.append(
            f"Invoiced {format_pounds(line.amount_pence)} but the order is "
            f"{format_pounds(order.total_pence)} (difference "
            f"{format_pounds(abs(line.amount_pence - order.total_pence))})"
        )
    if earlier_line_here is not None:
        found.append(f"Order {order.reference} is also on line {earlier_line_here} of this invoice")
    if earlier_invoices:
        several = "s" if len(earlier_invoices) > 1 else ""
        found.append(
            f"Order {order.reference} is also on invoice{several} {_and_list(earlier_invoices)}"
        )
    return tuple(found)


def _matchings(invoices: Sequence[SupplierInvoice], *, viewer: Viewer) -> list[InvoiceMatching]:
    """Every invoice's matching in a handful of queries, however many invoices there are."""
    if not invoices:
        return []
    lines_by_invoice: dict[int, list[SupplierInvoiceLine]] = defaultdict(list)
    lines = (
        SupplierInvoiceLine.objects.filter(invoice__in=[i.pk for i in invoices])
        .select_related("order")
        .order_by("invoice_id", "line_number", "pk")
    )
    for line in lines:
        lines_by_invoice[line.invoice_id].append(line)
    all_lines = [line for group in lines_by_invoice.values() for line in group]

    # Which invoices already charge for each order. Only the supplier's own orders are ever
    # linked, so these are the same supplier's invoices.
    charged_on: dict[int, list[tuple[int, str]]] = defaultdict(list)
    order_ids = {line.order_id for line in all_lines if line.order_id is not None}
    for order_id, invoice_id, number in (
        SupplierInvoiceLine.objects.filter(order_id__in=order_ids)
        .order_by("invoice_id")
        .values_list("order_id", "invoice_id", "invoice__invoice_number")
        .distinct()
    ):
        charged_on[order_id].append((invoice_id, number))

    others: dict[str, GoodsOrder] = {}
    unlinked = {line.order_reference.upper() for line in all_lines if line.order_id is None}
    if unlinked and viewer == "council":
        council_id = invoices[0].council_id
        for order in (
            GoodsOrder.objects.filter(council_id=council_id)
            .annotate(reference_upper=Upper("reference"))
            .filter(reference_upper__in=unlinked)
            .select_related("supplier")
        ):
            others[order.reference.upper()] = order

    matchings = []
    for invoice in invoices:
        seen_here: dict[object, int] = {}
        matched: list[LineMatch] = []
        for line in lines_by_invoice.get(invoice.pk, []):
            key: object = line.order_id or line.order_reference.upper()
            earlier_here = seen_here.get(key)
            seen_here.setdefault(key, line.line_number)
            earlier_invoices = [
                number
                for invoice_id, number in charged_on.get(line.order_id or 0, [])
                if invoice_id < invoice.pk
            ]
            differences = _line_differences(
                line,
                viewer=viewer,
                earlier_line_here=earlier_here,
                earlier_invoices=earlier_invoices,
                others_order=others.get(line.order_reference.upper()),
            )
            matched.append(
                LineMatch(
                    line_number=line.line_number,
                    order_reference=line.order.reference if line.order else line.order_reference,
                    amount_pence=line.amount_pence,
                    order=line.order,
                    differences=differences,
                )
            )
        matchings.append(InvoiceMatching(invoice=invoice, lines=tuple(matched)))
    return matchings


def invoice_matching(*, invoice: SupplierInvoice, viewer: Viewer = "council") -> InvoiceMatching:
    """The invoice's lines beside their orders, and each difference in plain words:

    - "Order ORD-X is not one of your orders" (to finance: whose it is, or that none has it)
    - "Order ORD-X has not been delivered (status: out for delivery)"
    - "Invoiced £249.99 but the order is £229.99 (difference £20.00)"
    - "Order ORD-X is also on invoice INV-12" (an invoice received before this one)
    - "Order ORD-X is also on line 2 of this invoice"
    """
    return _matchings([invoice], viewer=viewer)[0]


def _newest_first(invoices: QuerySet[SupplierInvoice]) -> QuerySet[SupplierInvoice]:
    return invoices.select_related("supplier", "uploaded_by").order_by("-invoice_date", "-pk")


def invoices_of_council(
    *, council: Council, supplier: Organisation | None = None
) -> QuerySet[SupplierInvoice]:
    invoices = SupplierInvoice.objects.filter(council=council)
    if supplier is not None:
        invoices = invoices.filter(supplier=supplier)
    return _newest_first(invoices)


def invoice_of_council(*, council: Council, invoice_id: int) -> SupplierInvoice | None:
    return invoices_of_council(council=council).filter(pk=invoice_id).first()


def invoices_of_supplier(*, supplier: Organisation) -> QuerySet[SupplierInvoice]:
    """The supplier's own invoices: a supplier never sees another's."""
    return _newest_first(
        SupplierInvoice.objects.filter(council_id=supplier.council_id, supplier=supplier)
    )


def invoice_of_supplier(
    *, supplier: Organisation, invoice_id: int | None = None, invoice_number: str | None = None
) -> SupplierInvoice | None:
    """One of the supplier's own invoices, by id or by its number; another's is None."""
    invoices = invoices_of_supplier(supplier=supplier)
    if invoice_id is not None:
        invoices = invoices.filter(pk=invoice_id)
    if invoice_number is not None:
        invoices = invoices.filter(invoice_number=invoice_number)
    return invoices.first()


def matchings_of(
    invoices: Iterable[SupplierInvoice], *, viewer: Viewer = "council"
) -> list[InvoiceMatching]:
    """Each invoice's matching, in the order given."""
    return _matchings(list(invoices), viewer=viewer)


def delivered_not_invoiced(
    *, council: Council, supplier: Organisation | None = None
) -> QuerySet[GoodsOrder]:
    """Delivered orders that no invoice line charges for yet, oldest delivery first."""
    orders = GoodsOrder.objects.filter(
        council=council, status=GoodsOrderStatus.DELIVERED, invoice_lines__isnull=True
    )
    if supplier is not None:
        orders = orders.filter(supplier=supplier)
    return orders.select_related("supplier").order_by("delivered_at", "pk")


def invoices_overview(
    *, council: Council, supplier: Organisation | None = None
) -> InvoicesOverview:
    """The newest invoices with their match status, and the delivered orders not invoiced,
    for the whole council or one supplier."""
    newest = list(invoices_of_council(council=council, supplier=supplier)[:NEWEST_INVOICES_SHOWN])
    total = invoices_of_council(council=council, supplier=supplier).count()
    suppliers = Organisation.objects.filter(
        council=council, kind=OrganisationKind.SUPPLIER
    ).order_by("name")
    return InvoicesOverview(
        invoices=matchings_of(newest, viewer="council"),
        not_invoiced=list(delivered_not_invoiced(council=council, supplier=supplier)),
        more_not_shown=max(0, total - len(newest)),
        suppliers=list(suppliers),
    )
