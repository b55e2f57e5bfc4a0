"""Goods orders after they are placed: suppliers confirm dispatch, delivery, a failed delivery or
goods returned; staff rebook or cancel a failed delivery; and the award's money comes back once
no goods are left with the person or on their way.

Every change locks the award's row first and then the order's, so two changes to orders of the
same award (two suppliers' returns at once) take turns, and the last one sees every order's
final state and returns the money exactly once.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from onestop.core.audit import audit_record
from onestop.core.errors import NotPermitted, ServiceError
from onestop.core.formatting import govuk_date
from onestop.core.money import format_pounds
from onestop.core.roles import Capability
from onestop.councils.access import membership_require
from onestop.councils.models import Council, Organisation, User
from onestop.fulfilment.models import (
    Award,
    AwardStatus,
    DeliverySlot,
    GoodsOrder,
    GoodsOrderStatus,
)
from onestop.fulfilment.selectors.goods import (
    CANCELLED,
    items_sentence,
    order_state,
    slot_label,
    slot_word,
)
from onestop.fulfilment.services.returns import award_return
from onestop.intake.messages import applicant_message_queue

MAX_REASON = 300
# How far ahead staff may book another delivery, as for the first one.
MAX_DAYS_AHEAD = 60


class OrderChangeRefused(ServiceError):
    """The order is not in a state that allows this change (the API answers 409 Conflict)."""


class OrderNotFound(ServiceError):
    """The order is not the supplier's, or not the council's (pages and the API answer 404)."""


def _locked(order: GoodsOrder) -> GoodsOrder:
    Award.objects.select_for_update().filter(pk=order.award_id).first()
    return (
        GoodsOrder.objects.select_for_update(of=("self",))
        .select_related(
            "supplier",
            "award__application__applicant",
            "award__application__household",
        )
        .get(pk=order.pk)
    )


def _supplier_locked(
    *, actor: User | None, supplier: Organisation, order: GoodsOrder
) -> GoodsOrder:
    """The order, locked, if it is this supplier's; and the actor, if a person, works for it.

    An API call has no person: the key named the supplier, which is what acts.
    """
    if actor is not None:
        membership = membership_require(
            actor=actor,
            council=supplier.council,
            capability=Capability.SUPPLY_ORDERS,
            doing="update orders",
        )
        if membership.organisation_id != supplier.pk:
            raise NotPermitted(f"You do not have permission to update {supplier.name}'s orders.")
    locked = _locked(order)
    if locked.supplier_id != supplier.pk or locked.council_id != supplier.council_id:
        raise OrderNotFound(f"{supplier.name} has no order {order.reference}.")
    return locked


def _council_locked(*, actor: User, council: Council, order: GoodsOrder, doing: str) -> GoodsOrder:
    membership_require(
        actor=actor, council=council, capability=Capability.RESOLVE_FULFILMENT, doing=doing
    )
    locked = _locked(order)
    if locked.council_id != council.pk:
        raise OrderNotFound(f"There is no order {order.reference}.")
    return locked


def _refuse(order: GoodsOrder, doing: str) -> OrderChangeRefused:
    state = order_state(order).in_words
    return OrderChangeRefused(f"Order {order.reference} is {state}, so it cannot be {doing}.")


def _reason_checked(reason: str, *, ask: str) -> str:
    reason = " ".join(reason.split())
    if not reason:
        raise ServiceError(ask, field="reason")
    if len(reason) > MAX_REASON:
        raise ServiceError(f"The reason must be {MAX_REASON} characters or fewer.", field="reason")
    return reason


def _audit(
    *,
    actor: User | None,
    order: GoodsOrder,
    action: str,
    summary: str,
    reason: str = "",
) -> None:
    audit_record(
        actor=actor,
        council=order.council,
        action=action,
        subject=order,
        case_reference=order.award.application.reference,
        summary=f"Order {order.reference} from {order.supplier.name}: {summary}"[:300],
        reason=reason,
        # An API call is the supplier's own system acting, not a person or onestop itself.
        on_behalf_of="" if actor is not None else f"{order.supplier.name} (supplier API)",
    )


def _tell_the_person(order: GoodsOrder, template: str, **personalisation: object) -> None:
    application = order.award.application
    applicant_message_queue(
        application=application,
        template=template,
        personalisation={
            "items": items_sentence(list(order.lines.order_by("id"))),
            **personalisation,
        },
    )


def _money_back_if_nothing_left(*, actor: User | None, order: GoodsOrder, reason: str) -> None:
    """Return the award's money once every order of it is cancelled or returned.

    While any order is still on its way, delivered, or failed and waiting for staff to rebook
    it, the goods may yet reach the person, so the money stays committed. The budget can only
    release a whole award, so an award with some goods delivered keeps its money.
    """
    award = order.award
    orders = list(GoodsOrder.objects.filter(award_id=award.pk))
    if any(order_state(o).value not in (CANCELLED, GoodsOrderStatus.RETURNED) for o in orders):
        return
    current = Award.objects.get(pk=award.pk)
    if current.status == AwardStatus.RETURNED:
        return
    if current.status == AwardStatus.AWAITING_FULFILMENT:
        # The outbox has not yet recorded the orders as placed; returning the money first would
        # leave it recording a spend of money already back in the fund.
        raise OrderChangeRefused(
            "The council is still recording this award's orders. Try again in a few minutes."
        )
    award_return(actor=actor, award=current, reason=reason)


@transaction.atomic
def order_dispatch(*, actor: User | None, supplier: Organisation, order: GoodsOrder) -> GoodsOrder:
    """The supplier has sent the goods out. Saying so twice changes nothing."""
    locked = _supplier_locked(actor=actor, supplier=supplier, order=order)
    if locked.status == GoodsOrderStatus.DISPATCHED:
        return locked
    if locked.status != GoodsOrderStatus.PLACED:
        raise _refuse(locked, "marked as out for delivery")
    locked.status = GoodsOrderStatus.DISPATCHED
    locked.dispatched_at = timezone.now()
    locked.save(update_fields=["status", "dispatched_at", "updated_at"])
    _audit(actor=actor, order=locked, action="goods.order_dispatched", summary="out for delivery")
    return locked


@transaction.atomic
def order_deliver(*, actor: User | None, supplier: Organisation, order: GoodsOrder) -> GoodsOrder:
    """The goods reached the person (with or without a dispatch confirmed first). Saying so
    twice changes nothing."""
    locked = _supplier_locked(actor=actor, supplier=supplier, order=order)
    if locked.status == GoodsOrderStatus.DELIVERED:
        return locked
    if locked.status not in (GoodsOrderStatus.PLACED, GoodsOrderStatus.DISPATCHED):
        raise _refuse(locked, "marked as delivered")
    locked.status = GoodsOrderStatus.DELIVERED
    locked.delivered_at = timezone.now()
    locked.save(update_fields=["status", "delivered_at", "updated_at"])
    _audit(actor=actor, order=locked, action="goods.order_delivered", summary="delivered")
    return locked


@transaction.atomic
def order_fail(
    *, actor: User | None, supplier: Organisation, order: GoodsOrder, reason: str
) -> GoodsOrder:
    """The supplier could not deliver. The person is told to call the council, and the order
    waits for staff to book another day or cancel it. Saying so twice changes nothing and
    tells the person once."""
    reason = _reason_checked(reason, ask="Enter why the goods could not be delivered.")
    locked = _supplier_locked(actor=actor, supplier=supplier, order=order)
    if order_state(locked).value == GoodsOrderStatus.FAILED:
        return locked
    if locked.status not in (GoodsOrderStatus.PLACED, GoodsOrderStatus.DISPATCHED):
        raise _refuse(locked, "marked as not delivered")
    locked.status = GoodsOrderStatus.FAILED
    locked.failed_at = timezone.now()
    locked.failure_reason = reason
    locked.save(update_fields=["status", "failed_at", "failure_reason", "updated_at"])
    _audit(
        actor=actor,
        order=locked,
        action="goods.order_failed",
        summary="could not be delivered",
        reason=reason,
    )
    _tell_the_person(locked, "goods_delivery_failed")
    return locked


@transaction.atomic
def order_return(
    *, actor: User | None, supplier: Organisation, order: GoodsOrder, reason: str
) -> GoodsOrder:
    """The supplier collected delivered goods back. Once every order of the award is back or
    cancelled, the award's money returns to the fund. Saying so twice changes nothing."""
    reason = _reason_checked(reason, ask="Enter why the goods were returned.")
    locked = _supplier_locked(actor=actor, supplier=supplier, order=order)
    if locked.status == GoodsOrderStatus.RETURNED:
        return locked
    if locked.status != GoodsOrderStatus.DELIVERED:
        raise _refuse(locked, "marked as returned: only delivered goods can come back")
    locked.status = GoodsOrderStatus.RETURNED
    locked.returned_at = timezone.now()
    locked.save(update_fields=["status", "returned_at", "updated_at"])
    _audit(
        actor=actor,
        order=locked,
        action="goods.order_returned",
        summary="goods returned to the supplier",
        reason=reason,
    )
    _money_back_if_nothing_left(
        actor=actor,
        order=locked,
        reason=f"The goods were returned to {locked.supplier.name}: {reason}"[:300],
    )
    return locked


def delivery_day_problem(delivery_date: datetime.date) -> str:
    """What is wrong with a day for another delivery, or "" if it will do."""
    today = timezone.localdate()
    if delivery_date <= today:
        return "The delivery day must be after today."
    if delivery_date > today + datetime.timedelta(days=MAX_DAYS_AHEAD):
        return f"The delivery day must be within {MAX_DAYS_AHEAD} days from today."
    return ""


@transaction.atomic
def order_rebook(
    *,
    actor: User,
    council: Council,
    order: GoodsOrder,
    delivery_date: datetime.date,
    delivery_slot: str,
) -> GoodsOrder:
    """Staff book another delivery of a failed order: it goes back to the supplier as ordered,
    for the new day, and the person is told the day. Booking the same day again changes
    nothing."""
    locked = _council_locked(actor=actor, council=council, order=order, doing="arrange deliveries")
    if (
        locked.status == GoodsOrderStatus.PLACED
        and locked.delivery_date == delivery_date
        and locked.delivery_slot == delivery_slot
    ):
        return locked
    if order_state(locked).value != GoodsOrderStatus.FAILED:
        raise _refuse(locked, "delivered on another day: only a failed delivery can be rebooked")
    problem = delivery_day_problem(delivery_date)
    if problem:
        raise ServiceError(problem, field="delivery_date")
    if delivery_slot not in DeliverySlot.values:
        raise ServiceError("Select a morning or afternoon delivery.", field="delivery_slot")
    locked.status = GoodsOrderStatus.PLACED
    locked.delivery_date = delivery_date
    locked.delivery_slot = delivery_slot
    # A fresh attempt: the last failure stays on the order's history, not on the order.
    locked.dispatched_at = None
    locked.failed_at = None
    locked.failure_reason = ""
    locked.save(
        update_fields=[
            "status",
            "delivery_date",
            "delivery_slot",
            "dispatched_at",
            "failed_at",
            "failure_reason",
            "updated_at",
        ]
    )
    _audit(
        actor=actor,
        order=locked,
        action="goods.order_rebooked",
        summary=(
            f"another delivery arranged for {govuk_date(delivery_date)}, {slot_word(delivery_slot)}"
        ),
    )
    _tell_the_person(
        locked,
        "goods_ordered",
        amount=format_pounds(locked.award.value_pence),
        delivery_date=delivery_date,
        slot=slot_label(delivery_slot),
    )
    return locked


@transaction.atomic
def order_cancel(*, actor: User, council: Council, order: GoodsOrder, reason: str) -> GoodsOrder:
    """Staff give up on a failed delivery. Once every order of the award is cancelled or
    returned, the award's money goes back to the fund, once. Cancelling twice changes nothing.
    """
    reason = _reason_checked(reason, ask="Enter why the order is being cancelled.")
    locked = _council_locked(actor=actor, council=council, order=order, doing="cancel orders")
    if order_state(locked).value == CANCELLED:
        return locked
    if locked.status != GoodsOrderStatus.FAILED:
        raise _refuse(locked, "cancelled: only a failed delivery can be cancelled")
    locked.status = GoodsOrderStatus.CANCELLED
    locked.cancelled_at = timezone.now()
    locked.save(update_fields=["status", "cancelled_at", "updated_at"])
    _audit(
        actor=actor,
        order=locked,
        action="goods.order_cancelled",
        summary="cancelled by the council",
        reason=reason,
    )
    _money_back_if_nothing_left(
        actor=actor,
        order=locked,
        reason=f"The goods could not be delivered and the order was cancelled: {reason}"[:300],
    )
    return locked


def order_viewed(*, actor: User | None, order: GoodsOrder, by: str = "") -> None:
    """Record that someone read the order's name, address and phone number: every view of a
    person's details is audited. `by` names an API caller, who is not a person."""
    audit_record(
        actor=actor,
        council=order.council,
        action="goods.order_viewed",
        subject=order,
        case_reference=order.award.application.reference,
        summary=f"Order {order.reference} viewed",
        on_behalf_of=by,
    )
