"""The local goods backend: orders the items a decision maker chose, one order per supplier, once
per award."""

import datetime
import secrets

from django.utils import timezone

from onestop.core.audit import audit_record
from onestop.core.formatting import govuk_date
from onestop.councils.models import Organisation
from onestop.fulfilment.models import (
    Award,
    GoodsOrder,
    GoodsOrderLine,
    GoodsOrderStatus,
    GoodsRequest,
    GoodsRequestLine,
)
from onestop.fulfilment.providers import FulfilmentFailed, FulfilmentResult
from onestop.fulfilment.providers.locking import award_lock
from onestop.fulfilment.selectors.goods import item_words, items_sentence, slot_label, slot_word

# No 0/O or 1/I: a supplier reads references out over the phone.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
REFERENCE_LENGTH = 8


def new_order_reference() -> str:
    """ "ORD-" and eight characters nobody can guess or mishear, never one already used."""
    while True:
        code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(REFERENCE_LENGTH))
        reference = f"ORD-{code}"
        if not GoodsOrder.objects.filter(reference=reference).exists():
            return reference


class LocalGoodsProvider:
    """Places the award's goods orders with the suppliers, exactly once per award."""

    name = "goods_orders"

    def fulfil(self, award: Award, *, idempotency_key: str) -> FulfilmentResult:
        with award_lock(award):
            orders = list(GoodsOrder.objects.filter(award=award).order_by("id"))
            if not orders:  # not a retry after the orders were placed: place them now
                orders = self._place(award)
            return self._result(orders)

    def _place(self, award: Award) -> list[GoodsOrder]:
        application = award.application
        request = (
            GoodsRequest.objects.filter(application=application)
            .prefetch_related("lines__catalogue_item__supplier")
            .first()
        )
        lines: list[GoodsRequestLine] = list(request.lines.order_by("id")) if request else []
        if request is None or not lines:
            raise FulfilmentFailed(
                "No items were chosen for this award, so nothing can be ordered. Choose the "
                "items on the case, then retry."
            )
        by_supplier: dict[int, list[GoodsRequestLine]] = {}
        suppliers: dict[int, Organisation] = {}
        for line in lines:
            supplier = line.catalogue_item.supplier
            suppliers[supplier.pk] = supplier
            by_supplier.setdefault(supplier.pk, []).append(line)
        # A retry days later must not book a day already gone: the earliest is then tomorrow,
        # and the person is told the day in the message.
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        delivery_date = max(request.delivery_date, tomorrow)
        applicant, household = application.applicant, application.household
        address = "\n".join(
            part
            for part in (household.address_line_1, household.address_line_2, household.town)
            if part
        )
        orders = []
        for supplier_id, supplier_lines in by_supplier.items():
            order = GoodsOrder.objects.create(
                council=award.council,
                award=award,
                supplier=suppliers[supplier_id],
                reference=new_order_reference(),
                status=GoodsOrderStatus.PLACED,
                delivery_date=delivery_date,
                delivery_slot=request.delivery_slot,
                deliver_to_name=applicant.full_name[:200],
                deliver_to_address=address,
                deliver_to_postcode=household.postcode,
                deliver_to_phone=applicant.phone,
                total_pence=sum(line.quantity * line.unit_price_pence for line in supplier_lines),
            )
            GoodsOrderLine.objects.bulk_create(
                GoodsOrderLine(
                    council=award.council,
                    order=order,
                    catalogue_item=line.catalogue_item,
                    description=line.catalogue_item.name,
                    quantity=line.quantity,
                    unit_price_pence=line.unit_price_pence,
                )
                for line in supplier_lines
            )
            audit_record(
                actor=None,
                council=award.council,
                action="goods.order_placed",
                subject=order,
                case_reference=application.reference,
                summary=(
                    f"Order {order.reference} placed with {order.supplier.name} for delivery on "
                    f"{govuk_date(order.delivery_date)}, {slot_word(order.delivery_slot)}"
                )[:300],
            )
            orders.append(order)
        return orders

    @staticmethod
    def _result(orders: list[GoodsOrder]) -> FulfilmentResult:
        lines = [line for order in orders for line in order.lines.order_by("id")]
        first = orders[0]
        summary = "; ".join(
            f"Ordered from {order.supplier.name}: "
            f"{', '.join(item_words(list(order.lines.order_by('id'))))} for delivery on "
            f"{govuk_date(order.delivery_date)}, {slot_word(order.delivery_slot)}"
            for order in orders
        )
        return FulfilmentResult(
            summary=summary,
            message_template="goods_ordered",
            personalisation={
                "items": items_sentence(lines),
                "delivery_date": first.delivery_date,
                "slot": slot_label(first.delivery_slot),
            },
        )
