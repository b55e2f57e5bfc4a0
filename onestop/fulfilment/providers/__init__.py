"""Providers that deliver awards, behind one interface.

A provider is called with the award's idempotency key and must give the same result however
many times it is called with that key: that is what makes a retry after a crash safe. Each
award type has a local backend here that really stores, issues and tracks what it is sent
(e-voucher stock, a Bacs payment queue, cash-out codes, prepaid cards, goods orders). A real
provider's API client implements the same `FulfilmentProvider` protocol, sending the key as
its idempotency header, and is named in the `FULFILMENT_PROVIDERS` setting in place of the
local one (docs/fulfilment.md says how).
"""

from dataclasses import dataclass, field
from typing import Any, Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from onestop.fulfilment.models import Award
from onestop.policy.models import AwardType


class FulfilmentFailed(Exception):
    """The provider cannot fulfil the award; the message tells staff what to do."""


@dataclass(frozen=True)
class FulfilmentResult:
    """What the provider did, in words for the case, and what to tell the person.

    `message_template` names a template in onestop.notifications.templates (first_name, amount
    and reference are filled in for every one); `letter_kind` and `letter_context` a letter
    for someone with no phone or email. The outbox queues them once, when it records the
    result, so a retry never tells the person twice.
    """

    summary: str
    message_template: str = ""
    personalisation: dict[str, Any] = field(default_factory=dict)
    letter_kind: str = ""
    letter_context: Any = None


class FulfilmentProvider(Protocol):
    name: str

    def fulfil(self, award: Award, *, idempotency_key: str) -> FulfilmentResult: ...


# The local backend for each award type; settings.FULFILMENT_PROVIDERS may name others.
LOCAL_PROVIDERS: dict[str, str] = {
    AwardType.E_VOUCHER: "onestop.fulfilment.providers.vouchers.LocalVoucherStockProvider",
    AwardType.BANK_PAYMENT: "onestop.fulfilment.providers.bank.LocalBacsPaymentProvider",
    AwardType.CASH_OUT: "onestop.fulfilment.providers.cash_out.LocalCashOutProvider",
    AwardType.PREPAID_CARD: "onestop.fulfilment.providers.cards.LocalPrepaidCardProvider",
    AwardType.GOODS: "onestop.fulfilment.providers.goods.LocalGoodsProvider",
}

_loaded: dict[str, FulfilmentProvider] = {}


def provider_for(award_type: str) -> FulfilmentProvider:
    """The provider that fulfils this award type, as the settings name it."""
    path = {**LOCAL_PROVIDERS, **settings.FULFILMENT_PROVIDERS}[award_type]
    if path not in _loaded:
        _loaded[path] = import_string(path)()
    return _loaded[path]
