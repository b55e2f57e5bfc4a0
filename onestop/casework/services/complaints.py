"""Complaints about the service: logged from any channel, acknowledged, answered at two stages.

Stage 1 is answered by the service; if the complainant is still unhappy it is escalated to
stage 2, answered by someone who did not answer stage 1. After stage 2 the complainant may
go to the ombudsman. Each step is audited, onto the case's timeline when a case is linked.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from onestop.casework.models import Complaint, ComplaintChannel, ComplaintOutcome, ComplaintStatus
from onestop.core.audit import audit_record
from onestop.core.errors import NotPermitted, ServiceError
from onestop.core.formatting import govuk_date
from onestop.core.references import new_reference
from onestop.core.roles import Capability
from onestop.core.working_days import add_working_days
from onestop.councils.access import membership_require
from onestop.councils.models import Council, User
from onestop.intake.models import Application
from onestop.notifications.services import message_queue

# Working days from receipt (acknowledgement, stage 1) or from escalation (stage 2). These
# follow a common two-stage local authority procedure; each council publishes its own, so a
# council whose procedure differs changes these numbers (one place, used by every page).
ACKNOWLEDGE_WITHIN_WORKING_DAYS = 3
STAGE_1_WITHIN_WORKING_DAYS = 10
STAGE_2_WITHIN_WORKING_DAYS = 20

REFERENCE_PREFIX = "CP"


def _handler(actor: User, council: Council) -> None:
    membership_require(
        actor=actor,
        council=council,
        capability=Capability.HANDLE_COMPLAINTS,
        doing="handle complaints",
    )


def _unused_reference() -> str:
    while True:
        reference = new_reference(REFERENCE_PREFIX)
        if not Complaint.objects.filter(reference=reference).exists():
            return reference


def _audit(
    *,
    actor: User,
    complaint: Complaint,
    action: str,
    summary: str,
    reason: str = "",
    **details: str,
) -> None:
    audit_record(
        actor=actor,
        council=complaint.council,
        action=f"complaint.{action}",
        subject=complaint,
        case_reference=complaint.application.reference if complaint.application else "",
        summary=f"Complaint {complaint.reference}: {summary}",
        reason=reason,
        details=details,
    )


def _locked(complaint: Complaint, *, allowed: set[str], doing: str) -> Complaint:
    locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if locked.status not in allowed:
        raise ServiceError(
            f"Complaint {locked.reference} is now {locked.get_status_display().lower()}, so you "
            f"cannot {doing}. Reload the page to see what changed."
        )
    return locked


def _working_days_after(council: Council, day: datetime.date, days: int) -> datetime.date:
    return add_working_days(day, days, region=council.bank_holiday_region)


def complaint_log(
    *,
    actor: User,
    council: Council,
    complainant_name: str,
    phone: str,
    email: str,
    channel: str,
    received_on: datetime.date,
    summary: str,
    application: Application | None = None,
) -> Complaint:
    """Record a complaint however it came in, with its reference and deadlines."""
    membership_require(
        actor=actor, council=council, capability=Capability.LOG_COMPLAINTS, doing="log complaints"
    )
    complainant_name, summary = complainant_name.strip(), summary.strip()
    if not complainant_name:
        raise ServiceError("Enter the name of the person complaining.", field="complainant_name")
    if channel not in ComplaintChannel.values:
        raise ServiceError("Select how the complaint was made.", field="channel")
    if not summary:
        raise ServiceError("Enter what the complaint is about.", field="summary")
    if received_on > timezone.localdate():
        raise ServiceError(
            "The date the complaint was received must be today or in the past.",
            field="received_on",
        )
    if application is not None and application.council_id != council.pk:
        raise ServiceError("No application of this council has that reference.")
    with transaction.atomic():
        complaint = Complaint.objects.create(
            council=council,
            reference=_unused_reference(),
            application=application,
            complainant_name=complainant_name,
            phone=phone.strip(),
            email=email.strip(),
            channel=channel,
            received_on=received_on,
            summary=summary,
            logged_by=actor,
            acknowledge_by=_working_days_after(
                council, received_on, ACKNOWLEDGE_WITHIN_WORKING_DAYS
            ),
            stage_1_due_on=_working_days_after(council, received_on, STAGE_1_WITHIN_WORKING_DAYS),
        )
        _audit(
            actor=actor,
            complaint=complaint,
            action="logged",
            summary=f"logged ({ComplaintChannel(channel).label.lower()})",
            reason=summary,
            received_on=received_on.isoformat(),
        )
    return complaint


def complaint_acknowledge(*, actor: User, complaint: Complaint) -> Complaint:
    """Mark the complaint acknowledged, and tell the complainant if they gave a phone or email."""
    _handler(actor, complaint.council)
    with transaction.atomic():
        locked = _locked(complaint, allowed={ComplaintStatus.STAGE_1}, doing="acknowledge it")
        if locked.acknowledged_at is not None:
            raise ServiceError(f"Complaint {locked.reference} has already been acknowledged.")
        locked.acknowledged_at = timezone.now()
        locked.save(update_fields=["acknowledged_at", "updated_at"])
        told = bool(locked.phone or locked.email)
        _audit(
            actor=actor,
            complaint=locked,
            action="acknowledged",
            summary="acknowledged"
            + ("" if told else "; no phone or email, so acknowledge it by letter"),
        )
        if told:
            message_queue(
                council=locked.council,
                template="complaint_acknowledged",
                contact_preference="email" if locked.email else "sms",
                phone=locked.phone,
                email=locked.email,
                case_reference=locked.application.reference if locked.application else "",
                personalisation={
                    "first_name": locked.complainant_name,
                    "reference": locked.reference,
                    "due_date": locked.stage_1_due_on,
                },
            )
    return locked


def _checked_answer(outcome: str, response: str) -> str:
    if outcome not in ComplaintOutcome.values:
        raise ServiceError("Select whether the complaint is upheld.", field="outcome")
    response = response.strip()
    if not response:
        raise ServiceError(
            "Enter the response, as it is sent to the complainant.", field="response"
        )
    return response


def complaint_answer_stage_1(
    *, actor: User, complaint: Complaint, outcome: str, response: str
) -> Complaint:
    """Record the stage 1 answer. An answer acknowledges the complaint too, if nobody had."""
    _handler(actor, complaint.council)
    response = _checked_answer(outcome, response)
    with transaction.atomic():
        locked = _locked(complaint, allowed={ComplaintStatus.STAGE_1}, doing="answer stage 1")
        now = timezone.now()
        locked.acknowledged_at = locked.acknowledged_at or now
        locked.stage_1_outcome = outcome
        locked.stage_1_response = response
        locked.stage_1_answered_at = now
        locked.stage_1_answered_by = actor
        locked.status = ComplaintStatus.STAGE_1_ANSWERED
        locked.save()
        _audit(
            actor=actor,
            complaint=locked,
            action="stage_1_answered",
            summary=f"stage 1 answered: {ComplaintOutcome(outcome).label.lower()}",
            reason=response,
            outcome=outcome,
        )
    return locked


def complaint_escalate(
    *, actor: User, complaint: Complaint, reason: str, escalated_on: datetime.date
) -> Complaint:
    """The complainant is still unhappy after stage 1: stage 2 is due from the day they said so."""
    _handler(actor, complaint.council)
    reason = reason.strip()
    if not reason:
        raise ServiceError(
            "Enter why the complainant is still unhappy after the stage 1 answer.",
            field="reason",
        )
    if escalated_on > timezone.localdate():
        raise ServiceError(
            "The date they asked for stage 2 must be today or in the past.", field="escalated_on"
        )
    with transaction.atomic():
        locked = _locked(
            complaint, allowed={ComplaintStatus.STAGE_1_ANSWERED}, doing="escalate it to stage 2"
        )
        answered_on = timezone.localtime(locked.stage_1_answered_at).date()
        if escalated_on < answered_on:
            raise ServiceError(
                f"The date they asked for stage 2 must be on or after the stage 1 answer, "
                f"given on {govuk_date(answered_on)}.",
                field="escalated_on",
            )
        locked.escalated_on = escalated_on
        locked.escalation_reason = reason
        locked.stage_2_due_on = _working_days_after(
            locked.council, escalated_on, STAGE_2_WITHIN_WORKING_DAYS
        )
        locked.status = ComplaintStatus.STAGE_2
        locked.save()
        _audit(
            actor=actor,
            complaint=locked,
            action="escalated",
            summary="escalated to stage 2",
            reason=reason,
            escalated_on=escalated_on.isoformat(),
        )
    return locked


def complaint_answer_stage_2(
    *, actor: User, complaint: Complaint, outcome: str, response: str
) -> Complaint:
    """The final answer, by someone who did not answer stage 1. The complaint is then closed."""
    _handler(actor, complaint.council)
    with transaction.atomic():
        locked = _locked(complaint, allowed={ComplaintStatus.STAGE_2}, doing="answer stage 2")
        if actor.pk == locked.stage_1_answered_by_id:
            raise NotPermitted(
                "You answered stage 1, so someone else must answer stage 2. Ask a colleague "
                "to answer it."
            )
        response = _checked_answer(outcome, response)
        now = timezone.now()
        locked.stage_2_outcome = outcome
        locked.stage_2_response = response
        locked.stage_2_answered_at = now
        locked.stage_2_answered_by = actor
        locked.status = ComplaintStatus.CLOSED
        locked.closed_at = now
        locked.save()
        _audit(
            actor=actor,
            complaint=locked,
            action="stage_2_answered",
            summary=f"stage 2 answered: {ComplaintOutcome(outcome).label.lower()}; closed",
            reason=response,
            outcome=outcome,
        )
    return locked


def complaint_close(*, actor: User, complaint: Complaint, reason: str) -> Complaint:
    """Close a complaint before stage 2: withdrawn, or the complainant is happy with stage 1."""
    _handler(actor, complaint.council)
    reason = reason.strip()
    if not reason:
        raise ServiceError("Enter why the complaint is being closed.", field="reason")
    with transaction.atomic():
        locked = _locked(
            complaint,
            allowed={ComplaintStatus.STAGE_1, ComplaintStatus.STAGE_1_ANSWERED},
            doing="close it",
        )
        locked.status = ComplaintStatus.CLOSED
        locked.closed_at = timezone.now()
        locked.save(update_fields=["status", "closed_at", "updated_at"])
        _audit(actor=actor, complaint=locked, action="closed", summary="closed", reason=reason)
    return locked


def complaint_view_record(*, actor: User, complaint: Complaint) -> None:
    """Opening a complaint is logged like opening a case: it holds personal details."""
    _audit(actor=actor, complaint=complaint, action="viewed", summary="viewed")
