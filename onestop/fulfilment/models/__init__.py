"""Fulfilment's models, one module per way an award reaches a person.

`awards` holds the award and its outbox row; each other module holds what one provider's
local backend stores: e-voucher stock, bank payments and Bacs files, cash-out codes, prepaid
cards, and goods ordered from suppliers.
"""

from onestop.fulfilment.models.awards import (
    Award,
    AwardStatus,
    DeliverySlot,
    FulfilmentRequest,
    FulfilmentRequestStatus,
    GoodsRequest,
    GoodsRequestLine,
    Payee,
)
from onestop.fulfilment.models.bank import (
    BacsOriginator,
    BankPayment,
    BankPaymentStatus,
    PaymentFile,
)
from onestop.fulfilment.models.cards import CardLoad, CardLoadStatus, PrepaidCard, PrepaidCardStatus
from onestop.fulfilment.models.cash_out import CashOutCode, CashOutStatus
from onestop.fulfilment.models.goods import (
    CatalogueItem,
    GoodsOrder,
    GoodsOrderLine,
    GoodsOrderStatus,
    SupplierInvoice,
    SupplierInvoiceLine,
)
from onestop.fulfilment.models.vouchers import VoucherBatch, VoucherCode

__all__ = [
    "Award",
    "AwardStatus",
    "BacsOriginator",
    "BankPayment",
    "BankPaymentStatus",
    "CardLoad",
    "CardLoadStatus",
    "CashOutCode",
    "CashOutStatus",
    "CatalogueItem",
    "DeliverySlot",
    "FulfilmentRequest",
    "FulfilmentRequestStatus",
    "GoodsOrder",
    "GoodsOrderLine",
    "GoodsOrderStatus",
    "GoodsRequest",
    "GoodsRequestLine",
    "Payee",
    "PaymentFile",
    "PrepaidCard",
    "PrepaidCardStatus",
    "SupplierInvoice",
    "SupplierInvoiceLine",
    "VoucherBatch",
    "VoucherCode",
]
