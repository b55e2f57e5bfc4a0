"""Reads about people, households and the council's address gazetteer."""

from dataclasses import dataclass

from django.db.models import BooleanField, Exists, ExpressionWrapper, OuterRef, Q
from django.utils.translation import gettext

from onestop.core.postcodes import normalise_postcode
from onestop.councils.models import Council
from onestop.people.models import GazetteerAddress, Household
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


# Residency: whether a household lives in the council's area, by its gazetteer ----------------


@dataclass(frozen=True)
class Residency:
    resident: bool
    description: str  # for staff, in plain English


def residency_decide(
    *,
    no_fixed_address: bool,
    uprn: str,
    gazetteer_loaded: bool,
    uprn_in_gazetteer: bool,
    postcode_in_gazetteer: bool,
) -> Residency:
    """The rule: nobody is turned away for what cannot be checked.

    Not resident only when the council has loaded its gazetteer and neither the household's
    UPRN nor its postcode is in it. Someone with no fixed address is never refused for it.
    """
    if no_fixed_address:
        return Residency(True, gettext("No fixed address"))
    if not gazetteer_loaded:
        return Residency(True, gettext("Not checked: no address list loaded"))
    if uprn_in_gazetteer:
        return Residency(
            True,
            gettext("Confirmed: address UPRN %(uprn)s is in the council's address list")
            % {"uprn": uprn},
        )
    if postcode_in_gazetteer and uprn:
        return Residency(
            True,
            gettext(
                "Postcode is in the council's area; UPRN %(uprn)s is not in the council's "
                "address list"
            )
            % {"uprn": uprn},
        )
    if postcode_in_gazetteer:
        return Residency(True, gettext("Postcode is in the council's area; address typed by hand"))
    return Residency(False, gettext("Not found in the council's address list"))


def _residency_checks(household_path: str) -> dict[str, Exists]:
    """The three look-ups residency needs, as subqueries on a query with a household in it.

    `household_path` leads from the queried model to the household ("" for Household itself).
    """
    prefix = f"{household_path}__" if household_path else ""
    in_council = GazetteerAddress.objects.filter(council=OuterRef(f"{prefix}council"))
    return {
        "gazetteer_loaded": Exists(in_council),
        "uprn_in_gazetteer": Exists(in_council.filter(uprn=OuterRef(f"{prefix}uprn"))),
        "postcode_in_gazetteer": Exists(in_council.filter(postcode=OuterRef(f"{prefix}postcode"))),
    }


def resident_expression(*, household_path: str = "household") -> ExpressionWrapper:
    """`is_resident` as a database expression, to annotate many rows at once (the same rule as
    `residency_decide`): for example `Application.objects.annotate(is_resident=...)`."""
    prefix = f"{household_path}__" if household_path else ""
    checks = _residency_checks(household_path)
    return ExpressionWrapper(
        Q(**{f"{prefix}no_fixed_address": True})
        | ~checks["gazetteer_loaded"]
        | checks["uprn_in_gazetteer"]
        | checks["postcode_in_gazetteer"],
        output_field=BooleanField(),
    )


def household_residency(*, household: Household) -> Residency:
    """Whether the household lives in its council's area, and why: one query."""
    checks = _residency_checks("")
    loaded, uprn_found, postcode_found = (
        Household.objects.filter(pk=household.pk)
        .annotate(
            gazetteer_loaded=checks["gazetteer_loaded"],
            uprn_in_gazetteer=checks["uprn_in_gazetteer"],
            postcode_in_gazetteer=checks["postcode_in_gazetteer"],
        )
        .values_list("gazetteer_loaded", "uprn_in_gazetteer", "postcode_in_gazetteer")
        .get()
    )
    return residency_decide(
        no_fixed_address=household.no_fixed_address,
        uprn=household.uprn,
        gazetteer_loaded=loaded,
        uprn_in_gazetteer=uprn_found,
        postcode_in_gazetteer=postcode_found,
    )


def residency_of(*, household: Household) -> str:
    """For staff: e.g. "Confirmed: address UPRN 100012345678 is in the council's address list"."""
    return household_residency(household=household).description


def is_resident(*, household: Household) -> bool:
    return household_residency(household=household).resident
