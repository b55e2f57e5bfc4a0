"""Fulfilling awards: codes issued exactly once, retried safely, and the applicant told."""

import pytest

from onestop.core.errors import ServiceError
from onestop.core.models import AuditEvent
from onestop.fulfilment.models import (
    Award,
    AwardStatus,
    FulfilmentRequest,
    FulfilmentRequestStatus,
    VoucherCode,
)
from onestop.fulfilment.providers import FulfilmentFailed, FulfilmentResult
from onestop.fulfilment.services.outbox import MAX_ATTEMPTS, fulfilment_process, fulfilment_retry
from onestop.notifications.models import Message, MessageStatus
from tests.factories import (
    load_vouchers,
    make_award,
    make_budget,
    make_council,
    make_scheme,
    make_user,
    person_details,
    submit_application,
)

pytestmark = pytest.mark.django_db


def request_for(award: Award) -> FulfilmentRequest:
    return FulfilmentRequest.objects.get(award=award)


def voucher_messages(award: Award) -> list[Message]:
    return list(
        Message.objects.filter(
            case_reference=award.application.reference, template="voucher_issued"
        )
    )


def test_an_award_is_written_with_its_fulfilment_request() -> None:
    award = make_award(amount_pence=6_000).award
    request = request_for(award)
    assert request.status == FulfilmentRequestStatus.PENDING
    assert request.provider == "e_voucher"
    assert award.status == AwardStatus.AWAITING_FULFILMENT
    assert award.value_pence == 6_000


def test_fulfilling_issues_codes_and_tells_the_applicant() -> None:
    scheme = make_scheme()
    make_budget(scheme=scheme)
    application = submit_application(
        scheme=scheme, applicant=person_details(first_name="Megan", phone="07700 900456")
    )
    award = make_award(application=application, amount_pence=6_000).award
    load_vouchers(award.council, values=[5_000, 1_000, 1_000], retailer="Iceland")

    request = fulfilment_process(request_id=request_for(award).pk)

    assert request.status == FulfilmentRequestStatus.DONE
    award.refresh_from_db()
    assert award.status == AwardStatus.FULFILLED
    assert award.fulfilled_at is not None
    codes = list(VoucherCode.objects.filter(award=award).values_list("code", flat=True))
    assert (
        sum(VoucherCode.objects.filter(award=award).values_list("value_pence", flat=True)) == 6_000
    )
    (message,) = voucher_messages(award)
    assert message.recipient == "07700 900456"
    assert message.status == MessageStatus.QUEUED
    assert "Dear Megan" in message.body
    assert "£60.00 e-voucher for Iceland" in message.body
    for code in codes:
        assert code in message.body
    assert AuditEvent.objects.filter(action="award.fulfilled", subject_id=str(award.pk)).exists()


def test_processing_twice_issues_no_extra_codes_and_sends_one_message() -> None:
    award = make_award(amount_pence=2_000).award
    load_vouchers(award.council, values=[1_000] * 6)
    request_id = request_for(award).pk

    fulfilment_process(request_id=request_id)
    again = fulfilment_process(request_id=request_id)

    assert again.status == FulfilmentRequestStatus.DONE
    assert again.attempts == 1
    assert VoucherCode.objects.filter(award__isnull=False).count() == 2
    assert len(voucher_messages(award)) == 1


def test_two_awards_never_share_a_code() -> None:
    scheme = make_scheme()
    make_budget(scheme=scheme)
    first = make_award(application=submit_application(scheme=scheme), amount_pence=2_000).award
    second = make_award(application=submit_application(scheme=scheme), amount_pence=2_000).award
    load_vouchers(scheme.council, values=[1_000] * 4)
    fulfilment_process(request_id=request_for(first).pk)
    fulfilment_process(request_id=request_for(second).pk)
    first_codes = set(VoucherCode.objects.filter(award=first).values_list("pk", flat=True))
    second_codes = set(VoucherCode.objects.filter(award=second).values_list("pk", flat=True))
    assert len(first_codes) == len(second_codes) == 2
    assert not first_codes & second_codes


def test_without_enough_stock_the_request_waits_with_the_reason() -> None:
    award = make_award(amount_pence=6_000).award
    load_vouchers(award.council, values=[5_000])

    request = fulfilment_process(request_id=request_for(award).pk)

    assert request.status == FulfilmentRequestStatus.PENDING
    assert request.attempts == 1
    assert request.last_error == (
        "There are not enough e-voucher codes in stock to make £60.00. Load more codes, then retry."
    )
    assert request.next_attempt_at is not None
    assert not VoucherCode.objects.filter(award=award).exists()
    assert voucher_messages(award) == []
    award.refresh_from_db()
    assert award.status == AwardStatus.AWAITING_FULFILMENT


def test_loading_stock_before_the_next_attempt_fulfils_it() -> None:
    award = make_award(amount_pence=6_000).award
    request_id = request_for(award).pk
    fulfilment_process(request_id=request_id)
    load_vouchers(award.council, values=[6_000])

    request = fulfilment_process(request_id=request_id)

    assert request.status == FulfilmentRequestStatus.DONE
    assert request.last_error == ""
    assert request.attempts == 2
    assert len(voucher_messages(award)) == 1


def test_after_the_last_attempt_it_needs_attention() -> None:
    award = make_award(amount_pence=6_000).award
    request_id = request_for(award).pk

    for _ in range(MAX_ATTEMPTS - 1):
        assert fulfilment_process(request_id=request_id).status == FulfilmentRequestStatus.PENDING
    request = fulfilment_process(request_id=request_id)

    assert request.status == FulfilmentRequestStatus.FAILED
    assert request.attempts == MAX_ATTEMPTS
    award.refresh_from_db()
    assert award.status == AwardStatus.FAILED
    failed = AuditEvent.objects.get(action="award.fulfilment_failed", subject_id=str(award.pk))
    assert "not enough e-voucher codes" in failed.reason
    # Once failed, the worker leaves it alone until someone retries it.
    assert fulfilment_process(request_id=request_id).attempts == MAX_ATTEMPTS


def test_a_retry_after_loading_stock_fulfils_it(django_capture_on_commit_callbacks) -> None:
    award = make_award(amount_pence=6_000).award
    request_id = request_for(award).pk
    for _ in range(MAX_ATTEMPTS):
        fulfilment_process(request_id=request_id)
    load_vouchers(award.council, values=[5_000, 1_000])
    finance = make_user()

    with django_capture_on_commit_callbacks(execute=True):
        fulfilment_retry(actor=finance, council=award.council, request_id=request_id)

    request = request_for(award)
    assert request.status == FulfilmentRequestStatus.DONE
    award.refresh_from_db()
    assert award.status == AwardStatus.FULFILLED
    assert VoucherCode.objects.filter(award=award).count() == 2
    (message,) = voucher_messages(award)
    assert message.status == MessageStatus.SENT  # sent by the outbox backend after commit
    retried = AuditEvent.objects.get(action="award.fulfilment_retried", subject_id=str(award.pk))
    assert retried.actor == finance


def test_only_a_failed_request_can_be_retried() -> None:
    award = make_award(amount_pence=6_000).award
    with pytest.raises(ServiceError, match="Only a fulfilment that needs attention"):
        fulfilment_retry(actor=make_user(), council=award.council, request_id=request_for(award).pk)


def test_another_councils_request_cannot_be_retried() -> None:
    award = make_award(amount_pence=6_000).award
    for _ in range(MAX_ATTEMPTS):
        fulfilment_process(request_id=request_for(award).pk)
    someone_elses = make_award().award
    with pytest.raises(ServiceError):
        fulfilment_retry(
            actor=make_user(), council=someone_elses.council, request_id=request_for(award).pk
        )
    assert request_for(award).status == FulfilmentRequestStatus.FAILED


def test_the_provider_is_called_with_the_awards_idempotency_key() -> None:
    award = make_award(amount_pence=6_000).award
    calls: list[str] = []

    class RecordingProvider:
        name = "recording"

        def fulfil(self, award: Award, *, idempotency_key: str) -> FulfilmentResult:
            calls.append(idempotency_key)
            if len(calls) == 1:
                raise FulfilmentFailed("The provider is busy. Try again later.")
            return FulfilmentResult(
                summary="1 code",
                message_template="voucher_issued",
                personalisation={"retailer": "Shop", "codes": "SHOP-CODE-1"},
            )

    request_id = request_for(award).pk
    assert fulfilment_process(request_id=request_id, provider=RecordingProvider()).last_error == (
        "The provider is busy. Try again later."
    )
    fulfilment_process(request_id=request_id, provider=RecordingProvider())
    assert calls == [str(award.idempotency_key)] * 2


def test_the_decision_commit_hands_the_award_to_the_worker(
    django_capture_on_commit_callbacks,
) -> None:
    scheme = make_scheme()
    make_budget(scheme=scheme)
    load_vouchers(scheme.council, values=[6_000])
    application = submit_application(scheme=scheme)
    with django_capture_on_commit_callbacks(execute=True):
        award = make_award(application=application, amount_pence=6_000).award
    award.refresh_from_db()
    assert award.status == AwardStatus.FULFILLED
    assert VoucherCode.objects.filter(award=award).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_workers_racing_on_one_request_issue_its_codes_once(in_threads) -> None:
    award = make_award(amount_pence=2_000).award
    load_vouchers(award.council, values=[1_000] * 10)
    request_id = request_for(award).pk
    # The decision's commit already handed the award to the worker once, before there was stock.
    attempts_before = request_for(award).attempts

    outcomes = in_threads(8, lambda: fulfilment_process(request_id=request_id).pk)

    assert [kind for kind, _ in outcomes] == ["ok"] * 8, outcomes
    request = request_for(award)
    assert request.status == FulfilmentRequestStatus.DONE
    assert request.attempts == attempts_before + 1
    assert VoucherCode.objects.filter(award__isnull=False).count() == 2
    assert len(voucher_messages(award)) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_workers_fulfilling_different_awards_at_once_never_share_a_code(in_threads) -> None:
    council = make_council()
    scheme = make_scheme(council=council)
    make_budget(scheme=scheme)
    awards = [
        make_award(application=submit_application(scheme=scheme), amount_pence=1_000).award
        for _ in range(6)
    ]
    load_vouchers(council, values=[1_000] * 6)
    request_ids = iter([request_for(a).pk for a in awards])

    def work() -> str:
        return fulfilment_process(request_id=next(request_ids)).status

    outcomes = in_threads(6, work)

    assert [kind for kind, _ in outcomes] == ["ok"] * 6, outcomes
    issued = list(VoucherCode.objects.filter(council=council).values_list("award_id", flat=True))
    assert sorted(issued) == sorted(a.pk for a in awards)
