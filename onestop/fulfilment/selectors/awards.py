"""Reads about awards, fulfilment and voucher stock, always within one council."""

from dataclasses import dataclass

from django.db.models import Count, QuerySet, Sum

from onestop.councils.models import Council
from onestop.fulfilment.models import (
    Award,
    FulfilmentRequest,
    FulfilmentRequestStatus,
    VoucherBatch,
    VoucherCode,
)


@dataclass(frozen=True)
class StockLine:
    retailer: str
    value_pence: int
    available: int
    issued: int


def voucher_stock_summary(*, council: Council) -> list[StockLine]:
    rows = (
        VoucherCode.objects.filter(council=council)
        .values("retailer", "value_pence")
        .annotate(total=Count("id"), issued=Count("award"))
        .order_by("retailer", "value_pence")
    )
    return [
        StockLine(r["retailer"], r["value_pence"], r["total"] - r["issued"], r["issued"])
        for r in rows
    ]


def voucher_batches(*, council: Council) -> QuerySet[VoucherBatch]:
    return (
        VoucherBatch.objects.filter(council=council)
        .select_related("loaded_by")
        .order_by("-created_at")
    )


def fulfilments_needing_attention(*, council: Council) -> QuerySet[FulfilmentRequest]:
    return FulfilmentRequest.objects.filter(
        council=council, status=FulfilmentRequestStatus.FAILED
    ).select_related("award__application")


def award_totals(*, council: Council) -> dict[str, int]:
    return Award.objects.filter(council=council).aggregate(
        count=Count("id"), value=Sum("value_pence")
    )
