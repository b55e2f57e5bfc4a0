"""The local e-voucher backend: issues codes from the stock the council loaded, once per award."""

import datetime
from math import gcd

from django.db import connection
from django.utils import timezone

from onestop.core.money import format_pounds
from onestop.fulfilment.models import Award, VoucherCode
from onestop.fulfilment.providers import FulfilmentFailed, FulfilmentResult
from onestop.fulfilment.providers.locking import award_lock


def _exact_change(target: int, stock: dict[int, int]) -> dict[int, int] | None:
    """Fewest codes whose values add up to exactly `target`, or None if stock cannot make it."""
    unit = 0
    for value in [target, *stock]:
        unit = gcd(unit, value)
    size = target // unit
    best: list[int | None] = [0] + [None] * size
    choice: list[dict[int, int]] = [{} for _ in range(size + 1)]
    for value, available in stock.items():
        step = value // unit
        for _ in range(min(available, size // step)):
            # One more code of this value: walk downwards so each code is used once.
            for total in range(size, step - 1, -1):
                previous = best[total - step]
                if previous is not None and (best[total] is None or previous + 1 < best[total]):  # type: ignore[operator]
                    best[total] = previous + 1
                    choice[total] = {
                        **choice[total - step],
                        value: choice[total - step].get(value, 0) + 1,
                    }
    return choice[size] if best[size] is not None else None


class LocalVoucherStockProvider:
    """Issues e-voucher codes from the council's loaded stock, exactly once per award."""

    name = "voucher_stock"

    def fulfil(self, award: Award, *, idempotency_key: str) -> FulfilmentResult:
        with award_lock(award):
            return self._issue(award)

    def _issue(self, award: Award) -> FulfilmentResult:
        already = list(VoucherCode.objects.filter(award=award).order_by("id"))
        if already:  # a retry after the codes were issued: give back the same codes
            return self._result(award, already)
        today = timezone.localdate()
        available = VoucherCode.objects.filter(
            council=award.council, award__isnull=True, expires_on__gt=today
        )
        retailers = sorted(set(available.values_list("retailer", flat=True).distinct()))
        for retailer in retailers:
            stock: dict[int, int] = {}
            for value in available.filter(retailer=retailer).values_list("value_pence", flat=True):
                stock[value] = stock.get(value, 0) + 1
            plan = _exact_change(award.value_pence, stock)
            if plan is None:
                continue
            codes: list[VoucherCode] = []
            for value, count in plan.items():
                query = available.filter(retailer=retailer, value_pence=value).order_by(
                    "expires_on", "id"
                )
                if connection.features.has_select_for_update_skip_locked:
                    query = query.select_for_update(skip_locked=True)
                picked = list(query[:count])
                if len(picked) < count:
                    break
                codes.extend(picked)
            else:
                now = timezone.now()
                for code in codes:
                    code.award = award
                    code.issued_at = now
                    code.save(update_fields=["award", "issued_at", "updated_at"])
                return self._result(award, codes)
        raise FulfilmentFailed(
            f"There are not enough e-voucher codes in stock to make {format_pounds(award.value_pence)}. "
            "Load more codes, then retry."
        )

    @staticmethod
    def _result(award: Award, codes: list[VoucherCode]) -> FulfilmentResult:
        earliest: datetime.date = min(c.expires_on for c in codes)
        retailer = codes[0].retailer
        return FulfilmentResult(
            summary=(
                f"{len(codes)} e-voucher code{'s' if len(codes) != 1 else ''} from {retailer}"
                f" for {format_pounds(award.value_pence)}, use by {earliest.day} {earliest:%B %Y}"
            ),
            message_template="voucher_issued",
            personalisation={
                "retailer": retailer,
                "codes": ", ".join(c.code for c in codes),
            },
        )
