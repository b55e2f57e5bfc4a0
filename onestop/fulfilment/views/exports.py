"""Finance exports: choose the dates, then download each export as CSV or Excel."""

import datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from onestop.core.errors import ServiceError
from onestop.core.forms import DateInputField, GovukForm, error_summary
from onestop.core.roles import Capability
from onestop.councils.access import Staff, staff_page
from onestop.fulfilment.exports import EXPORTS, WRITERS, export_download, export_row_counts
from onestop.fulfilment.selectors.exports import DateRange, this_month


class ExportDatesForm(GovukForm):
    date_from = DateInputField(label_text="Start date", required_message="Enter the start date")
    date_to = DateInputField(label_text="End date", required_message="Enter the end date")

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        first, last = cleaned.get("date_from"), cleaned.get("date_to")
        if isinstance(first, datetime.date) and isinstance(last, datetime.date) and last < first:
            self.add_error("date_to", "The end date must be the same as or after the start date")
        return cleaned


def _period_from_query(request: HttpRequest) -> DateRange | None:
    """The dates a download link carries (?from=2026-06-01&to=2026-06-30); this month if it
    carries none; None if they are not dates."""
    first, last = request.GET.get("from"), request.GET.get("to")
    if not first and not last:
        return this_month()
    try:
        period = DateRange(
            datetime.date.fromisoformat(first or ""), datetime.date.fromisoformat(last or "")
        )
    except ValueError:
        return None
    return period if period.first <= period.last else None


@staff_page(Capability.MANAGE_PAYMENTS)
def exports(request: HttpRequest, staff: Staff) -> HttpResponse:
    default = this_month()
    form = ExportDatesForm(
        request.GET if "date_from_day" in request.GET else None,
        initial={"date_from": default.first, "date_to": default.last},
    )
    period = default
    if form.is_bound:
        period = (
            DateRange(form.cleaned_data["date_from"], form.cleaned_data["date_to"])
            if form.is_valid()
            else default
        )
    query = urlencode({"from": period.first.isoformat(), "to": period.last.isoformat()})
    downloads = [
        {
            "export": export,
            "rows": count,
            "links": {
                file_format: reverse(
                    "fulfilment_hub:export",
                    kwargs={
                        "council_slug": staff.council.slug,
                        "export_name": export.name,
                        "file_format": file_format,
                    },
                )
                + "?"
                + query
                for file_format in WRITERS
            },
        }
        for export, count in (
            (EXPORTS[name], count)
            for name, count in export_row_counts(council=staff.council, period=period).items()
        )
    ]
    return render(
        request,
        "fulfilment/hub/exports.html",
        {
            "staff": staff,
            "form": form,
            "errors": error_summary(form) if form.is_bound else [],
            "showing_default": form.is_bound and not form.is_valid(),
            "period": period,
            "downloads": downloads,
            "active": "fulfilment",
            "title": "Finance exports",
        },
    )


@staff_page(Capability.MANAGE_PAYMENTS)
def export(request: HttpRequest, staff: Staff, export_name: str, file_format: str) -> HttpResponse:
    if export_name not in EXPORTS or file_format not in WRITERS:
        raise Http404
    period = _period_from_query(request)
    if period is None:
        messages.error(request, "Those dates could not be read. Choose the dates again.")
        return redirect("fulfilment_hub:exports", council_slug=staff.council.slug)
    try:
        exported = export_download(
            actor=staff.user,
            council=staff.council,
            export_name=export_name,
            file_format=file_format,
            period=period,
        )
    except ServiceError as error:
        messages.error(request, error.message)
        return redirect("fulfilment_hub:exports", council_slug=staff.council.slug)
    response = HttpResponse(exported.content, content_type=exported.content_type)
    response["Content-Disposition"] = f'attachment; filename="{exported.file_name}"'
    # Finance data: never kept by a shared cache or the browser's back button.
    response["Cache-Control"] = "no-store"
    return response
