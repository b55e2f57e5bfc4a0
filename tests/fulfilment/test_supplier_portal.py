"""The supplier portal: a supplier's staff see only their own organisation's orders, and confirm
each dispatch, delivery, failed delivery or return. Also `onestop suppliers add-staff`."""

import re
from html import unescape

import pytest
from click.testing import CliRunner
from django.test import Client
from django.urls import reverse

from onestop.cli_suppliers import suppliers
from onestop.core.models import AuditEvent
from onestop.core.roles import Role
from onestop.councils.models import Council, Membership, Organisation
from onestop.fulfilment.models import AwardStatus, GoodsOrder, GoodsOrderStatus
from onestop.fulfilment.services.goods import order_deliver, order_fail
from onestop.notifications.models import Message
from tests.factories import (
    fulfil_now,
    make_council,
    make_goods_award,
    make_membership,
    make_organisation,
    make_partner_membership,
    make_placed_goods_order,
    make_supplier,
    make_supplier_membership,
    person_details,
)

pytestmark = pytest.mark.django_db


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def portal(council: Council, name: str = "home", **kwargs: str) -> str:
    return reverse(f"suppliers:{name}", kwargs={"council_slug": council.slug, **kwargs})


def client_for(membership: Membership) -> Client:
    client = Client()
    client.force_login(membership.user)
    return client


@pytest.fixture
def supplier(council: Council) -> Organisation:
    return make_supplier(council=council, name="Cardiff Beds")


@pytest.fixture
def staff(supplier: Organisation) -> Membership:
    return make_supplier_membership(organisation=supplier)


@pytest.fixture
def order(supplier: Organisation) -> GoodsOrder:
    award = fulfil_now(
        make_goods_award(
            items=[(supplier, "Single bed", 14_999)],
            applicant=person_details(first_name="Nia", last_name="Morgan", phone="07700 900456"),
        )
    )
    return award.goods_orders.get()


def test_home_lists_own_orders_newest_first_with_the_district_only(council, supplier, staff, order):
    newer = make_placed_goods_order(supplier=supplier)
    theirs = make_placed_goods_order(council=council)

    response = client_for(staff).get(portal(council))
    text = text_of(response.content.decode())

    assert response.status_code == 200
    assert "Signed in as" in text
    assert "Cardiff Beds, supplying" in text
    assert text.index(newer.reference) < text.index(order.reference)
    assert theirs.reference not in text
    district = order.deliver_to_postcode.split(" ")[0]
    assert f"{order.reference}" in text
    assert f" {district} Single bed Ordered" in text
    assert "Nia" not in text
    assert "Morgan" not in text
    assert order.deliver_to_postcode not in text
    assert order.deliver_to_address.splitlines()[0] not in text


def test_home_filters_by_status(council, supplier, staff, order):
    delivered = make_placed_goods_order(supplier=supplier)
    order_deliver(actor=None, supplier=supplier, order=delivered)

    text = text_of(client_for(staff).get(portal(council) + "?status=delivered").content.decode())

    assert delivered.reference in text
    assert order.reference not in text
    assert "All (2)" in text
    assert "Delivered (1)" in text
    assert "Ordered (1)" in text


def test_the_order_page_gives_address_phone_items_and_history_and_is_audited(council, staff, order):
    text = text_of(
        client_for(staff)
        .get(portal(council, "order", order_reference=order.reference))
        .content.decode()
    )

    assert "Nia Morgan" in text
    assert order.deliver_to_postcode in text
    assert "07700 900456" in text
    assert "Single bed 1 £149.99 £149.99" in text
    assert f"Order {order.reference} placed with Cardiff Beds" in text
    assert "Confirm out for delivery" in text
    assert "Could not deliver" in text
    assert AuditEvent.objects.filter(action="goods.order_viewed", actor=staff.user).count() == 1


def test_confirming_dispatch_then_delivery(council, staff, order):
    client = client_for(staff)

    response = client.post(
        portal(council, "order_dispatched", order_reference=order.reference), follow=True
    )
    assert f"Order {order.reference} is out for delivery." in text_of(response.content.decode())
    response = client.post(
        portal(council, "order_delivered", order_reference=order.reference), follow=True
    )
    text = text_of(response.content.decode())

    order.refresh_from_db()
    assert order.status == GoodsOrderStatus.DELIVERED
    assert f"Order {order.reference} is delivered." in text
    assert "Out for delivery" in text
    assert "Goods returned" in text


def test_could_not_deliver_with_a_reason_tells_the_person(council, staff, order):
    client = client_for(staff)
    url = portal(council, "order_failed", order_reference=order.reference)
    assert "Why could the goods not be delivered?" in client.get(url).content.decode()

    response = client.post(url, {"reason": "Nobody was in, card left"}, follow=True)

    order.refresh_from_db()
    assert order.status == GoodsOrderStatus.FAILED
    assert order.failure_reason == "Nobody was in, card left"
    assert Message.objects.filter(template="goods_delivery_failed").count() == 1
    text = text_of(response.content.decode())
    assert "The council will tell the person" in text
    assert "Could not be delivered: Nobody was in, card left" in text


def test_could_not_deliver_needs_a_reason(council, staff, order):
    response = client_for(staff).post(
        portal(council, "order_failed", order_reference=order.reference), {"reason": " "}
    )
    assert "Enter why the goods could not be delivered" in unescape(response.content.decode())
    order.refresh_from_db()
    assert order.status == GoodsOrderStatus.PLACED


def test_goods_returned_brings_the_money_back(council, supplier, staff, order):
    order_deliver(actor=None, supplier=supplier, order=order)
    client = client_for(staff)

    response = client.post(
        portal(council, "order_returned", order_reference=order.reference),
        {"reason": "The frame was damaged"},
        follow=True,
    )

    order.refresh_from_db()
    order.award.refresh_from_db()
    assert order.status == GoodsOrderStatus.RETURNED
    assert order.award.status == AwardStatus.RETURNED
    assert "Goods returned to the supplier: The frame was damaged" in text_of(
        response.content.decode()
    )


def test_returned_is_only_offered_for_delivered_goods(council, staff, order):
    response = client_for(staff).get(
        portal(council, "order_returned", order_reference=order.reference), follow=True
    )
    assert "only delivered goods can be recorded as returned" in text_of(response.content.decode())


def test_a_change_the_order_cannot_make_is_explained(council, supplier, staff, order):
    order_fail(actor=None, supplier=supplier, order=order, reason="Not in")
    response = client_for(staff).post(
        portal(council, "order_delivered", order_reference=order.reference), follow=True
    )
    assert (
        f"Order {order.reference} is recorded as not delivered, so it cannot be marked as delivered."
        in (text_of(response.content.decode()))
    )
    order.refresh_from_db()
    assert order.status == GoodsOrderStatus.FAILED


def test_another_suppliers_order_is_not_found_for_any_action(council, staff):
    theirs = make_placed_goods_order(council=council)
    other_council = make_placed_goods_order(council=make_council())
    client = client_for(staff)
    for reference in (theirs.reference, other_council.reference):
        assert client.get(portal(council, "order", order_reference=reference)).status_code == 404
        for name in ("order_dispatched", "order_delivered"):
            assert client.post(portal(council, name, order_reference=reference)).status_code == 404
        for name in ("order_failed", "order_returned"):
            response = client.post(
                portal(council, name, order_reference=reference), {"reason": "x"}
            )
            assert response.status_code == 404
    assert set(GoodsOrder.objects.values_list("status", flat=True)) == {GoodsOrderStatus.PLACED}


def test_a_supplier_of_another_council_cannot_open_this_councils_portal(council, order):
    elsewhere = make_supplier_membership(council=make_council())
    client = client_for(elsewhere)
    assert client.get(portal(council)).status_code == 404
    assert client.get(portal(council, "order", order_reference=order.reference)).status_code == 404


@pytest.mark.parametrize("role", [Role.TEAM_LEADER, Role.FINANCE])
def test_council_staff_and_partners_are_told_they_do_not_have_permission(council, role):
    for member in (
        make_membership(role=role, council=council),
        make_partner_membership(council=council),
    ):
        response = client_for(member).get(portal(council))
        assert response.status_code == 403


def test_supplier_staff_opening_the_staff_console_are_sent_to_their_portal(council, staff):
    response = client_for(staff).get(reverse("staff_home", kwargs={"council_slug": council.slug}))
    assert response.status_code == 302
    assert response["Location"] == portal(council)


# --- onestop suppliers add-staff --------------------------------------------------------------

ARGS = ["add-staff", "--council", "eastshire", "--organisation", "Eastshire Furniture"]


def test_a_new_person_gets_a_one_time_password_that_opens_the_supplier_portal():
    council = make_council(slug="eastshire")

    result = CliRunner().invoke(
        suppliers, [*ARGS, "--email", "Sam.Supplier@example.org", "--name", "Sam Supplier"]
    )

    assert result.exit_code == 0, result.output
    assert "Sam Supplier can now sign in to see and update orders for Eastshire Furniture." in (
        result.output
    )
    password = result.output.strip().splitlines()[-1].rsplit(": ", 1)[1]
    membership = Membership.objects.get(user__email="sam.supplier@example.org")
    assert membership.role == Role.SUPPLIER
    assert membership.organisation == Organisation.objects.get(council=council, kind="supplier")
    response = Client().post(
        "/staff/sign-in/", {"email": "sam.supplier@example.org", "password": password}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/suppliers/eastshire/"


def test_a_partner_organisations_name_is_refused():
    council = make_council(slug="eastshire")
    make_organisation(council=council, name="Eastshire Furniture", kind="food_bank")

    result = CliRunner().invoke(suppliers, [*ARGS, "--email", "a@example.org", "--name", "A"])

    assert result.exit_code != 0
    assert "Eastshire Furniture is a partner organisation, not a supplier" in result.output
    assert not Membership.objects.filter(user__email="a@example.org").exists()


def test_council_staff_cannot_be_made_supplier_staff():
    council = make_council(slug="eastshire")
    adviser = make_membership(role=Role.ADVISER, council=council)

    result = CliRunner().invoke(suppliers, [*ARGS, "--email", adviser.user.email, "--name", "Ada"])

    assert result.exit_code != 0
    assert "already works for" in result.output
    assert Membership.objects.get(user=adviser.user).role == Role.ADVISER


def test_an_unknown_council_is_one_clear_line():
    result = CliRunner().invoke(
        suppliers,
        [
            "add-staff",
            "--council",
            "nowhere",
            "--organisation",
            "X",
            "--email",
            "a@b.org",
            "--name",
            "A",
        ],
    )
    assert result.exit_code != 0
    assert "There is no council with the short name 'nowhere'" in result.output
