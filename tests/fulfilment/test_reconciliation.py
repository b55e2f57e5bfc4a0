"""Daily reconciliation: money on codes and cards left unused goes back to the fund, once."""

import datetime

import pytest
from django.utils import timezone

from onestop.budgets.models import Budget, Commitment, CommitmentStatus
from onestop.core.models import AuditEvent
from onestop.core.roles import Role
from onestop.fulfilment.models import (
    Award,
    AwardStatus,
    CardLoadStatus,
    CashOutCode,
    CashOutStatus,
    PrepaidCard,
    PrepaidCardStatus,
    VoucherCode,
)
from onestop.fulfilment.services.codes_and_cards import card_collect
from onestop.fulfilment.services.reconciliation import ReconcileSummary, fulfilment_reconcile
from tests.factories import (
    fulfil_now,
    load_vouchers,
    make_award_for_person,
    make_membership,
    person_details,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def committed(award: Award) -> int:
    return Budget.objects.get(pk=award.commitment.budget_id).committed_pence


def day_after(day: datetime.date) -> datetime.date:
    return day + datetime.timedelta(days=1)


def written(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def test_an_uncollected_cash_out_code_returns_its_money_once_and_says_so_on_the_case() -> None:
    award = fulfil_now(make_award_for_person(award_type="cash_out", amount_pence=6_000))
    code = CashOutCode.objects.get(award=award)
    before = committed(award)

    summary = fulfilment_reconcile(today=day_after(code.expires_on))

    assert summary == ReconcileSummary(cash_out_codes_expired=1, returned_pence=6_000)
    code.refresh_from_db()
    award.refresh_from_db()
    assert code.status == CashOutStatus.EXPIRED
    assert award.status == AwardStatus.RETURNED
    reason = f"The cash-out code expired on {written(code.expires_on)} without being collected"
    assert award.returned_reason == reason
    assert committed(award) == before - 6_000
    event = AuditEvent.objects.get(action="award.returned", subject_id=str(award.pk))
    assert event.case_reference == award.application.reference
    assert event.reason == reason
    assert "£60.00 returned to the fund" in event.summary

    again = fulfilment_reconcile(today=day_after(code.expires_on))

    assert again == ReconcileSummary()
    assert committed(award) == before - 6_000
    assert AuditEvent.objects.filter(action="award.returned").count() == 1


def test_a_code_is_usable_on_its_last_day() -> None:
    award = fulfil_now(make_award_for_person(award_type="cash_out"))
    code = CashOutCode.objects.get(award=award)
    assert fulfilment_reconcile(today=code.expires_on) == ReconcileSummary()
    code.refresh_from_db()
    assert code.status == CashOutStatus.ISSUED


def test_a_collected_code_keeps_its_money_spent() -> None:
    award = fulfil_now(make_award_for_person(award_type="cash_out"))
    code = CashOutCode.objects.get(award=award)
    CashOutCode.objects.filter(pk=code.pk).update(
        status=CashOutStatus.REDEEMED, redeemed_at=timezone.now()
    )
    before = committed(award)
    assert fulfilment_reconcile(today=day_after(code.expires_on)) == ReconcileSummary()
    award.refresh_from_db()
    assert award.status == AwardStatus.FULFILLED
    assert committed(award) == before


def test_only_fulfilled_awards_have_money_returned() -> None:
    award = fulfil_now(make_award_for_person(award_type="cash_out"))
    code = CashOutCode.objects.get(award=award)
    Award.objects.filter(pk=award.pk).update(status=AwardStatus.FAILED)
    before = committed(award)
    summary = fulfilment_reconcile(today=day_after(code.expires_on))
    assert summary == ReconcileSummary(cash_out_codes_expired=1, returned_pence=0)
    award.refresh_from_db()
    assert award.status == AwardStatus.FAILED
    assert committed(award) == before


def voucher_award(*, used: bool = False) -> tuple[Award, datetime.date]:
    award = make_award_for_person(award_type="e_voucher", amount_pence=3_000)
    last_day = TODAY + datetime.timedelta(days=30)
    load_vouchers(award.council, values=[1_000], expires_on=TODAY + datetime.timedelta(days=20))
    load_vouchers(award.council, values=[2_000], expires_on=last_day)
    fulfil_now(award)
    assert award.status == AwardStatus.FULFILLED
    if used:
        VoucherCode.objects.filter(award=award, value_pence=1_000).update(
            redeemed_at=timezone.now()
        )
    return award, last_day


def test_e_vouchers_none_of_which_were_used_return_their_money_after_the_last_one_expires() -> None:
    award, last_day = voucher_award()
    before = committed(award)
    assert fulfilment_reconcile(today=last_day) == ReconcileSummary()

    summary = fulfilment_reconcile(today=day_after(last_day))

    assert summary == ReconcileSummary(voucher_awards_returned=1, returned_pence=3_000)
    award.refresh_from_db()
    assert award.status == AwardStatus.RETURNED
    assert award.returned_reason == (
        f"The e-voucher codes expired on {written(last_day)} without being used"
    )
    assert committed(award) == before - 3_000
    assert fulfilment_reconcile(today=day_after(last_day)) == ReconcileSummary()
    assert committed(award) == before - 3_000


def test_e_vouchers_of_which_one_was_used_keep_their_money_spent() -> None:
    award, last_day = voucher_award(used=True)
    before = committed(award)
    assert fulfilment_reconcile(today=day_after(last_day)) == ReconcileSummary()
    award.refresh_from_db()
    assert award.status == AwardStatus.FULFILLED
    assert committed(award) == before


def test_a_card_not_collected_in_time_is_cancelled_and_every_award_on_it_returned() -> None:
    applicant = person_details()
    first = fulfil_now(make_award_for_person(award_type="prepaid_card", applicant=applicant))
    second = fulfil_now(
        make_award_for_person(
            award_type="prepaid_card",
            applicant=applicant,
            council=first.council,
            amount_pence=2_500,
        )
    )
    card = PrepaidCard.objects.get()
    before = committed(first) + committed(second)

    summary = fulfilment_reconcile(today=day_after(card.collect_by))

    assert summary == ReconcileSummary(cards_cancelled=1, returned_pence=8_500)
    card.refresh_from_db()
    assert card.status == PrepaidCardStatus.CANCELLED
    assert set(card.loads.values_list("status", flat=True)) == {CardLoadStatus.CANCELLED}
    reason = f"The prepaid card was not collected by {written(card.collect_by)}"
    for award in (first, second):
        award.refresh_from_db()
        assert award.status == AwardStatus.RETURNED
        assert award.returned_reason == reason
        assert AuditEvent.objects.filter(
            action="prepaid_card.cancelled", case_reference=award.application.reference
        ).exists()
    assert committed(first) + committed(second) == before - 8_500

    assert fulfilment_reconcile(today=day_after(card.collect_by)) == ReconcileSummary()
    assert committed(first) + committed(second) == before - 8_500


def test_a_collected_card_is_left_alone() -> None:
    award = fulfil_now(make_award_for_person(award_type="prepaid_card"))
    card = PrepaidCard.objects.get()
    staff = make_membership(role=Role.TEAM_LEADER, council=award.council).user
    card_collect(actor=staff, council=award.council, card=card)
    assert fulfilment_reconcile(today=day_after(card.collect_by)) == ReconcileSummary()
    card.refresh_from_db()
    assert card.status == PrepaidCardStatus.ACTIVE


def test_the_summary_reads_as_a_sentence() -> None:
    summary = ReconcileSummary(
        cash_out_codes_expired=2, voucher_awards_returned=1, returned_pence=12_050
    )
    assert str(summary) == (
        "2 cash-out codes expired, 1 e-voucher award unused, 0 prepaid cards not collected: "
        "£120.50 returned to the fund"
    )


def test_an_award_whose_money_was_already_released_is_left_and_the_rest_go_on() -> None:
    stuck = fulfil_now(make_award_for_person(award_type="cash_out"))
    other = fulfil_now(make_award_for_person(award_type="cash_out", council=stuck.council))
    Commitment.objects.filter(pk=stuck.commitment_id).update(status=CommitmentStatus.RELEASED)
    last_day = CashOutCode.objects.get(award=other).expires_on

    summary = fulfilment_reconcile(today=day_after(last_day))

    assert summary == ReconcileSummary(cash_out_codes_expired=1, returned_pence=6_000)
    assert CashOutCode.objects.get(award=stuck).status == CashOutStatus.ISSUED
    stuck.refresh_from_db()
    assert stuck.status == AwardStatus.FULFILLED
    assert CashOutCode.objects.get(award=other).status == CashOutStatus.EXPIRED
