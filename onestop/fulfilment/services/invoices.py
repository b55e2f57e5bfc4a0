"""Receive a supplier's invoice, from the portal's file upload or the API, linked to its orders."""

from django.db import IntegrityError, transaction
from django.db.models.functions import Upper
from django.utils import timezone

from onestop.core.audit import audit_record
from onestop.core.errors import NotPermitted, ServiceError
from onestop.core.formatting import govuk_date
from onestop.core.money import format_pounds
from onestop.core.roles import Role
from onestop.councils.models import Membership, Organisation, OrganisationKind, User
from onestop.fulfilment.invoice_files import (
    MAX_LINE_PENCE,
    MAX_LINES_PER_INVOICE,
    InvoiceIn,
    invoice_date_problem,
    invoice_number_problem,
    order_reference_problem,
    parse_invoice_file,
)
from onestop.fulfilment.models import GoodsOrder, SupplierInvoice, SupplierInvoiceLine


class InvoiceNumberUsed(ServiceError):
    """The supplier already sent an invoice with this number; `invoice` is that one."""

    def __init__(self, invoice: SupplierInvoice) -> None:
        super().__init__(
            f"You have already sent invoice {invoice.invoice_number} (received "
            f"{govuk_date(invoice.created_at)}). If this is a new invoice, give it its own "
            f"number. If it corrects {invoice.invoice_number}, ask the council's finance team "
            "what to do.",
            field="invoice_number",
        )
        self.invoice = invoice


def _check_may_invoice(actor: User | None, supplier: Organisation) -> None:
    """Pages check this too; the service checks again so nothing can skip it. With no actor,
    the API has already established the supplier from its key."""
    doing = f"send invoices for {supplier.name}"
    if supplier.kind != OrganisationKind.SUPPLIER:
        raise NotPermitted(f"Only a supplier can {doing}.")
    if actor is None:
        return
    acts_for_supplier = Membership.objects.filter(
        user=actor, council_id=supplier.council_id, organisation=supplier, role=Role.SUPPLIER
    ).exists()
    if not acts_for_supplier:
        raise NotPermitted(f"You do not have permission to {doing}.")


def _check_invoice(invoice: InvoiceIn) -> None:
    """What the file reader and the API already check, so no other caller can store less."""
    problem = invoice_number_problem(invoice.invoice_number) or invoice_date_problem(
        invoice.invoice_date, today=timezone.localdate()
    )
    if problem:
        raise ServiceError(problem[0].upper() + problem[1:] + ".")
    if not invoice.lines:
        raise ServiceError("Add at least one order to the invoice.", field="lines")
    if len(invoice.lines) > MAX_LINES_PER_INVOICE:
        raise ServiceError(
            f"An invoice can have at most {MAX_LINES_PER_INVOICE:,} orders. Split it.",
            field="lines",
        )
    for line in invoice.lines:
        if problem := order_reference_problem(line.order_reference):
            raise ServiceError(f"Line {line.line_number}: {problem}.", field="lines")
        if not 0 < line.amount_pence <= MAX_LINE_PENCE:
            raise ServiceError(
                f"Line {line.line_number}: the amount must be more than 0 and no more than "
                f"{format_pounds(MAX_LINE_PENCE)}.",
                field="lines",
            )


def _own_orders_by_reference(supplier: Organisation, references: set[str]) -> dict[str, int]:
    """{upper-cased reference: order id} for this supplier's own orders only: a line quoting
    another supplier's order is never linked to it. References are matched whatever their
    letter case, as people type them from delivery notes."""
    found = (
        GoodsOrder.objects.filter(council_id=supplier.council_id, supplier=supplier)
        .annotate(reference_upper=Upper("reference"))
        .filter(reference_upper__in={reference.upper() for reference in references})
        .values_list("reference_upper", "pk")
    )
    return dict(found)


def _existing(supplier: Organisation, invoice_number: str) -> SupplierInvoice | None:
    return SupplierInvoice.objects.filter(
        council_id=supplier.council_id, supplier=supplier, invoice_number=invoice_number
    ).first()


@transaction.atomic
def invoice_upload(
    *, actor: User | None, supplier: Organisation, invoice: InvoiceIn, file_name: str = ""
) -> SupplierInvoice:
    """Store the supplier's invoice and its lines, each linked to the supplier's own order when
    its reference is one. An invoice number the supplier has used before is refused
    (InvoiceNumberUsed). `file_name` is empty when the invoice came through the API."""
    _check_may_invoice(actor, supplier)
    _check_invoice(invoice)
    if existing := _existing(supplier, invoice.invoice_number):
        raise InvoiceNumberUsed(existing)
    try:
        # A savepoint, so that losing a race to the same number leaves the transaction usable.
        with transaction.atomic():
            stored = SupplierInvoice.objects.create(
                council_id=supplier.council_id,
                supplier=supplier,
                invoice_number=invoice.invoice_number,
                invoice_date=invoice.invoice_date,
                total_pence=invoice.total_pence,
                file_name=file_name[:200],
                uploaded_by=actor,
            )
    except IntegrityError:
        existing = _existing(supplier, invoice.invoice_number)
        if existing is None:
            raise
        raise InvoiceNumberUsed(existing) from None
    orders = _own_orders_by_reference(supplier, {line.order_reference for line in invoice.lines})
    SupplierInvoiceLine.objects.bulk_create(
        SupplierInvoiceLine(
            council_id=supplier.council_id,
            invoice=stored,
            line_number=line.line_number,
            order_reference=line.order_reference,
            order_id=orders.get(line.order_reference.upper()),
            amount_pence=line.amount_pence,
        )
        for line in invoice.lines
    )
    count = len(invoice.lines)
    audit_record(
        actor=actor,
        council=supplier.council,
        action="invoice.received",
        subject=stored,
        summary=(
            f"Invoice {stored.invoice_number} from {supplier.name} received: "
            f"{count} order{'s' if count != 1 else ''}, {format_pounds(stored.total_pence)}"
        )[:300],
        details={
            "invoice_number": stored.invoice_number,
            "supplier_id": supplier.pk,
            "file_name": stored.file_name,
            "lines": count,
            "linked_to_orders": sum(
                1 for line in invoice.lines if line.order_reference.upper() in orders
            ),
            "total_pence": stored.total_pence,
        },
        on_behalf_of="" if actor is not None else f"{supplier.name}, through the supplier API",
    )
    return stored


def invoice_file_upload(
    *, actor: User | None, supplier: Organisation, file_name: str, data: bytes
) -> SupplierInvoice:
    """Read an invoice CSV and store it; a file with any problem is refused whole
    (InvoiceFileError, each problem "Line N: ...") and nothing is kept."""
    invoice = parse_invoice_file(data, today=timezone.localdate())
    return invoice_upload(actor=actor, supplier=supplier, invoice=invoice, file_name=file_name)
