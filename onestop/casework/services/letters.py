"""Letters casework sends: the decision letter and the information request, built from the case.

Notifications renders and posts them (`letter_queue`); casework knows what they must say.
Every decision gets a letter, whatever else the person is sent, so the written decision with
its reasons and review rights is always on the case and in the post.
"""

from django.utils import translation
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

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

# How each award type reaches the person, as the letter says it, in the letter's language.
AWARD_DELIVERY: dict[str, StrOrPromise] = {
    AwardType.E_VOUCHER: gettext_lazy("We will send you e-voucher codes by text message or email."),
    AwardType.BANK_PAYMENT: gettext_lazy(
        "We will pay it into your bank account and tell you when the payment is on its way."
    ),
    AwardType.CASH_OUT: gettext_lazy(
        "We will send you a code to collect it in cash at a shop or post office, by text "
        "message, email or post."
    ),
    AwardType.PREPAID_CARD: gettext_lazy(
        "We will put it on a prepaid card and tell you when you can use it, or where to "
        "collect the card."
    ),
    AwardType.GOODS: gettext_lazy(
        "We will order the items for you and tell you the day they will be delivered."
    ),
}


def award_delivery_words(*, award_type: str, language: str) -> str:
    """How an award of this type reaches the person, in their language."""
    with translation.override(language):
        return str(AWARD_DELIVERY.get(award_type, ""))


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
            award_delivery=award_delivery_words(
                award_type=application.scheme.award_type, language=application.applicant.language
            )
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
