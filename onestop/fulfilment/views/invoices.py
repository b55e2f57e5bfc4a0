"""Finance's pages for supplier invoices: how each matches the delivered orders, and what has been
delivered but not yet invoiced."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from onestop.core.roles import Capability
from onestop.councils.access import Staff, staff_page
from onestop.councils.models import Organisation, OrganisationKind
from onestop.fulfilment.selectors.invoices import (
    NEWEST_INVOICES_SHOWN,
    invoice_matching,
    invoice_of_council,
    invoices_overview,
)


def _chosen_supplier(request: HttpRequest, staff: Staff) -> Organisation | None:
    """The supplier picked in the filter, if it is one of this council's; anything else shows all."""
    chosen = request.GET.get("supplier", "")
    if not chosen.isdigit():
        return None
    return Organisation.objects.filter(
        council=staff.council, kind=OrganisationKind.SUPPLIER, pk=int(chosen)
    ).first()


@staff_page(Capability.MANAGE_PAYMENTS)
def invoice_list(request: HttpRequest, staff: Staff) -> HttpResponse:
    supplier = _chosen_supplier(request, staff)
    return render(
        request,
        "fulfilment/invoices/list.html",
        {
            "staff": staff,
            "overview": invoices_overview(council=staff.council, supplier=supplier),
            "supplier": supplier,
            "newest_shown": NEWEST_INVOICES_SHOWN,
            "active": "invoices",
            "title": "Supplier invoices",
        },
    )


@staff_page(Capability.MANAGE_PAYMENTS)
def invoice(request: HttpRequest, staff: Staff, invoice_id: int) -> HttpResponse:
    found = invoice_of_council(council=staff.council, invoice_id=invoice_id)
    if found is None:
        raise Http404("No such invoice at this council")
    return render(
        request,
        "fulfilment/invoices/invoice.html",
        {
            "staff": staff,
            "matching": invoice_matching(invoice=found, viewer="council"),
            "active": "invoices",
            "title": f"Invoice {found.invoice_number} from {found.supplier.name}",
        },
    )
