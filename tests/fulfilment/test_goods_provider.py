"""The local goods provider: one order per supplier, placed once however often it is asked."""

import datetime

import pytest
from django.utils import timezone

from onestop.fulfilment.models import (
    AwardStatus,
    FulfilmentRequestStatus,
    GoodsOrder,
    GoodsOrderStatus,
    GoodsRequest,
)
from onestop.fulfilment.providers import FulfilmentFailed, provider_for
from onestop.fulfilment.providers.goods import LocalGoodsProvider
from onestop.fulfilment.services.outbox import fulfilment_process
from onestop.notifications.models import Message
from tests.factories import (
    fulfil_now,
    make_council,
    make_goods_award,
    make_supplier,
    make_typed_award,
    person_details,
)

pytestmark = pytest.mark.django_db

JUNE_8 = datetime.date(2026, 6, 8)


def fulfil(award):
    return LocalGoodsProvider().fulfil(award, idempotency_key=str(award.idempotency_key))


def test_goods_awards_go_to_the_goods_provider():
    assert isinstance(provider_for("goods"), LocalGoodsProvider)
    assert LocalGoodsProvider.name == "goods_orders"


def test_one_supplier_gets_one_order_with_the_chosen_items_and_the_persons_address():
    council = make_council()
    supplier = make_supplier(council=council, name="Cardiff Beds")
    award = make_goods_award(
        items=[(supplier, "Single bed", 14_999), (supplier, "Cooker", 22_000)],
        applicant=person_details(first_name="Dilys", last_name="Price", phone="07700 900321"),
    )

    fulfil(award)

    order = GoodsOrder.objects.get(award=award)
    household = award.application.household
    assert order.supplier == supplier
    assert order.status == GoodsOrderStatus.PLACED
    assert order.reference.startswith("ORD-")
    assert len(order.reference) == 12
    assert order.total_pence == 36_999 == award.value_pence
    assert order.deliver_to_name == "Dilys Price"
    assert order.deliver_to_phone == "07700 900321"
    assert order.deliver_to_postcode == household.postcode
    assert order.deliver_to_address.splitlines()[0] == household.address_line_1
    assert [(line.description, line.unit_price_pence) for line in order.lines.order_by("id")] == [
        ("Single bed", 14_999),
        ("Cooker", 22_000),
    ]


def test_the_result_names_the_supplier_items_day_and_slot_and_the_message_to_send(monkeypatch):
    supplier = make_supplier(name="Cardiff Beds")
    award = make_goods_award(items=[(supplier, "Single bed", 14_999), (supplier, "Cooker", 22_000)])
    # Fulfilled a week before 8 June 2026, the day the decision maker chose.
    GoodsRequest.objects.filter(application=award.application).update(delivery_date=JUNE_8)
    monkeypatch.setattr(timezone, "localdate", lambda: datetime.date(2026, 6, 1))

    result = fulfil(award)

    assert result.summary == (
        "Ordered from Cardiff Beds: Single bed, Cooker for delivery on 8 June 2026, morning"
    )
    assert result.message_template == "goods_ordered"
    assert result.personalisation == {
        "items": "Single bed and Cooker",
        "delivery_date": JUNE_8,
        "slot": "morning (8am to 1pm)",
    }


def test_items_from_two_suppliers_make_two_orders_each_with_its_own_items():
    council = make_council()
    beds = make_supplier(council=council, name="Beds Direct")
    kitchens = make_supplier(council=council, name="Kitchen World")
    award = make_goods_award(
        items=[(beds, "Single bed", 14_999), (kitchens, "Fridge", 19_000), (beds, "Chair", 2_500)],
        quantities=[1, 1, 2],
    )

    result = fulfil(award)

    orders = {o.supplier.name: o for o in GoodsOrder.objects.filter(award=award)}
    assert set(orders) == {"Beds Direct", "Kitchen World"}
    assert orders["Beds Direct"].total_pence == 14_999 + 2 * 2_500
    assert orders["Kitchen World"].total_pence == 19_000
    assert sorted(orders["Beds Direct"].lines.values_list("description", "quantity")) == [
        ("Chair", 2),
        ("Single bed", 1),
    ]
    assert orders["Beds Direct"].reference != orders["Kitchen World"].reference
    assert "Ordered from Beds Direct: Single bed, Chair x 2" in result.summary
    assert "Ordered from Kitchen World: Fridge" in result.summary
    assert result.personalisation["items"] == "Single bed, Chair x 2 and Fridge"


def test_asking_twice_gives_the_same_orders_and_the_same_result():
    council = make_council()
    award = make_goods_award(
        items=[
            (make_supplier(council=council), "Single bed", 14_999),
            (make_supplier(council=council), "Fridge", 19_000),
        ]
    )

    first = fulfil(award)
    references = set(GoodsOrder.objects.filter(award=award).values_list("reference", flat=True))
    second = fulfil(award)

    assert second == first
    assert GoodsOrder.objects.filter(award=award).count() == 2
    assert set(GoodsOrder.objects.values_list("reference", flat=True)) == references


def test_the_outbox_places_the_orders_once_and_tells_the_person_once():
    award = make_goods_award(applicant=person_details(first_name="Rhian"))
    request_id = award.fulfilment_request.pk

    fulfilment_process(request_id=request_id)
    fulfilment_process(request_id=request_id)

    award.refresh_from_db()
    assert award.status == AwardStatus.FULFILLED
    assert GoodsOrder.objects.filter(award=award).count() == 1
    message = Message.objects.get(template="goods_ordered")
    assert message.case_reference == award.application.reference
    assert "Dear Rhian, we have ordered Single bed for you" in message.body
    assert "morning (8am to 1pm)" in message.body


def test_a_day_already_gone_is_booked_for_tomorrow_instead():
    award = make_goods_award()
    GoodsRequest.objects.filter(application=award.application).update(
        delivery_date=timezone.localdate() - datetime.timedelta(days=2)
    )

    fulfil(award)

    order = GoodsOrder.objects.get(award=award)
    assert order.delivery_date == timezone.localdate() + datetime.timedelta(days=1)


def test_an_award_with_no_items_chosen_fails_with_a_message_for_staff():
    award = make_typed_award(award_type="goods").award
    GoodsRequest.objects.filter(application=award.application).get().lines.all().delete()

    with pytest.raises(FulfilmentFailed, match="No items were chosen for this award"):
        fulfil(award)
    assert not GoodsOrder.objects.exists()


def test_without_items_the_outbox_puts_the_award_in_front_of_staff_after_its_retries():
    award = make_typed_award(award_type="goods").award
    GoodsRequest.objects.get(application=award.application).lines.all().delete()

    request = fulfilment_process(request_id=award.fulfilment_request.pk)

    assert request.status == FulfilmentRequestStatus.PENDING
    assert request.last_error.startswith("No items were chosen for this award")


def test_fulfilled_through_the_outbox_the_order_carries_the_request_day_and_slot():
    award = make_goods_award(
        delivery_date=timezone.localdate() + datetime.timedelta(days=5),
        delivery_slot="afternoon",
    )

    fulfil_now(award)

    order = GoodsOrder.objects.get(award=award)
    assert order.delivery_date == timezone.localdate() + datetime.timedelta(days=5)
    assert order.delivery_slot == "afternoon"
    assert "afternoon" in award.fulfilment_request.result_summary
