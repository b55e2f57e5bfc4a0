"""The adviser's application form and its confirmation page."""

import uuid

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from onestop.core.errors import ServiceError
from onestop.core.forms import error_summary
from onestop.core.roles import Capability
from onestop.councils.access import Staff, staff_page
from onestop.intake.forms import MemberFormSet, PhoneApplicationForm
from onestop.intake.models import Channel
from onestop.intake.selectors import application_by_reference
from onestop.intake.services import ApplicationDetails, application_submit
from onestop.policy.selectors import schemes_open


@staff_page(Capability.TAKE_APPLICATIONS)
def new(request: HttpRequest, staff: Staff) -> HttpResponse:
    schemes = list(schemes_open(council=staff.council))
    if request.method == "POST":
        form = PhoneApplicationForm(request.POST, schemes=schemes)
        lives_with_others = request.POST.get("lives_with_others") == "yes"
        members = MemberFormSet(request.POST, prefix="members", lives_with_others=lives_with_others)
        members_ok = members.is_valid() or not lives_with_others
        if form.is_valid() and members_ok:
            d = form.cleaned_data
            try:
                application = application_submit(
                    actor=staff.user,
                    council=staff.council,
                    submission_key=f"form:{d['form_token']}",
                    details=ApplicationDetails(
                        scheme=form.schemes[d["scheme"]],
                        channel=Channel.PHONE,
                        applicant=form.applicant(),
                        address=form.address(),
                        members=members.members(),
                        crisis_reason=d["crisis_reason"],
                        crisis_details=d["crisis_details"],
                        weekly_income_pence=d["weekly_income"],
                        weekly_housing_costs_pence=d["weekly_housing_costs"],
                        savings_pence=d["savings"],
                        consent_given=d["consent"],
                        circumstances=form.circumstances_given(),
                    ),
                )
            except ServiceError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                return redirect(
                    "intake:submitted",
                    council_slug=staff.council.slug,
                    reference=application.reference,
                )
        if lives_with_others and members.non_form_errors():
            # "Nobody entered" belongs to the question that said somebody lives with them.
            form.add_error("lives_with_others", members.non_form_errors()[0])
        errors = error_summary(form, *(members.forms if lives_with_others else []))
    else:
        form = PhoneApplicationForm(
            initial={"form_token": uuid.uuid4().hex, "language": "en"}, schemes=schemes
        )
        members = MemberFormSet(prefix="members", lives_with_others=False)
        errors = []
    return render(
        request,
        "intake/new.html",
        {
            "staff": staff,
            "form": form,
            "members": members,
            "errors": errors,
            "active": "new",
            "title": "New application",
        },
    )


@staff_page(Capability.TAKE_APPLICATIONS)
def submitted(request: HttpRequest, staff: Staff, reference: str) -> HttpResponse:
    application = application_by_reference(council=staff.council, reference=reference)
    if application is None:
        raise Http404
    return render(
        request,
        "intake/submitted.html",
        {"staff": staff, "application": application, "title": "Application submitted"},
    )
