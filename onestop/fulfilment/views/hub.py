"""The fulfilment hub: counts of what needs attention, links to each fulfilment page, and the
exception queue where staff try a failed award again or cancel it and return the money."""

from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import resolve, reverse
from django.views.decorators.http import require_POST

from onestop.core.errors import ServiceError
from onestop.core.forms import GovukForm, error_summary
from onestop.core.money import format_pounds
from onestop.core.roles import Capability
from onestop.councils.access import Staff, staff_page
from onestop.fulfilment.models import FulfilmentRequest
from onestop.fulfilment.selectors.hub import (
    failed_fulfilments,
    fulfilments_waiting_too_long,
    hub_counts,
)
from onestop.fulfilment.services.exceptions import MAX_REASON, fulfilment_cancel
from onestop.fulfilment.services.outbox import fulfilment_retry


def page_link(staff: Staff, name: str) -> str | None:
    """The address of another staff page, if this person's role may open it: a link that would
    lead to "You do not have permission" is left off rather than shown."""
    address = reverse(name, kwargs={"council_slug": staff.council.slug})
    capability = getattr(resolve(address).func, "required_capability", None)
    if capability is not None and not staff.can(capability):
        return None
    return address


@dataclass(frozen=True)
class HubLink:
    text: str
    href: str
    description: str


# Every page the hub can link to, in the order shown.
HUB_PAGES = (
    (
        "fulfilment_hub:exceptions",
        "Fulfilment needing attention",
        "Try failed awards again, or cancel them and return the money.",
    ),
    (
        "payments:home",
        "Bank payments",
        "Payments waiting for a payment file, and the Bacs files made.",
    ),
    ("catalogue:items", "Goods catalogue", "Items, prices, suppliers and where they deliver."),
    ("catalogue:orders", "Goods orders", "Orders placed with suppliers and their deliveries."),
    ("invoices:list", "Supplier invoices", "Invoices matched against delivered orders."),
    (
        "codes_and_cards:overview",
        "Cash-out codes and prepaid cards",
        "Codes and cards waiting to be collected, and what expired.",
    ),
    ("fulfilment:stock", "Voucher stock", "E-voucher codes in stock, and loading more."),
    (
        "fulfilment_hub:exports",
        "Finance exports",
        "Payment files, supplier spend and award spend as CSV or Excel.",
    ),
)


@staff_page(Capability.RESOLVE_FULFILMENT)
def home(request: HttpRequest, staff: Staff) -> HttpResponse:
    links = {name: page_link(staff, name) for name, _, _ in HUB_PAGES}
    return render(
        request,
        "fulfilment/hub/home.html",
        {
            "staff": staff,
            "counts": hub_counts(council=staff.council),
            "links": links,
            "pages": [
                HubLink(text, href, description)
                for name, text, description in HUB_PAGES
                if (href := links[name])
            ],
            "active": "fulfilment",
            "title": "Fulfilment",
        },
    )


@staff_page(Capability.RESOLVE_FULFILMENT)
def exceptions(request: HttpRequest, staff: Staff) -> HttpResponse:
    return render(
        request,
        "fulfilment/hub/exceptions.html",
        {
            "staff": staff,
            "failed": failed_fulfilments(council=staff.council),
            "waiting": fulfilments_waiting_too_long(council=staff.council),
            "active": "fulfilment",
            "title": "Fulfilment needing attention",
        },
    )


@require_POST
@staff_page(Capability.RESOLVE_FULFILMENT)
def retry(request: HttpRequest, staff: Staff, request_id: int) -> HttpResponse:
    try:
        fulfilment_retry(actor=staff.user, council=staff.council, request_id=request_id)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "The award is being sent again.")
    return redirect("fulfilment_hub:exceptions", council_slug=staff.council.slug)


class CancelForm(GovukForm):
    reason = forms.CharField(
        max_length=MAX_REASON,
        error_messages={
            "required": "Enter why the award is being cancelled, for example why it cannot "
            "be delivered",
            "max_length": f"The reason must be {MAX_REASON} characters or fewer",
        },
    )


@staff_page(Capability.RESOLVE_FULFILMENT)
def cancel(request: HttpRequest, staff: Staff, request_id: int) -> HttpResponse:
    fulfilment = failed_fulfilments(council=staff.council).filter(pk=request_id).first()
    if fulfilment is None:
        if request.method == "POST":
            messages.error(
                request,
                "That award no longer needs attention: it was tried again or cancelled already.",
            )
            return redirect("fulfilment_hub:exceptions", council_slug=staff.council.slug)
        raise Http404
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            fulfilment_cancel(
                actor=staff.user,
                council=staff.council,
                request_id=request_id,
                reason=form.cleaned_data["reason"],
            )
        except ServiceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _cancelled_message(fulfilment))
            return redirect("fulfilment_hub:exceptions", council_slug=staff.council.slug)
    return render(
        request,
        "fulfilment/hub/cancel.html",
        {
            "staff": staff,
            "fulfilment": fulfilment,
            "award": fulfilment.award,
            "form": form,
            "errors": error_summary(form) if form.is_bound else [],
            "active": "fulfilment",
            "title": "Cancel the award and return the money",
        },
    )


def _cancelled_message(fulfilment: FulfilmentRequest) -> str:
    award = fulfilment.award
    return (
        f"The award on {award.application.reference} is cancelled and "
        f"{format_pounds(award.value_pence)} is back in the fund."
    )
