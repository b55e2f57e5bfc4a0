"""The supplier API's invoices: send an invoice for delivered orders and see how it matched.

An invoice is identified by its number, per supplier: that number is the request's idempotency
key. Sending the same number with the same date and lines again gives back the invoice already
received (201, header Idempotent-Replayed: true); the same number with anything different is a
409 problem, so an invoice can never be received twice nor silently changed.
"""

import datetime
from typing import Annotated, Literal

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.decorators import decorate_view
from ninja.responses import Status
from pydantic import ConfigDict, StringConstraints

from onestop.core.errors import ServiceError
from onestop.core.problems import (
    FieldProblem,
    Problem,
    ProblemError,
    field_problem,
    invalid_request,
    json_body_required,
)
from onestop.councils.api_auth import SupplierKeyBearer
from onestop.councils.models import Organisation
from onestop.fulfilment.invoice_files import (
    MAX_INVOICE_NUMBER_LENGTH,
    MAX_LINE_PENCE,
    MAX_LINES_PER_INVOICE,
    MAX_ORDER_REFERENCE_LENGTH,
    InvoiceIn,
    InvoiceLineIn,
    invoice_date_problem,
    invoice_number_problem,
    order_reference_problem,
)
from onestop.fulfilment.models import SupplierInvoice
from onestop.fulfilment.selectors.invoices import (
    InvoiceMatching,
    invoice_matching,
    invoice_of_supplier,
    invoices_of_supplier,
    matchings_of,
)
from onestop.fulfilment.services.invoices import InvoiceNumberUsed, invoice_upload

router = Router(auth=SupplierKeyBearer(), tags=["Suppliers"])

INVOICE_NUMBER_USED = "/api/v1/problems/invoice-number-used"


class _StrictSchema(Schema):
    # A misspelt field is an error rather than silently ignored.
    model_config = ConfigDict(extra="forbid")


class InvoiceLineBody(_StrictSchema):
    order_reference: Annotated[
        str,
        StringConstraints(
            strip_whitespace=True, min_length=1, max_length=MAX_ORDER_REFERENCE_LENGTH
        ),
    ] = Field(description="The order's reference, as on the delivery note", examples=["ORD-000123"])
    amount_pence: int = Field(
        ge=0,
        le=MAX_LINE_PENCE,
        description="What you charge for the order, in whole pence: 24999 for £249.99",
    )


class InvoiceBody(_StrictSchema):
    """One invoice: a line for each delivered order charged for. Money is in whole pence."""

    invoice_number: Annotated[
        str,
        StringConstraints(
            strip_whitespace=True, min_length=1, max_length=MAX_INVOICE_NUMBER_LENGTH
        ),
    ] = Field(
        description="Your invoice number. Each invoice needs its own: sending a number again "
        "is a retry of that invoice",
        examples=["INV-1042"],
    )
    invoice_date: datetime.date = Field(description="The date on the invoice, YYYY-MM-DD")
    lines: list[InvoiceLineBody] = Field(max_length=MAX_LINES_PER_INVOICE)


class InvoiceLinks(Schema):
    self: str = Field(description="Where to GET this invoice and how it matched")


class InvoiceLineOut(Schema):
    line_number: int
    order_reference: str
    amount_pence: int
    order_total_pence: int | None = Field(description="The order's amount, if it is your order")
    order_status: Literal["placed", "dispatched", "delivered", "failed", "returned"] | None = Field(
        description="The order's status, if it is your order"
    )
    matches: bool = Field(description="True when the line matches a delivered order exactly")
    differences: list[str] = Field(description="Each way the line differs from the order")


class InvoiceSummaryOut(Schema):
    invoice_number: str
    invoice_date: datetime.date
    total_pence: int
    received_at: datetime.datetime
    status: Literal["matches", "differences"]
    status_text: str = Field(examples=["Matches", "2 differences"])
    links: InvoiceLinks


class InvoiceOut(InvoiceSummaryOut):
    """An invoice as the council received it, checked line by line against your orders."""

    matched_pence: int = Field(description="The total of the lines that match their orders")
    differences: list[str] = Field(
        description="Every difference, by line, in plain words",
        examples=[["Line 2: Invoiced £249.99 but the order is £229.99 (difference £20.00)"]],
    )
    lines: list[InvoiceLineOut]


def _self_link(invoice: SupplierInvoice) -> InvoiceLinks:
    return InvoiceLinks(
        self=reverse("api-1:supplier_invoice", kwargs={"invoice_number": invoice.invoice_number})
    )


def _summary(matching: InvoiceMatching) -> InvoiceSummaryOut:
    invoice = matching.invoice
    return InvoiceSummaryOut(
        invoice_number=invoice.invoice_number,
        invoice_date=invoice.invoice_date,
        total_pence=invoice.total_pence,
        received_at=invoice.created_at,
        status="matches" if matching.matches else "differences",
        status_text=matching.status,
        links=_self_link(invoice),
    )


def _full(matching: InvoiceMatching) -> InvoiceOut:
    return InvoiceOut(
        **_summary(matching).model_dump(),
        matched_pence=matching.matched_pence,
        differences=[
            f"Line {line.line_number}: {difference}"
            for line in matching.lines
            for difference in line.differences
        ],
        lines=[
            InvoiceLineOut(
                line_number=line.line_number,
                order_reference=line.order_reference,
                amount_pence=line.amount_pence,
                order_total_pence=line.order_total_pence,
                order_status=line.order.status if line.order else None,  # type: ignore[arg-type]
                matches=line.matches,
                differences=list(line.differences),
            )
            for line in matching.lines
        ],
    )


def _sentence(problem: str) -> str:
    return problem[0].upper() + problem[1:]


def _invoice_problems(payload: InvoiceBody) -> list[FieldProblem]:
    """The file upload's checks, as field problems; every mistake is reported at once."""
    problems: list[FieldProblem] = []
    if problem := invoice_number_problem(payload.invoice_number):
        problems.append(field_problem(["invoice_number"], _sentence(problem)))
    if problem := invoice_date_problem(payload.invoice_date, today=timezone.localdate()):
        problems.append(field_problem(["invoice_date"], _sentence(problem)))
    if not payload.lines:
        problems.append(
            field_problem(["lines"], "Add a line for each delivered order you are charging for")
        )
    for index, line in enumerate(payload.lines):
        if problem := order_reference_problem(line.order_reference):
            problems.append(field_problem(["lines", index, "order_reference"], _sentence(problem)))
        if line.amount_pence == 0:
            problems.append(
                field_problem(
                    ["lines", index, "amount_pence"],
                    "The amount must be more than 0: leave out orders you are not charging "
                    "for, and send amounts in pence, like 24999 for £249.99",
                )
            )
    return problems


def _invoice_in(payload: InvoiceBody) -> InvoiceIn:
    return InvoiceIn(
        invoice_number=payload.invoice_number,
        invoice_date=payload.invoice_date,
        lines=tuple(
            InvoiceLineIn(index + 1, line.order_reference, line.amount_pence)
            for index, line in enumerate(payload.lines)
        ),
    )


def _same_invoice(existing: SupplierInvoice, wanted: InvoiceIn) -> bool:
    lines = [
        (line.order_reference, line.amount_pence)
        for line in existing.lines.order_by("line_number", "pk")
    ]
    return existing.invoice_date == wanted.invoice_date and lines == [
        (line.order_reference, line.amount_pence) for line in wanted.lines
    ]


def _number_used(invoice: SupplierInvoice) -> ProblemError:
    number = invoice.invoice_number
    return ProblemError(
        status=409,
        type=INVOICE_NUMBER_USED,
        title="This invoice number was used for a different invoice",
        detail=f"You already sent invoice {number} with a different date or lines. Give a new "
        f"invoice its own number. To retry sending {number}, send exactly the same body again. "
        f"If {number} needs correcting, ask the council's finance team.",
    )


def _not_found(invoice_number: str) -> ProblemError:
    return ProblemError(
        status=404,
        title="Not Found",
        detail=f"You have sent no invoice with the number {invoice_number}. Check the number, "
        "or GET /api/v1/supplier/invoices for the invoices you have sent.",
    )


def _supplier(request: HttpRequest) -> Organisation:
    organisation: Organisation = request.auth.organisation  # type: ignore[attr-defined]
    return organisation


@router.post(
    "/invoices",
    response={
        201: InvoiceOut,
        400: Problem,
        401: Problem,
        409: Problem,
        415: Problem,
        422: Problem,
        500: Problem,
    },
    summary="Send an invoice for delivered orders",
    url_name="supplier_invoice_send",
)
@decorate_view(json_body_required)
def invoice_send(
    request: HttpRequest, response: HttpResponse, payload: InvoiceBody
) -> Status[InvoiceOut]:
    """Send an invoice; the answer says how each line matched your delivered orders. Sending
    the same invoice number and body again is safe: you get the invoice already received."""
    supplier = _supplier(request)
    if problems := _invoice_problems(payload):
        raise invalid_request(problems)
    wanted = _invoice_in(payload)
    existing = invoice_of_supplier(supplier=supplier, invoice_number=wanted.invoice_number)
    if existing is None:
        try:
            existing = invoice_upload(actor=None, supplier=supplier, invoice=wanted)
        except InvoiceNumberUsed as used:  # another request with this number won the race
            existing = used.invoice
            response["Idempotent-Replayed"] = "true"
        except ServiceError as error:
            raise invalid_request([field_problem([error.field or "body"], error.message)]) from None
    else:
        response["Idempotent-Replayed"] = "true"
    if not _same_invoice(existing, wanted):
        raise _number_used(existing)
    response["Location"] = _self_link(existing).self
    return Status(201, _full(invoice_matching(invoice=existing, viewer="supplier")))


@router.get(
    "/invoices",
    response={200: list[InvoiceSummaryOut], 401: Problem, 500: Problem},
    summary="List the invoices you have sent",
    url_name="supplier_invoices",
)
def invoice_list(request: HttpRequest) -> list[InvoiceSummaryOut]:
    """Your invoices, newest first, each with whether it matches your delivered orders."""
    invoices = invoices_of_supplier(supplier=_supplier(request))
    return [_summary(m) for m in matchings_of(invoices, viewer="supplier")]


@router.get(
    "/invoices/{path:invoice_number}",
    response={200: InvoiceOut, 401: Problem, 404: Problem, 500: Problem},
    summary="See how an invoice matched your orders",
    url_name="supplier_invoice",
)
def invoice_detail(request: HttpRequest, invoice_number: str) -> InvoiceOut:
    """One of your invoices, line by line. Another supplier's invoices are not found."""
    invoice = invoice_of_supplier(supplier=_supplier(request), invoice_number=invoice_number)
    if invoice is None:
        raise _not_found(invoice_number)
    return _full(invoice_matching(invoice=invoice, viewer="supplier"))
