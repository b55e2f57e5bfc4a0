"""Reads about the goods catalogue: what can be delivered where."""

from django.db.models import QuerySet

from onestop.core.postcodes import postcode_area, postcode_district
from onestop.councils.models import Council
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
