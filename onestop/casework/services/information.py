"""Asking the applicant for more information: the case waits, is chased, and comes back."""

import datetime

from django.db import transaction
from django.utils import timezone

from onestop.casework.models import InformationRequest, InformationRequestStatus
from onestop.casework.services.letters import information_letter_queue
from onestop.core.audit import audit_record
from onestop.core.errors import ServiceError
from onestop.core.formatting import govuk_date
from onestop.core.roles import Capability
from onestop.core.working_days import add_working_days, working_day_before, working_days_between
from onestop.councils.access import require_capability
from onestop.councils.models import Membership, User
from onestop.intake.messages import applicant_message_queue
from onestop.intake.models import Application, ApplicationStatus
from onestop.intake.services import application_status_change


def _tell_applicant(
    *, application: Application, template: str, request: InformationRequest
) -> None:
    applicant_message_queue(
        application=application,
        template=template,
        personalisation={
            "what_is_needed": request.what_is_needed,
            "due_date": request.due_on,
        },
    )


def information_request(
    *,
    membership: Membership,
    application: Application,
    what_is_needed: str,
    due_on: datetime.date | None = None,
) -> InformationRequest:
    """Ask the applicant for something the decision needs. The case waits until it arrives or
    the deadline passes; the applicant is reminded on the working day before the deadline."""
    require_capability(
        membership=membership,
        council=application.council,
        capability=Capability.DECIDE,
        doing="ask applicants for information",
    )
    what_is_needed = what_is_needed.strip()
    if not what_is_needed:
        raise ServiceError(
            "Enter what the applicant needs to send us. It is sent to them.",
            field="what_is_needed",
        )
    region = application.council.bank_holiday_region
    today = timezone.localdate()
    if due_on is None:
        due_on = add_working_days(
            today, application.scheme.information_wait_working_days, region=region
        )
    elif working_days_between(today, due_on, region=region) < 1:
        raise ServiceError(
            "The deadline must be a working day after today, so the applicant has time to reply.",
            field="due_on",
        )
    remind_on = max(today + datetime.timedelta(days=1), working_day_before(due_on, region=region))
    with transaction.atomic():
        application = application_status_change(
            application=application,
            to=ApplicationStatus.WAITING_FOR_INFORMATION,
            allowed_from={ApplicationStatus.AWAITING_DECISION},
        )
        request = InformationRequest.objects.create(
            council=application.council,
            application=application,
            requested_by=membership.user,
            what_is_needed=what_is_needed,
            due_on=due_on,
            remind_on=remind_on,
        )
        audit_record(
            actor=membership.user,
            council=application.council,
            action="information.requested",
            subject=request,
            case_reference=application.reference,
            summary=f"More information asked for, by {govuk_date(due_on)}",
            reason=what_is_needed,
        )
        _tell_applicant(application=application, template="information_requested", request=request)
        information_letter_queue(request=request)
    return request


def _open_request(application: Application) -> InformationRequest | None:
    return (
        InformationRequest.objects.select_for_update(of=("self",))
        .filter(
            council=application.council,
            application=application,
            status=InformationRequestStatus.WAITING,
        )
        .first()
    )


def information_received(
    *, membership: Membership, application: Application, note: str
) -> InformationRequest:
    """The applicant sent what was asked: the case goes back to the queue for a decision."""
    require_capability(
        membership=membership,
        council=application.council,
        capability=Capability.ADD_CASE_NOTES,
        doing="record information received",
    )
    note = note.strip()
    if not note:
        raise ServiceError(
            "Enter what the applicant sent, so the decision maker can see it.", field="note"
        )
    with transaction.atomic():
        request = _open_request(application)
        if request is None:
            raise ServiceError("This case is not waiting for information. Reload the case.")
        _resolve(request=request, actor=membership.user, status=InformationRequestStatus.RECEIVED)
        request.resolution_note = note
        request.save(update_fields=["resolution_note"])
        application_status_change(
            application=application,
            to=ApplicationStatus.AWAITING_DECISION,
            allowed_from={ApplicationStatus.WAITING_FOR_INFORMATION},
        )
        audit_record(
            actor=membership.user,
            council=application.council,
            action="information.received",
            subject=request,
            case_reference=application.reference,
            summary="Information received; the case is back in the queue",
            reason=note,
        )
    return request


def _resolve(*, request: InformationRequest, actor: User | None, status: str) -> None:
    request.status = status
    request.resolved_at = timezone.now()
    request.resolved_by = actor
    request.save(update_fields=["status", "resolved_at", "resolved_by", "updated_at"])


def information_request_close_on_decision(*, actor: User, application: Application) -> None:
    """A decision made while waiting (the decision maker had enough) closes the request."""
    request = _open_request(application)
    if request is not None:
        _resolve(request=request, actor=actor, status=InformationRequestStatus.RECEIVED)
        request.resolution_note = "Decided without waiting longer"
        request.save(update_fields=["resolution_note"])


def information_requests_chase(*, today: datetime.date | None = None) -> tuple[int, int]:
    """Daily: remind applicants the day before their deadline, and return to the queue every
    case whose deadline has passed. Returns (reminded, lapsed). Safe to run twice a day."""
    today = today or timezone.localdate()
    reminded = lapsed = 0
    due_reminders = InformationRequest.objects.filter(
        status=InformationRequestStatus.WAITING, remind_on__lte=today, reminded_at__isnull=True
    ).values_list("pk", flat=True)
    for pk in list(due_reminders):
        with transaction.atomic():
            request = (
                InformationRequest.objects.select_for_update(of=("self",))
                .select_related("application__applicant", "application__council", "council")
                .get(pk=pk)
            )
            if request.status != InformationRequestStatus.WAITING or request.reminded_at:
                continue
            if request.due_on < today:
                continue  # too late for a reminder: it lapses below
            request.reminded_at = timezone.now()
            request.save(update_fields=["reminded_at", "updated_at"])
            _tell_applicant(
                application=request.application,
                template="information_reminder",
                request=request,
            )
            audit_record(
                actor=None,
                council=request.council,
                action="information.reminded",
                subject=request,
                case_reference=request.application.reference,
                summary="Applicant reminded that information is due",
            )
            reminded += 1
    overdue = InformationRequest.objects.filter(
        status=InformationRequestStatus.WAITING, due_on__lt=today
    ).values_list("pk", flat=True)
    for pk in list(overdue):
        with transaction.atomic():
            request = (
                InformationRequest.objects.select_for_update(of=("self",))
                .select_related("application", "council")
                .get(pk=pk)
            )
            if request.status != InformationRequestStatus.WAITING:
                continue
            _resolve(request=request, actor=None, status=InformationRequestStatus.LAPSED)
            application_status_change(
                application=request.application,
                to=ApplicationStatus.AWAITING_DECISION,
                allowed_from={ApplicationStatus.WAITING_FOR_INFORMATION},
            )
            audit_record(
                actor=None,
                council=request.council,
                action="information.lapsed",
                subject=request,
                case_reference=request.application.reference,
                summary=(
                    "Information not received by the deadline; the case is back in the queue "
                    "to decide on what we have"
                ),
            )
            lapsed += 1
    return reminded, lapsed
