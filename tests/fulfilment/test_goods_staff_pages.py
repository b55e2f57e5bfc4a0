"""The staff goods orders pages: failed deliveries first, with another day booked or the order
cancelled and the money returned."""

import datetime
import re
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from onestop.core.models import AuditEvent
from onestop.core.roles import Role
from onestop.councils.models import Council, Membership
from onestop.fulfilment.models import AwardStatus, GoodsOrder, GoodsOrderStatus
from onestop.fulfilment.services.goods import order_deliver, order_fail
from onestop.notifications.models import Message
from tests.factories import (
    make_council,
    make_membership,
    make_placed_goods_order,
    make_supplier,
)

pytestmark = pytest.mark.django_db


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def page(council: Council, name: str, **kwargs: object) -> str:
    return reverse(f"catalogue:{name}", kwargs={"council_slug": council.slug, **kwargs})


def client_for(membership: Membership) -> Client:
    client = Client()
    client.force_login(membership.user)
    return client


@pytest.fixture
def leader(council: Council) -> Membership:
    return make_membership(role=Role.TEAM_LEADER, council=council)


def failed_order(council: Council, reason: str = "Nobody was in") -> GoodsOrder:
    order = make_placed_goods_order(council=council)
    return order_fail(actor=None, supplier=order.supplier, order=order, reason=reason)


def test_failed_deliveries_come_first_with_what_staff_can_do(council, leader):
    placed = make_placed_goods_order(council=council)
    failed = failed_order(council, "Access to the flat was blocked")
    make_placed_goods_order(council=make_council())

    html = client_for(leader).get(page(council, "orders")).content.decode()
    text = text_of(html)

    assert text.index(failed.reference) < text.index(placed.reference)
    assert "Delivery failed Access to the flat was blocked" in text
    assert "Arrange another delivery of order " + failed.reference in text
    assert "Cancel and return the money for order " + failed.reference in text
    assert "Arrange another delivery of order " + placed.reference not in text
    assert GoodsOrder.objects.exclude(council=council).get().reference not in text


def test_the_list_can_show_one_status(council, leader):
    placed = make_placed_goods_order(council=council)
    failed = failed_order(council)

    text = text_of(
        client_for(leader).get(page(council, "orders") + "?status=failed").content.decode()
    )

    assert failed.reference in text
    assert placed.reference not in text
    assert "Delivery failed (1)" in text
    assert "Ordered (1)" in text


def test_the_order_page_shows_the_delivery_and_its_history_and_is_audited(council, leader):
    order = failed_order(council, "Nobody was in")

    text = text_of(
        client_for(leader)
        .get(page(council, "order", order_reference=order.reference))
        .content.decode()
    )

    assert f"Order {order.reference}" in text
    assert order.deliver_to_name in text
    assert order.deliver_to_postcode in text
    assert "Single bed 1 £149.99 £149.99" in text
    assert "Could not be delivered: Nobody was in" in text
    assert AuditEvent.objects.filter(
        action="goods.order_viewed",
        actor=leader.user,
        case_reference=order.award.application.reference,
    ).exists()


def test_booking_another_day_through_the_page(council, leader):
    order = failed_order(council)
    day = timezone.localdate() + datetime.timedelta(days=6)
    client = client_for(leader)
    assert (
        client.get(page(council, "order_rebook", order_reference=order.reference)).status_code
        == 200
    )

    response = client.post(
        page(council, "order_rebook", order_reference=order.reference),
        {
            "delivery_date_day": str(day.day),
            "delivery_date_month": str(day.month),
            "delivery_date_year": str(day.year),
            "delivery_slot": "afternoon",
        },
        follow=True,
    )

    order.refresh_from_db()
    assert (order.status, order.delivery_date, order.delivery_slot) == (
        GoodsOrderStatus.PLACED,
        day,
        "afternoon",
    )
    assert f"is booked for {day.day} {day:%B %Y}, afternoon" in text_of(response.content.decode())
    assert Message.objects.filter(template="goods_ordered").count() == 2


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"delivery_slot": "morning"}, "Enter the day to deliver on"),
        (
            {
                "delivery_date_day": "31",
                "delivery_date_month": "2",
                "delivery_date_year": "2030",
                "delivery_slot": "morning",
            },
            "Delivery day must be a real date",
        ),
        (
            {
                "delivery_date_day": "1",
                "delivery_date_month": "1",
                "delivery_date_year": "2020",
                "delivery_slot": "morning",
            },
            "The delivery day must be after today.",
        ),
        (
            {"delivery_date_day": "1", "delivery_date_month": "1", "delivery_date_year": "2020"},
            "Select a morning or afternoon delivery",
        ),
    ],
)
def test_a_bad_day_is_explained_and_nothing_changes(council, leader, data, message):
    order = failed_order(council)
    response = client_for(leader).post(
        page(council, "order_rebook", order_reference=order.reference), data
    )
    assert response.status_code == 200
    assert message in unescape(response.content.decode())
    order.refresh_from_db()
    assert order.status == GoodsOrderStatus.FAILED


def test_an_order_that_did_not_fail_cannot_be_rebooked_or_cancelled(council, leader):
    order = make_placed_goods_order(council=council)
    client = client_for(leader)
    for name in ("order_rebook", "order_cancel"):
        response = client.get(page(council, name, order_reference=order.reference), follow=True)
        assert "Only a failed delivery can be" in text_of(response.content.decode())


def test_cancelling_through_the_page_returns_the_money(council, leader):
    order = failed_order(council)
    client = client_for(leader)
    confirm = text_of(
        client.get(page(council, "order_cancel", order_reference=order.reference)).content.decode()
    )
    assert "The award's £149.99 goes back to the fund" in confirm

    response = client.post(
        page(council, "order_cancel", order_reference=order.reference),
        {"reason": "They found a bed elsewhere"},
        follow=True,
    )

    order.award.refresh_from_db()
    assert order.award.status == AwardStatus.RETURNED
    assert "The award's money is back in the fund." in text_of(response.content.decode())


def test_cancelling_needs_a_reason_on_the_page(council, leader):
    order = failed_order(council)
    response = client_for(leader).post(
        page(council, "order_cancel", order_reference=order.reference), {"reason": ""}
    )
    assert "Enter why the order is being cancelled" in unescape(response.content.decode())
    order.award.refresh_from_db()
    assert order.award.status == AwardStatus.FULFILLED


def test_another_councils_order_is_not_found(council, leader):
    theirs = failed_order(make_council())
    client = client_for(leader)
    for name in ("order", "order_rebook", "order_cancel"):
        assert client.get(page(council, name, order_reference=theirs.reference)).status_code == 404
    response = client.post(
        page(council, "order_cancel", order_reference=theirs.reference), {"reason": "Not ours"}
    )
    assert response.status_code == 404
    theirs.award.refresh_from_db()
    assert theirs.award.status == AwardStatus.FULFILLED


def test_decision_makers_cannot_resolve_orders(council):
    maker = make_membership(role=Role.DECISION_MAKER, council=council)
    assert client_for(maker).get(page(council, "orders")).status_code == 403


def test_delivered_orders_show_without_actions(council, leader):
    order = make_placed_goods_order(supplier=make_supplier(council=council))
    order_deliver(actor=None, supplier=order.supplier, order=order)
    text = text_of(client_for(leader).get(page(council, "orders")).content.decode())
    assert f"{order.reference}" in text
    assert "Delivered" in text
    assert "Arrange another delivery" not in text
