"""The goods catalogue staff keep: suppliers, the items each delivers, prices and delivery areas."""

import re
from dataclasses import dataclass

from django.db import transaction

from onestop.core.audit import audit_record
from onestop.core.errors import ServiceError
from onestop.core.money import format_pounds
from onestop.core.roles import Capability
from onestop.councils.access import membership_require
from onestop.councils.models import Council, Organisation, OrganisationKind, User
from onestop.councils.services import organisation_create
from onestop.fulfilment.models import CatalogueItem

# A postcode area ("CF") or district ("CF10", "W1A"), as the first part of a postcode.
_AREA_OR_DISTRICT = re.compile(r"^[A-Z]{1,2}([0-9][A-Z0-9]?)?$")
MAX_PRICE_PENCE = 1_000_000  # £10,000: more than any one essential item costs
MAX_AREAS_LENGTH = 500


@dataclass(frozen=True)
class ItemDetails:
    name: str
    price_pence: int
    delivery_areas: str
    description: str = ""


def delivery_areas_clean(text: str) -> str:
    """Areas and districts in capitals, each once, separated by single spaces.

    Raises ServiceError naming the first entry that is not an area or district.
    """
    entries = text.replace(",", " ").upper().split()
    if not entries:
        raise ServiceError(
            "Enter the postcode areas or districts the supplier delivers to, like CF CF10 NP20.",
            field="delivery_areas",
        )
    for entry in entries:
        if not _AREA_OR_DISTRICT.match(entry):
            raise ServiceError(
                f"{entry} is not a postcode area or district. Enter areas like CF or districts "
                "like CF10, separated by spaces.",
                field="delivery_areas",
            )
    cleaned = " ".join(dict.fromkeys(entries))
    if len(cleaned) > MAX_AREAS_LENGTH:
        raise ServiceError(
            f"Delivery areas must be {MAX_AREAS_LENGTH} characters or fewer. Use postcode areas "
            "like CF instead of listing every district.",
            field="delivery_areas",
        )
    return cleaned


def _details_checked(
    *, council: Council, supplier: Organisation, details: ItemDetails, item_id: int | None
) -> ItemDetails:
    name = " ".join(details.name.split())
    if not name:
        raise ServiceError("Enter the item's name.", field="name")
    if len(name) > 120:
        raise ServiceError("The item's name must be 120 characters or fewer.", field="name")
    description = " ".join(details.description.split())
    if len(description) > 300:
        raise ServiceError("The description must be 300 characters or fewer.", field="description")
    if details.price_pence <= 0:
        raise ServiceError("The price must be more than £0.", field="price")
    if details.price_pence > MAX_PRICE_PENCE:
        raise ServiceError(
            f"The price must be {format_pounds(MAX_PRICE_PENCE)} or less.", field="price"
        )
    same_name = CatalogueItem.objects.filter(council=council, supplier=supplier, name__iexact=name)
    if item_id is not None:
        same_name = same_name.exclude(pk=item_id)
    existing = same_name.first()
    if existing is not None:
        raise ServiceError(
            f"{supplier.name} already has an item called {existing.name}. Change that item, or "
            "give this one another name.",
            field="name",
        )
    return ItemDetails(
        name=name,
        description=description,
        price_pence=details.price_pence,
        delivery_areas=delivery_areas_clean(details.delivery_areas),
    )


def _require(actor: User, council: Council) -> None:
    membership_require(
        actor=actor,
        council=council,
        capability=Capability.MANAGE_CATALOGUE,
        doing="change the goods catalogue",
    )


def _audit(*, actor: User, item: CatalogueItem, action: str, summary: str) -> None:
    audit_record(
        actor=actor,
        council=item.council,
        action=action,
        subject=item,
        summary=summary[:300],
        details={
            "supplier": item.supplier.name,
            "price_pence": item.price_pence,
            "delivery_areas": item.delivery_areas,
            "is_available": item.is_available,
        },
    )


@transaction.atomic
def catalogue_item_create(
    *, actor: User, council: Council, supplier: Organisation, details: ItemDetails
) -> CatalogueItem:
    """Add an item a supplier delivers, at the price agreed with them."""
    _require(actor, council)
    if supplier.council_id != council.pk or supplier.kind != OrganisationKind.SUPPLIER:
        raise ServiceError("Choose one of the council's suppliers.", field="supplier")
    checked = _details_checked(council=council, supplier=supplier, details=details, item_id=None)
    item = CatalogueItem.objects.create(
        council=council,
        supplier=supplier,
        name=checked.name,
        description=checked.description,
        price_pence=checked.price_pence,
        delivery_areas=checked.delivery_areas,
    )
    _audit(
        actor=actor,
        item=item,
        action="catalogue.item_added",
        summary=f"{item.name} from {supplier.name} added at {format_pounds(item.price_pence)}",
    )
    return item


@transaction.atomic
def catalogue_item_update(
    *, actor: User, council: Council, item: CatalogueItem, details: ItemDetails
) -> CatalogueItem:
    """Change an item's name, description, price or delivery areas. Goods already chosen keep
    the price they were chosen at."""
    _require(actor, council)
    locked = CatalogueItem.objects.select_for_update().select_related("supplier").get(pk=item.pk)
    if locked.council_id != council.pk:
        raise ServiceError("There is no such item in the council's catalogue.")
    checked = _details_checked(
        council=council, supplier=locked.supplier, details=details, item_id=locked.pk
    )
    before = format_pounds(locked.price_pence)
    locked.name = checked.name
    locked.description = checked.description
    locked.price_pence = checked.price_pence
    locked.delivery_areas = checked.delivery_areas
    locked.save()
    price = format_pounds(locked.price_pence)
    _audit(
        actor=actor,
        item=locked,
        action="catalogue.item_changed",
        summary=f"{locked.name} from {locked.supplier.name} changed"
        + (f": price {before} to {price}" if price != before else ""),
    )
    return locked


@transaction.atomic
def catalogue_item_availability_set(
    *, actor: User, council: Council, item: CatalogueItem, available: bool
) -> CatalogueItem:
    """Stop offering an item (decision makers can no longer choose it), or offer it again.
    Orders already placed are not affected. Setting it as it already is changes nothing."""
    _require(actor, council)
    locked = CatalogueItem.objects.select_for_update().select_related("supplier").get(pk=item.pk)
    if locked.council_id != council.pk:
        raise ServiceError("There is no such item in the council's catalogue.")
    if locked.is_available == available:
        return locked
    locked.is_available = available
    locked.save(update_fields=["is_available", "updated_at"])
    _audit(
        actor=actor,
        item=locked,
        action="catalogue.item_available" if available else "catalogue.item_unavailable",
        summary=f"{locked.name} from {locked.supplier.name} "
        + ("offered again" if available else "marked as unavailable"),
    )
    return locked


@transaction.atomic
def supplier_add(*, actor: User, council: Council, name: str) -> Organisation:
    """Add a supplier of goods the council works with; its staff and API keys come after."""
    _require(actor, council)
    name = " ".join(name.split())
    if not name:
        raise ServiceError("Enter the supplier's name.", field="name")
    if len(name) > 200:
        raise ServiceError("The supplier's name must be 200 characters or fewer.", field="name")
    existing = Organisation.objects.filter(council=council, name__iexact=name).first()
    if existing is not None:
        raise ServiceError(
            f"{existing.name} already works with the council. Use that organisation, or enter "
            "another name.",
            field="name",
        )
    return organisation_create(
        actor=actor, council=council, name=name, kind=OrganisationKind.SUPPLIER
    )
