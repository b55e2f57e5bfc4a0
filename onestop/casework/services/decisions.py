"""Decide applications, and record who viewed a case.

A decision, the money it commits, the award and its fulfilment request are one transaction:
if the budget cannot pay, nothing of the decision is kept. The applicant is told after commit.
"""

from django.db import transaction
from django.utils import timezone

from onestop.budgets.selectors import budget_in_force
from onestop.budgets.services import budget_charge, commitment_record
from onestop.casework.models import Decision, DecisionOutcome
from onestop.core.audit import audit_record
from onestop.core.errors import NotPermitted, ServiceError
from onestop.core.models import AuditEvent
from onestop.core.money import format_pounds
from onestop.core.roles import Capability, role_can
from onestop.councils.models import Membership
from onestop.fulfilment.services import award_create
from onestop.intake.models import Application, ApplicationStatus
from onestop.intake.selectors import application_latest_assessment
from onestop.intake.services import application_decided
from onestop.notifications.services import message_queue
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


def decision_record(
    *,
    membership: Membership,
    application: Application,
    outcome: DecisionOutcome,
    reasons: str,
    amount_pence: int = 0,
) -> Decision:
    actor = membership.user
    if membership.council_id != application.council_id or not role_can(
        membership.role, Capability.DECIDE
    ):
        raise NotPermitted("You do not have permission to decide applications for this council.")
    reasons = reasons.strip()
    if not reasons:
        raise ServiceError(
            "Enter the reasons for the decision. They are sent to the applicant.", field="reasons"
        )
    if outcome == DecisionOutcome.AWARD and not 0 < amount_pence <= MAX_AWARD_PENCE:
        raise ServiceError(
            f"Enter an award between £0.01 and {format_pounds(MAX_AWARD_PENCE)}.", field="amount"
        )
    assessment = application_latest_assessment(application=application)
    if assessment is None:
        raise ServiceError("This application has not been assessed yet. Try again in a minute.")
    with transaction.atomic():
        decided_at = timezone.now()
        application = application_decided(
            application=application,
            status=ApplicationStatus.AWARDED
            if outcome == DecisionOutcome.AWARD
            else ApplicationStatus.REFUSED,
            decided_at=decided_at,
        )
        awarding = outcome == DecisionOutcome.AWARD
        policy_would_award = assessment.outcome != Outcome.NOT_ELIGIBLE
        departs = awarding != policy_would_award or (
            awarding and amount_pence != assessment.proposed_award_pence
        )
        award = None
        commitment = None
        if outcome == DecisionOutcome.AWARD:
            budget = budget_in_force(
                council=application.council,
                scheme=application.scheme,
                on=timezone.localtime(decided_at).date(),
            )
            if budget is None:
                raise ServiceError(
                    f"There is no budget for {application.scheme.name} today. Ask finance to set one up."
                )
            commitment = commitment_record(
                actor=actor, budget=budget, application=application, amount_pence=amount_pence
            )
            award = award_create(
                actor=actor, commitment=commitment, award_type=application.scheme.award_type
            )
        decision = Decision.objects.create(
            council=application.council,
            application=application,
            assessment=assessment,
            outcome=outcome,
            amount_pence=amount_pence if outcome == DecisionOutcome.AWARD else 0,
            reasons=reasons,
            departs_from_assessment=departs,
            decided_by=actor,
            award=award,
        )
        summary = (
            f"Awarded {format_pounds(amount_pence)}"
            if outcome == DecisionOutcome.AWARD
            else "Refused"
        )
        audit_record(
            actor=actor,
            council=application.council,
            action=f"decision.{outcome}",
            subject=decision,
            case_reference=application.reference,
            summary=summary,
            reason=reasons,
            details={"departs_from_assessment": departs},
        )
        applicant = application.applicant
        message_queue(
            council=application.council,
            template="award_made" if outcome == DecisionOutcome.AWARD else "application_refused",
            contact_preference=applicant.contact_preference,
            phone=applicant.phone,
            email=applicant.email,
            case_reference=application.reference,
            personalisation={
                "first_name": applicant.first_name,
                "reference": application.reference,
                "amount": format_pounds(amount_pence),
                "reasons": reasons,
            },
        )
        if commitment is not None:
            # Last, so the budget row is locked only from here to the commit.
            budget_charge(commitment=commitment)
    return decision
