"""Decision and information letters: every decision is written to the person, in their language."""

import pytest

from onestop.budgets.models import Budget
from onestop.casework.models import DecisionOutcome, DiscretionReason
from onestop.casework.services.decisions import decision_record
from onestop.casework.services.information import information_request
from onestop.casework.services.letters import award_delivery_words
from onestop.councils.models import Membership
from onestop.notifications.models import Letter, LetterKind
from onestop.notifications.services import letter_send
from onestop.policy.models import Scheme
from tests.factories import (
    address_details,
    make_award,
    make_typed_award,
    person_details,
    submit_application,
)

pytestmark = pytest.mark.django_db


def test_an_award_letter_carries_the_amount_reasons_criteria_and_address(
    scheme: Scheme, budget: Budget, decision_maker: Membership
) -> None:
    application = submit_application(
        scheme=scheme,
        applicant=person_details(first_name="Ffion", last_name="Jones"),
        address=address_details(address_line_1="12 Heol y Nant", postcode="CF10 1AA"),
    )
    make_award(application=application, membership=decision_maker, reasons="You need food.")

    letter = Letter.objects.get(case_reference=application.reference)
    assert letter.kind == LetterKind.DECISION_AWARD
    assert letter.recipient_name == "Ffion Jones"
    assert letter.address_lines[0] == "12 Heol y Nant"
    assert letter.address_lines[-1] == "CF10 1AA"
    assert letter.context["award_pence"] == 6_000
    assert letter.context["decision_reasons"] == "You need food."
    assert letter.context["criteria"]  # the assessment's reasons, rule by rule
    assert letter.context["review_within_months"] == 1


def test_a_welsh_speaker_gets_their_refusal_letter_in_welsh(
    scheme: Scheme, budget: Budget, decision_maker: Membership
) -> None:
    application = submit_application(scheme=scheme, applicant=person_details(language="cy"))
    decision_record(
        membership=decision_maker,
        application=application,
        outcome=DecisionOutcome.REFUSE,
        reasons="Mae eich taliad wedi cyrraedd.",
        discretion_reason=DiscretionReason.NOT_IN_CRISIS,
        discretion_details="Payment arrived.",
    )
    letter = Letter.objects.get(case_reference=application.reference)
    assert (letter.kind, letter.language) == (LetterKind.DECISION_REFUSAL, "cy")
    sent = letter_send(letter_id=letter.pk)
    assert bytes(sent.pdf).startswith(b"%PDF")


def test_asking_for_information_also_writes(
    scheme: Scheme, budget: Budget, decision_maker: Membership
) -> None:
    application = submit_application(scheme=scheme)
    request = information_request(
        membership=decision_maker,
        application=application,
        what_is_needed="Your tenancy agreement",
    )
    letter = Letter.objects.get(case_reference=application.reference)
    assert letter.kind == LetterKind.INFORMATION_REQUEST
    assert letter.context["what_is_needed"] == ["Your tenancy agreement"]
    assert letter.context["due_date"] == request.due_on.isoformat()


@pytest.mark.parametrize(
    ("award_type", "words"),
    [
        ("e_voucher", "e-voucher codes by text message or email"),
        ("bank_payment", "pay it into your bank account"),
        ("cash_out", "collect it in cash at a shop or post office"),
        ("prepaid_card", "put it on a prepaid card"),
        ("goods", "order the items for you"),
    ],
)
def test_the_award_letter_says_how_the_award_arrives(award_type: str, words: str) -> None:
    decision = make_typed_award(award_type=award_type)
    letter = Letter.objects.get(
        case_reference=decision.application.reference, kind=LetterKind.DECISION_AWARD
    )
    assert words in letter.context["award_delivery"]


def test_how_the_award_arrives_is_in_the_letters_language() -> None:
    assert award_delivery_words(award_type="goods", language="cy") == (
        "Byddwn yn archebu'r eitemau i chi ac yn dweud wrthych pa ddiwrnod y byddant yn cael "
        "eu danfon."
    )
