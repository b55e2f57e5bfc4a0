"""Daily reconciliation: money on codes and cards that were never used goes back to the fund.

A cash-out code not collected by its last day, e-voucher codes none of which were used by
their last day, and a prepaid card not collected by its date: each award's money is returned
once, with the reason on the case. Every item is handled in its own transaction and checked
again under its lock, so running the job twice, or alongside staff recording a collection,
never returns money twice or returns money that was used.
"""

import datetime
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Max, Q

from onestop.core.audit import audit_record
from onestop.core.errors import ServiceError
from onestop.core.money import format_pounds
from onestop.fulfilment.models import (
    Award,
    AwardStatus,
    CardLoadStatus,
    CashOutCode,
    CashOutStatus,
    PrepaidCard,
    PrepaidCardStatus,
)
from onestop.fulfilment.services.returns import award_return
from onestop.notifications.language import written_date
from onestop.policy.models import AwardType

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReconcileSummary:
    cash_out_codes_expired: int = 0
    voucher_awards_returned: int = 0
    cards_cancelled: int = 0
    returned_pence: int = 0

    def __str__(self) -> str:
        def count(number: int, thing: str) -> str:
            return f"{number} {thing}" if number == 1 else f"{number} {thing}s"

        return (
            f"{count(self.cash_out_codes_expired, 'cash-out code')} expired, "
            f"{count(self.voucher_awards_returned, 'e-voucher award')} unused, "
            f"{count(self.cards_cancelled, 'prepaid card')} not collected: "
            f"{format_pounds(self.returned_pence)} returned to the fund"
        )


def _day(day: datetime.date) -> str:
    return written_date(day, "en")


def _return_if_fulfilled(award_id: int, reason: str) -> int:
    """Return the award's money if it is still out (fulfilled); the pence returned, or 0."""
    award = Award.objects.select_for_update().get(pk=award_id)
    if award.status != AwardStatus.FULFILLED:
        return 0
    award_return(actor=None, award=award, reason=reason)
    return award.value_pence


@transaction.atomic
def _cash_out_expire(code_id: int, today: datetime.date) -> int | None:
    code = (
        CashOutCode.objects.select_for_update(of=("self",))
        .select_related("award__application")
        .get(pk=code_id)
    )
    if code.status != CashOutStatus.ISSUED or code.expires_on >= today:
        return None  # collected, or already expired, since the list was read
    code.status = CashOutStatus.EXPIRED
    code.save(update_fields=["status", "updated_at"])
    reason = f"The cash-out code expired on {_day(code.expires_on)} without being collected"
    audit_record(
        actor=None,
        council=code.council,
        action="cash_out.expired",
        subject=code,
        case_reference=code.award.application.reference,
        summary=f"Cash-out code for {format_pounds(code.value_pence)} expired unused",
    )
    return _return_if_fulfilled(code.award_id, reason)


@transaction.atomic
def _vouchers_return(award_id: int, today: datetime.date) -> int | None:
    award = Award.objects.select_for_update().get(pk=award_id)
    codes = list(award.voucher_codes.select_for_update().all())
    if (
        award.status != AwardStatus.FULFILLED
        or not codes
        or any(code.redeemed_at is not None for code in codes)
    ):
        return None
    last_day = max(code.expires_on for code in codes)
    if last_day >= today:
        return None
    reason = f"The e-voucher codes expired on {_day(last_day)} without being used"
    return _return_if_fulfilled(award.pk, reason)


@transaction.atomic
def _card_cancel(card_id: int, today: datetime.date) -> int | None:
    card = PrepaidCard.objects.select_for_update().get(pk=card_id)
    if card.status != PrepaidCardStatus.AWAITING_COLLECTION or card.collect_by >= today:
        return None  # collected, or given more time, since the list was read
    card.status = PrepaidCardStatus.CANCELLED
    card.save(update_fields=["status", "updated_at"])
    reason = f"The prepaid card was not collected by {_day(card.collect_by)}"
    returned = 0
    loads = (
        card.loads.select_for_update(of=("self",))
        .filter(status=CardLoadStatus.AWAITING_COLLECTION)
        .select_related("award__application")
        .order_by("id")
    )
    for load in loads:
        load.status = CardLoadStatus.CANCELLED
        load.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=None,
            council=card.council,
            action="prepaid_card.cancelled",
            subject=card,
            case_reference=load.award.application.reference,
            summary=(
                f"Prepaid card ending {card.last_four} cancelled: not collected by "
                f"{_day(card.collect_by)}"
            ),
        )
        returned += _return_if_fulfilled(load.award_id, reason)
    return returned


def _each(
    handle: Callable[[int, datetime.date], int | None], ids: list[int], today: datetime.date
) -> Iterator[int]:
    """Handle each item in its own transaction; one that cannot be handled (its money was
    already released some other way) is left as it was and logged, and the rest go on."""
    for item_id in ids:
        try:
            pence = handle(item_id, today)
        except ServiceError as error:
            logger.warning("Reconciliation left %s %s: %s", handle.__name__, item_id, error)
            continue
        if pence is not None:
            yield pence


def fulfilment_reconcile(*, today: datetime.date) -> ReconcileSummary:
    """Return to the fund the money on codes and cards left unused past their date, for every
    council. Safe to run more than once a day."""
    expired = vouchers = cards = 0
    returned = 0
    codes = CashOutCode.objects.filter(status=CashOutStatus.ISSUED, expires_on__lt=today)
    for pence in _each(_cash_out_expire, list(codes.values_list("pk", flat=True)), today):
        expired += 1
        returned += pence
    unused = (
        Award.objects.filter(award_type=AwardType.E_VOUCHER, status=AwardStatus.FULFILLED)
        .annotate(
            codes=Count("voucher_codes"),
            used=Count("voucher_codes", filter=Q(voucher_codes__redeemed_at__isnull=False)),
            last_day=Max("voucher_codes__expires_on"),
        )
        .filter(codes__gt=0, used=0, last_day__lt=today)
    )
    for pence in _each(_vouchers_return, list(unused.values_list("pk", flat=True)), today):
        if pence:
            vouchers += 1
            returned += pence
    waiting = PrepaidCard.objects.filter(
        status=PrepaidCardStatus.AWAITING_COLLECTION, collect_by__lt=today
    )
    for pence in _each(_card_cancel, list(waiting.values_list("pk", flat=True)), today):
        cards += 1
        returned += pence
    return ReconcileSummary(
        cash_out_codes_expired=expired,
        voucher_awards_returned=vouchers,
        cards_cancelled=cards,
        returned_pence=returned,
    )
