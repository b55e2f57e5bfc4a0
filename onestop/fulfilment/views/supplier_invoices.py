"""The supplier portal's invoices: upload an invoice file, and see how each invoice matched the
supplier's own delivered orders. A supplier never sees another supplier's invoices."""

from django import forms
from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from onestop.core.errors import ServiceError
from onestop.core.forms import GovukForm, error_summary
from onestop.councils.access import PartnerStaff, supplier_page
from onestop.fulfilment.invoice_files import InvoiceFileError
from onestop.fulfilment.selectors.invoices import (
    delivered_not_invoiced,
    invoice_matching,
    invoice_of_supplier,
    invoices_of_supplier,
    matchings_of,
)
from onestop.fulfilment.services.invoices import invoice_file_upload

MAX_FILE_BYTES = 5 * 1024 * 1024


class InvoiceUploadForm(GovukForm):
    invoice_file = forms.FileField(
        error_messages={
            "required": "Select a CSV file of your invoice",
            "empty": "The selected file is empty",
        }
    )

    def clean_invoice_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["invoice_file"]
        if (upload.size or 0) > MAX_FILE_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 5MB")
        if not (upload.name or "").lower().endswith(".csv"):
            raise forms.ValidationError("The selected file must be a CSV")
        return upload


def _not_uploaded(problems: list[str]) -> str:
    if len(problems) == 1:
        return f"The file was not uploaded. {problems[0]}"
    return (
        f"The file was not uploaded: it has {len(problems)} problems, listed below. Correct "
        "them and upload it again"
    )


@supplier_page()
def invoice_list(request: HttpRequest, supplier: PartnerStaff) -> HttpResponse:
    organisation = supplier.organisation
    return render(
        request,
        "fulfilment/invoices/supplier_list.html",
        {
            "supplier": supplier,
            "invoices": matchings_of(
                invoices_of_supplier(supplier=organisation)[:300], viewer="supplier"
            ),
            "not_invoiced": delivered_not_invoiced(council=supplier.council, supplier=organisation),
            "active": "invoices",
            "title": "Your invoices",
        },
    )


@supplier_page()
def upload(request: HttpRequest, supplier: PartnerStaff) -> HttpResponse:
    posted = request.method == "POST"
    # Bound whenever posted, so that a post with no file at all is told to choose one.
    form = InvoiceUploadForm(request.POST, request.FILES) if posted else InvoiceUploadForm()
    file_problems: list[str] = []
    if posted and form.is_valid():
        upload = form.cleaned_data["invoice_file"]
        try:
            invoice = invoice_file_upload(
                actor=supplier.user,
                supplier=supplier.organisation,
                file_name=upload.name,
                data=upload.read(),
            )
        except InvoiceFileError as error:
            file_problems = error.problems
            form.add_error("invoice_file", _not_uploaded(error.problems))
        except ServiceError as error:
            form.add_error("invoice_file", error.message)
        else:
            matching = invoice_matching(invoice=invoice, viewer="supplier")
            messages.success(
                request,
                f"Invoice {invoice.invoice_number} uploaded. "
                + (
                    "Every line matches your delivered orders."
                    if matching.matches
                    else f"It has {matching.status}: see below."
                ),
            )
            return redirect(
                "supplier_invoices:invoice",
                council_slug=supplier.council.slug,
                invoice_id=invoice.pk,
            )
    return render(
        request,
        "fulfilment/invoices/supplier_upload.html",
        {
            "supplier": supplier,
            "form": form,
            "errors": error_summary(form) if form.is_bound else [],
            "file_problems": file_problems,
            "active": "upload",
            "title": "Upload an invoice",
        },
    )


@supplier_page()
def invoice(request: HttpRequest, supplier: PartnerStaff, invoice_id: int) -> HttpResponse:
    found = invoice_of_supplier(supplier=supplier.organisation, invoice_id=invoice_id)
    if found is None:
        # Another supplier's invoice is not there, as far as this supplier can tell.
        raise Http404("No such invoice of this supplier")
    return render(
        request,
        "fulfilment/invoices/supplier_invoice.html",
        {
            "supplier": supplier,
            "matching": invoice_matching(invoice=found, viewer="supplier"),
            "active": "invoices",
            "title": f"Invoice {found.invoice_number}",
        },
    )
