"""Staff pages for referrals: refer a case's household on to services, and close referrals."""

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from onestop.core.errors import ServiceError
from onestop.core.forms import error_summary
from onestop.core.roles import Capability
from onestop.councils.access import Staff, staff_page
from onestop.directory.models import Referral, ReferralDirection, Service
from onestop.directory.referral_forms import ReferralForm
from onestop.directory.referral_selectors import (
    referral_for_application,
    referrals_for_application,
    services_to_refer_to,
    suggested_services,
)
from onestop.directory.referral_services import (
    referral_close,
    referral_in_outcome_sync,
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
