"""Create awards with their fulfilment request in one transaction, and fulfil them exactly once."""

import datetime

from django.db import connection, transaction
from django.utils import timezone

from onestop.budgets.models import Commitment
from onestop.budgets.services import commitment_spend
from onestop.core.audit import audit_record
from onestop.core.errors import ServiceError
from onestop.core.money import format_pounds
from onestop.councils.models import Council, User
from onestop.fulfilment.models import (
    Award,
    AwardStatus,
    FulfilmentRequest,
    FulfilmentRequestStatus,
    VoucherBatch,
    VoucherCode,
)
from onestop.fulfilment.providers import (
    PROVIDER_FOR_AWARD_TYPE,
    PROVIDERS,
    FulfilmentFailed,
    FulfilmentProvider,
)
from onestop.fulfilment.voucher_files import VoucherFileError, parse_voucher_file
from onestop.notifications.services import message_queue

MAX_ATTEMPTS = 5


def award_create(*, actor: User | None, commitment: Commitment, award_type: str) -> Award:
    """The award and its outbox row, in the caller's (the decision's) transaction."""
    award = Award.objects.create(
        council=commitment.council,
        application=commitment.application,
        commitment=commitment,
        award_type=award_type,
        value_pence=commitment.amount_pence,
    )
    request = FulfilmentRequest.objects.create(
        council=award.council, award=award, provider=PROVIDER_FOR_AWARD_TYPE[award_type]
    )
    audit_record(
        actor=actor,
        council=award.council,
        action="award.created",
        subject=award,
        case_reference=commitment.application.reference,
        summary=f"Award of {format_pounds(award.value_pence)} sent for fulfilment",
    )
    from onestop.fulfilment.tasks import fulfil_award

    request_id = request.pk
    transaction.on_commit(lambda: fulfil_award.enqueue(request_id=request_id))
    return award


def fulfilment_process(
    *, request_id: int, provider: FulfilmentProvider | None = None
) -> FulfilmentRequest:
    """Claim one request, call its provider with the award's key, and record what happened.

    The claim, the provider's work on local stock and the recorded result share one
    transaction; if the process dies part way, nothing is kept and the next attempt starts
    clean, and the provider returns the same result for the same key.
    """
    with transaction.atomic():
        query = FulfilmentRequest.objects.select_related("award", "award__application")
        if connection.features.has_select_for_update_skip_locked:
            query = query.select_for_update(skip_locked=True)
        request = query.filter(pk=request_id, status=FulfilmentRequestStatus.PENDING).first()
        if request is None:  # done already, or another worker holds it
            return FulfilmentRequest.objects.get(pk=request_id)
        award = request.award
        request.attempts += 1
        try:
            result = (provider or PROVIDERS[request.provider]).fulfil(
                award, idempotency_key=str(award.idempotency_key)
            )
        except FulfilmentFailed as failure:
            request.last_error = str(failure)[:300]
            if request.attempts >= MAX_ATTEMPTS:
                request.status = FulfilmentRequestStatus.FAILED
                award.status = AwardStatus.FAILED
                award.save(update_fields=["status", "updated_at"])
                audit_record(
                    actor=None,
                    council=award.council,
                    action="award.fulfilment_failed",
                    subject=award,
                    case_reference=award.application.reference,
                    summary="Fulfilment failed: needs attention",
                    reason=str(failure),
                )
            else:
                request.next_attempt_at = timezone.now() + datetime.timedelta(
                    seconds=30 * 2**request.attempts
                )
            request.save()
            return request
        request.status = FulfilmentRequestStatus.DONE
        request.last_error = ""
        request.save()
        award.status = AwardStatus.FULFILLED
        award.fulfilled_at = timezone.now()
        award.save(update_fields=["status", "fulfilled_at", "updated_at"])
        commitment_spend(commitment=award.commitment)
        audit_record(
            actor=None,
            council=award.council,
            action="award.fulfilled",
            subject=award,
            case_reference=award.application.reference,
            summary=f"Issued {result.summary}",
        )
        applicant = award.application.applicant
        message_queue(
            council=award.council,
            template="voucher_issued",
            contact_preference=applicant.contact_preference,
            phone=applicant.phone,
            email=applicant.email,
            case_reference=award.application.reference,
            personalisation={
                "first_name": applicant.first_name,
                "amount": format_pounds(award.value_pence),
                "retailer": result.retailer,
                "codes": ", ".join(result.codes),
                "reference": award.application.reference,
            },
        )
        return request


@transaction.atomic
def fulfilment_retry(*, actor: User, council: Council, request_id: int) -> FulfilmentRequest:
    """Staff put a failed request back in the queue, for example after loading more stock."""
    request = (
        FulfilmentRequest.objects.select_for_update()
        .select_related("award__application")
        .filter(council=council, pk=request_id)
        .first()
    )
    if request is None or request.status != FulfilmentRequestStatus.FAILED:
        raise ServiceError("Only a fulfilment that needs attention can be retried.")
    request.status = FulfilmentRequestStatus.PENDING
    request.attempts = 0
    request.save()
    request.award.status = AwardStatus.AWAITING_FULFILMENT
    request.award.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        council=council,
        action="award.fulfilment_retried",
        subject=request.award,
        case_reference=request.award.application.reference,
        summary="Fulfilment tried again",
    )
    from onestop.fulfilment.tasks import fulfil_award

    transaction.on_commit(lambda: fulfil_award.enqueue(request_id=request_id))
    return request


@transaction.atomic
def voucher_stock_load(
    *, actor: User | None, council: Council, file_name: str, data: bytes
) -> VoucherBatch:
    """Load a file of codes: every line is checked first, and a file with any problem is refused."""
    lines = parse_voucher_file(data, today=timezone.localdate())
    clashes = set(
        VoucherCode.objects.filter(council=council, code__in=[v.code for v in lines]).values_list(
            "code", flat=True
        )
    )
    if clashes:
        raise VoucherFileError(
            [
                f"Line {v.line}: code {v.code} is already in stock."
                for v in lines
                if v.code in clashes
            ]
        )
    batch = VoucherBatch.objects.create(
        council=council,
        file_name=file_name[:200],
        code_count=len(lines),
        total_value_pence=sum(v.value_pence for v in lines),
        loaded_by=actor,
    )
    VoucherCode.objects.bulk_create(
        VoucherCode(
            council=council,
            batch=batch,
            code=v.code,
            retailer=v.retailer,
            value_pence=v.value_pence,
            expires_on=v.expires_on,
        )
        for v in lines
    )
    audit_record(
        actor=actor,
        council=council,
        action="vouchers.loaded",
        subject=batch,
        summary=f"{len(lines)} e-voucher codes worth {format_pounds(batch.total_value_pence)} loaded",
        details={"file_name": file_name},
    )
    return batch
