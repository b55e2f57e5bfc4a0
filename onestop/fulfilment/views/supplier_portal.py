"""The supplier portal: a supplier's staff see their own organisation's orders and confirm each
dispatch, delivery, failed delivery or return. Another supplier's order is not there at all."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from onestop.core.errors import ServiceError
from onestop.core.forms import GovukForm, error_summary
from onestop.councils.access import PartnerStaff, supplier_page
from onestop.fulfilment.models import GoodsOrder, GoodsOrderStatus
from onestop.fulfilment.selectors.goods import (
    ORDER_STATES,
    district_of,
    item_words,
    order_history,
    order_of_supplier,
    order_state,
    orders_of_supplier,
    slot_label,
    slot_word,
    state_counts,
)
from onestop.fulfilment.services.goods import (
    order_deliver,
    order_dispatch,
    order_fail,
    order_return,
    order_viewed,
)

ORDERS_SHOWN = 200


class ReasonForm(GovukForm):
    reason = forms.CharField(max_length=300)

    def __init__(self, *args: Any, required_message: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason"].error_messages.update(
            {
                "required": required_message,
                "max_length": "The reason must be 300 characters or fewer",
            }
        )


def _context(supplier: PartnerStaff, **extra: Any) -> dict[str, Any]:
    return {"supplier": supplier, "order_state": order_state, "slot_word": slot_word, **extra}


def _own_order(supplier: PartnerStaff, order_reference: str) -> GoodsOrder:
    order = order_of_supplier(supplier=supplier.organisation, reference=order_reference)
    if order is None:
        # Another supplier's order, or another council's, is simply not there.
        raise Http404
    return order


def _to_order(supplier: PartnerStaff, order: GoodsOrder) -> HttpResponse:
    return redirect(
        "suppliers:order", council_slug=supplier.council.slug, order_reference=order.reference
    )


@supplier_page()
def home(request: HttpRequest, supplier: PartnerStaff) -> HttpResponse:
    state = request.GET.get("status", "")
    state = state if state in ORDER_STATES else ""
    shown = orders_of_supplier(supplier=supplier.organisation, state=state)
    return render(
        request,
        "fulfilment/suppliers/home.html",
        _context(
            supplier,
            orders=list(shown[:ORDERS_SHOWN]),
            total=shown.count(),
            state=state,
            states=ORDER_STATES,
            counts=state_counts(orders_of_supplier(supplier=supplier.organisation)),
            district_of=district_of,
            item_words=item_words,
            active="home",
            title="Your orders",
        ),
    )


@supplier_page()
def order(request: HttpRequest, supplier: PartnerStaff, order_reference: str) -> HttpResponse:
    found = _own_order(supplier, order_reference)
    order_viewed(actor=supplier.user, order=found)
    return render(
        request,
        "fulfilment/suppliers/order.html",
        _context(
            supplier,
            order=found,
            state=order_state(found),
            slot_text=slot_label(found.delivery_slot),
            history=order_history(order=found),
            active="home",
            title=f"Order {found.reference}",
        ),
    )


@require_POST
@supplier_page()
def order_dispatched(
    request: HttpRequest, supplier: PartnerStaff, order_reference: str
) -> HttpResponse:
    found = _own_order(supplier, order_reference)
    try:
        order_dispatch(actor=supplier.user, supplier=supplier.organisation, order=found)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Order {found.reference} is out for delivery.")
    return _to_order(supplier, found)


@require_POST
@supplier_page()
def order_delivered(
    request: HttpRequest, supplier: PartnerStaff, order_reference: str
) -> HttpResponse:
    found = _own_order(supplier, order_reference)
    try:
        order_deliver(actor=supplier.user, supplier=supplier.organisation, order=found)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Order {found.reference} is delivered. Thank you.")
    return _to_order(supplier, found)


def _reason_page(
    request: HttpRequest,
    supplier: PartnerStaff,
    found: GoodsOrder,
    *,
    record: Callable[..., GoodsOrder],
    required_message: str,
    done: str,
    page: dict[str, str],
) -> HttpResponse:
    """A supplier's step that needs a reason (could not deliver, goods returned): the form,
    the service call, and back to the order page once it is recorded."""
    form = ReasonForm(request.POST or None, required_message=required_message)
    if request.method == "POST" and form.is_valid():
        try:
            record(
                actor=supplier.user,
                supplier=supplier.organisation,
                order=found,
                reason=form.cleaned_data["reason"],
            )
        except ServiceError as error:
            if error.field != "reason":
                messages.error(request, error.message)
                return _to_order(supplier, found)
            form.add_error("reason", error.message)
        else:
            messages.success(request, done)
            return _to_order(supplier, found)
    return render(
        request,
        "fulfilment/suppliers/reason.html",
        _context(
            supplier,
            order=found,
            form=form,
            errors=error_summary(form) if form.is_bound else [],
            active="home",
            **page,
        ),
    )


@supplier_page()
def order_failed(
    request: HttpRequest, supplier: PartnerStaff, order_reference: str
) -> HttpResponse:
    found = _own_order(supplier, order_reference)
    if order_state(found).value not in (GoodsOrderStatus.PLACED, GoodsOrderStatus.DISPATCHED):
        messages.error(
            request,
            f"Order {found.reference} is {order_state(found).in_words}: only an order on "
            "its way can be recorded as not delivered.",
        )
        return _to_order(supplier, found)
    return _reason_page(
        request,
        supplier,
        found,
        record=order_fail,
        required_message="Enter why the goods could not be delivered",
        done=f"Order {found.reference} is recorded as not delivered. The council will tell "
        "the person and arrange another day or cancel the order.",
        page={
            "heading": "Could not deliver",
            "explanation": "Tell the council why the goods could not be delivered. The council "
            "will tell the person, and arrange another day or cancel the order.",
            "reason_label": "Why could the goods not be delivered?",
            "reason_hint": "For example, nobody was in, or the address could not be found.",
            "button": "Record that it could not be delivered",
            "title": f"Could not deliver order {found.reference}",
        },
    )


@supplier_page()
def order_returned(
    request: HttpRequest, supplier: PartnerStaff, order_reference: str
) -> HttpResponse:
    found = _own_order(supplier, order_reference)
    if order_state(found).value != GoodsOrderStatus.DELIVERED:
        messages.error(
            request,
            f"Order {found.reference} is {order_state(found).in_words}: only delivered "
            "goods can be recorded as returned.",
        )
        return _to_order(supplier, found)
    return _reason_page(
        request,
        supplier,
        found,
        record=order_return,
        required_message="Enter why the goods were returned",
        done=f"Order {found.reference} is recorded as returned.",
        page={
            "heading": "Goods returned",
            "explanation": "Tell the council that you collected the goods back from the person, "
            "and why.",
            "reason_label": "Why were the goods returned?",
            "reason_hint": "For example, the bed was damaged, or the person no longer needed it.",
            "button": "Record the return",
            "title": f"Goods returned for order {found.reference}",
        },
    )
