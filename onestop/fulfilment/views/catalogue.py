"""Staff pages for goods in kind: the catalogue of items and suppliers, and goods orders whose
delivery failed, to book another day or cancel and return the money."""

from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from onestop.core.errors import ServiceError
from onestop.core.forms import DateInputField, GovukForm, error_summary
from onestop.core.money import MoneyFormatError, parse_pounds
from onestop.core.roles import Capability
from onestop.councils.access import Staff, staff_page
from onestop.fulfilment.models import CatalogueItem, DeliverySlot, GoodsOrder, GoodsOrderStatus
from onestop.fulfilment.selectors.catalogue import (
    catalogue_by_supplier,
    catalogue_item_of,
    suppliers_of,
)
from onestop.fulfilment.selectors.goods import (
    CANCELLED,
    ORDER_STATES,
    district_of,
    order_for_council,
    order_history,
    order_state,
    orders_for_council,
    orders_of_award,
    slot_word,
    state_counts,
)
from onestop.fulfilment.services.catalogue import (
    ItemDetails,
    catalogue_item_availability_set,
    catalogue_item_create,
    catalogue_item_update,
    delivery_areas_clean,
    supplier_add,
)
from onestop.fulfilment.services.goods import order_cancel, order_rebook, order_viewed

AREAS_HINT = (
    "Postcode areas or districts, separated by spaces, for example CF CF10 NP20. An area (CF) "
    "covers all its districts."
)
ORDERS_SHOWN = 200


class ItemForm(GovukForm):
    supplier = forms.TypedChoiceField(
        coerce=int,
        error_messages={
            "required": "Select the supplier who delivers this item",
            "invalid_choice": "Select one of the council's suppliers",
        },
    )
    name = forms.CharField(
        max_length=120,
        error_messages={
            "required": "Enter the item's name",
            "max_length": "The item's name must be 120 characters or fewer",
        },
    )
    description = forms.CharField(
        required=False,
        max_length=300,
        error_messages={"max_length": "The description must be 300 characters or fewer"},
    )
    price = forms.CharField(error_messages={"required": "Enter the price, like 149.99"})
    delivery_areas = forms.CharField(
        error_messages={
            "required": "Enter the postcode areas or districts the supplier delivers to, "
            "like CF CF10 NP20"
        }
    )

    def __init__(self, *args: Any, suppliers: list[tuple[int, str]] | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if suppliers is None:  # an item keeps its supplier: a new supplier means a new item
            del self.fields["supplier"]
        else:
            self.fields["supplier"].choices = suppliers  # type: ignore[attr-defined]

    def clean_price(self) -> int:
        text = self.cleaned_data["price"]
        try:
            pence = parse_pounds(text)
        except MoneyFormatError:
            raise forms.ValidationError(
                "The price must be an amount of money, like 149.99"
            ) from None
        if pence <= 0:
            raise forms.ValidationError("The price must be more than £0")
        return pence

    def clean_delivery_areas(self) -> str:
        try:
            return delivery_areas_clean(self.cleaned_data["delivery_areas"])
        except ServiceError as error:
            raise forms.ValidationError(error.message.rstrip(".")) from None

    def details(self) -> ItemDetails:
        data = self.cleaned_data
        return ItemDetails(
            name=data["name"],
            description=data["description"],
            price_pence=data["price"],
            delivery_areas=data["delivery_areas"],
        )


class SupplierForm(GovukForm):
    name = forms.CharField(
        max_length=200,
        error_messages={
            "required": "Enter the supplier's name",
            "max_length": "The supplier's name must be 200 characters or fewer",
        },
    )


class RebookForm(GovukForm):
    delivery_date = DateInputField(
        label_text="Delivery day", required_message="Enter the day to deliver on"
    )
    delivery_slot = forms.ChoiceField(
        choices=DeliverySlot.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select a morning or afternoon delivery",
            "invalid_choice": "Select a morning or afternoon delivery",
        },
    )


class CancelForm(GovukForm):
    reason = forms.CharField(
        max_length=300,
        error_messages={
            "required": "Enter why the order is being cancelled",
            "max_length": "The reason must be 300 characters or fewer",
        },
    )


def _add_service_error(form: forms.Form, error: ServiceError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def _item_or_404(staff: Staff, catalogue_item_id: int) -> CatalogueItem:
    item = catalogue_item_of(council=staff.council, catalogue_item_id=catalogue_item_id)
    if item is None:
        raise Http404
    return item


def _order_or_404(staff: Staff, order_reference: str) -> GoodsOrder:
    order = order_for_council(council=staff.council, reference=order_reference)
    if order is None:
        raise Http404
    return order


@staff_page(Capability.MANAGE_CATALOGUE)
def items(request: HttpRequest, staff: Staff) -> HttpResponse:
    return render(
        request,
        "fulfilment/catalogue/items.html",
        {
            "staff": staff,
            "suppliers": catalogue_by_supplier(council=staff.council),
            "active": "catalogue",
            "title": "Goods catalogue",
        },
    )


@staff_page(Capability.MANAGE_CATALOGUE)
def item_add(request: HttpRequest, staff: Staff) -> HttpResponse:
    suppliers = suppliers_of(council=staff.council)
    choices = [(s.pk, s.name) for s in suppliers]
    initial = {"supplier": request.GET.get("supplier", "")}
    form = ItemForm(request.POST or None, suppliers=choices, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            item = catalogue_item_create(
                actor=staff.user,
                council=staff.council,
                supplier=suppliers.get(pk=form.cleaned_data["supplier"]),
                details=form.details(),
            )
        except ServiceError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, f"{item.name} added to {item.supplier.name}'s catalogue.")
            return redirect("catalogue:items", council_slug=staff.council.slug)
    return render(
        request,
        "fulfilment/catalogue/item_form.html",
        {
            "staff": staff,
            "form": form,
            "item": None,
            "has_suppliers": bool(choices),
            "areas_hint": AREAS_HINT,
            "errors": error_summary(form) if form.is_bound else [],
            "active": "catalogue",
            "title": "Add an item",
        },
    )


@staff_page(Capability.MANAGE_CATALOGUE)
def item_edit(request: HttpRequest, staff: Staff, catalogue_item_id: int) -> HttpResponse:
    item = _item_or_404(staff, catalogue_item_id)
    initial = {
        "name": item.name,
        "description": item.description,
        "price": f"{item.price_pence / 100:.2f}",
        "delivery_areas": item.delivery_areas,
    }
    form = ItemForm(request.POST or None, suppliers=None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            item = catalogue_item_update(
                actor=staff.user, council=staff.council, item=item, details=form.details()
            )
        except ServiceError as error:
            _add_service_error(form, error)
        else:
            messages.success(request, f"{item.name} from {item.supplier.name} changed.")
            return redirect("catalogue:items", council_slug=staff.council.slug)
    return render(
        request,
        "fulfilment/catalogue/item_form.html",
        {
            "staff": staff,
            "form": form,
            "item": item,
            "has_suppliers": True,
            "areas_hint": AREAS_HINT,
            "errors": error_summary(form) if form.is_bound else [],
            "active": "catalogue",
            "title": f"Change {item.name}",
        },
    )


@require_POST
@staff_page(Capability.MANAGE_CATALOGUE)
def item_availability(request: HttpRequest, staff: Staff, catalogue_item_id: int) -> HttpResponse:
    item = _item_or_404(staff, catalogue_item_id)
    available = request.POST.get("available")
    if available not in ("yes", "no"):
        messages.error(request, "Choose whether the item is available.")
        return redirect("catalogue:items", council_slug=staff.council.slug)
    item = catalogue_item_availability_set(
        actor=staff.user, council=staff.council, item=item, available=available == "yes"
    )
    if item.is_available:
        messages.success(request, f"{item.name} from {item.supplier.name} can be chosen again.")
    else:
        messages.success(
            request,
            f"{item.name} from {item.supplier.name} is marked as unavailable. Decision makers "
            "can no longer choose it; orders already placed are not affected.",
        )
    return redirect("catalogue:items", council_slug=staff.council.slug)


@staff_page(Capability.MANAGE_CATALOGUE)
def supplier_new(request: HttpRequest, staff: Staff) -> HttpResponse:
    form = SupplierForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            supplier = supplier_add(
                actor=staff.user, council=staff.council, name=form.cleaned_data["name"]
            )
        except ServiceError as error:
            _add_service_error(form, error)
        else:
            messages.success(
                request,
                f"{supplier.name} added. Add the items they deliver, then give their staff "
                "access to the supplier portal.",
            )
            return redirect("catalogue:items", council_slug=staff.council.slug)
    return render(
        request,
        "fulfilment/catalogue/supplier_form.html",
        {
            "staff": staff,
            "form": form,
            "errors": error_summary(form) if form.is_bound else [],
            "active": "catalogue",
            "title": "Add a supplier",
        },
    )


def _state_param(request: HttpRequest) -> str:
    state = request.GET.get("status", "")
    return state if state in ORDER_STATES else ""


@staff_page(Capability.RESOLVE_FULFILMENT)
def orders(request: HttpRequest, staff: Staff) -> HttpResponse:
    state = _state_param(request)
    every = orders_for_council(council=staff.council)
    shown = orders_for_council(council=staff.council, state=state)
    return render(
        request,
        "fulfilment/catalogue/orders.html",
        {
            "staff": staff,
            "orders": list(shown[:ORDERS_SHOWN]),
            "total": shown.count(),
            "shown_limit": ORDERS_SHOWN,
            "state": state,
            "states": ORDER_STATES,
            "counts": state_counts(every),
            "order_state": order_state,
            "slot_word": slot_word,
            "district_of": district_of,
            "active": "goods_orders",
            "title": "Goods orders",
        },
    )


def _order_context(staff: Staff, order: GoodsOrder, **extra: Any) -> dict[str, Any]:
    return {
        "staff": staff,
        "order": order,
        "state": order_state(order),
        "slot_word": slot_word,
        "active": "goods_orders",
        **extra,
    }


@staff_page(Capability.RESOLVE_FULFILMENT)
def order(request: HttpRequest, staff: Staff, order_reference: str) -> HttpResponse:
    found = _order_or_404(staff, order_reference)
    order_viewed(actor=staff.user, order=found)
    return render(
        request,
        "fulfilment/catalogue/order.html",
        _order_context(
            staff,
            found,
            history=order_history(order=found),
            others=[o for o in orders_of_award(award_id=found.award_id) if o.pk != found.pk],
            order_state=order_state,
            title=f"Order {found.reference}",
        ),
    )


def _not_failed(request: HttpRequest, staff: Staff, order: GoodsOrder, verb: str) -> HttpResponse:
    messages.error(
        request,
        f"Order {order.reference} is {order_state(order).in_words}. Only a failed delivery "
        f"can be {verb}.",
    )
    return redirect(
        "catalogue:order", council_slug=staff.council.slug, order_reference=order.reference
    )


@staff_page(Capability.RESOLVE_FULFILMENT)
def order_rebook_page(request: HttpRequest, staff: Staff, order_reference: str) -> HttpResponse:
    found = _order_or_404(staff, order_reference)
    if order_state(found).value != GoodsOrderStatus.FAILED:
        return _not_failed(request, staff, found, "rebooked")
    form = RebookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rebooked = order_rebook(
                actor=staff.user,
                council=staff.council,
                order=found,
                delivery_date=form.cleaned_data["delivery_date"],
                delivery_slot=form.cleaned_data["delivery_slot"],
            )
        except ServiceError as error:
            _add_service_error(form, error)
        else:
            messages.success(
                request,
                f"Another delivery of order {rebooked.reference} is booked for "
                f"{rebooked.delivery_date.day} {rebooked.delivery_date:%B %Y}, "
                f"{slot_word(rebooked.delivery_slot)}. {found.deliver_to_name} will be told.",
            )
            return redirect("catalogue:orders", council_slug=staff.council.slug)
    return render(
        request,
        "fulfilment/catalogue/rebook.html",
        _order_context(
            staff,
            found,
            form=form,
            errors=error_summary(form) if form.is_bound else [],
            title=f"Arrange another delivery of order {found.reference}",
        ),
    )


@staff_page(Capability.RESOLVE_FULFILMENT)
def order_cancel_page(request: HttpRequest, staff: Staff, order_reference: str) -> HttpResponse:
    found = _order_or_404(staff, order_reference)
    if order_state(found).value != GoodsOrderStatus.FAILED:
        return _not_failed(request, staff, found, "cancelled")
    open_orders = [
        o
        for o in orders_of_award(award_id=found.award_id)
        if o.pk != found.pk and order_state(o).value not in (CANCELLED, GoodsOrderStatus.RETURNED)
    ]
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            order_cancel(
                actor=staff.user,
                council=staff.council,
                order=found,
                reason=form.cleaned_data["reason"],
            )
        except ServiceError as error:
            _add_service_error(form, error)
        else:
            messages.success(
                request,
                f"Order {found.reference} is cancelled. "
                + (
                    "The award's money goes back to the fund when its other orders are "
                    "cancelled or returned too."
                    if open_orders
                    else "The award's money is back in the fund."
                ),
            )
            return redirect("catalogue:orders", council_slug=staff.council.slug)
    return render(
        request,
        "fulfilment/catalogue/cancel.html",
        _order_context(
            staff,
            found,
            form=form,
            open_orders=open_orders,
            errors=error_summary(form) if form.is_bound else [],
            title=f"Cancel order {found.reference}",
        ),
    )
