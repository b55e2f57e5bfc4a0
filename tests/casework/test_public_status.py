"""The public status page: reference and date of birth show where an application is."""

import datetime

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from onestop.casework.models import DecisionOutcome
from onestop.casework.services.assignment import case_assign
from onestop.casework.services.decisions import decision_record
from onestop.casework.services.information import information_request
from onestop.core.roles import Role
from onestop.intake.models import Application
from tests import factories

DATE_OF_BIRTH = datetime.date(1984, 5, 17)
STATUS = "/councils/northshire/status/"
RESULT = "/councils/northshire/status/your-application/"


@pytest.fixture(autouse=True)
def fresh_counts():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def council(db):
    return factories.make_council(name="Northshire Council", slug="northshire")


@pytest.fixture
def scheme(council):
    scheme = factories.make_scheme(council=council, name="Crisis Payment")
    factories.make_budget(scheme=scheme, total_pence=1_000_000)
    return scheme


@pytest.fixture
def application(scheme) -> Application:
    return factories.submit_application(
        scheme=scheme,
        applicant=factories.person_details(
            first_name="Morgan", last_name="Testerton", date_of_birth=DATE_OF_BIRTH
        ),
    )


def look_up(client: Client, reference: str, date_of_birth: datetime.date = DATE_OF_BIRTH):
    return client.post(
        STATUS,
        {
            "reference": reference,
            "date_of_birth_day": str(date_of_birth.day),
            "date_of_birth_month": str(date_of_birth.month),
            "date_of_birth_year": str(date_of_birth.year),
        },
    )


def status_text(client: Client, application: Application) -> str:
    found = look_up(client, application.reference)
    assert found.status_code == 302
    assert found["Location"] == RESULT
    page = client.get(RESULT)
    assert page.status_code == 200
    return page.content.decode()


def test_the_form_asks_for_reference_and_date_of_birth(client, council):
    page = client.get(STATUS).content.decode()

    assert "Check your application" in page
    assert 'name="reference"' in page
    assert 'name="date_of_birth_day"' in page
    assert "01632 960000, or free on 0808 157 0000" in page


def test_a_new_application_is_received_with_its_due_date_and_only_the_first_name(
    client, application
):
    text = status_text(client, application)

    assert "We have your application" in text
    assert application.reference in text
    assert "Hello Morgan." in text
    assert "Testerton" not in text
    assert "1984" not in text  # nothing else personal, not even the date of birth
    due = application.decision_due
    assert f"We will decide by the end of {due.day} {due:%B %Y}" in text


def test_an_assigned_application_is_being_decided(client, application, council):
    leader = factories.make_membership(role=Role.TEAM_LEADER, council=council)
    decider = factories.make_membership(role=Role.DECISION_MAKER, council=council)
    case_assign(membership=leader, application=application, assignee=decider)

    assert "We are deciding your application" in status_text(client, application)


def test_information_asked_for_is_shown_with_its_deadline(client, application, council):
    decider = factories.make_membership(role=Role.DECISION_MAKER, council=council)
    request = information_request(
        membership=decider,
        application=application,
        what_is_needed="A copy of your tenancy agreement",
    )

    text = status_text(client, application)

    assert "We need more information from you" in text
    assert "A copy of your tenancy agreement" in text
    assert f"by the end of {request.due_on.day} {request.due_on:%B %Y}" in text


def test_an_award_says_what_and_how_it_arrives(
    client, application, council, django_capture_on_commit_callbacks
):
    factories.load_vouchers(council, values=[2_000, 2_000, 2_000])
    with django_capture_on_commit_callbacks(execute=True):  # the codes are sent after commit
        factories.make_award(application=application, amount_pence=6_000)

    text = status_text(client, application)

    assert "We have awarded you £60" in text
    assert "It is an e-voucher. We sent your e-voucher codes on" in text
    assert f"{timezone.localdate().day} {timezone.localdate():%B %Y}" in text


def test_an_award_not_yet_sent_says_the_codes_will_follow(client, application):
    factories.make_award(application=application, amount_pence=6_000)  # no voucher stock

    assert "We will send your e-voucher codes soon" in status_text(client, application)


def test_a_refusal_links_to_asking_for_a_review(client, application, council):
    decider = factories.make_membership(role=Role.DECISION_MAKER, council=council)
    decision_record(
        membership=decider,
        application=application,
        outcome=DecisionOutcome.REFUSE,
        reasons="Household savings are over the limit.",
        discretion_reason="other",
        discretion_details="Test refusal.",
    )

    text = status_text(client, application)

    assert "We could not award you help this time" in text
    assert 'href="/councils/northshire/review/"' in text
    assert "savings" not in text  # the reasons are in the letter, not on an unauthenticated page


def test_a_waiting_review_is_shown_instead_of_the_link(client, application):
    factories.make_award(application=application, amount_pence=6_000)
    review = factories.make_review(application=application)

    text = status_text(client, application)

    assert "You asked us to look at our decision again" in text
    assert f"{review.due_on.day} {review.due_on:%B %Y}" in text


def test_a_wrong_reference_or_date_of_birth_gives_the_same_message(client, application):
    other = factories.submit_application(scheme=application.scheme)
    wrong_date = look_up(client, application.reference, datetime.date(1990, 1, 1))
    wrong_reference = look_up(client, other.reference)

    message = "We could not find an application with that reference and date of birth."
    for answer in (wrong_date, wrong_reference):
        assert answer.status_code == 200
        assert message in answer.content.decode()
        assert "Morgan" not in answer.content.decode()


def test_a_mistyped_reference_is_caught_before_any_search(client, application):
    answer = look_up(client, "CR-XXXX-XX")

    assert "Enter your reference as it is on our letter or message" in answer.content.decode()


def test_guessing_is_stopped_after_five_wrong_tries(client, application):
    for _ in range(4):
        assert look_up(client, application.reference, datetime.date(1990, 1, 1)).status_code == 200
    fifth = look_up(client, application.reference, datetime.date(1990, 1, 1))

    assert fifth.status_code == 429
    assert "Call us to check your application" in fifth.content.decode()
    # Even the right answer is not looked up now.
    assert look_up(client, application.reference).status_code == 429


def test_the_result_page_without_a_look_up_goes_back_to_the_form(client, application):
    assert client.get(RESULT)["Location"] == STATUS


def test_another_councils_application_is_not_found(client, application):
    factories.make_council(slug="southvale")
    answer = client.post(
        "/councils/southvale/status/",
        {
            "reference": application.reference,
            "date_of_birth_day": str(DATE_OF_BIRTH.day),
            "date_of_birth_month": str(DATE_OF_BIRTH.month),
            "date_of_birth_year": str(DATE_OF_BIRTH.year),
        },
    )

    assert answer.status_code == 200
    assert "We could not find an application" in answer.content.decode()
