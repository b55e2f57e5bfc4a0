"""Reads about bank payments and Bacs payment files, always within one council."""

from dataclasses import dataclass

from django.db.models import Count, QuerySet, Sum

from onestop.core.references import normalise_reference
from onestop.councils.models import Council
from onestop.fulfilment.models import (
    AwardStatus,
    BacsOriginator,
    BankPayment,
    BankPaymentStatus,
    PaymentFile,
)


@dataclass(frozen=True)
class QueueTotals:
    count: int
    total_pence: int


def bacs_originator_for(*, council: Council) -> BacsOriginator | None:
    return BacsOriginator.objects.filter(council=council).first()


def payments_waiting(*, council: Council) -> QuerySet[BankPayment]:
    """Payments the next file will carry: queued, and whose money has not gone back to the
    budget (an award returned before its file was made is never paid)."""
    return (
        BankPayment.objects.filter(council=council, status=BankPaymentStatus.QUEUED)
        .exclude(award__status=AwardStatus.RETURNED)
        .select_related("award__application")
        .order_by("id")
    )


def payments_waiting_totals(*, council: Council) -> QueueTotals:
    totals = payments_waiting(council=council).aggregate(
        count=Count("id"), total=Sum("amount_pence")
    )
    return QueueTotals(count=totals["count"] or 0, total_pence=totals["total"] or 0)


def payment_files(*, council: Council) -> QuerySet[PaymentFile]:
    return PaymentFile.objects.filter(council=council).select_related("created_by").defer("content")


def payment_file_for(*, council: Council, payment_file_id: int) -> PaymentFile | None:
    return (
        PaymentFile.objects.filter(council=council, pk=payment_file_id)
        .select_related("created_by")
        .first()
    )


def payments_in_file(*, payment_file: PaymentFile) -> QuerySet[BankPayment]:
    return (
        BankPayment.objects.filter(council=payment_file.council, payment_file=payment_file)
        .select_related("award__application")
        .order_by("id")
    )


def sent_payment_by_reference(*, council: Council, reference: str) -> BankPayment | None:
    """The payment a bank's return report names, among those sent in a file. References are
    matched as typed, and also tidied the way case references are ('cr 7k4m 2q')."""
    typed = reference.strip().upper()
    candidates = {typed}
    tidied = normalise_reference(reference)
    if tidied:
        candidates.add(tidied[:18])
    return (
        BankPayment.objects.filter(
            council=council, status=BankPaymentStatus.SENT, reference__in=candidates
        )
        .select_related("award__application", "payment_file")
        .order_by("-id")
        .first()
    )


def payments_returned(*, council: Council) -> QuerySet[BankPayment]:
    return (
        BankPayment.objects.filter(council=council, status=BankPaymentStatus.BOUNCED)
        .select_related("award__application", "payment_file")
        .order_by("-bounced_at")
    )
