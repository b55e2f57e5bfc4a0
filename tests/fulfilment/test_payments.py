"""Bank payments: queued once per award, put in one Bacs file once, and returned money released."""

import datetime
import re

import pytest
from django.utils import timezone

from onestop.budgets.models import Budget
from onestop.core.errors import NotPermitted, ServiceError
from onestop.core.models import AuditEvent
from onestop.core.roles import Role
from onestop.core.working_days import is_working_day
from onestop.fulfilment.bacs import BacsFileRefused, bacs_file_parse
from onestop.fulfilment.models import (
    AwardStatus,
    BacsOriginator,
    BankPayment,
    BankPaymentStatus,
    FulfilmentRequest,
    FulfilmentRequestStatus,
    Payee,
    PaymentFile,
)
from onestop.fulfilment.providers import FulfilmentFailed
from onestop.fulfilment.providers.bank import LocalBacsPaymentProvider
from onestop.fulfilment.services.outbox import fulfilment_process
from onestop.fulfilment.services.payments import (
    arrival_date,
    bacs_originator_set,
    earliest_processing_date,
    payment_bounce_record,
    payment_file_build,
)
from onestop.fulfilment.services.returns import award_return
from onestop.notifications.models import Message
from tests.factories import (
    bank_details,
    make_bacs_originator,
    make_council,
    make_finance_user,
    make_membership,
    make_queued_payment,
    make_typed_award,
    submit_application,
)

pytestmark = pytest.mark.django_db


def build(council, actor=None, processing_date=None) -> PaymentFile:
    return payment_file_build(
        actor=actor or make_finance_user(council=council),
        council=council,
        processing_date=processing_date or earliest_processing_date(),
    )


def ready_council():
    council = make_council()
    make_bacs_originator(council=council)
    return council


# The provider ------------------------------------------------------------------------------------


def test_the_provider_queues_the_applications_bank_details_once() -> None:
    decision = make_typed_award(
        award_type="bank_payment",
        amount_pence=6_000,
        details=bank_details(account_name="Mrs Megan O'Neil-Jones", account_number="00733445"),
    )
    award = decision.award
    provider = LocalBacsPaymentProvider()
    first = provider.fulfil(award, idempotency_key=str(award.idempotency_key))
    again = provider.fulfil(award, idempotency_key=str(award.idempotency_key))
    assert again == first
    assert first.summary == (
        "Bank payment of £60.00 to the account ending 3445, waiting for the next payment file"
    )
    assert first.message_template == ""  # the person is told when the file is made
    payment = BankPayment.objects.get(award=award)
    assert BankPayment.objects.filter(award=award).count() == 1
    assert payment.status == BankPaymentStatus.QUEUED
    assert payment.account_name == "MRS MEGAN ONEIL-JO"  # as Bacs carries it: 18 characters
    assert (payment.sort_code, payment.account_number) == ("309430", "00733445")
    assert payment.amount_pence == 6_000
    assert payment.reference == award.application.reference


def test_through_the_outbox_the_award_is_fulfilled_and_nobody_is_told_yet() -> None:
    payment = make_queued_payment(amount_pence=4_500)
    request = FulfilmentRequest.objects.get(award=payment.award)
    assert request.status == FulfilmentRequestStatus.DONE
    assert "waiting for the next payment file" in request.result_summary
    assert not Message.objects.filter(template="payment_sent").exists()


def test_an_award_with_no_bank_details_asks_staff_to_record_them() -> None:
    decision = make_typed_award(award_type="bank_payment")
    award = decision.award
    award.application.payee.delete()
    with pytest.raises(FulfilmentFailed, match="Record the person's bank details on the case"):
        LocalBacsPaymentProvider().fulfil(award, idempotency_key=str(award.idempotency_key))
    assert not BankPayment.objects.filter(award=award).exists()


def test_bank_details_bacs_cannot_carry_wait_for_staff_to_correct_them() -> None:
    decision = make_typed_award(award_type="bank_payment")
    award = decision.award
    Payee.objects.filter(application=award.application).update(sort_code="٣٠٩٤٣٠")
    with pytest.raises(FulfilmentFailed, match="Correct them on the case, then retry"):
        LocalBacsPaymentProvider().fulfil(award, idempotency_key=str(award.idempotency_key))
    assert not BankPayment.objects.filter(award=award).exists()


# The council's Bacs details ------------------------------------------------------------------------


def test_finance_sets_the_councils_bacs_details_and_the_audit_keeps_only_the_last_digits() -> None:
    council = make_council()
    actor = make_finance_user(council=council)
    originator = bacs_originator_set(
        actor=actor,
        council=council,
        service_user_number=" 123456 ",
        account_name="Cardiff Council Payments Account",
        sort_code="20-00-00",
        account_number="5577 9911",
    )
    assert (originator.service_user_number, originator.sort_code) == ("123456", "200000")
    assert originator.account_name == "CARDIFF COUNCIL PA"
    event = AuditEvent.objects.get(action="payments.originator_set")
    assert "account ending 9911" in event.summary
    assert "55779911" not in event.summary


def test_bad_bacs_details_are_refused_field_by_field() -> None:
    council = make_council()
    with pytest.raises(ServiceError) as refused:
        bacs_originator_set(
            actor=make_finance_user(council=council),
            council=council,
            service_user_number="12345",
            account_name="Council",
            sort_code="000000",
            account_number="123",
        )
    assert set(refused.value.problems) == {"service_user_number", "sort_code", "account_number"}
    assert not BacsOriginator.objects.exists()


def test_only_finance_may_make_a_payment_file() -> None:
    council = ready_council()
    make_queued_payment(council=council)
    decider = make_membership(role=Role.DECISION_MAKER, council=council).user
    with pytest.raises(NotPermitted):
        build(council, actor=decider)
    assert not PaymentFile.objects.exists()


# Making a file ----------------------------------------------------------------------------------------


def test_a_file_carries_every_waiting_payment_once_and_tells_each_person() -> None:
    council = ready_council()
    application = submit_application(council=council)  # another scheme: not a bank payment
    first = make_queued_payment(council=council, amount_pence=6_000)
    second = make_queued_payment(council=council, amount_pence=2_550)
    processing = earliest_processing_date()

    payment_file = build(council, processing_date=processing)

    assert payment_file.serial_number == 1
    assert payment_file.file_name == f"{council.slug}-bacs-000001.txt"
    assert (payment_file.payment_count, payment_file.total_pence) == (2, 8_550)
    parsed = bacs_file_parse(payment_file.content)
    assert [p.reference for p in parsed.payments] == [first.reference, second.reference]
    assert parsed.processing_date == processing
    assert parsed.credit_total_pence == 8_550
    for payment in (first, second):
        payment.refresh_from_db()
        assert payment.status == BankPaymentStatus.SENT
        assert payment.payment_file == payment_file
        reference = payment.award.application.reference
        assert (
            AuditEvent.objects.filter(action="payment.sent", case_reference=reference).count() == 1
        )
        message = Message.objects.get(template="payment_sent", case_reference=reference)
        assert "ending 3445" in message.body
        written = arrival_date(processing)
        assert f"{written.day} {written:%B %Y}" in message.body
    assert AuditEvent.objects.filter(action="payments.file_built").count() == 1
    assert application.reference not in payment_file.content


def test_money_arrives_the_working_day_after_the_processing_day() -> None:
    assert arrival_date(datetime.date(2027, 3, 5)) == datetime.date(2027, 3, 8)  # Friday, Monday
    assert arrival_date(datetime.date(2027, 12, 24)) == datetime.date(2027, 12, 29)


def test_a_payment_in_a_file_never_goes_in_another() -> None:
    council = ready_council()
    early = make_queued_payment(council=council)
    first_file = build(council)
    with pytest.raises(ServiceError, match="There are no payments waiting"):
        build(council)
    late = make_queued_payment(council=council)
    second_file = build(council)

    assert second_file.serial_number == first_file.serial_number + 1
    early.refresh_from_db()
    late.refresh_from_db()
    assert early.payment_file == first_file
    assert late.payment_file == second_file
    assert [p.reference for p in bacs_file_parse(second_file.content).payments] == [late.reference]
    assert Message.objects.filter(template="payment_sent").count() == 2


def test_a_bad_payment_refuses_the_whole_file_naming_it_and_nothing_is_saved() -> None:
    council = ready_council()
    good = make_queued_payment(council=council)
    bad_sort = make_queued_payment(council=council)
    bad_account = make_queued_payment(council=council)
    BankPayment.objects.filter(pk=bad_sort.pk).update(sort_code="30943")
    BankPayment.objects.filter(pk=bad_account.pk).update(account_number="0073344X")

    with pytest.raises(BacsFileRefused) as refused:
        build(council)

    assert refused.value.problems == [
        f"{bad_sort.reference}: the sort code must be 6 digits, not all zeros",
        f"{bad_account.reference}: the account number must be 8 digits, not all zeros",
    ]
    assert "2 payments have problems" in refused.value.message
    assert not PaymentFile.objects.exists()
    assert set(BankPayment.objects.values_list("status", flat=True)) == {BankPaymentStatus.QUEUED}
    assert not Message.objects.filter(template="payment_sent").exists()
    assert good.reference not in str(refused.value.problems)


def test_a_file_needs_the_councils_bacs_details() -> None:
    council = make_council()
    make_queued_payment(council=council)
    with pytest.raises(ServiceError, match="Set the council's Bacs details"):
        build(council)


def test_a_file_needs_payments() -> None:
    with pytest.raises(ServiceError, match="There are no payments waiting"):
        build(ready_council())


def _next_weekend_day() -> datetime.date:
    day = timezone.localdate() + datetime.timedelta(days=1)
    while day.weekday() < 5:
        day += datetime.timedelta(days=1)
    return day


@pytest.mark.parametrize(
    ("processing_date", "message"),
    [
        (lambda: timezone.localdate(), "The processing day must be after today."),
        (_next_weekend_day, "The processing day must be a working day"),
        (
            lambda: earliest_processing_date() + datetime.timedelta(days=40),
            "The processing day must be within 31 days of today.",
        ),
    ],
)
def test_the_processing_day_must_be_a_working_day_ahead(processing_date, message) -> None:
    council = ready_council()
    make_queued_payment(council=council)
    with pytest.raises(ServiceError, match=re.escape(message)) as refused:
        build(council, processing_date=processing_date())
    assert refused.value.field == "processing_date"
    assert not PaymentFile.objects.exists()


def test_a_scottish_bank_holiday_is_still_a_bacs_processing_day() -> None:
    st_andrews_day = datetime.date(2027, 11, 30)
    assert not is_working_day(st_andrews_day, region="SCT")
    assert arrival_date(datetime.date(2027, 11, 29)) == st_andrews_day


def test_a_payment_whose_money_went_back_before_its_file_is_not_paid() -> None:
    council = ready_council()
    kept = make_queued_payment(council=council)
    cancelled = make_queued_payment(council=council)
    award_return(actor=None, award=cancelled.award, reason="Awarded in error")
    payment_file = build(council)
    assert [p.reference for p in bacs_file_parse(payment_file.content).payments] == [kept.reference]
    cancelled.refresh_from_db()
    assert cancelled.status == BankPaymentStatus.QUEUED


def test_each_councils_file_carries_only_its_own_payments() -> None:
    council, other = ready_council(), ready_council()
    ours = make_queued_payment(council=council)
    theirs = make_queued_payment(council=other)
    payment_file = build(council)
    assert [p.reference for p in bacs_file_parse(payment_file.content).payments] == [ours.reference]
    theirs.refresh_from_db()
    assert theirs.status == BankPaymentStatus.QUEUED


# Returned payments --------------------------------------------------------------------------------


def test_a_returned_payment_releases_its_money_once_and_shows_on_the_case() -> None:
    council = ready_council()
    payment = make_queued_payment(council=council, amount_pence=6_000)
    build(council)
    payment.refresh_from_db()
    budget = Budget.objects.get(pk=payment.award.commitment.budget_id)
    committed_before = budget.committed_pence
    actor = make_finance_user(council=council)

    payment_bounce_record(actor=actor, council=council, payment=payment, reason="account closed")

    payment.refresh_from_db()
    assert payment.status == BankPaymentStatus.BOUNCED
    assert payment.bounced_at is not None
    assert payment.bounce_reason == "account closed"
    award = payment.award
    award.refresh_from_db()
    assert award.status == AwardStatus.RETURNED
    assert award.returned_reason == "The bank returned the payment of £60.00: account closed"
    budget.refresh_from_db()
    assert budget.committed_pence == committed_before - 6_000
    reference = award.application.reference
    actions = set(
        AuditEvent.objects.filter(case_reference=reference).values_list("action", flat=True)
    )
    assert {"payment.returned", "award.returned", "budget.released"} <= actions

    with pytest.raises(ServiceError, match="already been recorded as returned"):
        payment_bounce_record(actor=actor, council=council, payment=payment, reason="again")
    budget.refresh_from_db()
    assert budget.committed_pence == committed_before - 6_000


def test_only_a_sent_payment_can_be_returned() -> None:
    council = ready_council()
    payment = make_queued_payment(council=council)
    with pytest.raises(ServiceError, match="still waiting for a file"):
        payment_bounce_record(
            actor=make_finance_user(council=council),
            council=council,
            payment=payment,
            reason="account closed",
        )
    payment.refresh_from_db()
    assert payment.status == BankPaymentStatus.QUEUED
    assert payment.award.status != AwardStatus.RETURNED


def test_another_councils_payment_cannot_be_returned() -> None:
    council, other = ready_council(), ready_council()
    theirs = make_queued_payment(council=other)
    build(other)
    with pytest.raises(ServiceError, match="There is no such payment"):
        payment_bounce_record(
            actor=make_finance_user(council=council),
            council=council,
            payment=theirs,
            reason="account closed",
        )


def test_the_person_is_told_in_their_own_language() -> None:
    council = ready_council()
    decision = make_typed_award(award_type="bank_payment", council=council)
    application = decision.award.application
    application.applicant.language = "cy"
    application.applicant.save()
    fulfilment_process(request_id=decision.award.fulfilment_request.pk)
    build(council)
    message = Message.objects.get(template="payment_sent", case_reference=application.reference)
    assert message.language == "cy"


# Racing --------------------------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_people_making_a_file_at_once_put_each_payment_in_one_file(in_threads) -> None:
    council = ready_council()
    payments = [make_queued_payment(council=council) for _ in range(5)]
    actors = iter([make_finance_user(council=council) for _ in range(2)])
    processing = earliest_processing_date()

    def work() -> int:
        return payment_file_build(
            actor=next(actors), council=council, processing_date=processing
        ).pk

    outcomes = in_threads(2, work)

    made = [value for kind, value in outcomes if kind == "ok"]
    refused = [value for kind, value in outcomes if kind == "error"]
    assert len(made) == 1, outcomes
    assert len(refused) == 1
    assert isinstance(refused[0], ServiceError)
    assert "There are no payments waiting" in refused[0].message
    assert PaymentFile.objects.count() == 1
    assert set(
        BankPayment.objects.filter(pk__in=[p.pk for p in payments]).values_list(
            "payment_file_id", flat=True
        )
    ) == {made[0]}
    assert Message.objects.filter(template="payment_sent").count() == 5
