"""Reads behind finance's exports: payments in files, spend by supplier, and every award, for
a range of days in one council."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from onestop.councils.models import Council
from onestop.fulfilment.models import (
    Award,
    BankPayment,
    GoodsOrder,
    GoodsOrderStatus,
    SupplierInvoiceLine,
)


@dataclass(frozen=True)
class DateRange:
    """Whole days, first and last included, on the council's (UK) clock."""

    first: datetime.date
    last: datetime.date

    @property
    def starts_at(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.first, datetime.time.min))

    @property
    def ends_before(self) -> datetime.datetime:
        next_day = self.last + datetime.timedelta(days=1)
        return timezone.make_aware(datetime.datetime.combine(next_day, datetime.time.min))

    def lookup(self, field: str) -> Q:
        return Q(**{f"{field}__gte": self.starts_at, f"{field}__lt": self.ends_before})


def this_month(today: datetime.date | None = None) -> DateRange:
    """The financial month finance usually reconciles: the calendar month containing today."""
    today = today or timezone.localdate()
    first = today.replace(day=1)
    next_month = (first + datetime.timedelta(days=32)).replace(day=1)
    return DateRange(first, next_month - datetime.timedelta(days=1))


def _local_date(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(moment) if moment else None


# --- payment files ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PaymentFileRow:
    file_name: str
    serial_number: int
    processing_date: datetime.date
    case_reference: str
    payment_reference: str
    account_name: str
    sort_code: str
    account_ending: str
    amount_pence: int
    status: str


def payments_in_files(*, council: Council, period: DateRange) -> QuerySet[BankPayment]:
    return (
        BankPayment.objects.filter(council=council, payment_file__isnull=False)
        .filter(period.lookup("payment_file__created_at"))
        .select_related("payment_file", "award__application")
        .order_by("payment_file__serial_number", "id")
    )


def payment_file_rows(*, council: Council, period: DateRange) -> list[PaymentFileRow]:
    """One row per payment carried in a file made in the range. Only the account number's
    last four digits: the full numbers stay in the Bacs file on the payments page."""
    rows = []
    for payment in payments_in_files(council=council, period=period):
        payment_file = payment.payment_file
        assert payment_file is not None  # filtered above
        rows.append(
            PaymentFileRow(
                file_name=payment_file.file_name,
                serial_number=payment_file.serial_number,
                processing_date=payment_file.processing_date,
                case_reference=payment.award.application.reference,
                payment_reference=payment.reference,
                account_name=payment.account_name,
                sort_code=_sort_code(payment.sort_code),
                account_ending=payment.account_number[-4:],
                amount_pence=payment.amount_pence,
                status=payment.get_status_display(),
            )
        )
    return rows


def _sort_code(digits: str) -> str:
    return "-".join(digits[i : i + 2] for i in range(0, len(digits), 2))


# --- supplier spend --------------------------------------------------------------------------


@dataclass
class SupplierSpendRow:
    supplier: str
    orders_placed: int = 0
    delivered: int = 0
    failed_or_returned: int = 0
    value_delivered_pence: int = 0
    invoiced_pence: int = 0

    @property
    def difference_pence(self) -> int:
        """Invoiced less delivered: more than zero means charged for more than was delivered."""
        return self.invoiced_pence - self.value_delivered_pence


def supplier_spend_rows(*, council: Council, period: DateRange) -> list[SupplierSpendRow]:
    """Per supplier, the orders placed in the range, what became of them, and what the
    supplier has invoiced for those same orders, so the two can be reconciled."""
    orders = list(
        GoodsOrder.objects.filter(council=council)
        .filter(period.lookup("created_at"))
        .select_related("supplier")
        .order_by("supplier__name", "id")
    )
    invoiced: dict[int, int] = defaultdict(int)
    for order_id, amount in SupplierInvoiceLine.objects.filter(
        council=council, order__in=[order.pk for order in orders]
    ).values_list("order_id", "amount_pence"):
        invoiced[order_id] += amount
    rows: dict[int, SupplierSpendRow] = {}
    for order in orders:
        row = rows.setdefault(order.supplier_id, SupplierSpendRow(supplier=order.supplier.name))
        row.orders_placed += 1
        if order.status == GoodsOrderStatus.DELIVERED:
            row.delivered += 1
            row.value_delivered_pence += order.total_pence
        elif order.status in (GoodsOrderStatus.FAILED, GoodsOrderStatus.RETURNED):
            row.failed_or_returned += 1
        row.invoiced_pence += invoiced[order.pk]
    return sorted(rows.values(), key=lambda row: row.supplier.lower())


# --- award spend -----------------------------------------------------------------------------


@dataclass(frozen=True)
class AwardSpendRow:
    awarded_on: datetime.date
    case_reference: str
    scheme: str
    award_type: str
    value_pence: int
    status: str
    fulfilled_on: datetime.date | None
    returned_on: datetime.date | None
    returned_reason: str


def award_spend_rows(*, council: Council, period: DateRange) -> list[AwardSpendRow]:
    """One row per award made in the range, oldest first."""
    awards = (
        Award.objects.filter(council=council)
        .filter(period.lookup("created_at"))
        .select_related("application__scheme")
        .order_by("created_at", "id")
    )
    return [
        AwardSpendRow(
            awarded_on=timezone.localdate(award.created_at),
            case_reference=award.application.reference,
            scheme=award.application.scheme.name,
            award_type=award.get_award_type_display(),
            value_pence=award.value_pence,
            status=award.get_status_display(),
            fulfilled_on=_local_date(award.fulfilled_at),
            returned_on=_local_date(award.returned_at),
            returned_reason=award.returned_reason,
        )
        for award in awards
    ]
