"""The goods catalogue: staff add suppliers and items with a price and the postcodes delivered to;
decision makers can then choose only available items delivered to the household."""

import re
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from onestop.core.errors import NotPermitted, ServiceError
from onestop.core.models import AuditEvent
from onestop.core.roles import Role
from onestop.councils.models import Council, Membership, Organisation, OrganisationKind
from onestop.fulfilment.models import CatalogueItem
from onestop.fulfilment.selectors.catalogue import catalogue_for_postcode, delivers_to
from onestop.fulfilment.services.catalogue import (
    ItemDetails,
    catalogue_item_availability_set,
    catalogue_item_create,
    catalogue_item_update,
    delivery_areas_clean,
    supplier_add,
)
from tests.factories import (
    make_catalogue_item,
    make_council,
    make_membership,
    make_organisation,
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
def finance(council: Council) -> Membership:
    return make_membership(role=Role.FINANCE, council=council)


@pytest.fixture
def supplier(council: Council) -> Organisation:
    return make_supplier(council=council, name="Cardiff Beds")


def details(**overrides: object) -> ItemDetails:
    values: dict[str, object] = {
        "name": "Single bed",
        "price_pence": 14_999,
        "delivery_areas": "CF NP20",
        "description": "With mattress",
    }
    values.update(overrides)
    return ItemDetails(**values)  # type: ignore[arg-type]


# --- delivery areas --------------------------------------------------------------------------


def test_delivery_areas_are_written_in_capitals_once_each():
    assert delivery_areas_clean("cf  cf10, np20 CF") == "CF CF10 NP20"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the postcode areas or districts"),
        ("CF10 1AA", "1AA is not a postcode area or district"),
        ("CARDIFF", "CARDIFF is not a postcode area or district"),
        ("CF 10", "10 is not a postcode area or district"),
    ],
)
def test_anything_but_areas_and_districts_is_refused_naming_the_entry(typed, message):
    with pytest.raises(ServiceError, match=message):
        delivery_areas_clean(typed)


AREAS = st.from_regex(r"[A-Z]{1,2}", fullmatch=True)
DISTRICT_TAILS = st.from_regex(r"[0-9][A-Z0-9]?", fullmatch=True)


@settings(max_examples=30)
@given(area=AREAS, tail=DISTRICT_TAILS, others=st.lists(AREAS, max_size=4))
def test_an_item_delivered_to_an_area_reaches_every_district_in_it(area, tail, others):
    cleaned = delivery_areas_clean(" ".join([*others, area.lower()]))
    item = CatalogueItem(delivery_areas=cleaned)
    postcode = f"{area}{tail} 1AA"
    assert delivers_to(item=item, postcode=postcode)
    assert delivers_to(item=CatalogueItem(delivery_areas=f"{area}{tail}"), postcode=postcode)


# --- services --------------------------------------------------------------------------------


def test_an_item_is_added_with_its_price_and_areas_and_audited(council, finance, supplier):
    item = catalogue_item_create(
        actor=finance.user, council=council, supplier=supplier, details=details()
    )
    assert (item.name, item.price_pence, item.delivery_areas) == ("Single bed", 14_999, "CF NP20")
    event = AuditEvent.objects.get(action="catalogue.item_added")
    assert event.summary == "Single bed from Cardiff Beds added at £149.99"


@pytest.mark.parametrize("price", [0, -100])
def test_the_price_must_be_more_than_nothing(council, finance, supplier, price):
    with pytest.raises(ServiceError, match="The price must be more than £0"):
        catalogue_item_create(
            actor=finance.user,
            council=council,
            supplier=supplier,
            details=details(price_pence=price),
        )


def test_a_supplier_cannot_have_two_items_with_one_name(council, finance, supplier):
    make_catalogue_item(supplier=supplier, name="Single bed")
    with pytest.raises(ServiceError, match="Cardiff Beds already has an item called Single bed"):
        catalogue_item_create(
            actor=finance.user,
            council=council,
            supplier=supplier,
            details=details(name="single  bed"),
        )


def test_only_the_councils_own_suppliers_can_have_items(council, finance):
    food_bank = make_organisation(council=council)
    elsewhere = make_supplier(council=make_council())
    for organisation in (food_bank, elsewhere):
        with pytest.raises(ServiceError, match="Choose one of the council's suppliers"):
            catalogue_item_create(
                actor=finance.user, council=council, supplier=organisation, details=details()
            )


def test_changing_the_catalogue_needs_the_capability(council, supplier):
    leader = make_membership(role=Role.TEAM_LEADER, council=council)
    with pytest.raises(NotPermitted):
        catalogue_item_create(
            actor=leader.user, council=council, supplier=supplier, details=details()
        )


def test_an_item_is_changed_and_its_price_change_recorded(council, finance, supplier):
    item = make_catalogue_item(supplier=supplier, name="Cooker", price_pence=20_000)
    changed = catalogue_item_update(
        actor=finance.user,
        council=council,
        item=item,
        details=details(name="Cooker", price_pence=22_500, delivery_areas="cf"),
    )
    assert (changed.price_pence, changed.delivery_areas) == (22_500, "CF")
    assert AuditEvent.objects.get(action="catalogue.item_changed").summary == (
        "Cooker from Cardiff Beds changed: price £200.00 to £225.00"
    )


def test_an_unavailable_item_cannot_be_chosen_and_can_be_offered_again(council, finance, supplier):
    item = make_catalogue_item(supplier=supplier, name="Fridge", delivery_areas="CF")
    assert catalogue_for_postcode(council=council, postcode="CF10 1AA") == [item]

    catalogue_item_availability_set(actor=finance.user, council=council, item=item, available=False)
    assert catalogue_for_postcode(council=council, postcode="CF10 1AA") == []

    catalogue_item_availability_set(actor=finance.user, council=council, item=item, available=True)
    assert catalogue_for_postcode(council=council, postcode="CF10 1AA") == [item]


def test_the_catalogue_for_a_postcode_is_the_councils_items_delivered_there(council, supplier):
    cardiff = make_catalogue_item(supplier=supplier, name="Bed", delivery_areas="CF10")
    make_catalogue_item(supplier=supplier, name="Sofa", delivery_areas="CF11")
    make_catalogue_item(council=make_council(), name="Chair", delivery_areas="CF")
    assert catalogue_for_postcode(council=council, postcode="cf101aa") == [cardiff]


def test_a_supplier_is_added_as_a_supplier_once(council, finance):
    added = supplier_add(actor=finance.user, council=council, name="  Valleys   Furniture ")
    assert (added.name, added.kind) == ("Valleys Furniture", OrganisationKind.SUPPLIER)
    with pytest.raises(ServiceError, match="Valleys Furniture already works with the council"):
        supplier_add(actor=finance.user, council=council, name="valleys furniture")


# --- pages -----------------------------------------------------------------------------------


def test_the_catalogue_lists_each_suppliers_items_with_price_and_areas(council, finance, supplier):
    make_catalogue_item(
        supplier=supplier, name="Single bed", price_pence=14_999, delivery_areas="CF NP20"
    )
    make_supplier(council=council, name="Kitchen World")
    make_catalogue_item(council=make_council(), name="Somewhere else's sofa")

    page_text = text_of(client_for(finance).get(page(council, "items")).content.decode())

    assert "Cardiff Beds Item Price Delivers to Status" in page_text
    assert "Single bed £149.99 CF NP20 Available" in page_text
    assert "Kitchen World has no items yet" in page_text
    assert "Somewhere else's sofa" not in page_text


def test_adding_an_item_through_the_page(council, finance, supplier):
    response = client_for(finance).post(
        page(council, "item_add"),
        {
            "supplier": supplier.pk,
            "name": "Cooker",
            "description": "",
            "price": "£225.50",
            "delivery_areas": "cf np",
        },
        follow=True,
    )
    assert "Cooker added to Cardiff Beds&#39;s catalogue." in response.content.decode()
    item = CatalogueItem.objects.get(name="Cooker")
    assert (item.supplier, item.price_pence, item.delivery_areas) == (supplier, 22_550, "CF NP")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("price", "0", "The price must be more than £0"),
        ("price", "lots", "The price must be an amount of money, like 149.99"),
        ("price", "", "Enter the price, like 149.99"),
        ("delivery_areas", "Cardiff", "CARDIFF is not a postcode area or district"),
        ("name", "", "Enter the item&#39;s name"),
    ],
)
def test_mistakes_are_listed_and_nothing_is_added(
    council, finance, supplier, field, value, message
):
    data = {"supplier": supplier.pk, "name": "Cooker", "price": "225", "delivery_areas": "CF"}
    data[field] = value
    response = client_for(finance).post(page(council, "item_add"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert message in html
    assert f'href="#{field}"' in html
    assert not CatalogueItem.objects.exists()


def test_adding_an_item_without_suppliers_says_to_add_one_first(council, finance):
    html = client_for(finance).get(page(council, "item_add")).content.decode()
    assert "There are no suppliers yet." in text_of(html)


def test_changing_an_item_through_the_page(council, finance, supplier):
    item = make_catalogue_item(supplier=supplier, name="Cooker", price_pence=20_000)
    client = client_for(finance)
    form = client.get(page(council, "item_edit", catalogue_item_id=item.pk)).content.decode()
    assert 'value="200.00"' in form

    client.post(
        page(council, "item_edit", catalogue_item_id=item.pk),
        {"name": "Electric cooker", "description": "", "price": "210", "delivery_areas": "CF"},
    )

    item.refresh_from_db()
    assert (item.name, item.price_pence, item.supplier) == ("Electric cooker", 21_000, supplier)


def test_marking_an_item_unavailable_through_the_page(council, finance, supplier):
    item = make_catalogue_item(supplier=supplier, name="Fridge")
    response = client_for(finance).post(
        page(council, "item_availability", catalogue_item_id=item.pk),
        {"available": "no"},
        follow=True,
    )
    item.refresh_from_db()
    assert not item.is_available
    assert "Fridge from Cardiff Beds is marked as unavailable." in text_of(
        response.content.decode()
    )


def test_adding_a_supplier_through_the_page(council, finance):
    response = client_for(finance).post(
        page(council, "supplier_add"), {"name": "Valleys Furniture"}, follow=True
    )
    assert "Valleys Furniture added." in text_of(response.content.decode())
    assert Organisation.objects.get(council=council, name="Valleys Furniture").kind == "supplier"


def test_another_councils_item_is_not_found(council, finance):
    item = make_catalogue_item(council=make_council(), name="Their bed")
    client = client_for(finance)
    assert client.get(page(council, "item_edit", catalogue_item_id=item.pk)).status_code == 404
    response = client.post(
        page(council, "item_availability", catalogue_item_id=item.pk), {"available": "no"}
    )
    assert response.status_code == 404
    item.refresh_from_db()
    assert item.is_available


def test_staff_without_the_capability_are_refused(council):
    adviser = make_membership(role=Role.ADVISER, council=council)
    assert client_for(adviser).get(page(council, "items")).status_code == 403
