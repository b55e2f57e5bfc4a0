"""The partner API: apply once per Idempotency-Key, see only your own, problems for every error."""

import json

import pytest

from onestop.councils.services import api_key_revoke
from onestop.intake.models import Application, Assessment, Channel
from onestop.intake.selectors import application_latest_assessment
from onestop.intake.services import Circumstances
from onestop.people.services import AddressDetails, MemberDetails, PersonDetails
from tests import factories
from tests.api.conftest import Partner, application_body, post_application

PROBLEM = "application/problem+json"


def test_an_application_is_taken_and_its_progress_can_be_read(client, partner: Partner):
    response = post_application(client, partner, application_body(partner.scheme))

    assert response.status_code == 201, response.content
    receipt = response.json()
    application = Application.objects.get(reference=receipt["reference"])
    assert application.channel == Channel.PARTNER
    assert application.organisation == partner.organisation
    assert receipt["status"] == "received"
    assert receipt["decision_due"] == application.decision_due.isoformat()
    assert response["Location"] == receipt["links"]["status"]

    progress = client.get(receipt["links"]["status"], headers=partner.headers())

    assert progress.status_code == 200
    assert progress.json()["reference"] == receipt["reference"]
    assert progress.json()["status"] == "awaiting_decision"
    assert progress.json()["outcome"] is None


def test_the_same_key_and_body_give_the_first_result_and_one_application(client, partner):
    body = application_body(partner.scheme)
    first = post_application(client, partner, body, idempotency_key="retry-me")
    # The same request, with its JSON keys in another order and different spacing.
    again = client.post(
        "/api/v1/applications",
        data=json.dumps(dict(reversed(list(body.items()))), indent=2),
        content_type="application/json",
        headers=partner.headers("retry-me"),
    )

    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Application.objects.count() == 1


def test_the_same_key_with_a_different_body_is_a_conflict(client, partner):
    post_application(client, partner, application_body(partner.scheme), idempotency_key="k1")

    response = post_application(
        client, partner, application_body(partner.scheme), idempotency_key="k1"
    )

    assert response.status_code == 409
    assert response["Content-Type"] == PROBLEM
    problem = response.json()
    assert problem["status"] == 409
    assert "different body" in problem["detail"]
    assert Application.objects.count() == 1


def test_the_same_key_from_another_organisation_is_another_application(client, partner):
    other_key, other_secret = factories.make_api_key(council=partner.council)
    other = Partner(
        partner.council, partner.scheme, other_key.organisation, other_key, other_secret
    )
    body = application_body(partner.scheme)

    mine = post_application(client, partner, body, idempotency_key="shared")
    theirs = post_application(client, other, body, idempotency_key="shared")

    assert mine.status_code == theirs.status_code == 201
    assert mine.json()["reference"] != theirs.json()["reference"]
    assert Application.objects.count() == 2


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer", "Bearer nonsense", "Basic dXNlcjpwYXNz", "Bearer onestop_0000abcd_secret"],
)
def test_requests_without_a_good_key_are_refused_with_a_problem(client, partner, authorization):
    headers = {"Idempotency-Key": "k"}
    if authorization:
        headers["Authorization"] = authorization

    response = client.post(
        "/api/v1/applications",
        data=json.dumps(application_body(partner.scheme)),
        content_type="application/json",
        headers=headers,
    )

    assert response.status_code == 401
    assert response["Content-Type"] == PROBLEM
    assert response["WWW-Authenticate"] == "Bearer"
    assert "Authorization: Bearer" in response.json()["detail"]
    assert Application.objects.count() == 0


def test_a_key_with_its_secret_changed_is_refused(client, partner):
    tampered = partner.key[:-4] + ("AAAA" if not partner.key.endswith("AAAA") else "BBBB")

    response = client.get(
        "/api/v1/applications/CR-0000-00", headers={"Authorization": f"Bearer {tampered}"}
    )

    assert response.status_code == 401


def test_a_revoked_key_is_refused(client, partner):
    api_key_revoke(actor=None, api_key=partner.api_key)

    response = post_application(client, partner, application_body(partner.scheme))

    assert response.status_code == 401
    assert Application.objects.count() == 0


def test_another_organisations_application_is_not_found(client, partner):
    other_key, other_secret = factories.make_api_key(council=partner.council)
    other = Partner(
        partner.council, partner.scheme, other_key.organisation, other_key, other_secret
    )
    theirs = post_application(client, other, application_body(partner.scheme)).json()
    phoned_in = factories.submit_application(scheme=partner.scheme)

    for reference in [theirs["reference"], phoned_in.reference, "CR-XXXX-XX", "nonsense"]:
        response = client.get(f"/api/v1/applications/{reference}", headers=partner.headers())
        assert response.status_code == 404, reference
        assert response["Content-Type"] == PROBLEM


def test_the_progress_shows_the_decision_once_made(client, partner):
    reference = post_application(client, partner, application_body(partner.scheme)).json()[
        "reference"
    ]
    factories.make_award(application=Application.objects.get(reference=reference))

    progress = client.get(f"/api/v1/applications/{reference}", headers=partner.headers()).json()

    assert progress["status"] == "awarded"
    assert progress["outcome"] == "award"
    assert progress["award_pence"] > 0
    assert progress["decided_at"] is not None


def test_validation_problems_name_each_field_in_plain_english(client, partner):
    body = application_body(partner.scheme, weekly_income_pence=-5, crisis_reason="bored")
    body["applicant"] = {**body["applicant"], "first_name": "  ", "colour": "blue"}
    del body["address"]["postcode"]

    response = post_application(client, partner, body)

    assert response.status_code == 422
    assert response["Content-Type"] == PROBLEM
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert errors["applicant.first_name"] == "Enter the applicant's first name"
    assert errors["weekly_income_pence"] == "The weekly income must be 0 or more"
    assert errors["address.postcode"] == "Enter the postcode"
    assert errors["crisis_reason"].startswith("The crisis reason must be one of:")
    assert "applicant.colour" in errors
    assert Application.objects.count() == 0


def test_the_adviser_forms_rules_apply_too(client, partner):
    body = application_body(partner.scheme, scheme="no-such-scheme", consent=False)
    body["applicant"] = {**body["applicant"], "phone": "", "date_of_birth": "2999-01-01"}
    body["address"] = {**body["address"], "postcode": "NOT A PC"}

    response = post_application(client, partner, body)

    assert response.status_code == 422
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert errors["scheme"].startswith("Choose a scheme this council runs")
    assert errors["applicant.date_of_birth"] == "Date of birth must be in the past"
    assert errors["applicant.phone"] == "Enter a mobile number for text messages, or choose email"
    assert errors["address.postcode"] == "Enter a real postcode, like SW1A 2AA"
    assert "consent" in errors
    assert Application.objects.count() == 0


def test_a_national_insurance_number_is_kept_tidy_and_a_wrong_one_refused(client, partner):
    body = application_body(partner.scheme)
    body["applicant"] = {**body["applicant"], "national_insurance_number": "jg 10 37 59 a"}

    response = post_application(client, partner, body)

    assert response.status_code == 201, response.json()
    application = Application.objects.get(reference=response.json()["reference"])
    assert application.applicant.national_insurance_number == "JG103759A"

    body["applicant"]["national_insurance_number"] = "12345"
    response = post_application(client, partner, body)

    assert response.status_code == 422
    errors = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert errors["applicant.national_insurance_number"] == (
        "Enter a National Insurance number in the correct format, like QQ 12 34 56 C"
    )
    assert Application.objects.count() == 1


def test_text_with_a_nul_byte_is_refused_not_stored(client, partner):
    body = application_body(partner.scheme, crisis_details="a\x00b")

    response = post_application(client, partner, body)

    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "crisis_details"


def test_a_missing_idempotency_key_is_a_bad_request(client, partner):
    response = client.post(
        "/api/v1/applications",
        data=json.dumps(application_body(partner.scheme)),
        content_type="application/json",
        headers=partner.headers(),
    )

    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "Idempotency-Key"


def test_a_body_that_is_not_json_is_a_bad_request(client, partner):
    response = client.post(
        "/api/v1/applications",
        data="{not json",
        content_type="application/json",
        headers=partner.headers("k"),
    )

    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM


def test_a_form_encoded_body_is_an_unsupported_media_type(client, partner):
    response = client.post(
        "/api/v1/applications", data={"scheme": "x"}, headers=partner.headers("k")
    )

    assert response.status_code == 415
    assert response["Content-Type"] == PROBLEM


def test_unknown_addresses_and_wrong_methods_are_problems_too(client, partner):
    unknown = client.get("/api/v1/nothing-here", headers=partner.headers())
    wrong_method = client.delete("/api/v1/applications", headers=partner.headers())

    assert unknown.status_code == 404
    assert unknown["Content-Type"] == PROBLEM
    assert wrong_method.status_code == 405
    assert wrong_method["Content-Type"] == PROBLEM


def test_a_server_error_is_a_problem(client, partner, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("the database fell over")

    monkeypatch.setattr("onestop.intake.api.application_submit", broken)

    response = post_application(client, partner, application_body(partner.scheme))

    assert response.status_code == 500
    assert response["Content-Type"] == PROBLEM
    assert "database" not in response.json()["detail"]


def test_an_api_application_is_assessed_as_the_same_household_by_phone(client, partner):
    body = application_body(
        partner.scheme,
        crisis_reason="threat_of_eviction",
        weekly_income_pence=21_000,
        weekly_housing_costs_pence=12_000,
        savings_pence=0,
        members=[
            {
                "first_name": "Ada",
                "last_name": "Jones",
                "date_of_birth": "2017-06-01",
                "relationship": "child",
            }
        ],
        circumstances={
            "at_risk_of_eviction": True,
            "rent_arrears_pence": 45_000,
            "needs_bed": True,
        },
    )
    reference = post_application(client, partner, body).json()["reference"]
    by_api = application_latest_assessment(application=Application.objects.get(reference=reference))

    applicant = body["applicant"]
    by_phone_application = factories.submit_application(
        scheme=partner.scheme,
        channel=Channel.PHONE,
        applicant=PersonDetails(
            first_name="Someone",
            last_name="Else",
            date_of_birth=factories.datetime.date.fromisoformat(applicant["date_of_birth"]),
            phone=applicant["phone"],
        ),
        address=AddressDetails("1 Other Street", "", "Town", "SW1A 2AA"),
        members=[MemberDetails("Bea", "Jones", factories.datetime.date(2017, 6, 1), "child")],
        crisis_reason="threat_of_eviction",
        weekly_income_pence=21_000,
        weekly_housing_costs_pence=12_000,
        savings_pence=0,
        circumstances=Circumstances(
            at_risk_of_eviction=True, rent_arrears_pence=45_000, needs_bed=True
        ),
    )
    by_phone = application_latest_assessment(application=by_phone_application)

    assert isinstance(by_api, Assessment)
    assert isinstance(by_phone, Assessment)
    assert by_api.outcome == by_phone.outcome
    assert by_api.proposed_award_pence == by_phone.proposed_award_pence
    assert by_api.criteria == by_phone.criteria
    assert by_api.priority == by_phone.priority


def test_the_openapi_document_lists_every_response_as_problem_json(client):
    schema = client.get("/api/v1/openapi.json").json()

    post = schema["paths"]["/api/v1/applications"]["post"]
    get = schema["paths"]["/api/v1/applications/{reference}"]["get"]
    assert set(post["responses"]) == {"201", "400", "401", "409", "415", "422", "429", "500"}
    assert set(get["responses"]) == {"200", "401", "404", "429", "500"}
    assert "application/problem+json" in post["responses"]["409"]["content"]


def test_the_interactive_docs_load_nothing_from_a_cdn(client):
    page = client.get("/api/v1/docs").content.decode()

    assert "swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower()
    assert "/assets/ninja/" in page
    assert '"validatorUrl": null' in page
