"""household_record: the gazetteer's address wins, and no fixed address is never someone else's."""

import pytest

from onestop.councils.models import Council
from onestop.people.models import Household
from onestop.people.services import AddressDetails, household_record
from tests.factories import address_details, gazetteer_line, load_gazetteer, person_details

pytestmark = pytest.mark.django_db


def record(council: Council, address: AddressDetails, **applicant: object) -> Household:
    _, household, _ = household_record(
        council=council, applicant=person_details(**applicant), address=address, members=[]
    )
    return household


def no_fixed_address(**overrides: object) -> AddressDetails:
    fields: dict[str, object] = {
        "address_line_1": "No fixed address",
        "address_line_2": "",
        "town": "Northbridge",
        "postcode": "",
        "no_fixed_address": True,
    }
    fields.update(overrides)
    return AddressDetails(**fields)  # type: ignore[arg-type]


def test_with_a_known_uprn_the_gazetteers_address_and_ward_win(council: Council) -> None:
    load_gazetteer(
        council=council,
        lines=[
            gazetteer_line(
                uprn="100012345678",
                address_line_1="Flat 2, 14 Mill Lane",
                town="Northbridge",
                postcode="NB1 2AB",
                ward="Eastgate",
            )
        ],
    )

    household = record(
        council,
        address_details(
            uprn="100012345678", address_line_1="14 mill ln", town="N'bridge", postcode="NB12AB"
        ),
    )

    assert str(household) == "Flat 2, 14 Mill Lane, Northbridge, NB1 2AB"
    assert (household.uprn, household.ward) == ("100012345678", "Eastgate")


def test_the_same_uprn_typed_two_ways_is_one_household(council: Council) -> None:
    load_gazetteer(council=council, lines=[gazetteer_line(uprn="77")])

    first = record(council, address_details(uprn="77", address_line_1="3 The Row"))
    second = record(council, address_details(uprn="77", address_line_1="Three The Row"))

    assert first == second


def test_a_typed_address_takes_the_ward_only_when_its_postcode_is_in_one_ward(
    council: Council,
) -> None:
    load_gazetteer(
        council=council,
        lines=[
            gazetteer_line(postcode="NB1 2AB", ward="Eastgate"),
            gazetteer_line(postcode="NB1 2AB", ward="Eastgate"),
            gazetteer_line(postcode="NB1 3CD", ward="Eastgate"),
            gazetteer_line(postcode="NB1 3CD", ward="Millfield"),
        ],
    )

    one_ward = record(council, address_details(postcode="nb1 2ab", address_line_1="9 New Build"))
    two_wards = record(council, address_details(postcode="NB1 3CD", address_line_1="9 Corner"))

    assert (one_ward.ward, one_ward.address_line_1, one_ward.uprn) == (
        "Eastgate",
        "9 New Build",
        "",
    )
    assert two_wards.ward == ""


def test_people_with_no_fixed_address_are_never_put_in_one_household(council: Council) -> None:
    first = record(council, no_fixed_address())
    second = record(council, no_fixed_address())

    assert first != second
    assert first.no_fixed_address
    assert second.no_fixed_address


def test_an_applicant_with_no_fixed_address_keeps_their_own_household(council: Council) -> None:
    applicant = person_details()
    names = {
        "first_name": applicant.first_name,
        "last_name": applicant.last_name,
        "date_of_birth": applicant.date_of_birth,
    }
    first = record(council, no_fixed_address(address_line_1="Care of the day centre"), **names)

    again = record(council, no_fixed_address(address_line_1="Care of the food bank"), **names)

    assert again == first
    again.refresh_from_db()
    assert again.address_line_1 == "Care of the food bank"  # where to reach them now
    assert Household.objects.filter(no_fixed_address=True).count() == 1


def test_someone_with_a_home_is_not_matched_into_a_no_fixed_address_household(
    council: Council,
) -> None:
    homeless = record(
        council, no_fixed_address(address_line_1="1 Shelter Road", postcode="NB1 2AB")
    )

    housed = record(council, address_details(address_line_1="1 Shelter Road", postcode="NB1 2AB"))

    assert housed != homeless
    assert not housed.no_fixed_address


def test_no_fixed_address_keeps_no_uprn_even_if_one_is_sent(council: Council) -> None:
    load_gazetteer(council=council, lines=[gazetteer_line(uprn="5")])

    household = record(council, no_fixed_address(uprn="5"))

    assert household.uprn == ""
    assert household.address_line_1 == "No fixed address"
