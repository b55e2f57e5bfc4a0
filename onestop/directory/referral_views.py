"""Staff pages for referrals: refer a case's household on to services, record the reply and
outcome for an organisation that does not use the partner portal, and close referrals."""

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from onestop.core.errors import ServiceError
from onestop.core.forms import GovukForm, error_summary
from onestop.core.roles import Capability
from onestop.councils.access import Staff, staff_page
from onestop.directory.models import Referral, ReferralDirection, Service
from onestop.directory.referral_forms import OutcomeForm, ReferralForm, ReplyForm
from onestop.directory.referral_selectors import (
    referral_for_application,
    referrals_for_application,
    services_to_refer_to,
    suggested_services,
)
from onestop.directory.referral_services import (
    RecordingStep,
    referral_accept_on_behalf,
    referral_close,
    referral_decline_on_behalf,
    referral_in_outcome_sync,
    referral_outcome_record_on_behalf,
    referral_recording_refusal,
    referral_send,
)
from onestop.intake.models import Application
from onestop.intake.selectors import application_by_reference


def _case_or_404(staff: Staff, reference: str) -> Application:
    application = application_by_reference(council=staff.council, reference=reference)
    if application is None:
        raise Http404("No such case")
    return application


def case_referrals(*, application: Application) -> list[Referral]:
    """The case's referrals, with any partner's application's decision passed on first: what
    the case page's referrals panel (directory/referrals/_case_list.html) is given."""
    referrals = referrals_for_application(application=application)
    if any(r.direction == ReferralDirection.IN and r.is_open for r in referrals):
        for referral in referrals:
            referral_in_outcome_sync(referral=referral)
        referrals = referrals_for_application(application=application)
    return referrals


@staff_page(Capability.ADD_CASE_NOTES)
def referral_new(request: HttpRequest, staff: Staff, reference: str) -> HttpResponse:
    application = _case_or_404(staff, reference)
    council = staff.council
    suggestions = suggested_services(
        council=council,
        crisis_reason=application.crisis_reason,
        postcode=application.household.postcode,
    )
    suggested_ids = {s.service.pk for s in suggestions}
    others = [s for s in services_to_refer_to(council=council) if s.pk not in suggested_ids]
    choices = [
        (s.service.pk, f"{s.service.name}, {s.service.organization.name}") for s in suggestions
    ]
    choices += [(service.pk, f"{service.name}, {service.organization.name}") for service in others]
    hints = {
        s.service.pk: "Suggested: helps with "
        + ", ".join(s.needs_met)
        + (f". {s.nearby}" if s.nearby else "")
        for s in suggestions
    }
    posted = request.method == "POST"
    form = ReferralForm(request.POST if posted else None, service_choices=choices)
    if posted and form.is_valid():
        data = form.cleaned_data
        chosen = list(Service.objects.filter(council=council, pk__in=data["services"]))
        try:
            # All the chosen services or none: a refusal leaves nothing half-sent.
            with transaction.atomic():
                sent = [
                    referral_send(
                        actor=staff.user,
                        application=application,
                        service=service,
                        needs=data["needs"],
                        consent=data["consent"],
                    )
                    for service in chosen
                ]
        except ServiceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            names = ", ".join(r.service.name for r in sent if r.service)
            messages.success(request, f"Referred to {names}.")
            return redirect(
                "referrals:new", council_slug=council.slug, reference=application.reference
            )
    return render(
        request,
        "directory/referrals/new.html",
        {
            "staff": staff,
            "application": application,
            "form": form,
            "hints": hints,
            "has_suggestions": bool(suggestions),
            "referrals": case_referrals(application=application),
            "errors": error_summary(form) if form.is_bound else [],
            "active": "find",
            "title": f"Refer to other support: {application.reference}",
        },
    )


@require_POST
@staff_page(Capability.ADD_CASE_NOTES)
def referral_close_page(
    request: HttpRequest, staff: Staff, reference: str, referral_id: int
) -> HttpResponse:
    application = _case_or_404(staff, reference)
    referral = referral_for_application(application=application, referral_id=referral_id)
    if referral is None:
        raise Http404("No such referral")
    try:
        referral_close(actor=staff.user, referral=referral)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Referral closed.")
    return redirect(
        "referrals:new", council_slug=staff.council.slug, reference=application.reference
    )


# -- recording for an organisation that does not use the partner portal -----------------------


def _referral_or_404(staff: Staff, reference: str, referral_id: int) -> Referral:
    application = _case_or_404(staff, reference)
    referral = referral_for_application(application=application, referral_id=referral_id)
    if referral is None:
        raise Http404("No such referral")
    return referral


def _back_to_case(staff: Staff, referral: Referral) -> HttpResponse:
    address = reverse(
        "casework:case",
        kwargs={"council_slug": staff.council.slug, "reference": referral.application.reference},
    )
    return redirect(f"{address}#referral-{referral.pk}")


def _render_recording(
    request: HttpRequest,
    staff: Staff,
    referral: Referral,
    *,
    template: str,
    form: GovukForm,
    title: str,
) -> HttpResponse:
    assert referral.service is not None  # only out referrals get this far
    return render(
        request,
        template,
        {
            "staff": staff,
            "application": referral.application,
            "referral": referral,
            "organisation": referral.service.organization,
            "form": form,
            "errors": error_summary(form) if form.is_bound else [],
            "active": "find",
            "title": title,
        },
    )


def _refused(
    request: HttpRequest, staff: Staff, referral: Referral, step: RecordingStep
) -> HttpResponse | None:
    """Back to the case, saying why, when there is nothing staff may record for this step:
    the organisation answers on its portal, or the referral is past this step."""
    refusal = referral_recording_refusal(referral=referral, step=step)
    if refusal is None:
        return None
    messages.error(request, refusal)
    return _back_to_case(staff, referral)


@staff_page(Capability.ADD_CASE_NOTES)
def referral_reply_page(
    request: HttpRequest, staff: Staff, reference: str, referral_id: int
) -> HttpResponse:
    referral = _referral_or_404(staff, reference, referral_id)
    refused = _refused(request, staff, referral, "reply")
    if refused is not None:
        return refused
    assert referral.service is not None
    organisation = referral.service.organization.name
    posted = request.method == "POST"
    form = ReplyForm(request.POST if posted else None, organisation_name=organisation)
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            if data["reply"] == ReplyForm.ACCEPTED:
                referral_accept_on_behalf(actor=staff.user, referral=referral)
                done = f"Recorded that {organisation} accepted the referral."
            else:
                referral_decline_on_behalf(
                    actor=staff.user, referral=referral, reason=data["reason"]
                )
                done = f"Recorded that {organisation} cannot take the referral."
        except ServiceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, done)
            return _back_to_case(staff, referral)
    return _render_recording(
        request,
        staff,
        referral,
        template="directory/referrals/reply.html",
        form=form,
        title=f"Record {organisation}'s reply: {reference}",
    )


@staff_page(Capability.ADD_CASE_NOTES)
def referral_outcome_page(
    request: HttpRequest, staff: Staff, reference: str, referral_id: int
) -> HttpResponse:
    referral = _referral_or_404(staff, reference, referral_id)
    refused = _refused(request, staff, referral, "outcome")
    if refused is not None:
        return refused
    posted = request.method == "POST"
    form = OutcomeForm(
        request.POST if posted else None,
        initial={"outcome": referral.outcome},
    )
    if posted and form.is_valid():
        try:
            referral_outcome_record_on_behalf(
                actor=staff.user, referral=referral, outcome=form.cleaned_data["outcome"]
            )
        except ServiceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "Outcome recorded.")
            return _back_to_case(staff, referral)
    return _render_recording(
        request,
        staff,
        referral,
        template="directory/referrals/outcome.html",
        form=form,
        title=f"Record the referral's outcome: {reference}",
    )
