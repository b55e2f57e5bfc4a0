"""The partner portal: partner staff sign in to it, refer clients with their recorded consent,
and see their own organisation's referrals only; never the council's casework."""

import re
from html import unescape

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from onestop.core.errors import ServiceError
from onestop.core.models import AuditEvent
from onestop.core.roles import Role
from onestop.councils.models import Council, Membership, Organisation
from onestop.councils.partner_staff import partner_membership_grant
from onestop.intake.models import Application, Channel
from onestop.policy.models import Scheme
from tests.factories import (
    application_form_post,
    make_award,
    make_membership,
    make_organisation,
    make_partner_membership,
    make_scheme,
    make_user,
    person_details,
    submit_application,
)

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-password-for-tests-only"


def client_for(membership: Membership) -> Client:
    client = Client()
    client.force_login(membership.user)
    return client


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def portal(council: Council, name: str = "home", **kwargs: str) -> str:
    return reverse(f"partners:{name}", kwargs={"council_slug": council.slug, **kwargs})


@pytest.fixture
def food_bank(council: Council) -> Organisation:
    return make_organisation(council=council, name="Northbridge Food Bank")


@pytest.fixture
def advice_centre(council: Council) -> Organisation:
    return make_organisation(
        council=council, name="Northbridge Citizens Advice", kind="citizens_advice"
    )


@pytest.fixture
def partner(food_bank: Organisation) -> Membership:
    return make_partner_membership(organisation=food_bank)


def refer_data(scheme: Scheme, **overrides: str) -> dict[str, str]:
    data = application_form_post(scheme=scheme, first_name="Riley", last_name="Referred")
    data.pop("consent")
    data.update(consent_given="yes", consent_given_by="Riley Referred", consent_method="in_person")
    data.update(overrides)
    return data


def referred(organisation: Organisation, scheme: Scheme, first_name: str) -> Application:
    """A referral made earlier by one of the organisation's staff."""
    member = make_partner_membership(organisation=organisation)
    client_for(member).post(
        portal(organisation.council, "refer"), refer_data(scheme, first_name=first_name)
    )
    return Application.objects.get(applicant__first_name=first_name)


# --- signing in and what partner staff can open -------------------------------------------


def test_partner_staff_sign_in_on_the_staff_page_and_land_on_their_portal(
    council: Council, food_bank: Organisation
) -> None:
    user = make_user(email="pat.partner@example.org", password=PASSWORD)
    make_partner_membership(organisation=food_bank, user=user)
    client = Client()
    response = client.post(
        reverse("councils:sign_in"),
        {"email": "pat.partner@example.org", "password": PASSWORD},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == portal(council)
    assert "Your referrals" in text_of(response.content.decode())
    # The staff home, reached from a bookmark or a link, sends them to the portal too.
    staff_home = client.get(reverse("staff_home", kwargs={"council_slug": council.slug}))
    assert staff_home["Location"] == portal(council)


@pytest.mark.parametrize(
    "name",
    ["intake:search", "intake:new", "casework:find", "casework:queue", "audit_log"],
)
def test_partner_staff_are_refused_every_staff_page(
    council: Council, partner: Membership, name: str
) -> None:
    response = client_for(partner).get(reverse(name, kwargs={"council_slug": council.slug}))
    assert response.status_code == 403
    assert "You do not have permission" in response.content.decode()


def test_partner_staff_cannot_open_a_case_even_their_own_referral(
    council: Council, food_bank: Organisation, partner: Membership, scheme: Scheme
) -> None:
    application = referred(food_bank, scheme, "Casey")
    response = client_for(partner).get(
        reverse(
            "casework:case",
            kwargs={"council_slug": council.slug, "reference": application.reference},
        )
    )
    assert response.status_code == 403
    assert not AuditEvent.objects.filter(action="case.viewed").exists()


def test_council_staff_are_refused_the_portal_and_outsiders_do_not_find_it(
    council: Council, adviser: Membership, other_council: Council
) -> None:
    assert client_for(adviser).get(portal(council)).status_code == 403
    outsider = make_partner_membership(council=other_council)
    assert client_for(outsider).get(portal(council)).status_code == 404


# --- the list and the referral page -------------------------------------------------------


def test_the_list_shows_only_the_organisations_own_referrals(
    council: Council,
    food_bank: Organisation,
    advice_centre: Organisation,
    partner: Membership,
    scheme: Scheme,
    other_council: Council,
) -> None:
    ours = referred(food_bank, scheme, "Ourclient")
    theirs = referred(advice_centre, scheme, "Theirclient")
    council_own = submit_application(scheme=scheme, applicant=person_details(first_name="Phoned"))
    elsewhere = referred(
        make_organisation(council=other_council, name="Northbridge Food Bank"),
        make_scheme(council=other_council),
        "Elsewhere",
    )
    page = text_of(client_for(partner).get(portal(council)).content.decode())
    assert ours.reference in page
    assert "Ourclient Referred" in page
    assert "Waiting for a decision" in page
    for hidden in (theirs, council_own, elsewhere):
        assert hidden.reference not in page
    for name in ("Theirclient", "Phoned", "Elsewhere"):
        assert name not in page


@pytest.mark.usefixtures("budget")
def test_a_referral_shows_its_status_and_what_happens_next_without_casework(
    council: Council, food_bank: Organisation, partner: Membership, scheme: Scheme
) -> None:
    application = referred(food_bank, scheme, "Casey")
    make_award(application=application, reasons="Secret reasons written by the decision maker.")
    page = text_of(
        client_for(partner)
        .get(portal(council, "referral", reference=application.reference))
        .content.decode()
    )
    assert "Casey Referred" in page
    assert "Help awarded" in page
    assert "The council has awarded Casey help" in page
    assert "Secret reasons" not in page
    assert "£" not in page  # the outcome only: not the amount or the assessment


@pytest.mark.parametrize("whose", ["another organisation", "the council", "another council"])
def test_another_referral_cannot_be_opened_by_guessing_its_reference(
    council: Council,
    advice_centre: Organisation,
    partner: Membership,
    scheme: Scheme,
    other_council: Council,
    whose: str,
) -> None:
    if whose == "another organisation":
        application = referred(advice_centre, scheme, "Theirclient")
    elif whose == "the council":
        application = submit_application(scheme=scheme)
    else:
        application = referred(
            make_organisation(council=other_council), make_scheme(council=other_council), "Far"
        )
    for name in ("referral", "sent"):
        response = client_for(partner).get(portal(council, name, reference=application.reference))
        assert response.status_code == 404


# --- referring a client ---------------------------------------------------------------------


def test_a_referral_is_an_application_through_the_partner_channel_with_consent_recorded(
    council: Council, food_bank: Organisation, partner: Membership, scheme: Scheme
) -> None:
    response = client_for(partner).post(
        portal(council, "refer"), refer_data(scheme, consent_method="by_phone")
    )
    application = Application.objects.get()
    assert response["Location"] == portal(council, "sent", reference=application.reference)
    assert application.channel == Channel.PARTNER
    assert application.organisation == food_bank
    assert application.submitted_by == partner.user
    assert application.assessments.count() == 1  # the same assessment as every channel
    assert AuditEvent.objects.filter(
        action="application.submitted", case_reference=application.reference
    ).exists()
    consent = AuditEvent.objects.get(action="referral.consent_recorded")
    assert consent.actor == partner.user
    assert consent.case_reference == application.reference
    assert consent.details["consent_given_by"] == "Riley Referred"
    assert consent.details["consent_given"] == "By phone"
    assert consent.details["organisation"] == "Northbridge Food Bank"
    assert "agreed to this referral" in consent.details["statement"]

    sent = text_of(client_for(partner).get(response["Location"]).content.decode())
    assert "Referral sent" in sent
    assert application.reference in sent


def test_sending_the_same_form_twice_makes_one_referral_and_one_consent_record(
    council: Council, partner: Membership, scheme: Scheme
) -> None:
    data = refer_data(scheme)
    client_for(partner).post(portal(council, "refer"), data)
    client_for(partner).post(portal(council, "refer"), data)
    assert Application.objects.count() == 1
    assert AuditEvent.objects.filter(action="referral.consent_recorded").count() == 1


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("consent_given", "Confirm the client agreed to the referral, or do not send it"),
        ("consent_given_by", "Enter the name of the person who gave consent"),
        ("consent_method", "Select how they gave consent"),
    ],
)
def test_consent_is_required(
    council: Council, partner: Membership, scheme: Scheme, missing: str, message: str
) -> None:
    data = refer_data(scheme)
    data.pop(missing)
    response = client_for(partner).post(portal(council, "refer"), data)
    page = text_of(response.content.decode())
    assert response.status_code == 200
    assert "There is a problem" in page
    assert message in page
    assert not Application.objects.exists()


def test_the_referral_form_uses_the_same_questions_and_round_trips(
    council: Council, partner: Membership, scheme: Scheme
) -> None:
    html = client_for(partner).get(portal(council, "refer")).content.decode()
    for name in ("first_name", "postcode", "members-0-first_name", "weekly_income"):
        assert f'name="{name}"' in html
    assert 'name="consent"' not in html  # the partner's consent statement replaces it
    added = client_for(partner).post(
        portal(council, "refer"), refer_data(scheme, form_change="add-member")
    )
    assert 'name="members-1-first_name"' in added.content.decode()
    assert "There is a problem" not in added.content.decode()
    assert not Application.objects.exists()


# --- partner memberships --------------------------------------------------------------------


def test_partner_staff_must_have_an_organisation_and_council_staff_must_not(
    council: Council, food_bank: Organisation
) -> None:
    user = make_user()
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=user, council=council, role=Role.PARTNER)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            user=user, council=council, role=Role.ADVISER, organisation=food_bank
        )


def test_council_staff_are_not_turned_into_partner_staff(
    council: Council, food_bank: Organisation
) -> None:
    adviser = make_membership(role=Role.ADVISER, council=council)
    with pytest.raises(ServiceError, match="already works for"):
        partner_membership_grant(actor=None, user=adviser.user, organisation=food_bank)
    adviser.refresh_from_db()
    assert adviser.role == Role.ADVISER
