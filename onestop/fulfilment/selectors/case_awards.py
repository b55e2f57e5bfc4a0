"""The case page's award panel: for each award on an application, how it is reaching the
person, in the words a caseworker reads out on the phone.

Codes and account numbers are shown by their last four digits only: enough to check with the
person, not enough to use.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from onestop.core.formatting import govuk_date, govuk_datetime
from onestop.core.money import format_pounds
from onestop.fulfilment.models import (
    Award,
    AwardStatus,
    BankPayment,
    BankPaymentStatus,
    CardLoad,
    CardLoadStatus,
    CashOutCode,
    CashOutStatus,
    DeliverySlot,
    FulfilmentRequestStatus,
    GoodsOrder,
    GoodsOrderStatus,
    Payee,
    PrepaidCardStatus,
    VoucherCode,
)
from onestop.intake.models import Application
from onestop.policy.models import AwardType

SENT_BY = {"sms": "text message", "email": "email", "letter": "letter"}


@dataclass(frozen=True)
class PanelRow:
    key: str
    value: str


@dataclass(frozen=True)
class AwardPanel:
    award_id: int
    award_type: str
    type_label: str
    value_pence: int
    status: str
    status_label: str
    rows: list[PanelRow] = field(default_factory=list)
    # "Money returned to the fund on 4 June 2026: the code expired without being collected".
    returned: str = ""
    # "Needs attention: no £20 codes for Iceland are left in stock".
    needs_attention: str = ""

    @property
    def heading(self) -> str:
        return f"{self.type_label}, {format_pounds(self.value_pence)}"


def masked(code: str) -> str:
    """'ending 1234': the last four characters only."""
    return f"ending {code[-4:]}"


def _voucher_rows(award: Award) -> list[PanelRow]:
    codes = list(
        VoucherCode.objects.filter(council=award.council, award=award).order_by(
            "retailer", "expires_on", "id"
        )
    )
    if not codes:
        return [PanelRow("E-voucher codes", "None issued yet")]
    by_retailer: dict[str, list[VoucherCode]] = defaultdict(list)
    for code in codes:
        by_retailer[code.retailer].append(code)
    rows = []
    for retailer, retailer_codes in by_retailer.items():
        count = len(retailer_codes)
        used = sum(1 for code in retailer_codes if code.redeemed_at)
        text = (
            f"{count} {'code' if count == 1 else 'codes'} worth "
            f"{format_pounds(sum(code.value_pence for code in retailer_codes))}, "
            f"use by {govuk_date(min(code.expires_on for code in retailer_codes))}"
        )
        if used:
            text += f", {used} used"
        text += ". Codes " + ", ".join(masked(code.code) for code in retailer_codes)
        rows.append(PanelRow(f"{retailer} e-vouchers", text))
    return rows


def _bank_rows(award: Award) -> list[PanelRow]:
    payment = BankPayment.objects.filter(council=award.council, award=award).first()
    if payment is None:
        payee = Payee.objects.filter(application_id=award.application_id).first()
        account = f"Account {masked(payee.account_number)}" if payee else "No bank details yet"
        return [PanelRow("Paid into", account), PanelRow("Payment", "Not queued yet")]
    if payment.status == BankPaymentStatus.BOUNCED:
        state = "Returned by the bank"
        if payment.bounced_at:
            state += f" on {govuk_date(payment.bounced_at)}"
        if payment.bounce_reason:
            state += f": {payment.bounce_reason}"
    elif payment.status == BankPaymentStatus.SENT and payment.payment_file is not None:
        payment_file = payment.payment_file
        state = (
            f"Sent in payment file {payment_file.serial_number}, to be paid on "
            f"{govuk_date(payment_file.processing_date)}"
        )
    else:
        state = "Waiting for the next payment file"
    return [
        PanelRow("Paid into", f"{payment.account_name}, account {masked(payment.account_number)}"),
        PanelRow("Payment reference", payment.reference),
        PanelRow("Payment", state),
    ]


def _cash_out_rows(award: Award) -> list[PanelRow]:
    code = CashOutCode.objects.filter(council=award.council, award=award).first()
    if code is None:
        return [PanelRow("Cash-out code", "Not sent yet")]
    if code.status == CashOutStatus.REDEEMED:
        state = "Collected"
        if code.redeemed_at:
            state += f" on {govuk_datetime(code.redeemed_at)}"
        if code.redeemed_at_location:
            state += f" at {code.redeemed_at_location}"
    elif code.status == CashOutStatus.EXPIRED:
        state = f"Expired on {govuk_date(code.expires_on)} without being collected"
    else:
        state = "Not collected yet"
    return [
        PanelRow("Cash-out code", masked(code.code)),
        PanelRow("Sent by", SENT_BY.get(code.sent_by, code.sent_by).capitalize()),
        PanelRow("Expires", govuk_date(code.expires_on)),
        PanelRow("Collection", state),
    ]


def _card_rows(award: Award) -> list[PanelRow]:
    load = (
        CardLoad.objects.filter(council=award.council, award=award).select_related("card").first()
    )
    if load is None:
        return [PanelRow("Prepaid card", "Not issued yet")]
    card = load.card
    if load.status == CardLoadStatus.CANCELLED or card.status == PrepaidCardStatus.CANCELLED:
        state = "Cancelled: the card was not collected"
    elif card.status == PrepaidCardStatus.AWAITING_COLLECTION:
        state = f"Waiting to be collected from {card.collect_from} by {govuk_date(card.collect_by)}"
    else:
        state = "Loaded, ready to spend"
        if card.collected_at:
            state += f" (card collected on {govuk_date(card.collected_at)})"
    return [
        PanelRow("Prepaid card", masked(card.last_four)),
        PanelRow("Amount loaded", format_pounds(load.amount_pence)),
        PanelRow("Card", state),
    ]


def _order_state(order: GoodsOrder) -> str:
    if order.status == GoodsOrderStatus.DELIVERED and order.delivered_at:
        return f"Delivered on {govuk_date(order.delivered_at)}"
    if order.status == GoodsOrderStatus.FAILED:
        reason = f": {order.failure_reason}" if order.failure_reason else ""
        return f"Delivery failed{reason}"
    if order.status == GoodsOrderStatus.RETURNED and order.returned_at:
        return f"Returned on {govuk_date(order.returned_at)}"
    return order.get_status_display()


def _goods_rows(award: Award) -> list[PanelRow]:
    orders = list(
        GoodsOrder.objects.filter(council=award.council, award=award)
        .select_related("supplier")
        .prefetch_related("lines")
        .order_by("id")
    )
    if not orders:
        return [PanelRow("Goods", "Not ordered yet")]
    rows = []
    for order in orders:
        items = ", ".join(
            line.description if line.quantity == 1 else f"{line.description} ({line.quantity})"
            for line in order.lines.all()
        )
        slot = DeliverySlot(order.delivery_slot).label if order.delivery_slot else ""
        rows.extend(
            [
                PanelRow(f"Order {order.reference}", f"{items} from {order.supplier.name}"),
                PanelRow(
                    "Delivery",
                    f"{govuk_date(order.delivery_date)}, {slot[:1].lower()}{slot[1:]}",
                ),
                PanelRow("Order status", _order_state(order)),
            ]
        )
    return rows


DETAILS = {
    AwardType.E_VOUCHER: _voucher_rows,
    AwardType.BANK_PAYMENT: _bank_rows,
    AwardType.CASH_OUT: _cash_out_rows,
    AwardType.PREPAID_CARD: _card_rows,
    AwardType.GOODS: _goods_rows,
}


def award_panel(award: Award) -> AwardPanel:
    details = DETAILS.get(AwardType(award.award_type))
    returned = ""
    if award.status == AwardStatus.RETURNED:
        when = f" on {govuk_date(award.returned_at)}" if award.returned_at else ""
        why = f": {award.returned_reason}" if award.returned_reason else ""
        returned = f"Money returned to the fund{when}{why}"
    needs_attention = ""
    request = getattr(award, "fulfilment_request", None)
    if (
        request is not None
        and request.status == FulfilmentRequestStatus.FAILED
        and award.status != AwardStatus.RETURNED
    ):
        needs_attention = "Needs attention: " + (
            request.last_error or "the award could not be sent. Try again or cancel it."
        )
    return AwardPanel(
        award_id=award.pk,
        award_type=award.award_type,
        type_label=award.get_award_type_display(),
        value_pence=award.value_pence,
        status=award.status,
        status_label=award.get_status_display(),
        rows=details(award) if details else [],
        returned=returned,
        needs_attention=needs_attention,
    )


def award_panels(*, application: Application) -> list[AwardPanel]:
    """Every award on the application, oldest first, with how it is reaching the person."""
    awards = (
        Award.objects.filter(council=application.council, application=application)
        .select_related("fulfilment_request")
        .order_by("created_at", "id")
    )
    return [award_panel(award) for award in awards]
