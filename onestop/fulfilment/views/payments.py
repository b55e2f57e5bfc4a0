"""Finance's payment pages: payments waiting, making and downloading Bacs files, the council's
Bacs details, and payments the bank returned."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render

from onestop.core.errors import ServiceError
from onestop.core.forms import error_summary
from onestop.core.money import format_pounds
from onestop.core.roles import Capability
from onestop.councils.access import Staff, staff_page
from onestop.fulfilment.bacs import BacsFileRefused
from onestop.fulfilment.forms_payments import BounceForm, OriginatorForm, PaymentFileForm
from onestop.fulfilment.selectors.payments import (
    bacs_originator_for,
    payment_file_for,
    payment_files,
    payments_in_file,
    payments_returned,
    payments_waiting,
    payments_waiting_totals,
    sent_payment_by_reference,
)
from onestop.fulfilment.services.payments import (
    BacsDetailsRefused,
    arrival_date,
    bacs_originator_set,
    earliest_processing_date,
    payment_bounce_record,
    payment_file_build,
    payment_file_download_record,
    return_reason_words,
)

# A queue longer than this is summed up, not listed in full.
LISTED = 200


def _posted(request: HttpRequest) -> QueryDict | None:
    # An empty form sent is still a form sent: it gets its "Enter ..." messages.
    return request.POST if request.method == "POST" else None


@staff_page(Capability.MANAGE_PAYMENTS)
def home(request: HttpRequest, staff: Staff) -> HttpResponse:
    council = staff.council
    earliest = earliest_processing_date()
    form = PaymentFileForm(_posted(request), initial={"processing_date": earliest})
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            made = payment_file_build(
                actor=staff.user,
                council=council,
                processing_date=form.cleaned_data["processing_date"],
            )
        except BacsFileRefused as refused:
            form.add_error(None, refused.message)
            problems = refused.problems
        except ServiceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request,
                f"Payment file {made.serial_number:06d} made: {made.payment_count} payments, "
                f"{format_pounds(made.total_pence)}. Download it and send it to the bank.",
            )
            return redirect("payments:file", council_slug=council.slug, payment_file_id=made.pk)
    waiting = payments_waiting(council=council)
    return render(
        request,
        "fulfilment/payments/home.html",
        {
            "staff": staff,
            "form": form,
            "errors": error_summary(form) if form.is_bound else [],
            "problems": problems,
            "originator": bacs_originator_for(council=council),
            "waiting": waiting[:LISTED],
            "totals": payments_waiting_totals(council=council),
            "listed": LISTED,
            "earliest": earliest,
            "files": payment_files(council=council)[:50],
            "active": "payments",
            "title": "Bank payments",
        },
    )


@staff_page(Capability.MANAGE_PAYMENTS)
def file(request: HttpRequest, staff: Staff, payment_file_id: int) -> HttpResponse:
    found = payment_file_for(council=staff.council, payment_file_id=payment_file_id)
    if found is None:
        raise Http404
    return render(
        request,
        "fulfilment/payments/file.html",
        {
            "staff": staff,
            "payment_file": found,
            "payments": payments_in_file(payment_file=found),
            "arrives_by": arrival_date(found.processing_date),
            "active": "payments",
            "title": f"Payment file {found.serial_number:06d}",
        },
    )


@staff_page(Capability.MANAGE_PAYMENTS)
def file_download(request: HttpRequest, staff: Staff, payment_file_id: int) -> HttpResponse:
    found = payment_file_for(council=staff.council, payment_file_id=payment_file_id)
    if found is None:
        raise Http404
    payment_file_download_record(actor=staff.user, payment_file=found)
    response = HttpResponse(found.content, content_type="text/plain; charset=us-ascii")
    response["Content-Disposition"] = f'attachment; filename="{found.file_name}"'
    return response


@staff_page(Capability.MANAGE_PAYMENTS)
def originator(request: HttpRequest, staff: Staff) -> HttpResponse:
    current = bacs_originator_for(council=staff.council)
    initial = (
        {
            "service_user_number": current.service_user_number,
            "account_name": current.account_name,
            "sort_code": current.sort_code,
            "account_number": current.account_number,
        }
        if current
        else {}
    )
    form = OriginatorForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            bacs_originator_set(actor=staff.user, council=staff.council, **form.cleaned_data)
        except BacsDetailsRefused as refused:
            for field, message in refused.problems.items():
                form.add_error(field, message[0].upper() + message[1:])
        else:
            messages.success(request, "The council's Bacs details have been saved.")
            return redirect("payments:home", council_slug=staff.council.slug)
    return render(
        request,
        "fulfilment/payments/originator.html",
        {
            "staff": staff,
            "form": form,
            "errors": error_summary(form) if form.is_bound else [],
            "active": "payments",
            "title": "The council's Bacs details",
        },
    )


@staff_page(Capability.MANAGE_PAYMENTS)
def bounce(request: HttpRequest, staff: Staff) -> HttpResponse:
    form = BounceForm(_posted(request), initial={"reference": request.GET.get("reference", "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        payment = sent_payment_by_reference(council=staff.council, reference=data["reference"])
        if payment is None:
            form.add_error(
                "reference",
                "There is no payment sent in a payment file with that reference. Check the "
                "reference on the bank's report",
            )
        else:
            try:
                payment_bounce_record(
                    actor=staff.user,
                    council=staff.council,
                    payment=payment,
                    reason=return_reason_words(code=data["reason"], details=data["details"]),
                )
            except ServiceError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(
                    request,
                    f"The payment of {format_pounds(payment.amount_pence)} for "
                    f"{payment.reference} is recorded as returned, and the money has gone back "
                    "to the budget.",
                )
                return redirect("payments:bounce", council_slug=staff.council.slug)
    return render(
        request,
        "fulfilment/payments/bounce.html",
        {
            "staff": staff,
            "form": form,
            "errors": error_summary(form) if form.is_bound else [],
            "returned": payments_returned(council=staff.council)[:50],
            "active": "payments",
            "title": "Record a returned payment",
        },
    )
