"""Rate limits on the partner API: per organisation, 429 problems with Retry-After, documented."""

import pytest
from django.core.cache import cache
from django.test import override_settings

from onestop.intake.models import Application
from tests import factories
from tests.api.conftest import Partner, application_body, post_application

PROBLEM = "application/problem+json"
LOW_LIMITS = {"submit": "2/min", "read": "3/min"}


@pytest.fixture(autouse=True)
def low_limits():
    """Counts start from nothing in every test, and the limits are low enough to reach."""
    cache.clear()
    with override_settings(API_RATE_LIMITS=LOW_LIMITS):
        yield
    cache.clear()


def test_past_the_submit_limit_an_application_is_refused_with_a_problem_and_nothing_is_stored(
    client, partner: Partner
):
    for _ in range(2):
        assert (
            post_application(client, partner, application_body(partner.scheme)).status_code == 201
        )
    stored = Application.objects.count()

    refused = post_application(client, partner, application_body(partner.scheme))

    assert refused.status_code == 429
    assert refused["Content-Type"] == PROBLEM
    assert 0 < int(refused["Retry-After"]) <= 60
    problem = refused.json()
    assert problem["status"] == 429
    assert problem["title"] == "Too Many Requests"
    assert f"Wait {refused['Retry-After']} seconds" in problem["detail"]
    assert Application.objects.count() == stored


def test_reads_have_their_own_limit(client, partner: Partner):
    receipt = post_application(client, partner, application_body(partner.scheme)).json()
    status = receipt["links"]["status"]

    answers = [client.get(status, headers=partner.headers()).status_code for _ in range(4)]

    assert answers == [200, 200, 200, 429]
    # Reading to the limit leaves the organisation's one remaining application to send.
    assert post_application(client, partner, application_body(partner.scheme)).status_code == 201


def test_the_limit_is_per_organisation_not_per_key(client, partner: Partner):
    _, second_key = factories.make_api_key(organisation=partner.organisation)
    same_organisation = Partner(
        partner.council, partner.scheme, partner.organisation, partner.api_key, second_key
    )
    other_api_key, other_key = factories.make_api_key(council=partner.council)
    other_organisation = Partner(
        partner.council, partner.scheme, other_api_key.organisation, other_api_key, other_key
    )
    post_application(client, partner, application_body(partner.scheme))
    post_application(client, same_organisation, application_body(partner.scheme))

    assert (
        post_application(client, same_organisation, application_body(partner.scheme)).status_code
        == 429
    )
    assert (
        post_application(client, other_organisation, application_body(partner.scheme)).status_code
        == 201
    )


def test_requests_without_a_key_are_refused_as_unauthorised_not_counted(client, partner: Partner):
    for _ in range(5):
        answer = client.post("/api/v1/applications", data="{}", content_type="application/json")
        assert answer.status_code == 401

    assert post_application(client, partner, application_body(partner.scheme)).status_code == 201


def test_no_limit_when_a_rate_is_left_out(client, partner: Partner):
    receipt = post_application(client, partner, application_body(partner.scheme)).json()

    with override_settings(API_RATE_LIMITS={"submit": "2/min"}):
        answers = {
            client.get(receipt["links"]["status"], headers=partner.headers()).status_code
            for _ in range(10)
        }

    assert answers == {200}


def test_the_openapi_document_lists_429_with_retry_after_for_every_operation(client):
    document = client.get("/api/v1/openapi.json").json()

    operations = [op for path in document["paths"].values() for op in path.values()]
    assert operations
    for operation in operations:
        too_many = operation["responses"]["429"]
        assert too_many["headers"]["Retry-After"]["required"] is True
        assert too_many["content"][PROBLEM]["schema"] == {"$ref": "#/components/schemas/Problem"}
