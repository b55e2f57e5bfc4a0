"""Partner portal pages for referrals: the organisation's referrals to it and by it, and
accepting, declining and saying what came of those sent to it. Nothing else is shown."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from onestop.core.errors import ServiceError
from onestop.core.forms import GovukForm, error_summary
from onestop.councils.access import PartnerStaff, partner_page
from onestop.directory.models import Referral, ReferralDirection, ReferralStatus
from onestop.directory.referral_forms import DeclineForm, OutcomeForm
from onestop.directory.referral_selectors import (
    referral_for_organisation,
    referrals_for_organisation,
)
from onestop.directory.referral_services import (
    referral_accept,
    referral_decline,
    referral_in_outcome_sync,
    referral_outcome_record,
)

LIST_LIMIT = 200


def _own_or_404(partner: PartnerStaff, referral_id: int) -> Referral:
    referral = referral_for_organisation(organisation=partner.organisation, referral_id=referral_id)
    if referral is None:
        # Another organisation's referral is not there at all.
        raise Http404("No such referral")
    return referral


@partner_page()
def referral_list(request: HttpRequest, partner: PartnerStaff) -> HttpResponse:
    # The decision signal closes an in referral when its application is decided; a process
    # that died between the decision's commit and the signal leaves it open, so it is also
    # brought up to date here (and on the case's referrals panel) before anyone reads it.
    open_in = referrals_for_organisation(organisation=partner.organisation).filter(
        direction=ReferralDirection.IN, status=ReferralStatus.SENT
    )
    for referral in open_in:
        referral_in_outcome_sync(referral=referral)
    referrals = list(referrals_for_organisation(organisation=partner.organisation)[:LIST_LIMIT])
    return render(
        request,
        "directory/partner_referrals/list.html",
        {
            "partner": partner,
            "to_us": [r for r in referrals if r.direction == ReferralDirection.OUT],
            "by_us": [r for r in referrals if r.direction == ReferralDirection.IN],
            "active": "referrals_to_you",
            "title": "Referrals",
        },
    )


def _render_referral(
    request: HttpRequest,
    partner: PartnerStaff,
    referral: Referral,
    *,
    decline: DeclineForm | None = None,
    outcome: OutcomeForm | None = None,
    status: int = 200,
) -> HttpResponse:
    decline = decline or DeclineForm()
    outcome = outcome or OutcomeForm()
    bound: list[GovukForm] = [form for form in (decline, outcome) if form.is_bound]
    return render(
        request,
        "directory/partner_referrals/referral.html",
        {
            "partner": partner,
            "referral": referral,
            "person": referral.application.applicant,
            "decline": decline,
            "outcome": outcome,
            "errors": error_summary(*bound) if bound else [],
            "active": "referrals_to_you",
            "title": f"Referral {referral.application.reference}",
        },
        status=status,
    )


@partner_page()
def referral(request: HttpRequest, partner: PartnerStaff, referral_id: int) -> HttpResponse:
    return _render_referral(request, partner, _own_or_404(partner, referral_id))


@partner_page()
def referral_accept_page(
    request: HttpRequest, partner: PartnerStaff, referral_id: int
) -> HttpResponse:
    found = _own_or_404(partner, referral_id)
    if request.method != "POST":
        return redirect(
            "partner_referrals:referral", council_slug=partner.council.slug, referral_id=found.pk
        )
    try:
        referral_accept(actor=partner.user, referral=found)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Referral accepted. The council can see you have taken it.")
    return redirect(
        "partner_referrals:referral", council_slug=partner.council.slug, referral_id=found.pk
    )


@partner_page()
def referral_decline_page(
    request: HttpRequest, partner: PartnerStaff, referral_id: int
) -> HttpResponse:
    found = _own_or_404(partner, referral_id)
    if request.method != "POST":
        return redirect(
            "partner_referrals:referral", council_slug=partner.council.slug, referral_id=found.pk
        )
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            referral_decline(actor=partner.user, referral=found, reason=form.cleaned_data["reason"])
        except ServiceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "Referral declined. The council can see why.")
            return redirect(
                "partner_referrals:referral",
                council_slug=partner.council.slug,
                referral_id=found.pk,
            )
    return _render_referral(request, partner, found, decline=form)


@partner_page()
def referral_outcome_page(
    request: HttpRequest, partner: PartnerStaff, referral_id: int
) -> HttpResponse:
    found = _own_or_404(partner, referral_id)
    if request.method != "POST":
        return redirect(
            "partner_referrals:referral", council_slug=partner.council.slug, referral_id=found.pk
        )
    form = OutcomeForm(request.POST)
    if form.is_valid():
        try:
            referral_outcome_record(
                actor=partner.user, referral=found, outcome=form.cleaned_data["outcome"]
            )
        except ServiceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "Outcome recorded. The council can see it on the case.")
            return redirect(
                "partner_referrals:referral",
                council_slug=partner.council.slug,
                referral_id=found.pk,
            )
    return _render_referral(request, partner, found, outcome=form)
