"""Casework pages: the staff home, finding and opening a case, and the audit log."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from onestop.casework.forms.cases import FindCaseForm
from onestop.casework.selectors.cases import audit_log as audit_log_selector
from onestop.casework.selectors.cases import case_timeline, deadline_status, decision_for
from onestop.casework.selectors.complaints import complaints_for_case
from onestop.casework.selectors.decisions import (
    approval_waiting_for,
    approvals_waiting,
    information_request_open,
    information_requests_for,
)
from onestop.casework.selectors.history import case_history, case_household
from onestop.casework.selectors.notes import case_documents_visible, case_notes_visible
from onestop.casework.selectors.queues import work_queue
from onestop.casework.selectors.reviews import case_reviews
from onestop.casework.services.decisions import case_view_record
from onestop.core.case_panels import case_panels
from onestop.core.forms import error_summary
from onestop.core.roles import Capability
from onestop.councils.access import Staff, staff_page
from onestop.fulfilment.selectors.case_awards import award_panels
from onestop.intake.models import Application
from onestop.intake.selectors import (
    application_by_reference,
    application_latest_assessment,
    applications_recent,
)
from onestop.notifications.selectors import letters_for_case, messages_for_case
from onestop.people.selectors import residency_of


@staff_page(None)
def staff_home(request: HttpRequest, staff: Staff) -> HttpResponse:
    waiting = work_queue(council=staff.council).count() if staff.can("decide") else None
    approvals = (
        approvals_waiting(council=staff.council).count() if staff.can("approve_awards") else None
    )
    return render(
        request,
        "casework/staff_home.html",
        {
            "staff": staff,
            "title": staff.council.name,
            "waiting": waiting,
            "approvals": approvals,
        },
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


def application_or_404(staff: Staff, reference: str) -> Application:
    application = application_by_reference(council=staff.council, reference=reference)
    if application is None:
        raise Http404
    return application


@staff_page(Capability.VIEW_CASES)
def case(request: HttpRequest, staff: Staff, reference: str) -> HttpResponse:
    application = application_or_404(staff, reference)
    case_view_record(membership=staff.membership, application=application)
    council = staff.council
    today = timezone.localdate()
    return render(
        request,
        "casework/case.html",
        {
            "staff": staff,
            "application": application,
            "deadline": deadline_status(
                due=application.decision_due, today=today, region=council.bank_holiday_region
            ),
            "assessment": application_latest_assessment(application=application),
            "decision": decision_for(application=application),
            "award_panels": award_panels(application=application),
            "case_panels": case_panels(application=application),
            "household": case_household(application=application, today=today),
            "residency": residency_of(household=application.household),
            "history": case_history(council=council, application=application),
            "letters": letters_for_case(
                council=staff.council, case_reference=application.reference
            ),
            "messages_sent": messages_for_case(
                council=council, case_reference=application.reference
            ),
            "timeline": case_timeline(council=council, reference=application.reference),
            # Panels from other parts of casework: one key each.
            "open_information_request": information_request_open(application=application),
            "information_requests": information_requests_for(application=application),
            "waiting_approval": approval_waiting_for(application=application),
            "reviews": case_reviews(application=application),
            "complaints": complaints_for_case(application=application),
            "notes": case_notes_visible(membership=staff.membership, application=application),
            "documents": case_documents_visible(
                membership=staff.membership, application=application
            ),
            "active": "find",
            "title": f"Case {application.reference}",
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
