"""Letters casework sends: the decision letter and the information request, built from the case.

Notifications renders and posts them (`letter_queue`); casework knows what they must say.
Every decision gets a letter, whatever else the person is sent, so the written decision with
its reasons and review rights is always on the case and in the post.
"""

from onestop.casework.models import Decision, DecisionOutcome, InformationRequest
from onestop.intake.models import Application
from onestop.notifications.letters import (
    DecisionLetterContext,
    InformationRequestLetterContext,
    criteria_from_assessment,
)
from onestop.notifications.models import Letter, LetterKind
from onestop.notifications.services import letter_queue
from onestop.policy.models import AwardType

# How each award type reaches the person, as the letter says it.
AWARD_DELIVERY: dict[str, str] = {
    AwardType.E_VOUCHER: "as e-voucher codes, sent to you by text message or email",
}


def _postal(application: Application) -> tuple[str, list[str]]:
    return application.applicant.full_name, application.household.postal_lines


def decision_letter_queue(*, decision: Decision) -> Letter:
    """Queue the decision letter in the decision's transaction; it is posted after commit."""
    application = decision.application
    awarding = decision.outcome == DecisionOutcome.AWARD
    name, address = _postal(application)
    return letter_queue(
        council=application.council,
        kind=LetterKind.DECISION_AWARD if awarding else LetterKind.DECISION_REFUSAL,
        language=application.applicant.language,
        case_reference=application.reference,
        recipient_name=name,
        address_lines=address,
        context=DecisionLetterContext(
            scheme_name=application.scheme.name,
            decision_reasons=decision.reasons,
            criteria=criteria_from_assessment(decision.assessment.criteria),
            award_pence=decision.amount_pence,
            award_delivery=AWARD_DELIVERY.get(application.scheme.award_type, "")
            if awarding
            else "",
            review_within_months=application.council.review_window_months,
        ),
        actor=decision.decided_by,
    )


def information_letter_queue(*, request: InformationRequest) -> Letter:
    application = request.application
    name, address = _postal(application)
    return letter_queue(
        council=application.council,
        kind=LetterKind.INFORMATION_REQUEST,
        language=application.applicant.language,
        case_reference=application.reference,
        recipient_name=name,
        address_lines=address,
        context=InformationRequestLetterContext(
            scheme_name=application.scheme.name,
            what_is_needed=(request.what_is_needed,),
            due_date=request.due_on,
            how_to_send="Reply to our text message or email, or call us, quoting your reference.",
        ),
        actor=request.requested_by,
    )
