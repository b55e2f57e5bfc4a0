"""Cash-out codes and prepaid cards: cards to hand over, codes out and used, redemption reports."""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from onestop.core.errors import ServiceError
from onestop.core.forms import GovukForm, error_summary
from onestop.core.money import format_pounds
from onestop.core.roles import Capability
from onestop.councils.access import Staff, staff_page
from onestop.councils.models import Council
from onestop.fulfilment.models import PrepaidCardStatus
from onestop.fulfilment.redemption_files import RedemptionFileError
from onestop.fulfilment.selectors.codes_and_cards import (
    SENT_BY_LABELS,
    card_with_waiting_money,
    cards_awaiting_collection,
    cash_out_counts,
    cash_out_latest,
)
from onestop.fulfilment.services.codes_and_cards import (
    RedemptionsLoaded,
    card_collect,
    cash_out_redemptions_load,
    voucher_redemptions_load,
)

MAX_FILE_BYTES = 5 * 1024 * 1024


class RedemptionUploadForm(GovukForm):
    report_file = forms.FileField(
        error_messages={
            "required": "Select the redemption report, a CSV file",
            "empty": "The selected file is empty",
        }
    )

    def clean_report_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["report_file"]
        if (upload.size or 0) > MAX_FILE_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 5MB")
        if not (upload.name or "").lower().endswith(".csv"):
            raise forms.ValidationError("The selected file must be a CSV")
        return upload


@dataclass(frozen=True)
class ReportKind:
    title: str
    header: str
    hint: str
    url_name: str
    load: Callable[..., RedemptionsLoaded]


CASH_OUT_REPORT = ReportKind(
    title="Upload a cash-out redemption report",
    header="code,amount,redeemed_at,location",
    hint=(
        "The report from the cash-out provider of the codes people collected. Amounts in pounds, "
        "like 60.00; times like 2027-03-01 14:32."
    ),
    url_name="codes_and_cards:cash_out_report",
    load=cash_out_redemptions_load,
)
VOUCHER_REPORT = ReportKind(
    title="Upload an e-voucher redemption report",
    header="code,redeemed_at",
    hint="The report from the retailer of the e-voucher codes people used. Times like 2027-03-01 14:32.",
    url_name="codes_and_cards:voucher_report",
    load=voucher_redemptions_load,
)


def _to_overview(council: Council) -> HttpResponse:
    return redirect("codes_and_cards:overview", council_slug=council.slug)


@staff_page(Capability.RESOLVE_FULFILMENT)
def overview(request: HttpRequest, staff: Staff) -> HttpResponse:
    return render(
        request,
        "fulfilment/codes_and_cards/overview.html",
        {
            "staff": staff,
            "cards": cards_awaiting_collection(council=staff.council),
            "cash_out_counts": cash_out_counts(council=staff.council),
            "cash_out_latest": cash_out_latest(council=staff.council),
            "sent_by_words": SENT_BY_LABELS,
            "today": timezone.localdate(),
            "can_upload": staff.can(Capability.MANAGE_PAYMENTS),
            "active": "codes_and_cards",
            "title": "Codes and cards",
        },
    )


@staff_page(Capability.RESOLVE_FULFILMENT)
def collect(request: HttpRequest, staff: Staff, card_id: int) -> HttpResponse:
    waiting = card_with_waiting_money(council=staff.council, card_id=card_id)
    if waiting is None:
        raise Http404("No such card")
    card = waiting.card
    if card.status != PrepaidCardStatus.AWAITING_COLLECTION:
        messages.info(
            request,
            f"The card ending {card.last_four} is not waiting to be collected: "
            f"it is {card.get_status_display().lower()}.",
        )
        return _to_overview(staff.council)
    if request.method == "POST":
        try:
            collected = card_collect(actor=staff.user, council=staff.council, card=card)
        except ServiceError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                f"The card ending {collected.last_four} is collected. "
                f"{format_pounds(collected.balance_pence)} is on it, ready to spend.",
            )
        return _to_overview(staff.council)
    return render(
        request,
        "fulfilment/codes_and_cards/collect.html",
        {
            "staff": staff,
            "waiting": waiting,
            "active": "codes_and_cards",
            "title": "Hand over a prepaid card",
        },
    )


def _report_upload(request: HttpRequest, staff: Staff, kind: ReportKind) -> HttpResponse:
    posted = request.method == "POST"
    form = RedemptionUploadForm(request.POST, request.FILES) if posted else RedemptionUploadForm()
    file_problems: list[str] = []
    if posted and form.is_valid():
        upload = form.cleaned_data["report_file"]
        try:
            loaded = kind.load(
                actor=staff.user,
                council=staff.council,
                file_name=upload.name,
                data=upload.read(),
            )
        except RedemptionFileError as error:
            file_problems = error.problems
            form.add_error(
                "report_file",
                "The report was not loaded because some lines have problems. Fix them and "
                "upload it again",
            )
        else:
            count = f"{loaded.codes} code" + ("" if loaded.codes == 1 else "s")
            messages.success(
                request,
                f"{count} worth {format_pounds(loaded.total_pence)} recorded as used, "
                f"from {loaded.file_name}.",
            )
            return _to_overview(staff.council)
    return render(
        request,
        "fulfilment/codes_and_cards/report_upload.html",
        {
            "staff": staff,
            "form": form,
            "kind": kind,
            "errors": error_summary(form) if form.is_bound else [],
            "file_problems": file_problems,
            "active": "codes_and_cards",
            "title": kind.title,
        },
    )


@staff_page(Capability.MANAGE_PAYMENTS)
def cash_out_report(request: HttpRequest, staff: Staff) -> HttpResponse:
    return _report_upload(request, staff, CASH_OUT_REPORT)


@staff_page(Capability.MANAGE_PAYMENTS)
def voucher_report(request: HttpRequest, staff: Staff) -> HttpResponse:
    return _report_upload(request, staff, VOUCHER_REPORT)
