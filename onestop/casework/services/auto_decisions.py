"""Auto-decision: clear cases a scheme allows are awarded at once, with the policy's reasons.

Only awards are made automatically. A refusal always needs a person, so nobody is turned
away by a rule alone; a case the rule cannot award simply stays in the queue.
"""

from django.db import transaction

from onestop.casework.models import Decision, DecisionOutcome
from onestop.casework.services.decisions import Discretion, decision_write
from onestop.core.audit import audit_record
from onestop.core.errors import ServiceError
from onestop.core.money import format_pounds
from onestop.intake.models import Application, ApplicationStatus, Assessment
from onestop.intake.selectors import application_latest_assessment
from onestop.policy.services import NEEDS_A_PERSON
from onestop.policy.vocabulary import Outcome


def assessment_reasons(assessment: Assessment) -> str:
    """The policy's own words for why the case passed: the same reasons a person would see."""
    passed = [c["reason"] for c in assessment.criteria if c.get("passed")]
    return " ".join(reason.rstrip(".") + "." for reason in passed)


def why_not_automatic(*, application: Application, assessment: Assessment | None) -> str | None:
    """None when the scheme's rule may award this case now; otherwise the reason it may not."""
    scheme = application.scheme
    if not scheme.auto_decide:
        return "the scheme does not decide automatically"
    if scheme.award_type in NEEDS_A_PERSON:
        return "a person must confirm the bank details or choose the items"
    if application.status != ApplicationStatus.AWAITING_DECISION:
        return "the case is not waiting for a decision"
    if assessment is None:
        return "the case has not been assessed"
    if assessment.outcome != Outcome.ELIGIBLE:
        return "the policy sends it to a decision maker"
    amount = assessment.proposed_award_pence
    if amount <= 0:
        return "the policy proposes no award"
    if amount > scheme.auto_award_limit_pence:
        return f"the award is over the automatic limit of {format_pounds(scheme.auto_award_limit_pence)}"
    if scheme.approval_above_pence is not None and amount > scheme.approval_above_pence:
        return "the award needs a team leader's approval"
    return None


def application_auto_decide(*, application: Application) -> Decision | None:
    """Award the case if the scheme's rule allows; otherwise leave it in the queue, saying why
    when the reason is one a manager would want to know (the budget)."""
    application = Application.objects.select_related("scheme", "council", "applicant").get(
        pk=application.pk
    )
    assessment = application_latest_assessment(application=application)
    if why_not_automatic(application=application, assessment=assessment) is not None:
        return None
    assert assessment is not None
    try:
        with transaction.atomic():
            return decision_write(
                actor=None,
                approved_by=None,
                application=application,
                assessment=assessment,
                outcome=DecisionOutcome.AWARD,
                reasons=assessment_reasons(assessment),
                amount_pence=assessment.proposed_award_pence,
                departs=False,
                discretion=Discretion(),
                audit_actor=None,
            )
    except ServiceError as refused:
        # The budget could not pay (exhausted, or below its priority level): a person decides.
        audit_record(
            actor=None,
            council=application.council,
            action="decision.not_automatic",
            subject=application,
            case_reference=application.reference,
            summary="Left for a decision maker: the budget could not pay automatically",
            reason=refused.message,
        )
        return None
