"""Residency by the council's address gazetteer: refused only when it is checked and not found."""

from collections.abc import Callable
from contextlib import AbstractContextManager

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onestop.councils.models import Council
from onestop.intake.models import Application
from onestop.intake.selectors import application_latest_assessment
from onestop.people.models import Household
from onestop.people.selectors import (
    household_residency,
    is_resident,
    residency_decide,
    residency_of,
    resident_expression,
)
from onestop.policy.vocabulary import Outcome
from tests.factories import (
    address_details,
    gazetteer_line,
    load_gazetteer,
    submit_application,
)

pytestmark = pytest.mark.django_db

UPRNS = ["1", "22", "333", "100012345678"]
POSTCODES = ["NB1 2AB", "NB1 3CD", "GM4 5EF"]

gazetteer_lines = st.lists(
    st.tuples(st.sampled_from(UPRNS), st.sampled_from(POSTCODES)),
    unique_by=lambda pair: pair[0],
    max_size=len(UPRNS),
)
addresses = st.fixed_dictionaries(
    {
        "uprn": st.sampled_from(["", *UPRNS]),
        "postcode": st.sampled_from(POSTCODES),
        "no_fixed_address": st.booleans(),
    }
)


def household_at(council: Council, **fields: object) -> Household:
    return Household.objects.create(
        council=council, address_line_1="1 Mill Lane", town="Northbridge", **fields
    )


@given(gazetteer=gazetteer_lines, address=addresses)
def test_not_resident_only_when_a_loaded_gazetteer_has_neither_uprn_nor_postcode(
    council: Council,
    rolled_back: Callable[[], AbstractContextManager[None]],
    gazetteer: list[tuple[str, str]],
    address: dict[str, object],
) -> None:
    with rolled_back():
        if gazetteer:
            load_gazetteer(
                council=council,
                lines=[gazetteer_line(uprn=uprn, postcode=pc) for uprn, pc in gazetteer],
            )
        household = household_at(council, **address)

        resident = is_resident(household=household)
        in_bulk = (
            Household.objects.filter(pk=household.pk)
            .annotate(resident=resident_expression(household_path=""))
            .values_list("resident", flat=True)
            .get()
        )

        refused = (
            bool(gazetteer)
            and not address["no_fixed_address"]
            and address["uprn"] not in {uprn for uprn, _ in gazetteer}
            and address["postcode"] not in {pc for _, pc in gazetteer}
        )
        assert resident is not refused
        assert in_bulk == resident  # the set-based rule for reports is the same rule


@given(
    no_fixed_address=st.booleans(),
    uprn=st.sampled_from(["", "100012345678"]),
    loaded=st.booleans(),
    uprn_found=st.booleans(),
    postcode_found=st.booleans(),
)
def test_every_residency_has_a_description_and_only_not_found_refuses(
    no_fixed_address: bool, uprn: str, loaded: bool, uprn_found: bool, postcode_found: bool
) -> None:
    residency = residency_decide(
        no_fixed_address=no_fixed_address,
        uprn=uprn,
        gazetteer_loaded=loaded,
        uprn_in_gazetteer=uprn_found,
        postcode_in_gazetteer=postcode_found,
    )

    assert residency.description
    assert residency.resident is (
        residency.description != "Not found in the council's address list"
    )


def test_staff_are_told_how_residency_was_decided(council: Council) -> None:
    assert residency_of(household=household_at(council, postcode="NB1 2AB")) == (
        "Not checked: no address list loaded"
    )
    load_gazetteer(council=council, lines=[gazetteer_line(uprn="100012345678", postcode="NB1 2AB")])

    described = {
        "uprn": residency_of(household=household_at(council, uprn="100012345678")),
        "postcode": residency_of(household=household_at(council, postcode="NB1 2AB")),
        "nfa": residency_of(household=household_at(council, no_fixed_address=True)),
        "elsewhere": residency_of(household=household_at(council, postcode="SW1A 2AA")),
    }

    assert described == {
        "uprn": "Confirmed: address UPRN 100012345678 is in the council's address list",
        "postcode": "Postcode is in the council's area; address typed by hand",
        "nfa": "No fixed address",
        "elsewhere": "Not found in the council's address list",
    }


def test_another_councils_gazetteer_does_not_count(council: Council, other_council: Council):
    load_gazetteer(council=council, lines=[gazetteer_line(uprn="9", postcode="GM4 5EF")])
    load_gazetteer(council=other_council, lines=[gazetteer_line(uprn="1", postcode="NB1 2AB")])

    residency = household_residency(household=household_at(council, uprn="1", postcode="NB1 2AB"))

    assert residency.resident is False


def assessed_resident(application: Application) -> bool:
    assessment = application_latest_assessment(application=application)
    assert assessment is not None
    return bool(assessment.facts["is_resident"])


def test_an_applicant_from_outside_the_area_is_assessed_as_not_living_there(
    council: Council,
) -> None:
    load_gazetteer(council=council, lines=[gazetteer_line(uprn="5", postcode="NB1 2AB")])

    outside = submit_application(council=council, address=address_details(postcode="SW1A 2AA"))
    inside = submit_application(council=council, address=address_details(uprn="5"))
    homeless = submit_application(
        council=council,
        address=address_details(
            address_line_1="Care of Northbridge Food Bank", postcode="", no_fixed_address=True
        ),
    )

    assert assessed_resident(outside) is False
    outside_assessment = application_latest_assessment(application=outside)
    assert outside_assessment is not None
    assert outside_assessment.outcome == Outcome.NOT_ELIGIBLE
    assert assessed_resident(inside) is True
    assert assessed_resident(homeless) is True


def test_before_a_gazetteer_is_loaded_nobody_is_refused_for_where_they_live(
    council: Council,
) -> None:
    application = submit_application(council=council, address=address_details(uprn="123"))

    assert assessed_resident(application) is True


def test_the_bulk_rule_over_applications_agrees_with_each_assessment(council: Council) -> None:
    load_gazetteer(council=council, lines=[gazetteer_line(uprn="5", postcode="NB1 2AB")])
    made = [
        submit_application(council=council, address=address_details(uprn="5")),
        submit_application(council=council, address=address_details(postcode="NB1 2AB")),
        submit_application(council=council, address=address_details(postcode="SW1A 2AA")),
    ]

    in_bulk = dict(
        Application.objects.filter(council=council)
        .annotate(resident=resident_expression())
        .values_list("pk", "resident")
    )

    assert in_bulk == {a.pk: assessed_resident(a) for a in made}
    assert sorted(in_bulk.values()) == [False, True, True]
