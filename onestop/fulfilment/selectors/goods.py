"""Reads about goods orders: a supplier's own orders, a council's orders, and each order's story."""

from dataclasses import dataclass

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from onestop.core.models import AuditEvent
from onestop.core.postcodes import postcode_district
from onestop.councils.models import Council, Organisation
from onestop.fulfilment.models import DeliverySlot, GoodsOrder, GoodsOrderLine, GoodsOrderStatus

CANCELLED = GoodsOrderStatus.CANCELLED


@dataclass(frozen=True)
class OrderState:
    value: str
    label: str
    colour: str  # a GOV.UK tag colour
    in_words: str  # to finish "The order is ..."


ORDER_STATES: dict[str, OrderState] = {
    state.value: state
    for state in (
        OrderState(GoodsOrderStatus.FAILED, "Delivery failed", "red", "recorded as not delivered"),
        OrderState(GoodsOrderStatus.PLACED, "Ordered", "blue", "waiting to go out"),
        OrderState(
            GoodsOrderStatus.DISPATCHED, "Out for delivery", "light-blue", "out for delivery"
        ),
        OrderState(GoodsOrderStatus.DELIVERED, "Delivered", "green", "delivered"),
        OrderState(GoodsOrderStatus.RETURNED, "Returned", "grey", "returned"),
        OrderState(CANCELLED, "Cancelled", "grey", "cancelled"),
    )
}
STATE_VALUES: tuple[str, ...] = tuple(ORDER_STATES)


def order_state(order: GoodsOrder) -> OrderState:
    """The order's status as people and the API see it."""
    return ORDER_STATES[order.status]


def state_filter(state: str) -> Q:
    """The orders in one state; `state` is one of STATE_VALUES."""
    return Q(status=state)


def slot_word(slot: str) -> str:
    """ "morning" or "afternoon": the slot without its hours, for a sentence."""
    return str(DeliverySlot(slot).label).split(" (")[0].lower()


def slot_label(slot: str) -> str:
    """ "morning (8am to 1pm)": the slot with its hours, in lower case, for a message."""
    return str(DeliverySlot(slot).label).lower()


def item_words(lines: list[GoodsOrderLine]) -> list[str]:
    """Each line as the case and messages name it: "Single bed", or "Chair x 2"."""
    return [
        line.description + (f" x {line.quantity}" if line.quantity > 1 else "") for line in lines
    ]


def items_sentence(lines: list[GoodsOrderLine]) -> str:
    """ "Single bed, Cooker and Fridge", for a message to the person."""
    words = item_words(lines)
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def district_of(order: GoodsOrder) -> str:
    """Only the postcode district ("CF10"): enough to plan rounds, not enough to find a home."""
    return postcode_district(order.deliver_to_postcode) or order.deliver_to_postcode.split(" ")[0]


def _with_lines(query: QuerySet[GoodsOrder]) -> QuerySet[GoodsOrder]:
    return query.select_related("supplier", "award__application").prefetch_related("lines")


def orders_of_supplier(*, supplier: Organisation, state: str = "") -> QuerySet[GoodsOrder]:
    """The supplier's own orders, newest first; `state` narrows them to one status."""
    query = GoodsOrder.objects.filter(council_id=supplier.council_id, supplier=supplier)
    if state:
        query = query.filter(state_filter(state))
    return _with_lines(query).order_by("-created_at", "-id")


def order_of_supplier(*, supplier: Organisation, reference: str) -> GoodsOrder | None:
    """One of the supplier's own orders; another supplier's, or another council's, is None."""
    return (
        _with_lines(GoodsOrder.objects.filter(council_id=supplier.council_id, supplier=supplier))
        .filter(reference=reference)
        .first()
    )


def _staff_order() -> Case:
    """Failed deliveries waiting for staff first, then the rest in the order they happen."""
    return Case(
        When(state_filter(GoodsOrderStatus.FAILED), then=Value(0)),
        When(status=GoodsOrderStatus.PLACED, then=Value(1)),
        When(status=GoodsOrderStatus.DISPATCHED, then=Value(2)),
        When(status=GoodsOrderStatus.DELIVERED, then=Value(3)),
        When(status=GoodsOrderStatus.RETURNED, then=Value(4)),
        default=Value(5),
        output_field=IntegerField(),
    )


def orders_for_council(*, council: Council, state: str = "") -> QuerySet[GoodsOrder]:
    """The council's goods orders: failed deliveries first (they need someone to act), then by
    status and delivery day."""
    query = GoodsOrder.objects.filter(council=council)
    if state:
        query = query.filter(state_filter(state))
    return (
        _with_lines(query)
        .select_related("award__application__applicant")
        .annotate(staff_order=_staff_order())
        .order_by("staff_order", "delivery_date", "id")
    )


def failed_orders_needing_staff(*, council: Council) -> QuerySet[GoodsOrder]:
    """Deliveries a supplier could not make, waiting for staff to rebook or cancel them."""
    return orders_for_council(council=council, state=GoodsOrderStatus.FAILED)


def order_for_council(*, council: Council, reference: str) -> GoodsOrder | None:
    return (
        _with_lines(GoodsOrder.objects.filter(council=council, reference=reference))
        .select_related("award__application__applicant")
        .first()
    )


def orders_of_award(*, award_id: int) -> QuerySet[GoodsOrder]:
    return _with_lines(GoodsOrder.objects.filter(award_id=award_id)).order_by("id")


def state_counts(orders: QuerySet[GoodsOrder]) -> dict[str, int]:
    """How many orders are in each state, for filter links."""
    return {state: orders.filter(state_filter(state)).count() for state in STATE_VALUES}


@dataclass(frozen=True)
class HistoryLine:
    when: object
    summary: str
    reason: str


# What a supplier may read of the order's story: its own and the council's changes of status,
# with the supplier's own reasons only (a council's reason for cancelling may be about the person).
_REASONS_SHOWN = {"goods.order_failed", "goods.order_returned"}


def order_history(*, order: GoodsOrder) -> list[HistoryLine]:
    """The order's changes of status, oldest first."""
    events = (
        AuditEvent.objects.filter(
            council_id=order.council_id,
            subject_type=GoodsOrder._meta.label,
            subject_id=str(order.pk),
            action__startswith="goods.order_",
        )
        .exclude(action="goods.order_viewed")
        .order_by("occurred_at", "id")
    )
    # The case's timeline names the order and supplier; on the order's own page that is noise.
    prefix = f"Order {order.reference} from {order.supplier.name}: "
    lines = []
    for event in events:
        text = event.summary.removeprefix(prefix)
        lines.append(
            HistoryLine(
                when=event.occurred_at,
                summary=text[:1].upper() + text[1:],
                reason=event.reason if event.action in _REASONS_SHOWN else "",
            )
        )
    return lines
