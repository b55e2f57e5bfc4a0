"""Deciding a case: award or refuse, ask for more information, approve a high-value award."""

import datetime

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from onestop.budgets.selectors import budget_admits, budget_in_force
from onestop.budgets.thresholds import below_threshold_message
from onestop.casework.forms.award_details import GoodsForm
from onestop.casework.forms.decisions import (
    ApprovalForm,
    DecisionForm,
    InformationReceivedForm,
    InformationRequestForm,
)
from onestop.casework.models import AwardApproval, DecisionOutcome
from onestop.casework.selectors.cases import decision_for
from onestop.casework.selectors.decisions import (
    approval_waiting_for,
    approvals_waiting,
    discretion_decisions,
    discretion_report,
    information_request_open,
)
from onestop.casework.services.decisions import (
    approval_approve,
    approval_return,
    case_view_record,
    decision_record,
)
from onestop.casework.services.information import information_received, information_request
from onestop.casework.views.award_details import (
    award_details_form,
    award_details_save,
    goods_cost,
)
from onestop.casework.views.cases import application_or_404
from onestop.core.errors import ServiceError
from onestop.core.forms import GovukForm, error_summary
from onestop.core.roles import Capability
from onestop.councils.access import Staff, staff_page
from onestop.intake.models import Application
from onestop.intake.selectors import application_latest_assessment


def _date_example(day: datetime.date) -> str:
    return f"{day.day} {day.month} {day.year}"


def _to_case(staff: Staff, application: Application) -> HttpResponse:
    return redirect(
        "casework:case", council_slug=staff.council.slug, reference=application.reference
    )


def _show_error(form: GovukForm, error: ServiceError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


@staff_page(Capability.DECIDE)
def decide(request: HttpRequest, staff: Staff, reference: str) -> HttpResponse:
    application = application_or_404(staff, reference)
    assessment = application_latest_assessment(application=application)
    if decision_for(application=application) is not None:
        messages.info(request, f"{application.reference} has already been decided.")
        return _to_case(staff, application)
    waiting_approval = approval_waiting_for(application=application)
    if waiting_approval is not None:
        messages.info(request, f"{application.reference} is waiting for a team leader's approval.")
        return _to_case(staff, application)
    if request.method == "GET":
        case_view_record(membership=staff.membership, application=application)
    budget = budget_in_force(
        council=staff.council, scheme=application.scheme, on=timezone.localdate()
    )
    below_priority = (
        below_threshold_message(
            scheme_name=application.scheme.name,
            threshold=budget.priority_threshold,
            priority=application.priority,
        )
        if budget is not None and not budget_admits(budget=budget, priority=application.priority)
        else None
    )
    initial = {}
    if assessment is not None and assessment.proposed_award_pence:
        initial["amount"] = f"{assessment.proposed_award_pence / 100:.2f}"
    data = request.POST.copy() if request.method == "POST" else None
    awarding = data is not None and data.get("outcome") == DecisionOutcome.AWARD
    details = award_details_form(application=application, data=data if awarding else None)
    details_valid = details is None or not awarding or details.is_valid()
    if data is not None and isinstance(details, GoodsForm) and awarding and details_valid:
        # Goods are awarded at what the items cost: the amount box is not used.
        data["amount"] = f"{goods_cost(form=details) / 100:.2f}"
    form = DecisionForm(data, initial=initial, amount_from_items=isinstance(details, GoodsForm))
    if request.method == "POST" and form.is_valid() and details_valid:
        d = form.cleaned_data
        try:
            with transaction.atomic():  # the bank details or goods are kept only with a decision
                if awarding and details is not None:
                    award_details_save(actor=staff.user, application=application, form=details)
                result = decision_record(
                    membership=staff.membership,
                    application=application,
                    outcome=DecisionOutcome(d["outcome"]),
                    reasons=d["reasons"],
                    amount_pence=d["amount"] or 0,
                    discretion_reason=d["discretion_reason"],
                    discretion_details=d["discretion_details"],
                )
        except ServiceError as error:
            target = details if details is not None and error.field in details.fields else form
            _show_error(target, error)
        else:
            if isinstance(result, AwardApproval):
                messages.success(
                    request,
                    f"The award for {application.reference} is over the scheme's limit for one "
                    "person, so it now waits for a team leader's approval.",
                )
            else:
                messages.success(
                    request,
                    f"Decision recorded for {application.reference}. The applicant is being told.",
                )
            return _to_case(staff, application)
    return render(
        request,
        "casework/decide.html",
        {
            "staff": staff,
            "application": application,
            "assessment": assessment,
            "budget": budget,
            "below_priority": below_priority,
            "form": form,
            "details": details,
            "delivery_example": _date_example(timezone.localdate() + datetime.timedelta(days=3)),
            "errors": error_summary(*[f for f in (form, details) if f is not None and f.is_bound])
            if form.is_bound
            else [],
            "active": "queue",
            "title": f"Decide {application.reference}",
        },
    )


@staff_page(Capability.DECIDE)
def ask_for_information(request: HttpRequest, staff: Staff, reference: str) -> HttpResponse:
    application = application_or_404(staff, reference)
    form = InformationRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            information_request(
                membership=staff.membership,
                application=application,
                what_is_needed=form.cleaned_data["what_is_needed"],
                due_on=form.cleaned_data["due_on"],
            )
        except ServiceError as error:
            _show_error(form, error)
        else:
            messages.success(
                request,
                f"{application.reference} is waiting for information. The applicant is being told "
                "what to send and by when.",
            )
            return _to_case(staff, application)
    return render(
        request,
        "casework/ask_for_information.html",
        {
            "staff": staff,
            "application": application,
            "wait_days": application.scheme.information_wait_working_days,
            "form": form,
            "errors": error_summary(form) if form.is_bound else [],
            "active": "queue",
            "title": f"Ask for information: {application.reference}",
        },
    )


@staff_page(Capability.ADD_CASE_NOTES)
def information_arrived(request: HttpRequest, staff: Staff, reference: str) -> HttpResponse:
    application = application_or_404(staff, reference)
    open_request = information_request_open(application=application)
    if open_request is None:
        messages.info(request, f"{application.reference} is not waiting for information.")
        return _to_case(staff, application)
    form = InformationReceivedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            information_received(
                membership=staff.membership,
                application=application,
                note=form.cleaned_data["note"],
            )
        except ServiceError as error:
            _show_error(form, error)
        else:
            messages.success(request, f"{application.reference} is back in the work queue.")
            return _to_case(staff, application)
    return render(
        request,
        "casework/information_received.html",
        {
            "staff": staff,
            "application": application,
            "open_request": open_request,
            "form": form,
            "errors": error_summary(form) if form.is_bound else [],
            "active": "find",
            "title": f"Information received: {application.reference}",
        },
    )


@staff_page(Capability.APPROVE_AWARDS)
def approvals(request: HttpRequest, staff: Staff) -> HttpResponse:
    return render(
        request,
        "casework/approvals.html",
        {
            "staff": staff,
            "waiting": approvals_waiting(council=staff.council),
            "active": "approvals",
            "title": "Awards waiting for approval",
        },
    )


@staff_page(Capability.APPROVE_AWARDS)
def approve(request: HttpRequest, staff: Staff, reference: str) -> HttpResponse:
    application = application_or_404(staff, reference)
    approval = approval_waiting_for(application=application)
    if approval is None:
        messages.info(request, f"{application.reference} has no award waiting for approval.")
        return _to_case(staff, application)
    if request.method == "GET":
        case_view_record(membership=staff.membership, application=application)
    form = ApprovalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            if d["action"] == "approve":
                approval_approve(
                    membership=staff.membership, approval=approval, comment=d["comment"]
                )
                done = f"Award approved for {application.reference}. The applicant is being told."
            else:
                approval_return(
                    membership=staff.membership, approval=approval, comment=d["comment"]
                )
                done = f"{application.reference} is back in the work queue with your comment."
        except ServiceError as error:
            _show_error(form, error)
        else:
            messages.success(request, done)
            return _to_case(staff, application)
    return render(
        request,
        "casework/approve.html",
        {
            "staff": staff,
            "application": application,
            "approval": approval,
            "assessment": approval.assessment,
            "own_proposal": approval.proposed_by_id == staff.user.pk,
            "form": form,
            "errors": error_summary(form) if form.is_bound else [],
            "active": "approvals",
            "title": f"Approve an award: {application.reference}",
        },
    )


@staff_page(Capability.APPROVE_AWARDS)
def discretion(request: HttpRequest, staff: Staff) -> HttpResponse:
    return render(
        request,
        "casework/discretion.html",
        {
            "staff": staff,
            "report": discretion_report(council=staff.council),
            "decisions": discretion_decisions(council=staff.council),
            "active": "approvals",
            "title": "Discretion used",
        },
    )
