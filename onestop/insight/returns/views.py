"""Management return pages for finance officers: the periods, one period's figures with its
downloads and sign-off, and the files themselves."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from onestop.core.errors import ServiceError
from onestop.core.forms import error_summary
from onestop.core.roles import Capability
from onestop.councils.access import Staff, staff_page
from onestop.insight.returns.build import return_figures
from onestop.insight.returns.files import (
    XLSX_TYPE,
    figures_digest,
    file_stem,
    return_csv,
    return_xlsx,
)
from onestop.insight.returns.forms import SignOffForm
from onestop.insight.returns.periods import (
    Period,
    PeriodFormatError,
    period_containing,
    period_parse,
)
from onestop.insight.returns.signoff import return_periods, return_sign_off, return_sign_off_for

# Finance officers build, check and sign off the return (see core/roles.py).
SEE_RETURNS = Capability.MANAGE_BUDGETS


def _period(text: str) -> Period:
    """The period the address names, or "Page not found" for a bad or future one."""
    try:
        period = period_parse(text)
    except PeriodFormatError:
        raise Http404("No such period") from None
    if period > period_containing(timezone.localdate()):
        raise Http404("That period has not started")
    return period


@staff_page(SEE_RETURNS)
def return_list(request: HttpRequest, staff: Staff) -> HttpResponse:
    return render(
        request,
        "insight/returns/list.html",
        {
            "staff": staff,
            "title": "Management returns",
            "active": "returns",
            "standings": return_periods(council=staff.council, today=timezone.localdate()),
        },
    )


@staff_page(SEE_RETURNS)
def return_period(request: HttpRequest, staff: Staff, period: str) -> HttpResponse:
    chosen = _period(period)
    today = timezone.localdate()
    form = SignOffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            return_sign_off(
                actor=staff.user,
                council=staff.council,
                period=chosen,
                figures_seen_digest=form.cleaned_data["figures_digest"],
                approved_by_name=form.cleaned_data["approved_by_name"],
                confirmed=form.cleaned_data["confirm"],
                today=today,
            )
        except ServiceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, f"The return for {chosen.name} is signed off.")
            return redirect("returns:period", council_slug=staff.council.slug, period=chosen.code)
    figures = return_figures(council=staff.council, period=chosen)
    digest = figures_digest(figures)
    sign_off = return_sign_off_for(council=staff.council, period=chosen)
    return render(
        request,
        "insight/returns/period.html",
        {
            "staff": staff,
            "title": f"Management return for {chosen.name}",
            "active": "returns",
            "period": chosen,
            "has_ended": chosen.has_ended(today),
            "figures": figures,
            "digest": digest,
            "sign_off": sign_off,
            "changed": sign_off is not None and sign_off.figures_digest != digest,
            "form": form,
            "errors": error_summary(form) if form.is_bound else [],
        },
    )


def _attachment(body: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@staff_page(SEE_RETURNS)
def return_xlsx_download(request: HttpRequest, staff: Staff, period: str) -> HttpResponse:
    chosen = _period(period)
    figures = return_figures(council=staff.council, period=chosen)
    body = return_xlsx(
        figures,
        today=timezone.localdate(),
        sign_off=return_sign_off_for(council=staff.council, period=chosen),
    )
    return _attachment(body, XLSX_TYPE, f"{file_stem(figures)}.xlsx")


@staff_page(SEE_RETURNS)
def return_csv_download(request: HttpRequest, staff: Staff, period: str) -> HttpResponse:
    figures = return_figures(council=staff.council, period=_period(period))
    return _attachment(return_csv(figures), "text/csv; charset=utf-8", f"{file_stem(figures)}.csv")
