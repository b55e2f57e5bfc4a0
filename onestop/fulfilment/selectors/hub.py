"""Reads for the fulfilment hub: how much needs attention, and the exception queue."""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from onestop.councils.models import Council
from onestop.fulfilment.models import (
    AwardStatus,
    BankPayment,
    BankPaymentStatus,
    FulfilmentRequest,
    FulfilmentRequestStatus,
    GoodsOrder,
    GoodsOrderStatus,
    PrepaidCard,
    PrepaidCardStatus,
)

# A request is normally sent within seconds of the award; one still waiting after this long has
# a provider that keeps refusing or a worker that is not running, and someone should look.
WAITING_TOO_LONG = datetime.timedelta(hours=1)


@dataclass(frozen=True)
class HubCounts:
    needing_attention: int
    waiting_to_be_sent: int
    waiting_too_long: int
    payments_waiting_for_file: int
    goods_deliveries_failed: int
    cards_waiting_collection: int


def failed_fulfilments(*, council: Council) -> QuerySet[FulfilmentRequest]:
    """Requests the outbox gave up on, whose award is still waiting for staff to act: retry it
    or cancel it and return the money. Oldest first, so nobody waits longest."""
    return (
        FulfilmentRequest.objects.filter(council=council, status=FulfilmentRequestStatus.FAILED)
        .exclude(award__status=AwardStatus.RETURNED)
        .select_related("award__application")
        .order_by("updated_at", "id")
    )


def fulfilments_waiting_too_long(
    *, council: Council, now: datetime.datetime | None = None
) -> QuerySet[FulfilmentRequest]:
    """Requests still waiting to be sent (being tried, or waiting for their next try) an hour
    or more after the award was made."""
    now = now or timezone.now()
    return (
        FulfilmentRequest.objects.filter(
            council=council,
            status=FulfilmentRequestStatus.PENDING,
            created_at__lte=now - WAITING_TOO_LONG,
        )
        .select_related("award__application")
        .order_by("created_at", "id")
    )


def hub_counts(*, council: Council, now: datetime.datetime | None = None) -> HubCounts:
    pending = FulfilmentRequest.objects.filter(
        council=council, status=FulfilmentRequestStatus.PENDING
    )
    return HubCounts(
        needing_attention=failed_fulfilments(council=council).count(),
        waiting_to_be_sent=pending.count(),
        waiting_too_long=fulfilments_waiting_too_long(council=council, now=now).count(),
        payments_waiting_for_file=BankPayment.objects.filter(
            council=council, status=BankPaymentStatus.QUEUED
        ).count(),
        # Once the award's money is back in the fund there is nothing left to do about it.
        goods_deliveries_failed=GoodsOrder.objects.filter(
            council=council, status=GoodsOrderStatus.FAILED
        )
        .exclude(award__status=AwardStatus.RETURNED)
        .count(),
        cards_waiting_collection=PrepaidCard.objects.filter(
            council=council, status=PrepaidCardStatus.AWAITING_COLLECTION
        ).count(),
    )
