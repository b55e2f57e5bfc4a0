"""Voucher stock: what is left, loading more codes, and awards whose fulfilment needs attention."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from onestop.core.errors import ServiceError
from onestop.core.forms import error_summary
from onestop.core.roles import Capability
from onestop.councils.access import Staff, staff_page
from onestop.fulfilment.forms import VoucherUploadForm
from onestop.fulfilment.selectors.awards import (
    fulfilments_needing_attention,
    voucher_batches,
    voucher_stock_summary,
)
from onestop.fulfilment.services.outbox import fulfilment_retry
from onestop.fulfilment.services.vouchers import voucher_stock_load
from onestop.fulfilment.voucher_files import VoucherFileError


@staff_page(Capability.MANAGE_VOUCHER_STOCK)
def stock(request: HttpRequest, staff: Staff) -> HttpResponse:
    form = VoucherUploadForm(request.POST or None, request.FILES or None)
    file_problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["codes_file"]
        try:
            batch = voucher_stock_load(
                actor=staff.user, council=staff.council, file_name=upload.name, data=upload.read()
            )
        except VoucherFileError as error:
            file_problems = error.problems
            form.add_error(
                "codes_file",
                "The file was not loaded because some lines have problems. Fix them and upload it again",
            )
        else:
            messages.success(request, f"{batch.code_count} codes loaded from {batch.file_name}.")
            return redirect("fulfilment:stock", council_slug=staff.council.slug)
    return render(
        request,
        "fulfilment/stock.html",
        {
            "staff": staff,
            "form": form,
            "errors": error_summary(form) if form.is_bound else [],
            "file_problems": file_problems,
            "stock": voucher_stock_summary(council=staff.council),
            "batches": voucher_batches(council=staff.council)[:20],
            "failed": fulfilments_needing_attention(council=staff.council),
            "active": "vouchers",
            "title": "Voucher stock",
        },
    )


@require_POST
@staff_page(Capability.MANAGE_VOUCHER_STOCK)
def retry(request: HttpRequest, staff: Staff, request_id: int) -> HttpResponse:
    try:
        fulfilment_retry(actor=staff.user, council=staff.council, request_id=request_id)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Fulfilment is being tried again.")
    return redirect("fulfilment:stock", council_slug=staff.council.slug)
