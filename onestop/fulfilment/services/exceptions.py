"""Resolving fulfilment that failed: cancel an award that cannot be delivered and return its
money to the fund."""

from django.db import transaction
from django.utils import timezone

from onestop.core.audit import audit_record
from onestop.core.errors import ServiceError
from onestop.core.money import format_pounds
from onestop.core.roles import Capability
from onestop.councils.access import membership_require
from onestop.councils.models import Council, User
from onestop.fulfilment.models import (
    Award,
    AwardStatus,
    BankPayment,
    BankPaymentStatus,
    CardLoad,
    CardLoadStatus,
    CashOutCode,
    CashOutStatus,
    FulfilmentRequest,
    FulfilmentRequestStatus,
    GoodsOrder,
    GoodsOrderStatus,
    VoucherCode,
)
from onestop.fulfilment.services.returns import award_return

MAX_REASON = 300


def _already_issued(award: Award) -> str:
    """What a provider already handed out for this award, in words; empty if nothing.

    A failed request normally issued nothing, but an award of goods from two suppliers can
    fail at the second after the first took its order. Returning the whole value then would
    give back money that is still being spent, so that has to be cancelled where it lives first.
    """
    if VoucherCode.objects.filter(award=award).exists():
        return "e-voucher codes were issued"
    if BankPayment.objects.filter(award=award).exclude(status=BankPaymentStatus.BOUNCED).exists():
        return "a bank payment was queued"
    if CashOutCode.objects.filter(award=award, status=CashOutStatus.ISSUED).exists():
        return "a cash-out code was sent"
    if CardLoad.objects.filter(award=award).exclude(status=CardLoadStatus.CANCELLED).exists():
        return "money was put on a prepaid card"
    if (
        GoodsOrder.objects.filter(award=award)
        .exclude(status__in=[GoodsOrderStatus.FAILED, GoodsOrderStatus.RETURNED])
        .exists()
    ):
        return "goods were ordered from a supplier"
    return ""


@transaction.atomic
def fulfilment_cancel(
    *, actor: User, council: Council, request_id: int, reason: str
) -> FulfilmentRequest:
    """Give up on an award whose fulfilment failed: its money goes back to the budget, once.

    Only a request that needs attention can be cancelled. The request is closed, so neither
    the outbox nor "Try again" can ever send the award after its money has gone back.
    """
    membership_require(
        actor=actor,
        council=council,
        capability=Capability.RESOLVE_FULFILMENT,
        doing="cancel an award's fulfilment",
    )
    reason = reason.strip()
    if not reason:
        raise ServiceError(
            "Enter why the award is being cancelled, for example why it cannot be delivered.",
            field="reason",
        )
    if len(reason) > MAX_REASON:
        raise ServiceError(f"The reason must be {MAX_REASON} characters or fewer.", field="reason")
    request = (
        FulfilmentRequest.objects.select_for_update(of=("self",))
        .select_related("award__application")
        .filter(council=council, pk=request_id)
        .first()
    )
    if (
        request is None
        or request.status != FulfilmentRequestStatus.FAILED
        or request.award.status == AwardStatus.RETURNED
    ):
        raise ServiceError(
            "Only an award whose fulfilment needs attention can be cancelled. "
            "It may have been tried again or cancelled already: check the list."
        )
    issued = _already_issued(request.award)
    if issued:
        raise ServiceError(
            f"This award cannot be cancelled here because {issued}. Cancel that first, "
            "then return the rest of the money."
        )
    award = award_return(actor=actor, award=request.award, reason=reason)
    # Cancelled, never pending again: no worker or retry can send it after the money came back.
    request.status = FulfilmentRequestStatus.CANCELLED
    request.claimed_until = None
    request.next_attempt_at = None
    request.done_at = timezone.now()
    request.result_summary = f"Cancelled: {format_pounds(award.value_pence)} returned to the fund"
    request.save()
    audit_record(
        actor=actor,
        council=council,
        action="award.fulfilment_cancelled",
        subject=award,
        case_reference=award.application.reference,
        summary=f"Fulfilment cancelled and {format_pounds(award.value_pence)} returned to the fund",
        reason=reason,
    )
    return request
