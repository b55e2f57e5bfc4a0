"""The case page: summary, the assessment rule by rule, the household, earlier applications
and awards, messages, notes, documents and the timeline, as a caseworker reads them."""

import datetime
import re
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from onestop.budgets.models import Budget
from onestop.core.models import AuditEvent
from onestop.core.roles import Role
from onestop.councils.models import Council, Membership
from onestop.intake.models import Application
from onestop.people.services import AddressDetails, PersonDetails
from onestop.policy.models import Scheme
from tests.factories import (
    address_details,
    make_award,
    make_case_document,
    make_case_note,
    make_membership,
    make_scheme,
    member_details,
    person_details,
    submit_application,
)

pytestmark = pytest.mark.django_db


def client_for(membership: Membership) -> Client:
    client = Client()
    client.force_login(membership.user)
    return client


def case_page(application: Application) -> str:
    return reverse(
        "casework:case",
        kwargs={"council_slug": application.council.slug, "reference": application.reference},
    )


def text_of(html: str) -> str:
    """The page's words with tags and runs of white space collapsed, as a reader meets them."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


@pytest.fixture
def applicant() -> PersonDetails:
    return person_details(first_name="Morgan", last_name="Testerton")


@pytest.fixture
def home() -> AddressDetails:
    return address_details(address_line_1="12 Example Street", postcode="AB1 2CD")


@pytest.fixture
def application(scheme: Scheme, applicant: PersonDetails, home: AddressDetails) -> Application:
    eight_years_ago = timezone.localdate() - datetime.timedelta(days=8 * 365 + 10)
    return submit_application(
        scheme=scheme,
        applicant=applicant,
        address=home,
        members=[
            member_details(
                first_name="Robin",
                last_name="Testerton",
                relationship="child",
                date_of_birth=eight_years_ago,
            )
        ],
    )


def test_the_summary_says_what_the_case_is_and_who_holds_it(
    adviser: Membership, application: Application
) -> None:
    page = text_of(client_for(adviser).get(case_page(application)).content.decode())
    assert f"Reference {application.reference}" in page
    assert "Scheme Crisis Payment" in page
    assert "Status Awaiting decision" in page
    assert "Held by Nobody yet (No team)" in page
    assert "Applied Online on " in page
    assert "Decide by End of" in page
    assert re.search(r"Decide by End of .* (On time|Due today|Due next working day|Overdue)", page)


def test_the_assessment_is_shown_rule_by_rule_with_the_policy_version(
    adviser: Membership, application: Application
) -> None:
    assessment = application.assessments.get()
    page = text_of(client_for(adviser).get(case_page(application)).content.decode())

    assert "The policy says Eligible" in page
    assert f"Policy version {assessment.policy_version}, assessed on" in page
    for criterion in assessment.criteria:
        result = "Met" if criterion["passed"] else "Not met"
        rule = criterion["name"].replace("_", " ").capitalize()
        assert f"{rule} {result} {criterion['reason']}" in page
    assert "Savings Met Household savings are under" in page
    for name, pence in assessment.award_parts:
        assert f"{name.capitalize()} £{pence // 100}" in page


def test_the_household_lists_everyone_with_age_and_relationship(
    adviser: Membership, application: Application
) -> None:
    page = text_of(client_for(adviser).get(case_page(application)).content.decode())
    applicant = application.applicant
    assert f"Morgan Testerton Applicant {applicant.age_on(timezone.localdate())}" in page
    assert "Robin Testerton Child 8" in page
    assert "Address 12 Example Street" in page
    assert "AB1 2CD" in page


def test_history_shows_earlier_applications_of_the_person_and_household_with_awards(
    adviser: Membership,
    scheme: Scheme,
    budget: Budget,
    applicant: PersonDetails,
    home: AddressDetails,
) -> None:
    earlier = submit_application(scheme=scheme, applicant=applicant, address=home)
    make_award(application=earlier, amount_pence=7_500)
    # Robin applied on their own before, from somewhere else; then joined Morgan's household.
    robin = person_details(first_name="Robin", last_name="Testerton")
    robins = submit_application(scheme=scheme, applicant=robin)
    current = submit_application(
        scheme=scheme,
        applicant=applicant,
        address=home,
        members=[
            member_details(
                first_name="Robin",
                last_name="Testerton",
                date_of_birth=robin.date_of_birth,
                relationship="partner",
            )
        ],
    )
    # Someone with the same name at another council is nobody this council knows.
    elsewhere = submit_application(scheme=make_scheme(), applicant=applicant, address=home)

    page = text_of(client_for(adviser).get(case_page(current)).content.decode())

    assert f"{earlier.reference} Morgan Testerton Crisis Payment" in page
    assert "Awarded £75.00, awaiting fulfilment" in page
    assert f"{robins.reference} Robin Testerton Crisis Payment" in page
    assert "Awaiting decision None" in page
    assert elsewhere.reference not in page
    assert current.reference in page


def test_a_first_application_says_nobody_has_applied_before(
    adviser: Membership, application: Application
) -> None:
    page = client_for(adviser).get(case_page(application)).content.decode()
    assert "Nobody in this household, and nobody at this address, has applied before." in page


def test_messages_notes_and_documents_are_on_the_page(
    adviser: Membership, application: Application
) -> None:
    make_case_note(application=application, membership=adviser, text="Rang the landlord.")
    make_case_document(application=application, membership=adviser, description="Rent letter")
    page = text_of(client_for(adviser).get(case_page(application)).content.decode())
    assert "Messages to the applicant" in page
    assert application.reference in page
    assert "Note by " in page
    assert "Rang the landlord." in page
    assert "Rent letter" in page
    assert "PDF, 1 KB" in page


def test_the_timeline_shows_what_happened_and_the_view_is_recorded(
    adviser: Membership, application: Application
) -> None:
    make_case_note(application=application, membership=adviser)
    page = text_of(client_for(adviser).get(case_page(application)).content.decode())
    assert "Application taken (online)" in page
    assert "Note added" in page
    assert AuditEvent.objects.filter(
        action="case.viewed", case_reference=application.reference, actor=adviser.user
    ).exists()


def test_roles_that_cannot_add_notes_are_not_offered_the_buttons(
    council: Council, application: Application
) -> None:
    admin = make_membership(role=Role.ADMIN, council=council)
    page = client_for(admin).get(case_page(application)).content.decode()
    assert "Add a note" not in page
    assert "Upload a document" not in page

    adviser = make_membership(role=Role.ADVISER, council=council)
    page = client_for(adviser).get(case_page(application)).content.decode()
    assert "Add a note" in page
    assert "Upload a document" in page
