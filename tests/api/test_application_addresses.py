"""The partner API's address: a UPRN from the council's address list, or no fixed address."""

from typing import Any

from onestop.intake.models import Application
from onestop.intake.selectors import application_latest_assessment
from onestop.people.selectors import residency_of
from tests.api.conftest import Partner, application_body, post_application
from tests.factories import gazetteer_line, load_gazetteer


def with_address(partner: Partner, **address: Any) -> dict[str, Any]:
    body = application_body(partner.scheme)
    body["address"] = {**body["address"], **address}
    return body


def errors_of(response: Any) -> dict[str, str]:
    return {e["field"]: e["message"] for e in response.json()["errors"]}


def test_a_uprn_in_the_address_list_gives_the_councils_address(client, partner: Partner):
    load_gazetteer(
        council=partner.council,
        lines=[
            gazetteer_line(
                uprn="100012345678",
                address_line_1="Flat 2, 14 Mill Lane",
                postcode="NB1 2AB",
                ward="Eastgate",
            )
        ],
    )

    response = post_application(
        client, partner, with_address(partner, uprn="100012345678", address_line_1="14 Mill Ln")
    )

    assert response.status_code == 201, response.content
    household = Application.objects.get().household
    assert (household.address_line_1, household.postcode, household.ward) == (
        "Flat 2, 14 Mill Lane",
        "NB1 2AB",
        "Eastgate",
    )
    assert residency_of(household=household) == (
        "Confirmed: address UPRN 100012345678 is in the council's address list"
    )


def test_a_uprn_not_in_the_address_list_is_a_problem_naming_the_field(client, partner):
    load_gazetteer(council=partner.council, lines=[gazetteer_line(uprn="1")])

    response = post_application(client, partner, with_address(partner, uprn="999"))

    assert response.status_code == 422
    assert errors_of(response)["address.uprn"].startswith(
        "UPRN 999 is not in the council's address list"
    )
    assert Application.objects.count() == 0


def test_before_the_council_loads_its_address_list_any_uprn_is_taken(client, partner):
    response = post_application(client, partner, with_address(partner, uprn="999"))

    assert response.status_code == 201
    assert Application.objects.get().household.uprn == "999"


def test_a_client_with_no_fixed_address_needs_no_postcode_and_is_not_refused_for_it(
    client, partner
):
    load_gazetteer(council=partner.council, lines=[gazetteer_line(postcode="NB1 2AB")])
    body = with_address(
        partner, address_line_1="Care of Northbridge Food Bank", no_fixed_address=True
    )
    del body["address"]["postcode"]

    response = post_application(client, partner, body)

    assert response.status_code == 201, response.content
    application = Application.objects.get()
    assert application.household.no_fixed_address
    assert application.household.postcode == ""
    assessment = application_latest_assessment(application=application)
    assert assessment is not None
    assert assessment.facts["is_resident"] is True
    assert residency_of(household=application.household) == "No fixed address"


def test_no_fixed_address_with_a_uprn_or_a_bad_postcode_is_a_problem(client, partner):
    body = with_address(partner, no_fixed_address=True, uprn="1", postcode="nowhere")

    response = post_application(client, partner, body)

    assert response.status_code == 422
    errors = errors_of(response)
    assert errors["address.uprn"].startswith("Leave out uprn when no_fixed_address is true")
    assert errors["address.postcode"] == "Enter a real postcode, like SW1A 2AA"


def test_a_home_address_still_needs_its_postcode(client, partner):
    body = with_address(partner, no_fixed_address=False)
    del body["address"]["postcode"]

    response = post_application(client, partner, body)

    assert response.status_code == 422
    assert errors_of(response) == {"address.postcode": "Enter the postcode"}


def test_an_address_outside_a_loaded_address_list_is_assessed_as_not_resident(client, partner):
    load_gazetteer(council=partner.council, lines=[gazetteer_line(postcode="NB1 2AB")])

    response = post_application(client, partner, with_address(partner, postcode="SW1A 2AA"))

    assert response.status_code == 201
    assessment = application_latest_assessment(application=Application.objects.get())
    assert assessment is not None
    assert assessment.facts["is_resident"] is False
