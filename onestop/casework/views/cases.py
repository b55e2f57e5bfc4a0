"""Casework pages: the staff home, the work queue, finding and opening a case, deciding it."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from onestop.casework.forms import DecisionForm, FindCaseForm
from onestop.casework.models import DecisionOutcome
from onestop.casework.selectors import (
    audit_log as audit_log_selector,
)
from onestop.casework.selectors import (
    case_timeline,
    deadline_status,
    decision_for,
    work_queue,
)
from onestop.casework.services import case_view_record, decision_record
from onestop.core.errors import ServiceError
from onestop.core.forms import error_summary
from onestop.core.roles import Capability
from onestop.councils.access import Staff, staff_page
from onestop.fulfilment.selectors import awards_for_application
from onestop.intake.models import Application
from onestop.intake.selectors import (
    application_by_reference,
    application_latest_assessment,
    applications_of_person,
    applications_recent,
)
from onestop.notifications.selectors import messages_for_case


@staff_page(None)
def staff_home(request: HttpRequest, staff: Staff) -> HttpResponse:
    waiting = work_queue(council=staff.council).count() if staff.can("decide") else None
    return render(
        request,
        "casework/staff_home.html",
        {"staff": staff, "title": staff.council.name, "waiting": waiting},
    )


@staff_page(Capability.DECIDE)
def queue(request: HttpRequest, staff: Staff) -> HttpResponse:
    today = timezone.localdate()
    waiting = [
        (a, deadline_status(due=a.decision_due, today=today))
        for a in work_queue(council=staff.council)[:200]
    ]
    return render(
        request,
        "casework/queue.html",
        {"staff": staff, "waiting": waiting, "active": "queue", "title": "Work queue"},
    )


@staff_page(Capability.VIEW_CASES)
def find(request: HttpRequest, staff: Staff) -> HttpResponse:
    form = FindCaseForm(request.GET or None)
    errors = []
    if form.is_bound and form.is_valid():
        application = application_by_reference(
            council=staff.council, reference=form.cleaned_data["reference"]
        )
        if application is not None:
            return redirect(
                "casework:case", council_slug=staff.council.slug, reference=application.reference
            )
        form.add_error(
            "reference",
            "No application has that reference. Check it with the applicant: references look like CR-7K4M-2Q",
        )
    if form.is_bound:
        errors = error_summary(form)
    return render(
        request,
        "casework/find.html",
        {
            "staff": staff,
            "form": form,
            "errors": errors,
            "recent": applications_recent(council=staff.council, limit=25),
            "active": "find",
            "title": "Find a case",
        },
    )


def _application_or_404(staff: Staff, reference: str) -> Application:
    application = application_by_reference(council=staff.council, reference=reference)
    if application is None:
        raise Http404
    return application


@staff_page(Capability.VIEW_CASES)
def case(request: HttpRequest, staff: Staff, reference: str) -> HttpResponse:
    application = _application_or_404(staff, reference)
    case_view_record(membership=staff.membership, application=application)
    return render(
        request,
        "casework/case.html",
        {
            "staff": staff,
            "application": application,
            "members": application.members.select_related("person"),
            "assessment": application_latest_assessment(application=application),
            "decision": decision_for(application=application),
            "awards": awards_for_application(application=application),
            "messages_sent": messages_for_case(
                council=staff.council, case_reference=application.reference
            ),
            "timeline": case_timeline(council=staff.council, reference=application.reference),
            "history": applications_of_person(application=application),
            "deadline": deadline_status(due=application.decision_due, today=timezone.localdate()),
            "active": "find",
            "title": f"Case {application.reference}",
        },
    )


@staff_page(Capability.DECIDE)
def decide(request: HttpRequest, staff: Staff, reference: str) -> HttpResponse:
    application = _application_or_404(staff, reference)
    assessment = application_latest_assessment(application=application)
    if decision_for(application=application) is not None:
        messages.info(request, f"{application.reference} has already been decided.")
        return redirect(
            "casework:case", council_slug=staff.council.slug, reference=application.reference
        )
    if request.method == "GET":
        case_view_record(membership=staff.membership, application=application)
    initial = {}
    if assessment is not None and assessment.proposed_award_pence:
        initial["amount"] = f"{assessment.proposed_award_pence / 100:.2f}"
    form = DecisionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            decision_record(
                membership=staff.membership,
                application=application,
                outcome=DecisionOutcome(d["outcome"]),
                reasons=d["reasons"],
                amount_pence=d["amount"] or 0,
            )
        except ServiceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request,
                f"Decision recorded for {application.reference}. The applicant is being told.",
            )
            return redirect(
                "casework:case", council_slug=staff.council.slug, reference=application.reference
            )
    return render(
        request,
        "casework/decide.html",
        {
            "staff": staff,
            "application": application,
            "assessment": assessment,
            "form": form,
            "errors": error_summary(form) if form.is_bound else [],
            "active": "queue",
            "title": f"Decide {application.reference}",
        },
    )


@staff_page(Capability.VIEW_AUDIT_LOG)
def audit_log(request: HttpRequest, staff: Staff) -> HttpResponse:
    return render(
        request,
        "casework/audit_log.html",
        {
            "staff": staff,
            "events": audit_log_selector(council=staff.council, limit=300),
            "active": "audit",
            "title": "Audit log",
        },
    )
