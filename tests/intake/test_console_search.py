"""The adviser console's search: one box for a name, a date of birth, a postcode or a
reference; the people the council knows, each with their applications; never another
council's."""

import datetime
import re
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from onestop.core.models import AuditEvent
from onestop.core.roles import Role
from onestop.councils.models import Council, Membership
from onestop.intake.models import Application
from onestop.policy.models import Scheme
from tests.factories import (
    address_details,
    make_membership,
    make_scheme,
    member_details,
    person_details,
    submit_application,
)

pytestmark = pytest.mark.django_db

BORN = datetime.date(1985, 3, 12)


def client_for(membership: Membership) -> Client:
    client = Client()
    client.force_login(membership.user)
    return client


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def search(client: Client, council: Council, query: str) -> str:
    response = client.get(
        reverse("intake:search", kwargs={"council_slug": council.slug}), {"q": query}
    )
    assert response.status_code == 200
    return text_of(response.content.decode())


@pytest.fixture
def jo(scheme: Scheme) -> Application:
    """Jo Bloggs-Example, born 12 March 1985, living alone at 7 Sample Street NB1 2AB."""
    return submit_application(
        scheme=scheme,
        applicant=person_details(first_name="Jo", last_name="Bloggs-Example", date_of_birth=BORN),
        address=address_details(
            address_line_1="7 Sample Street", town="Northbridge", postcode="NB1 2AB"
        ),
    )


@pytest.fixture
def other_jo(other_council: Council) -> Application:
    """Someone with the same name and date of birth, known only to another council."""
    return submit_application(
        scheme=make_scheme(council=other_council),
        applicant=person_details(first_name="Jo", last_name="Bloggs-Example", date_of_birth=BORN),
        address=address_details(address_line_1="1 Elsewhere Lane", postcode="NB1 2AB"),
    )


@pytest.mark.parametrize(
    "query",
    [
        "Jo Bloggs-Example",
        "bloggs",
        "12/03/1985",
        "12 3 1985",
        "12-3-1985",
        "NB1 2AB",
        "nb12ab",
        "NB1",
        "Jo 12/03/1985",
        "Bloggs nb1 2ab",
    ],
)
def test_each_way_of_searching_finds_the_person_and_their_application(
    council: Council, adviser: Membership, jo: Application, other_jo: Application, query: str
) -> None:
    page = search(client_for(adviser), council, query)
    assert "1 person found" in page
    assert "Jo Bloggs-Example" in page
    assert "12 March 1985" in page
    assert "7 Sample Street, Northbridge" in page
    assert "NB1 2AB" in page
    # "Where is my application?" answered in the same search.
    assert jo.reference in page
    assert "Awaiting decision" in page
    assert jo.decision_due.strftime("%B %Y") in page
    # The other council's Jo is never shown, though the name, birthday and postcode match.
    assert other_jo.reference not in page
    assert "Elsewhere Lane" not in page


def test_a_household_member_is_found_with_the_application_that_named_them(
    council: Council, adviser: Membership, scheme: Scheme
) -> None:
    application = submit_application(
        scheme=scheme,
        applicant=person_details(first_name="Jo", last_name="Bloggs-Example"),
        members=[member_details(first_name="Kit", last_name="Sample-Child")],
    )
    page = search(client_for(adviser), council, "Kit")
    assert "1 person found" in page
    assert "Kit Sample-Child" in page
    assert application.reference in page
    assert "in Jo Bloggs-Example\u2019s household" in page


def test_a_reference_shows_the_applications_status_straight_away(
    council: Council, adviser: Membership, jo: Application
) -> None:
    lower_case_with_spaces = jo.reference.lower().replace("-", " ")
    response = client_for(adviser).get(
        reverse("intake:search", kwargs={"council_slug": council.slug}),
        {"q": lower_case_with_spaces},
    )
    html = response.content.decode()
    page = text_of(html)
    assert f"Application {jo.reference}" in page
    assert "Status Awaiting decision" in page
    assert "Decision due By the end of" in page
    assert "Applicant Jo Bloggs-Example" in page
    case_url = reverse(
        "casework:case", kwargs={"council_slug": council.slug, "reference": jo.reference}
    )
    assert case_url in html  # advisers may view cases


def test_another_councils_reference_is_not_found(
    council: Council, adviser: Membership, other_jo: Application
) -> None:
    page = search(client_for(adviser), council, other_jo.reference)
    assert "No application has the reference" in page
    assert "Bloggs" not in page


def test_nobody_found_offers_someone_new_with_what_was_searched(
    council: Council, adviser: Membership, scheme: Scheme
) -> None:
    response = client_for(adviser).get(
        reverse("intake:search", kwargs={"council_slug": council.slug}),
        {"q": "Sam Newperson 27/03/1990"},
    )
    html = response.content.decode()
    assert "Nobody we know matches" in text_of(html)
    new_url = reverse("intake:new", kwargs={"council_slug": council.slug})
    link = re.search(rf'href="({re.escape(new_url)}\?q=[^"]+)"[^>]*>\s*Someone new', html)
    assert link, "a 'Someone new' button to the form"
    form = client_for(adviser).get(unescape(link.group(1))).content.decode()
    assert 'value="Sam"' in form
    assert 'value="Newperson"' in form
    assert 'value="27"' in form
    assert 'value="1990"' in form


def test_start_a_new_application_fills_in_what_the_council_knows(
    council: Council, adviser: Membership, scheme: Scheme
) -> None:
    submit_application(
        scheme=scheme,
        applicant=person_details(first_name="Jo", last_name="Bloggs-Example", date_of_birth=BORN),
        address=address_details(
            address_line_1="7 Sample Street", town="Northbridge", postcode="NB1 2AB"
        ),
        members=[member_details(first_name="Kit", last_name="Sample-Child", relationship="child")],
    )
    page = client_for(adviser).get(
        reverse("intake:search", kwargs={"council_slug": council.slug}), {"q": "Bloggs"}
    )
    html = page.content.decode()
    link = re.search(r'href="([^"]+\?person=\d+)"', html)
    assert link
    form = client_for(adviser).get(unescape(link.group(1))).content.decode()
    for value in ("Jo", "Bloggs-Example", "1985", "7 Sample Street", "Northbridge", "NB1 2AB"):
        assert f'value="{value}"' in form
    assert re.search(r'name="members-0-first_name"[^>]*value="Kit"', form)
    assert re.search(r'<option value="child"\s+selected', form)
    assert re.search(r'name="lives_with_others" type="radio" value="yes"\s+checked', form)


def test_a_person_of_another_council_cannot_be_opened_by_number(
    council: Council, adviser: Membership, other_jo: Application
) -> None:
    response = client_for(adviser).get(
        reverse("intake:new", kwargs={"council_slug": council.slug}),
        {"person": other_jo.applicant_id},
    )
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", "Enter a name, date of birth, postcode or reference"),
        ("31/02/1985", "Date of birth must be a real date"),
        ("Jo #?!", "We could not understand"),
    ],
)
def test_a_search_that_cannot_be_understood_says_what_to_type(
    council: Council, adviser: Membership, query: str, message: str
) -> None:
    page = search(client_for(adviser), council, query)
    assert "There is a problem" in page
    assert message in page


def test_every_search_is_audited_with_who_searched_and_who_was_shown(
    council: Council, adviser: Membership, jo: Application
) -> None:
    search(client_for(adviser), council, "Bloggs 12/03/1985")
    event = AuditEvent.objects.get(action="people.searched")
    assert event.actor == adviser.user
    assert event.council == council
    assert event.summary == "Searched for people by name and date of birth: 1 shown"
    assert event.details["people_shown"] == [jo.applicant_id]

    search(client_for(adviser), council, jo.reference)
    by_reference = AuditEvent.objects.filter(action="people.searched").first()
    assert by_reference is not None
    assert by_reference.case_reference == jo.reference


def test_people_who_do_not_take_applications_cannot_search(council: Council) -> None:
    finance = make_membership(role=Role.FINANCE, council=council)
    response = client_for(finance).get(
        reverse("intake:search", kwargs={"council_slug": council.slug}), {"q": "Bloggs"}
    )
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action="people.searched").exists()


def test_a_reference_of_letters_only_is_still_answered_as_a_reference(
    council: Council, adviser: Membership
) -> None:
    # Letters and hyphens read as a name as well, so "CR-HJKM-NG" is searched as a surname
    # too; a valid reference that matches nothing must still be answered as one.
    reference = "CR-HJKM-NG"
    page = search(client_for(adviser), council, reference)
    assert f"No application has the reference {reference}" in page
