"""Reads about people, households and the council's address gazetteer."""

from onestop.core.postcodes import normalise_postcode
from onestop.councils.models import Council
from onestop.people.models import GazetteerAddress
from onestop.people.services import AddressDetails


def addresses_for_postcode(*, council: Council, postcode: str) -> list[GazetteerAddress]:
    """Every gazetteer address at this postcode, however the postcode was typed."""
    return list(
        GazetteerAddress.objects.filter(council=council, postcode=normalise_postcode(postcode))
    )


def address_by_uprn(*, council: Council, uprn: str) -> GazetteerAddress | None:
    return GazetteerAddress.objects.filter(council=council, uprn=uprn.strip()).first()


def gazetteer_loaded(*, council: Council) -> bool:
    """Whether the council has loaded its gazetteer; until it has, residency cannot be checked."""
    return GazetteerAddress.objects.filter(council=council).exists()


def address_details(address: GazetteerAddress) -> AddressDetails:
    """A gazetteer address as an application records it, with its UPRN and ward."""
    return AddressDetails(
        address_line_1=address.address_line_1,
        address_line_2=address.address_line_2,
        town=address.town,
        postcode=address.postcode,
        uprn=address.uprn,
        ward=address.ward,
    )
