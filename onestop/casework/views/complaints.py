"""Complaint pages: logging one, the council's list and report, and each complaint's stages."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from onestop.casework.forms.complaints import (
    ComplaintAnswerForm,
    ComplaintCloseForm,
    ComplaintEscalateForm,
    ComplaintForm,
    StandaloneComplaintForm,
)
from onestop.casework.models import Complaint, ComplaintStatus
from onestop.casework.selectors.cases import deadline_status
from onestop.casework.selectors.complaints import (
    complaint_by_reference,
    complaint_history,
    complaint_next_deadline,
    complaint_report,
    complaints_not_open,
    complaints_open,
)
from onestop.casework.services.complaints import (
    ACKNOWLEDGE_WITHIN_WORKING_DAYS,
    STAGE_1_WITHIN_WORKING_DAYS,
    STAGE_2_WITHIN_WORKING_DAYS,
    complaint_acknowledge,
    complaint_answer_stage_1,
    complaint_answer_stage_2,
    complaint_close,
    complaint_escalate,
    complaint_log,
    complaint_view_record,
)
from onestop.casework.views.cases import application_or_404
from onestop.core.errors import ServiceError
from onestop.core.forms import GovukForm, error_summary
from onestop.core.roles import Capability
from onestop.councils.access import Staff, staff_page
from onestop.intake.models import Application
from onestop.intake.selectors import application_by_reference


def _show_error(form: GovukForm, error: ServiceError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _complaint_or_404(staff: Staff, complaint_reference: str) -> Complaint:
    complaint = complaint_by_reference(council=staff.council, reference=complaint_reference)
    if complaint is None:
        raise Http404
    return complaint


def _to_complaint(staff: Staff, complaint: Complaint) -> HttpResponse:
    return redirect(
        "casework:complaint",
        council_slug=staff.council.slug,
        complaint_reference=complaint.reference,
    )


def _linked_application(staff: Staff, form: ComplaintForm) -> Application | None:
    """The application a standalone complaint quotes, if any; an error on the form if unknown."""
    typed = form.cleaned_data.get("reference", "")
    if not typed:
        return None
    application = application_by_reference(council=staff.council, reference=typed)
    if application is None:
        form.add_error(
            "reference",
            "No application has that reference. Check it with the complainant, or leave it "
            "empty: references look like CR-7K4M-2Q",
        )
    return application


@staff_page(Capability.LOG_COMPLAINTS)
def complaint_new(request: HttpRequest, staff: Staff, reference: str = "") -> HttpResponse:
    application = application_or_404(staff, reference) if reference else None
    form_class = ComplaintForm if application else StandaloneComplaintForm
    form = form_class(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        linked = application or _linked_application(staff, form)
        if not form.errors:
            d = form.cleaned_data
            try:
                complaint = complaint_log(
                    actor=staff.user,
                    council=staff.council,
                    complainant_name=d["complainant_name"],
                    phone=d["phone"],
                    email=d["email"],
                    channel=d["channel"],
                    received_on=d["received_on"],
                    summary=d["summary"],
                    application=linked,
                )
            except ServiceError as error:
                _show_error(form, error)
            else:
                messages.success(
                    request, f"Complaint logged. Its reference is {complaint.reference}."
                )
                if staff.can(Capability.HANDLE_COMPLAINTS):
                    return _to_complaint(staff, complaint)
                if application is not None:
                    return redirect(
                        "casework:case",
                        council_slug=staff.council.slug,
                        reference=application.reference,
                    )
                return redirect("casework:complaint_new", council_slug=staff.council.slug)
    return render(
        request,
        "casework/complaints_new.html",
        {
            "staff": staff,
            "application": application,
            "form": form,
            "errors": error_summary(form) if form.is_bound else [],
            "acknowledge_days": ACKNOWLEDGE_WITHIN_WORKING_DAYS,
            "stage_1_days": STAGE_1_WITHIN_WORKING_DAYS,
            "active": "complaints" if staff.can(Capability.HANDLE_COMPLAINTS) else "find",
            "title": "Log a complaint",
        },
    )


@staff_page(Capability.HANDLE_COMPLAINTS)
def complaint_list(request: HttpRequest, staff: Staff) -> HttpResponse:
    today = timezone.localdate()
    region = staff.council.bank_holiday_region
    waiting = []
    for complaint in complaints_open(council=staff.council):
        due = complaint_next_deadline(complaint)
        status = deadline_status(due=due.due_on, today=today, region=region) if due else None
        waiting.append((complaint, due, status))
    return render(
        request,
        "casework/complaints.html",
        {
            "staff": staff,
            "waiting": waiting,
            "answered": complaints_not_open(council=staff.council),
            "report": complaint_report(council=staff.council),
            "active": "complaints",
            "title": "Complaints",
        },
    )


@staff_page(Capability.HANDLE_COMPLAINTS)
def complaint(request: HttpRequest, staff: Staff, complaint_reference: str) -> HttpResponse:
    complaint = _complaint_or_404(staff, complaint_reference)
    complaint_view_record(actor=staff.user, complaint=complaint)
    due = complaint_next_deadline(complaint)
    return render(
        request,
        "casework/complaints_complaint.html",
        {
            "staff": staff,
            "complaint": complaint,
            "history": complaint_history(complaint=complaint),
            "next_deadline": due,
            "deadline": deadline_status(
                due=due.due_on,
                today=timezone.localdate(),
                region=staff.council.bank_holiday_region,
            )
            if due
            else None,
            "active": "complaints",
            "title": f"Complaint {complaint.reference}",
        },
    )


@require_POST
@staff_page(Capability.HANDLE_COMPLAINTS)
def complaint_acknowledge_now(
    request: HttpRequest, staff: Staff, complaint_reference: str
) -> HttpResponse:
    complaint = _complaint_or_404(staff, complaint_reference)
    try:
        complaint_acknowledge(actor=staff.user, complaint=complaint)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        told = (
            "The complainant is being told."
            if complaint.phone or complaint.email
            else ("They gave no phone number or email address, so send them a letter.")
        )
        messages.success(request, f"Complaint {complaint.reference} acknowledged. {told}")
    return _to_complaint(staff, complaint)


def _step_page(
    request: HttpRequest,
    staff: Staff,
    complaint: Complaint,
    *,
    form: GovukForm,
    template: str,
    title: str,
    **extra: Any,
) -> HttpResponse:
    return render(
        request,
        f"casework/{template}",
        {
            "staff": staff,
            "complaint": complaint,
            "form": form,
            "errors": error_summary(form) if form.is_bound else [],
            "active": "complaints",
            "title": title,
            **extra,
        },
    )


def _step(
    request: HttpRequest,
    staff: Staff,
    complaint: Complaint,
    *,
    form: GovukForm,
    write: Callable[[dict[str, Any]], Complaint],
    done: str,
) -> HttpResponse | None:
    """Run one step's service on a valid POST: the redirect when it worked, else None."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        write(form.cleaned_data)
    except ServiceError as error:
        _show_error(form, error)
        return None
    messages.success(request, done)
    return _to_complaint(staff, complaint)


@staff_page(Capability.HANDLE_COMPLAINTS)
def complaint_answer(request: HttpRequest, staff: Staff, complaint_reference: str) -> HttpResponse:
    """Answer the stage the complaint is at: stage 1, or stage 2 after escalation."""
    complaint = _complaint_or_404(staff, complaint_reference)
    stage_2 = complaint.status == ComplaintStatus.STAGE_2
    if complaint.status not in {ComplaintStatus.STAGE_1, ComplaintStatus.STAGE_2}:
        messages.info(
            request, f"Complaint {complaint.reference} has no stage waiting for an answer."
        )
        return _to_complaint(staff, complaint)
    if stage_2 and complaint.stage_1_answered_by_id == staff.user.pk:
        messages.info(
            request,
            "You answered stage 1, so someone else must answer stage 2. Ask a colleague to "
            "answer it.",
        )
        return _to_complaint(staff, complaint)
    if request.method == "GET":
        complaint_view_record(actor=staff.user, complaint=complaint)
    form = ComplaintAnswerForm(request.POST if request.method == "POST" else None)
    answer = complaint_answer_stage_2 if stage_2 else complaint_answer_stage_1
    stage = 2 if stage_2 else 1
    done = _step(
        request,
        staff,
        complaint,
        form=form,
        write=lambda d: answer(
            actor=staff.user, complaint=complaint, outcome=d["outcome"], response=d["response"]
        ),
        done=f"Stage {stage} answer recorded for complaint {complaint.reference}.",
    )
    return done or _step_page(
        request,
        staff,
        complaint,
        form=form,
        template="complaints_answer.html",
        title=f"Answer stage {stage} of complaint {complaint.reference}",
        stage=stage,
    )


@staff_page(Capability.HANDLE_COMPLAINTS)
def complaint_escalate_to_stage_2(
    request: HttpRequest, staff: Staff, complaint_reference: str
) -> HttpResponse:
    complaint = _complaint_or_404(staff, complaint_reference)
    if complaint.status != ComplaintStatus.STAGE_1_ANSWERED:
        messages.info(
            request,
            f"Complaint {complaint.reference} can go to stage 2 only after stage 1 is answered.",
        )
        return _to_complaint(staff, complaint)
    form = ComplaintEscalateForm(request.POST if request.method == "POST" else None)
    done = _step(
        request,
        staff,
        complaint,
        form=form,
        write=lambda d: complaint_escalate(
            actor=staff.user,
            complaint=complaint,
            reason=d["reason"],
            escalated_on=d["escalated_on"],
        ),
        done=f"Complaint {complaint.reference} escalated to stage 2.",
    )
    return done or _step_page(
        request,
        staff,
        complaint,
        form=form,
        template="complaints_escalate.html",
        title=f"Escalate complaint {complaint.reference} to stage 2",
        stage_2_days=STAGE_2_WITHIN_WORKING_DAYS,
    )


@staff_page(Capability.HANDLE_COMPLAINTS)
def complaint_close_early(
    request: HttpRequest, staff: Staff, complaint_reference: str
) -> HttpResponse:
    """Close before stage 2: withdrawn, or the complainant is content with stage 1."""
    complaint = _complaint_or_404(staff, complaint_reference)
    if complaint.status not in {ComplaintStatus.STAGE_1, ComplaintStatus.STAGE_1_ANSWERED}:
        messages.info(request, f"Complaint {complaint.reference} cannot be closed from here.")
        return _to_complaint(staff, complaint)
    form = ComplaintCloseForm(request.POST if request.method == "POST" else None)
    done = _step(
        request,
        staff,
        complaint,
        form=form,
        write=lambda d: complaint_close(actor=staff.user, complaint=complaint, reason=d["reason"]),
        done=f"Complaint {complaint.reference} closed.",
    )
    return done or _step_page(
        request,
        staff,
        complaint,
        form=form,
        template="complaints_close.html",
        title=f"Close complaint {complaint.reference}",
    )
