"""Council staff record, for an organisation that does not use the partner portal, that it
accepted or declined a referral and later what came of it; the case shows that progress as it
does for a partner answering on its portal."""

import re
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from onestop.core.errors import NotPermitted, ServiceError
from onestop.core.models import AuditEvent
from onestop.core.roles import Capability, Role, role_can
from onestop.councils.models import Membership
from onestop.directory.models import Referral, ReferralStatus
from onestop.directory.referral_services import (
    referral_accept,
    referral_accept_on_behalf,
    referral_close,
    referral_decline_on_behalf,
    referral_from_partner_application,
    referral_outcome_record_on_behalf,
    referral_send,
)
from onestop.intake.models import Application
from tests.factories import (
    make_council,
    make_membership,
    make_organisation,
    make_partner_membership,
    make_referral_service,
    make_user,
    submit_application,
    submit_partner_referral,
)

pytestmark = pytest.mark.django_db


def client_for(membership: Membership) -> Client:
    client = Client()
    client.force_login(membership.user)
    return client


def text_of(html: bytes) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html.decode())))


@pytest.fixture
def council():
    return make_council()


@pytest.fixture
def adviser(council):
    user = make_user(full_name="Sam Jones")
    return make_membership(role=Role.ADVISER, council=council, user=user)


@pytest.fixture
def application(council):
    return submit_application(council=council)


@pytest.fixture
def off_portal_service(council):
    """A service whose organisation is in the directory but not on the partner portal."""
    return make_referral_service(council=council, name="Hillside food parcels")


@pytest.fixture
def referral(adviser, application, off_portal_service) -> Referral:
    return referral_send(
        actor=adviser.user,
        application=application,
        service=off_portal_service,
        needs="Food for two adults this week",
        consent=True,
    )


def organisation_name(referral: Referral) -> str:
    assert referral.service is not None
    return referral.service.organization.name


def address(name: str, referral: Referral, *, council_slug: str | None = None) -> str:
    return reverse(
        f"referrals:{name}",
        kwargs={
            "council_slug": council_slug or referral.council.slug,
            "reference": referral.application.reference,
            "referral_id": referral.pk,
        },
    )


def case_page(membership: Membership, application: Application) -> str:
    response = client_for(membership).get(
        reverse(
            "casework:case",
            kwargs={"council_slug": application.council.slug, "reference": application.reference},
        )
    )
    assert response.status_code == 200
    return text_of(response.content)


# -- the services ------------------------------------------------------------------------------


def test_staff_record_that_the_organisation_accepted(adviser, referral):
    referral = referral_accept_on_behalf(actor=adviser.user, referral=referral)

    referral.refresh_from_db()
    assert referral.status == ReferralStatus.ACCEPTED
    event = AuditEvent.objects.get(action="referral.accepted")
    assert event.summary == f"Accepted by {organisation_name(referral)} (recorded by Sam Jones)"
    assert event.actor == adviser.user
    assert event.case_reference == referral.application.reference
    assert event.details["recorded_by_council_staff"] is True


def test_staff_record_that_the_organisation_declined_and_why(adviser, referral):
    name = organisation_name(referral)
    with pytest.raises(ServiceError, match=f"Enter why {name} cannot take this referral"):
        referral_decline_on_behalf(actor=adviser.user, referral=referral, reason="   ")
    with pytest.raises(ServiceError, match="2,000 characters or fewer"):
        referral_decline_on_behalf(actor=adviser.user, referral=referral, reason="x" * 2001)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT

    referral_decline_on_behalf(
        actor=adviser.user, referral=referral, reason="  Only serves the north of the town  "
    )

    referral.refresh_from_db()
    assert (referral.status, referral.decline_reason) == (
        ReferralStatus.DECLINED,
        "Only serves the north of the town",
    )
    event = AuditEvent.objects.get(action="referral.declined")
    assert event.summary == f"Declined by {name} (recorded by Sam Jones)"
    assert event.reason == "Only serves the north of the town"


def test_staff_record_the_outcome_only_after_the_organisation_accepted(adviser, referral):
    name = organisation_name(referral)
    with pytest.raises(ServiceError, match=f"Record that {name} accepted the referral"):
        referral_outcome_record_on_behalf(actor=adviser.user, referral=referral, outcome="Done")

    referral_accept_on_behalf(actor=adviser.user, referral=referral)
    referral_outcome_record_on_behalf(
        actor=adviser.user, referral=referral, outcome="Food parcel collected on Tuesday"
    )

    referral.refresh_from_db()
    assert referral.outcome == "Food parcel collected on Tuesday"
    assert referral.outcome_recorded_at is not None
    assert referral.status == ReferralStatus.ACCEPTED  # open until staff close it
    event = AuditEvent.objects.get(action="referral.outcome_recorded")
    assert event.summary == f"Outcome from {name} (recorded by Sam Jones)"
    assert event.reason == "Food parcel collected on Tuesday"


def test_staff_cannot_answer_for_an_organisation_on_the_partner_portal(
    council, adviser, application
):
    food_bank = make_organisation(council=council, name="Riverside Food Bank")
    portal_staff = make_partner_membership(organisation=food_bank)
    service = make_referral_service(council=council, name="Riverside parcels", partner=food_bank)
    referral = referral_send(
        actor=adviser.user, application=application, service=service, needs="Food", consent=True
    )

    for record in (
        lambda: referral_accept_on_behalf(actor=adviser.user, referral=referral),
        lambda: referral_decline_on_behalf(actor=adviser.user, referral=referral, reason="Full"),
    ):
        with pytest.raises(ServiceError, match="uses the partner portal: its own staff"):
            record()
    referral_accept(actor=portal_staff.user, referral=referral)
    with pytest.raises(ServiceError, match="uses the partner portal"):
        referral_outcome_record_on_behalf(actor=adviser.user, referral=referral, outcome="Done")

    referral.refresh_from_db()
    assert (referral.status, referral.outcome) == (ReferralStatus.ACCEPTED, "")
    assert not AuditEvent.objects.filter(summary__contains="recorded by").exists()


def test_a_reply_is_refused_once_the_referral_is_past_waiting_for_one(adviser, referral):
    referral_decline_on_behalf(actor=adviser.user, referral=referral, reason="Closed this month")
    with pytest.raises(ServiceError, match="already declined: it cannot be answered now"):
        referral_accept_on_behalf(actor=adviser.user, referral=referral)
    with pytest.raises(ServiceError, match=f"Record that {organisation_name(referral)} accepted"):
        referral_outcome_record_on_behalf(actor=adviser.user, referral=referral, outcome="Done")

    referral_close(actor=adviser.user, referral=referral)
    with pytest.raises(ServiceError, match="already closed: it cannot be answered now"):
        referral_decline_on_behalf(actor=adviser.user, referral=referral, reason="Full")
    referral.refresh_from_db()
    assert (referral.status, referral.decline_reason) == (
        ReferralStatus.CLOSED,
        "Closed this month",
    )


def test_a_referral_in_from_a_partner_has_no_reply_to_record(council, adviser):
    partner_staff = make_partner_membership(council=council)
    referral = referral_from_partner_application(
        application=submit_partner_referral(membership=partner_staff)
    )
    assert referral is not None
    with pytest.raises(ServiceError, match="came to the council from"):
        referral_accept_on_behalf(actor=adviser.user, referral=referral)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT


def test_only_council_staff_who_refer_people_may_record(council, referral):
    admin = make_membership(role=Role.ADMIN, council=council)
    outsider = make_membership(role=Role.ADVISER, council=make_council())
    partner_staff = make_partner_membership(council=council)
    for actor in (admin.user, outsider.user, partner_staff.user):
        with pytest.raises(NotPermitted):
            referral_accept_on_behalf(actor=actor, referral=referral)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT


# -- the pages ---------------------------------------------------------------------------------


def test_the_case_links_to_recording_the_reply_and_accepting_shows_on_the_case(
    adviser, application, referral
):
    name = organisation_name(referral)
    page = case_page(adviser, application)
    assert "This organisation does not use the partner portal" in page
    assert "Record its reply" in page
    assert (
        address("reply", referral)
        in client_for(adviser)
        .get(
            reverse(
                "casework:case",
                kwargs={
                    "council_slug": application.council.slug,
                    "reference": application.reference,
                },
            )
        )
        .content.decode()
    )

    client = client_for(adviser)
    form = text_of(client.get(address("reply", referral)).content)
    assert f"Record {name}'s reply" in form
    assert "Food for two adults this week" in form

    response = client.post(address("reply", referral), {"reply": "accepted"}, follow=True)
    page = text_of(response.content)
    assert f"Recorded that {name} accepted the referral." in page
    assert f"To Hillside food parcels, {name} Accepted" in page
    assert "Record the outcome" in page
    assert "Record its reply" not in page


def test_declining_on_the_page_needs_a_reason_and_the_case_shows_it(adviser, application, referral):
    name = organisation_name(referral)
    client = client_for(adviser)

    response = client.post(address("reply", referral), {})
    assert f"Select whether {name} accepted or declined the referral" in text_of(response.content)
    response = client.post(
        address("reply", referral), {"reply": "accepted", "reason": "Only serves the north"}
    )
    assert f"Leave the reason empty if {name} accepted the referral" in text_of(response.content)
    response = client.post(address("reply", referral), {"reply": "declined", "reason": ""})
    page = text_of(response.content)
    assert f"Enter why {name} cannot take this referral" in page
    assert "There is a problem" in page
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT

    response = client.post(
        address("reply", referral),
        {"reply": "declined", "reason": "Only serves the north of the town"},
        follow=True,
    )
    assert f"Recorded that {name} cannot take the referral." in text_of(response.content)
    page = case_page(adviser, application)
    assert f"To Hillside food parcels, {name} Declined" in page
    assert "Why it was declined: Only serves the north of the town" in page
    assert "Record its reply" not in page


def test_the_outcome_page_records_what_came_of_it_and_the_case_shows_it(
    adviser, application, referral
):
    client = client_for(adviser)
    # Before the organisation accepted, there is no outcome to record: back to the case.
    response = client.get(address("outcome", referral), follow=True)
    assert f"Record that {organisation_name(referral)} accepted the referral" in text_of(
        response.content
    )
    referral_accept_on_behalf(actor=adviser.user, referral=referral)

    response = client.post(address("outcome", referral), {"outcome": ""})
    assert "Enter what came of the referral" in text_of(response.content)
    response = client.post(
        address("outcome", referral), {"outcome": "Food parcel collected on Tuesday"}, follow=True
    )
    page = text_of(response.content)
    assert "Outcome recorded." in page
    assert "Food parcel collected on Tuesday" in page
    assert "Update the outcome" in page

    # The refer page lists the case's referrals too, with the same progress.
    refer_page = text_of(
        client.get(
            reverse(
                "referrals:new",
                kwargs={
                    "council_slug": application.council.slug,
                    "reference": application.reference,
                },
            )
        ).content
    )
    assert "Food parcel collected on Tuesday" in refer_page
    assert "Accepted" in refer_page


def test_the_pages_send_staff_back_for_an_organisation_on_the_portal(council, adviser, application):
    food_bank = make_organisation(council=council, name="Riverside Food Bank")
    service = make_referral_service(council=council, name="Riverside parcels", partner=food_bank)
    referral = referral_send(
        actor=adviser.user, application=application, service=service, needs="Food", consent=True
    )
    client = client_for(adviser)
    assert "Record its reply" not in case_page(adviser, application)

    response = client.post(address("reply", referral), {"reply": "accepted"}, follow=True)
    assert "uses the partner portal: its own staff accept" in text_of(response.content)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT


def test_another_councils_referral_is_not_found(adviser, referral):
    other = make_council()
    outsider = make_membership(role=Role.TEAM_LEADER, council=other)
    client = client_for(outsider)
    for name in ("reply", "outcome"):
        # Under the other council's address, and under this council's, which they do not work for.
        for slug in (other.slug, referral.council.slug):
            assert client.get(address(name, referral, council_slug=slug)).status_code == 404
    assert (
        client.post(
            address("reply", referral, council_slug=other.slug), {"reply": "accepted"}
        ).status_code
        == 404
    )
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT


@pytest.mark.parametrize("role", [Role.ADMIN, Role.FINANCE])
def test_a_role_that_cannot_refer_people_is_refused(council, referral, role):
    assert not role_can(role, Capability.ADD_CASE_NOTES)
    client = client_for(make_membership(role=role, council=council))
    for name in ("reply", "outcome"):
        assert client.get(address(name, referral)).status_code == 403
    response = client.post(address("reply", referral), {"reply": "accepted"})
    assert response.status_code == 403
    assert "You do not have permission" in response.content.decode()
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT


def test_the_case_shows_nothing_to_record_to_someone_who_only_views_cases(
    council, application, referral
):
    admin = make_membership(role=Role.ADMIN, council=council)
    page = case_page(admin, application)
    assert "To Hillside food parcels" in page
    assert "Record its reply" not in page
