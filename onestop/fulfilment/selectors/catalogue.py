"""Reads about the goods catalogue: what can be delivered where."""

from django.db.models import QuerySet

from onestop.core.postcodes import postcode_area, postcode_district
from onestop.councils.models import Council, Organisation, OrganisationKind
from onestop.fulfilment.models import CatalogueItem


def delivers_to(*, item: CatalogueItem, postcode: str) -> bool:
    """Whether the item's supplier delivers to this postcode: its area ("CF") or its district
    ("CF10") is among the item's delivery areas."""
    district = postcode_district(postcode)
    areas = set(item.delivery_areas.upper().split())
    return bool(district) and (district in areas or postcode_area(postcode) in areas)


def catalogue_for_postcode(*, council: Council, postcode: str) -> list[CatalogueItem]:
    """Items the council can award to a household at this postcode, by name."""
    items = CatalogueItem.objects.filter(council=council, is_available=True).select_related(
        "supplier"
    )
    return [item for item in items if delivers_to(item=item, postcode=postcode)]


def catalogue(*, council: Council) -> QuerySet[CatalogueItem]:
    return CatalogueItem.objects.filter(council=council).select_related("supplier")


def catalogue_item_of(*, council: Council, catalogue_item_id: int) -> CatalogueItem | None:
    return catalogue(council=council).filter(pk=catalogue_item_id).first()


def suppliers_of(*, council: Council) -> QuerySet[Organisation]:
    """The council's suppliers of goods, by name."""
    return Organisation.objects.filter(council=council, kind=OrganisationKind.SUPPLIER).order_by(
        "name"
    )


def catalogue_by_supplier(*, council: Council) -> list[tuple[Organisation, list[CatalogueItem]]]:
    """Every supplier with its items by name, suppliers with nothing yet included, so staff
    can see who still needs a catalogue."""
    items: dict[int, list[CatalogueItem]] = {}
    for item in catalogue(council=council).order_by("name"):
        items.setdefault(item.supplier_id, []).append(item)
    return [(supplier, items.get(supplier.pk, [])) for supplier in suppliers_of(council=council)]
