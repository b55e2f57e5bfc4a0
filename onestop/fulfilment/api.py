"""The supplier API: a supplier's own orders, and confirming what happened to each, with a
supplier's API key.

A supplier sees only its own orders: another supplier's reference, or another council's, is
404 as if it did not exist. Confirming a status twice is harmless (the second call changes
nothing and answers as the first did), so these POSTs need no Idempotency-Key.
"""

import datetime
import unicodedata
from collections.abc import Callable
from typing import Annotated, Literal

from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Router, Schema
from ninja.decorators import decorate_view
from pydantic import AfterValidator, ConfigDict, StringConstraints
from pydantic_core import PydanticCustomError

from onestop.core.errors import ServiceError
from onestop.core.problems import (
    Problem,
    ProblemError,
    field_problem,
    invalid_request,
    json_body_required,
)
from onestop.councils.api_auth import SupplierKeyBearer
from onestop.councils.models import ApiKey, Organisation
from onestop.fulfilment.models import GoodsOrder
from onestop.fulfilment.selectors.goods import (
    district_of,
    order_of_supplier,
    order_state,
    orders_of_supplier,
)
from onestop.fulfilment.services.goods import (
    OrderChangeRefused,
    OrderNotFound,
    order_deliver,
    order_dispatch,
    order_fail,
    order_return,
    order_viewed,
)

router = Router(auth=SupplierKeyBearer(), tags=["Suppliers"])

MAX_LIMIT = 100
# Past any real supplier's orders; bigger numbers are refused, not sent to the database.
MAX_OFFSET = 1_000_000

OrderStatus = Literal["placed", "dispatched", "delivered", "failed", "returned", "cancelled"]
Slot = Literal["morning", "afternoon"]


def _plain_text(value: str) -> str:
    """Refuse control characters: a reason is shown on the case and in the portal."""
    for character in value:
        category = unicodedata.category(character)
        if category == "Cs" or (category == "Cc" and character not in "\t\n\r"):
            raise PydanticCustomError("control_characters", "Text has control characters")
    return value


Reason = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=300),
    AfterValidator(_plain_text),
]


class ReasonIn(Schema):
    model_config = ConfigDict(extra="forbid")

    reason: Reason


class DeliverTo(Schema):
    name: str
    address_lines: list[str]
    postcode: str
    phone: str


class OrderLine(Schema):
    description: str
    quantity: int
    unit_price_pence: int
    total_pence: int


class OrderSummary(Schema):
    """An order in a list: no name, address or phone, only the postcode district."""

    reference: str
    status: OrderStatus
    delivery_date: datetime.date
    delivery_slot: Slot
    postcode_district: str
    total_pence: int
    ordered_at: datetime.datetime
    links: dict[str, str]


class OrderDetail(Schema):
    reference: str
    status: OrderStatus
    delivery_date: datetime.date
    delivery_slot: Slot
    deliver_to: DeliverTo
    lines: list[OrderLine]
    total_pence: int
    ordered_at: datetime.datetime
    dispatched_at: datetime.datetime | None
    delivered_at: datetime.datetime | None
    failed_at: datetime.datetime | None
    failure_reason: str
    returned_at: datetime.datetime | None
    cancelled_at: datetime.datetime | None


class OrderPage(Schema):
    count: int
    limit: int
    offset: int
    next: str | None
    items: list[OrderSummary]


def _order_link(order: GoodsOrder) -> str:
    return reverse("api-1:supplier_order", args=[order.reference])


def summary_of(order: GoodsOrder) -> OrderSummary:
    return OrderSummary(
        reference=order.reference,
        status=order_state(order).value,  # type: ignore[arg-type]
        delivery_date=order.delivery_date,
        delivery_slot=order.delivery_slot,  # type: ignore[arg-type]
        postcode_district=district_of(order),
        total_pence=order.total_pence,
        ordered_at=order.created_at,
        links={"order": _order_link(order)},
    )


def detail_of(order: GoodsOrder) -> OrderDetail:
    state = order_state(order).value
    return OrderDetail(
        reference=order.reference,
        status=state,  # type: ignore[arg-type]
        delivery_date=order.delivery_date,
        delivery_slot=order.delivery_slot,  # type: ignore[arg-type]
        deliver_to=DeliverTo(
            name=order.deliver_to_name,
            address_lines=[line for line in order.deliver_to_address.splitlines() if line],
            postcode=order.deliver_to_postcode,
            phone=order.deliver_to_phone,
        ),
        lines=[
            OrderLine(
                description=line.description,
                quantity=line.quantity,
                unit_price_pence=line.unit_price_pence,
                total_pence=line.quantity * line.unit_price_pence,
            )
            for line in order.lines.order_by("id")
        ],
        total_pence=order.total_pence,
        ordered_at=order.created_at,
        dispatched_at=order.dispatched_at,
        delivered_at=order.delivered_at,
        failed_at=order.failed_at,
        failure_reason=order.failure_reason,
        returned_at=order.returned_at,
        cancelled_at=order.cancelled_at,
    )


def _supplier(request: HttpRequest) -> Organisation:
    api_key: ApiKey = request.auth  # type: ignore[attr-defined]
    return api_key.organisation


def _not_found(supplier: Organisation, reference: str) -> ProblemError:
    return ProblemError(
        status=404,
        title="Not Found",
        detail=f"{supplier.name} has no order with the reference {reference}. Check the "
        "reference on the order you were sent.",
    )


def _own_order(supplier: Organisation, reference: str) -> GoodsOrder:
    order = order_of_supplier(supplier=supplier, reference=reference)
    if order is None:
        raise _not_found(supplier, reference)
    return order


def _changed(
    request: HttpRequest, reference: str, change: Callable[[Organisation, GoodsOrder], GoodsOrder]
) -> OrderDetail:
    """Make one change to one of the supplier's orders, answering each refusal as a problem."""
    supplier = _supplier(request)
    order = _own_order(supplier, reference)
    try:
        changed = change(supplier, order)
    except OrderNotFound:
        raise _not_found(supplier, reference) from None
    except OrderChangeRefused as error:
        raise ProblemError(status=409, title="Conflict", detail=error.message) from None
    except ServiceError as error:
        if error.field:
            raise invalid_request([field_problem([error.field], error.message)]) from None
        raise ProblemError(status=409, title="Conflict", detail=error.message) from None
    fresh = order_of_supplier(supplier=supplier, reference=changed.reference)
    assert fresh is not None
    return detail_of(fresh)


@router.get(
    "/orders",
    response={200: OrderPage, 401: Problem, 422: Problem, 500: Problem},
    summary="List your orders",
    url_name="supplier_orders",
)
def orders_list(
    request: HttpRequest,
    status: Annotated[OrderStatus | None, Query(description="Only orders with this status")] = None,
    limit: Annotated[int, Query(description=f"How many orders, 1 to {MAX_LIMIT}")] = 50,
    offset: Annotated[
        int, Query(description=f"How many of the newest orders to skip, up to {MAX_OFFSET:,}")
    ] = 0,
) -> OrderPage:
    """Your organisation's orders, newest first. Lists give the postcode district only; get an
    order for the name, address and phone number."""
    problems = []
    if not 1 <= limit <= MAX_LIMIT:
        problems.append(field_problem(["limit"], f"The limit must be from 1 to {MAX_LIMIT}"))
    if not 0 <= offset <= MAX_OFFSET:
        problems.append(field_problem(["offset"], f"The offset must be from 0 to {MAX_OFFSET:,}"))
    if problems:
        raise invalid_request(problems)
    orders = orders_of_supplier(supplier=_supplier(request), state=status or "")
    count = orders.count()
    following = None
    if offset + limit < count:
        query = f"limit={limit}&offset={offset + limit}" + (f"&status={status}" if status else "")
        following = f"{reverse('api-1:supplier_orders')}?{query}"
    return OrderPage(
        count=count,
        limit=limit,
        offset=offset,
        next=following,
        items=[summary_of(order) for order in orders[offset : offset + limit]],
    )


@router.get(
    "/orders/{reference}",
    response={200: OrderDetail, 401: Problem, 404: Problem, 500: Problem},
    summary="Get one of your orders",
    url_name="supplier_order",
)
def order_detail(request: HttpRequest, reference: str) -> OrderDetail:
    """The order with where to deliver it: the person's name, address and phone number. Each
    look is recorded, as every view of a person's details is."""
    supplier = _supplier(request)
    order = _own_order(supplier, reference)
    order_viewed(actor=None, order=order, by=f"{supplier.name} (supplier API)")
    return detail_of(order)


STATUS_CHANGE_RESPONSES = {200: OrderDetail, 401: Problem, 404: Problem, 409: Problem, 500: Problem}
WITH_REASON_RESPONSES = {**STATUS_CHANGE_RESPONSES, 400: Problem, 415: Problem, 422: Problem}


@router.post(
    "/orders/{reference}/dispatched",
    response=STATUS_CHANGE_RESPONSES,
    summary="Confirm an order is out for delivery",
    url_name="supplier_order_dispatched",
)
def order_dispatched(request: HttpRequest, reference: str) -> OrderDetail:
    """Only an order waiting to go out can be dispatched. Confirming it twice is harmless."""
    return _changed(
        request,
        reference,
        lambda supplier, order: order_dispatch(actor=None, supplier=supplier, order=order),
    )


@router.post(
    "/orders/{reference}/delivered",
    response=STATUS_CHANGE_RESPONSES,
    summary="Confirm an order was delivered",
    url_name="supplier_order_delivered",
)
def order_delivered(request: HttpRequest, reference: str) -> OrderDetail:
    """An order waiting to go out or out for delivery can be delivered. Confirming it twice is
    harmless."""
    return _changed(
        request,
        reference,
        lambda supplier, order: order_deliver(actor=None, supplier=supplier, order=order),
    )


@router.post(
    "/orders/{reference}/failed",
    response=WITH_REASON_RESPONSES,
    summary="Say an order could not be delivered",
    url_name="supplier_order_failed",
)
@decorate_view(json_body_required)
def order_failed(request: HttpRequest, reference: str, payload: ReasonIn) -> OrderDetail:
    """The council tells the person and arranges another day (the order comes back to you as
    placed, with the new day) or cancels it. Saying it twice is harmless."""
    return _changed(
        request,
        reference,
        lambda supplier, order: order_fail(
            actor=None, supplier=supplier, order=order, reason=payload.reason
        ),
    )


@router.post(
    "/orders/{reference}/returned",
    response=WITH_REASON_RESPONSES,
    summary="Say delivered goods were returned",
    url_name="supplier_order_returned",
)
@decorate_view(json_body_required)
def order_returned(request: HttpRequest, reference: str, payload: ReasonIn) -> OrderDetail:
    """Only a delivered order can be returned. Saying it twice is harmless."""
    return _changed(
        request,
        reference,
        lambda supplier, order: order_return(
            actor=None, supplier=supplier, order=order, reason=payload.reason
        ),
    )
