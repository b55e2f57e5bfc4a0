"""Decide applications: by a person, by the scheme's auto-decision rule, or after four eyes.

A decision, the money it commits, the award and its fulfilment request are one transaction:
if the budget cannot pay, nothing of the decision is kept. The applicant is told after commit.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from onestop.budgets.selectors import budget_in_force
from onestop.budgets.services import budget_charge, commitment_record
from onestop.casework.models import (
    ApprovalStatus,
    AwardApproval,
    Decision,
    DecisionOutcome,
    DiscretionReason,
)
from onestop.casework.services.letters import decision_letter_queue
from onestop.core.audit import audit_record
from onestop.core.errors import NotPermitted, ServiceError
from onestop.core.models import AuditEvent
from onestop.core.money import format_pounds
from onestop.core.roles import Capability
from onestop.councils.access import require_capability
from onestop.councils.models import Membership, User
from onestop.fulfilment.models import Award
from onestop.fulfilment.services.awards import award_create
from onestop.intake.messages import applicant_message_queue
from onestop.intake.models import Application, ApplicationStatus, Assessment
from onestop.intake.selectors import application_latest_assessment
from onestop.intake.services import DECIDABLE, application_decided, application_status_change
from onestop.policy.vocabulary import Outcome

MAX_AWARD_PENCE = 500_000  # a sanity limit; each policy sets the real amounts


def case_view_record(*, membership: Membership, application: Application) -> AuditEvent:
    """Every opening of a case is logged: who looked, and when."""
    return audit_record(
        actor=membership.user,
        council=application.council,
        action="case.viewed",
        subject=application,
        case_reference=application.reference,
        summary=f"Case viewed ({membership.get_role_display().lower()})",
    )


@dataclass(frozen=True)
class Discretion:
    """Why a decision departs from the policy's proposal: a reason from the list, and details."""

    reason: str = ""
    details: str = ""


def departs_from_policy(*, assessment: Assessment, awarding: bool, amount_pence: int) -> bool:
    """Whether a decision overrides the policy's outcome or amount.

    Where the policy itself asks for a person's judgement, refusing is that judgement, not an
    override; awarding a different amount from the one proposed still is.
    """
    amount_differs = awarding and amount_pence != assessment.proposed_award_pence
    if assessment.outcome == Outcome.NEEDS_DECISION_MAKER:
        return amount_differs and assessment.proposed_award_pence > 0
    if assessment.outcome == Outcome.NOT_ELIGIBLE:
        return awarding
    return not awarding or amount_differs


def _checked_discretion(
    *, assessment: Assessment, awarding: bool, amount_pence: int, discretion: Discretion
) -> tuple[bool, Discretion]:
    departs = departs_from_policy(
        assessment=assessment, awarding=awarding, amount_pence=amount_pence
    )
    if not departs:
        # Nothing to explain: a reason given anyway is not kept, so reports stay true.
        return False, Discretion()
    proposal = (
        f"an award of {format_pounds(assessment.proposed_award_pence)}"
        if assessment.outcome != Outcome.NOT_ELIGIBLE
        else "a refusal"
    )
    if discretion.reason not in DiscretionReason.values:
        raise ServiceError(
            f"The policy proposes {proposal}. Select why your decision is different.",
            field="discretion_reason",
        )
    if not discretion.details.strip():
        raise ServiceError(
            "Explain why you used discretion. This is kept on the case and reported to managers.",
            field="discretion_details",
        )
    return True, Discretion(discretion.reason, discretion.details.strip())


def award_record(*, actor: User | None, application: Application, amount_pence: int) -> Award:
    """Commit budget money and write the award with its fulfilment request, not yet charged.

    The caller must end its transaction with `budget_charge(commitment=award.commitment)`:
    the charge locks the budget row, so it comes last and the lock is held only to commit.
    """
    budget = budget_in_force(
        council=application.council,
        scheme=application.scheme,
        on=timezone.localdate(),
    )
    if budget is None:
        raise ServiceError(
            f"There is no budget for {application.scheme.name} today. Ask finance to set one up."
        )
    commitment = commitment_record(
        actor=actor, budget=budget, application=application, amount_pence=amount_pence
    )
    return award_create(
        actor=actor, commitment=commitment, award_type=application.scheme.award_type
    )


def award_commit(*, actor: User | None, application: Application, amount_pence: int) -> Award:
    """`award_record` and the budget charge together, for callers that write nothing after."""
    award = award_record(actor=actor, application=application, amount_pence=amount_pence)
    budget_charge(commitment=award.commitment)
    return award


def _check_amount(outcome: DecisionOutcome, amount_pence: int) -> None:
    if outcome == DecisionOutcome.AWARD and not 0 < amount_pence <= MAX_AWARD_PENCE:
        raise ServiceError(
            f"Enter an award between £0.01 and {format_pounds(MAX_AWARD_PENCE)}.", field="amount"
        )


def decision_write(
    *,
    actor: User | None,
    approved_by: User | None,
    application: Application,
    assessment: Assessment,
    outcome: DecisionOutcome,
    reasons: str,
    amount_pence: int,
    departs: bool,
    discretion: Discretion,
    audit_actor: User | None,
) -> Decision:
    """Everything a decision writes, in the caller's transaction, the budget charge last."""
    awarding = outcome == DecisionOutcome.AWARD
    application = application_decided(
        application=application,
        status=ApplicationStatus.AWARDED if awarding else ApplicationStatus.REFUSED,
        decided_at=timezone.now(),
    )
    award = (
        award_record(actor=audit_actor, application=application, amount_pence=amount_pence)
        if awarding
        else None
    )
    decision = Decision.objects.create(
        council=application.council,
        application=application,
        assessment=assessment,
        outcome=outcome,
        amount_pence=amount_pence if awarding else 0,
        reasons=reasons,
        departs_from_assessment=departs,
        discretion_reason=discretion.reason,
        discretion_details=discretion.details,
        decided_by=actor,
        approved_by=approved_by,
        award=award,
    )
    summary = f"Awarded {format_pounds(amount_pence)}" if awarding else "Refused"
    if actor is None:
        summary += " automatically, by the scheme's rule"
    if departs:
        summary += f" using discretion: {DiscretionReason(discretion.reason).label.lower()}"
    audit_record(
        actor=audit_actor,
        council=application.council,
        action=f"decision.{outcome}",
        subject=decision,
        case_reference=application.reference,
        summary=summary[:300],
        reason=reasons if not departs else f"{reasons}\n\nDiscretion: {discretion.details}",
        details={
            "departs_from_assessment": departs,
            "discretion_reason": discretion.reason,
            "approved_by": approved_by.display_name if approved_by else None,
            "automatic": actor is None,
        },
    )
    applicant_message_queue(
        application=application,
        template="award_made" if awarding else "application_refused",
        personalisation={
            "amount": format_pounds(amount_pence),
            "reasons": reasons,
        },
    )
    decision_letter_queue(decision=decision)
    if award is not None:
        # Last, so the budget row is locked only from here to the commit.
        budget_charge(commitment=award.commitment)
    return decision


def decision_record(
    *,
    membership: Membership,
    application: Application,
    outcome: DecisionOutcome,
    reasons: str,
    amount_pence: int = 0,
    discretion_reason: str = "",
    discretion_details: str = "",
) -> Decision | AwardApproval:
    """A decision maker's decision. An award above the scheme's four-eyes value is not made
    but proposed: it waits, uncommitted, for a team leader (see `approval_approve`)."""
    require_capability(
        membership=membership,
        council=application.council,
        capability=Capability.DECIDE,
        doing="decide applications",
    )
    actor = membership.user
    # As the database has it now: the scheme's four-eyes value or the case's state may have
    # changed since the caller loaded it.
    application = Application.objects.select_related("scheme", "council", "applicant").get(
        pk=application.pk
    )
    current_status = application.status
    if current_status not in DECIDABLE:
        raise ServiceError(
            f"Application {application.reference} has already been decided. Reload the case to "
            "see the decision."
        )
    reasons = reasons.strip()
    if not reasons:
        raise ServiceError(
            "Enter the reasons for the decision. They are sent to the applicant.", field="reasons"
        )
    _check_amount(outcome, amount_pence)
    assessment = application_latest_assessment(application=application)
    if assessment is None:
        raise ServiceError("This application has not been assessed yet. Try again in a minute.")
    awarding = outcome == DecisionOutcome.AWARD
    departs, discretion = _checked_discretion(
        assessment=assessment,
        awarding=awarding,
        amount_pence=amount_pence,
        discretion=Discretion(discretion_reason, discretion_details),
    )
    limit = application.scheme.approval_above_pence
    with transaction.atomic():
        if current_status == ApplicationStatus.AWAITING_APPROVAL:
            raise ServiceError(
                f"{application.reference} is waiting for a team leader to approve an award."
            )
        if awarding and limit is not None and amount_pence > limit:
            return _approval_request(
                actor=actor,
                application=application,
                assessment=assessment,
                amount_pence=amount_pence,
                reasons=reasons,
                discretion=discretion,
            )
        _close_information_request_if_any(actor=actor, application=application)
        return decision_write(
            actor=actor,
            approved_by=None,
            application=application,
            assessment=assessment,
            outcome=outcome,
            reasons=reasons,
            amount_pence=amount_pence,
            departs=departs,
            discretion=discretion,
            audit_actor=actor,
        )


def _close_information_request_if_any(*, actor: User, application: Application) -> None:
    from onestop.casework.services.information import information_request_close_on_decision

    information_request_close_on_decision(actor=actor, application=application)


def _approval_request(
    *,
    actor: User,
    application: Application,
    assessment: Assessment,
    amount_pence: int,
    reasons: str,
    discretion: Discretion,
) -> AwardApproval:
    application_status_change(
        application=application,
        to=ApplicationStatus.AWAITING_APPROVAL,
        allowed_from=DECIDABLE - {ApplicationStatus.AWAITING_APPROVAL},
    )
    _close_information_request_if_any(actor=actor, application=application)
    approval = AwardApproval.objects.create(
        council=application.council,
        application=application,
        assessment=assessment,
        amount_pence=amount_pence,
        reasons=reasons,
        discretion_reason=discretion.reason,
        discretion_details=discretion.details,
        proposed_by=actor,
    )
    limit = application.scheme.approval_above_pence or 0
    audit_record(
        actor=actor,
        council=application.council,
        action="approval.requested",
        subject=approval,
        case_reference=application.reference,
        summary=(
            f"Award of {format_pounds(amount_pence)} proposed; over {format_pounds(limit)}, "
            "so it waits for a team leader's approval"
        ),
        reason=reasons,
        details={"discretion_reason": discretion.reason},
    )
    return approval


def _approval_resolve(
    *, approval: AwardApproval, status: str, approver: User, comment: str
) -> AwardApproval:
    """Lock the proposal and settle it once: a second approver or returner is refused."""
    locked = AwardApproval.objects.select_for_update().get(pk=approval.pk)
    if locked.status != ApprovalStatus.WAITING:
        raise ServiceError("This award has already been approved or returned.")
    locked.status = status
    locked.approver = approver
    locked.approver_comment = comment.strip()
    locked.resolved_at = timezone.now()
    locked.save()
    return locked


def approval_approve(
    *, membership: Membership, approval: AwardApproval, comment: str = ""
) -> Decision:
    """A team leader approves a proposed award: only now is the money committed and paid."""
    application = approval.application
    require_capability(
        membership=membership,
        council=application.council,
        capability=Capability.APPROVE_AWARDS,
        doing="approve awards",
    )
    approver = membership.user
    if approval.proposed_by_id == approver.pk:
        raise NotPermitted(
            "You proposed this award, so another team leader must approve it. "
            "Ask a colleague to approve it."
        )
    with transaction.atomic():
        locked = _approval_resolve(
            approval=approval, status=ApprovalStatus.APPROVED, approver=approver, comment=comment
        )
        audit_record(
            actor=approver,
            council=application.council,
            action="approval.approved",
            subject=locked,
            case_reference=application.reference,
            summary=f"Award of {format_pounds(locked.amount_pence)} approved (four eyes)",
            reason=comment.strip(),
        )
        return decision_write(
            actor=locked.proposed_by,
            approved_by=approver,
            application=application,
            assessment=locked.assessment,
            outcome=DecisionOutcome.AWARD,
            reasons=locked.reasons,
            amount_pence=locked.amount_pence,
            departs=bool(locked.discretion_reason),
            discretion=Discretion(locked.discretion_reason, locked.discretion_details),
            audit_actor=approver,
        )


def approval_return(
    *, membership: Membership, approval: AwardApproval, comment: str
) -> AwardApproval:
    """A team leader sends a proposed award back to the queue, saying why. Nothing is paid."""
    application = approval.application
    require_capability(
        membership=membership,
        council=application.council,
        capability=Capability.APPROVE_AWARDS,
        doing="approve awards",
    )
    if approval.proposed_by_id == membership.user_id:
        raise NotPermitted("You proposed this award, so another team leader must look at it.")
    if not comment.strip():
        raise ServiceError(
            "Enter why you are returning the award. The decision maker will see it.",
            field="comment",
        )
    with transaction.atomic():
        locked = _approval_resolve(
            approval=approval,
            status=ApprovalStatus.RETURNED,
            approver=membership.user,
            comment=comment,
        )
        application_status_change(
            application=application,
            to=ApplicationStatus.AWAITING_DECISION,
            allowed_from={ApplicationStatus.AWAITING_APPROVAL},
        )
        audit_record(
            actor=membership.user,
            council=application.council,
            action="approval.returned",
            subject=locked,
            case_reference=application.reference,
            summary=f"Proposed award of {format_pounds(locked.amount_pence)} returned to the queue",
            reason=comment.strip(),
        )
    return locked
