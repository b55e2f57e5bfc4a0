"""Referrals out to partner services and in from partners: consent, who sees and acts on what,
the in referral for a partner's application, suggested services and council isolation."""

import re
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from onestop.core.errors import NotPermitted, ServiceError
from onestop.core.models import AuditEvent
from onestop.core.roles import Role
from onestop.councils.models import Membership
from onestop.directory.models import Referral, ReferralDirection, ReferralStatus
from onestop.directory.referral_selectors import (
    referrals_for_application,
    referrals_for_organisation,
    suggested_services,
)
from onestop.directory.referral_services import (
    referral_accept,
    referral_close,
    referral_decline,
    referral_from_partner_application,
    referral_in_outcome_sync,
    referral_outcome_record,
    referral_send,
)
from onestop.intake.models import Application
from onestop.notifications.models import Message
from onestop.policy.vocabulary import CrisisReason
from tests.factories import (
    load_directory,
    make_award,
    make_budget,
    make_council,
    make_membership,
    make_organisation,
    make_partner_membership,
    make_referral_service,
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
    return make_membership(role=Role.ADVISER, council=council)


@pytest.fixture
def food_bank(council):
    return make_organisation(council=council, name="Northbridge Food Bank")


@pytest.fixture
def food_bank_staff(food_bank):
    return make_partner_membership(organisation=food_bank)


@pytest.fixture
def application(council):
    return submit_application(council=council)


@pytest.fixture
def service(council, food_bank):
    return make_referral_service(council=council, name="Food parcels", partner=food_bank)


def send(adviser: Membership, application: Application, service, consent: bool = True):
    return referral_send(
        actor=adviser.user,
        application=application,
        service=service,
        needs="Food for a family of three this week",
        consent=consent,
    )


# -- consent -------------------------------------------------------------------------------


def test_a_referral_out_needs_the_persons_consent(adviser, application, service):
    with pytest.raises(ServiceError, match="agreed to be referred"):
        send(adviser, application, service, consent=False)
    assert not Referral.objects.exists()

    referral = send(adviser, application, service)
    assert referral.direction == ReferralDirection.OUT
    assert referral.consent_given_at is not None
    assert referral.consent_recorded_by == adviser.user
    assert referral.partner == service.organization.partner
    assert referral.household == application.household
    event = AuditEvent.objects.get(action="referral.sent")
    assert event.case_reference == application.reference
    assert AuditEvent.objects.filter(
        action="referral.partner_notified", case_reference=application.reference
    ).exists()


def test_the_refer_page_refuses_without_consent_and_says_what_to_do(adviser, application, service):
    client = client_for(adviser)
    url = reverse(
        "referrals:new",
        kwargs={"council_slug": adviser.council.slug, "reference": application.reference},
    )
    response = client.post(url, {"services": [str(service.pk)], "needs": "Food"})
    assert response.status_code == 200
    assert "Confirm the person has agreed to be referred" in text_of(response.content)
    assert not Referral.objects.exists()

    response = client.post(
        url, {"services": [str(service.pk)], "needs": "Food", "consent": "yes"}, follow=True
    )
    page = text_of(response.content)
    assert "Referred to Food parcels" in page
    assert "To Food parcels" in page
    assert "Sent" in page
    assert Referral.objects.get().service == service


def test_no_referral_to_an_inactive_service_or_another_councils(adviser, application, council):
    closed = make_referral_service(council=council, name="Winter fund", status="inactive")
    with pytest.raises(ServiceError, match="not taking referrals"):
        send(adviser, application, closed)
    elsewhere = make_referral_service(council=make_council(), name="Far away")
    with pytest.raises(ServiceError, match="your council's directory"):
        send(adviser, application, elsewhere)
    assert not Referral.objects.exists()


# -- a partner sees and acts on only its own -----------------------------------------------


def test_a_partner_sees_only_referrals_made_to_or_by_it(
    council, adviser, application, service, food_bank, food_bank_staff
):
    other = make_organisation(council=council, name="Citizens Advice Northbridge")
    other_staff = make_partner_membership(organisation=other)
    other_service = make_referral_service(council=council, name="Debt advice", partner=other)
    to_us = send(adviser, application, service)
    to_them = send(adviser, submit_application(council=council), other_service)
    by_us = referral_from_partner_application(
        application=submit_partner_referral(membership=food_bank_staff)
    )
    by_them = referral_from_partner_application(
        application=submit_partner_referral(membership=other_staff)
    )
    assert by_us is not None
    assert by_them is not None

    assert set(referrals_for_organisation(organisation=food_bank)) == {to_us, by_us}
    assert set(referrals_for_organisation(organisation=other)) == {to_them, by_them}

    client = client_for(food_bank_staff)
    page = text_of(
        client.get(reverse("partner_referrals:list", kwargs={"council_slug": council.slug})).content
    )
    assert to_us.application.applicant.full_name in page
    assert by_us.application.reference in page
    assert to_them.application.applicant.full_name not in page
    assert by_them.application.reference not in page

    for theirs in (to_them, by_them):
        url = reverse(
            "partner_referrals:referral",
            kwargs={"council_slug": council.slug, "referral_id": theirs.pk},
        )
        assert client.get(url).status_code == 404
        accept = reverse(
            "partner_referrals:accept",
            kwargs={"council_slug": council.slug, "referral_id": theirs.pk},
        )
        assert client.post(accept).status_code == 404
    to_them.refresh_from_db()
    assert to_them.status == ReferralStatus.SENT


def test_only_the_receiving_organisation_accepts_declines_or_records_the_outcome(
    council, adviser, application, service, food_bank_staff
):
    referral = send(adviser, application, service)
    stranger = make_partner_membership(council=council)
    for actor in (stranger.user, adviser.user):
        with pytest.raises(NotPermitted):
            referral_accept(actor=actor, referral=referral)
        with pytest.raises(NotPermitted):
            referral_decline(actor=actor, referral=referral, reason="Full")
    with pytest.raises(ServiceError, match="Accept the referral"):
        referral_outcome_record(actor=food_bank_staff.user, referral=referral, outcome="Done")

    referral = referral_accept(actor=food_bank_staff.user, referral=referral)
    assert referral.status == ReferralStatus.ACCEPTED
    with pytest.raises(NotPermitted):
        referral_outcome_record(actor=stranger.user, referral=referral, outcome="Done")
    referral = referral_outcome_record(
        actor=food_bank_staff.user, referral=referral, outcome="Food parcel collected"
    )
    assert referral.outcome == "Food parcel collected"
    assert referral.outcome_recorded_at is not None
    actions = set(
        AuditEvent.objects.filter(case_reference=application.reference).values_list(
            "action", flat=True
        )
    )
    assert {"referral.sent", "referral.accepted", "referral.outcome_recorded"} <= actions

    referral = referral_close(actor=adviser.user, referral=referral)
    assert referral.status == ReferralStatus.CLOSED
    with pytest.raises(NotPermitted):
        referral_close(actor=food_bank_staff.user, referral=send(adviser, application, service))


def test_a_partner_declines_with_a_reason_and_the_case_shows_it(
    council, adviser, application, service, food_bank_staff
):
    referral = send(adviser, application, service)
    client = client_for(food_bank_staff)
    kwargs = {"council_slug": council.slug, "referral_id": referral.pk}
    response = client.post(reverse("partner_referrals:decline", kwargs=kwargs), {"reason": ""})
    assert "Enter why you cannot take this referral" in text_of(response.content)
    response = client.post(
        reverse("partner_referrals:decline", kwargs=kwargs),
        {"reason": "We only serve the north of the town"},
        follow=True,
    )
    assert "Referral declined" in text_of(response.content)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DECLINED

    case_page = client_for(adviser).get(
        reverse(
            "referrals:new",
            kwargs={"council_slug": council.slug, "reference": application.reference},
        )
    )
    page = text_of(case_page.content)
    assert "Declined" in page
    assert "We only serve the north of the town" in page


def test_a_partner_accepts_and_records_the_outcome_on_its_portal(
    council, adviser, application, service, food_bank_staff
):
    referral = send(adviser, application, service)
    client = client_for(food_bank_staff)
    kwargs = {"council_slug": council.slug, "referral_id": referral.pk}
    page = text_of(client.get(reverse("partner_referrals:referral", kwargs=kwargs)).content)
    assert application.applicant.full_name in page
    assert "Food for a family of three this week" in page
    client.post(reverse("partner_referrals:accept", kwargs=kwargs))
    response = client.post(
        reverse("partner_referrals:outcome", kwargs=kwargs),
        {"outcome": "Parcel collected on Tuesday"},
        follow=True,
    )
    assert "Outcome recorded" in text_of(response.content)
    referral.refresh_from_db()
    assert (referral.status, referral.outcome) == (
        ReferralStatus.ACCEPTED,
        "Parcel collected on Tuesday",
    )


# -- referrals in ----------------------------------------------------------------------------


def test_a_partners_application_arrives_as_a_referral_in(
    council, food_bank, food_bank_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application = submit_partner_referral(membership=food_bank_staff)
    referral = Referral.objects.get(application=application)
    assert referral.direction == ReferralDirection.IN
    assert referral.partner == food_bank
    assert AuditEvent.objects.filter(
        action="referral.received", case_reference=application.reference
    ).exists()
    # The same application again is the same referral.
    assert referral_from_partner_application(application=application) == referral
    assert Referral.objects.filter(application=application).count() == 1
    # The council's own applications are not referrals in.
    with django_capture_on_commit_callbacks(execute=True):
        own = submit_application(council=council)
    assert referral_from_partner_application(application=own) is None
    assert not Referral.objects.filter(application=own).exists()


def test_the_referrer_is_told_the_decision(council, food_bank_staff):
    application = submit_partner_referral(membership=food_bank_staff)
    referral = referral_from_partner_application(application=application)
    assert referral is not None
    assert referral_in_outcome_sync(referral=referral).status == ReferralStatus.SENT
    Application.objects.filter(pk=application.pk).update(status="awarded")
    client = client_for(food_bank_staff)
    page = text_of(
        client.get(reverse("partner_referrals:list", kwargs={"council_slug": council.slug})).content
    )
    assert "The council awarded help." in page
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.CLOSED
    assert referral.outcome == "The council awarded help."


def test_the_decision_reaches_the_referrer_as_soon_as_it_is_made(
    council, food_bank_staff, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application = submit_partner_referral(membership=food_bank_staff)
    make_budget(scheme=application.scheme)

    with django_capture_on_commit_callbacks(execute=True):
        make_award(application=application)

    referral = Referral.objects.get(application=application)
    assert referral.status == ReferralStatus.CLOSED
    assert referral.outcome == "The council awarded help."


# -- suggestions -----------------------------------------------------------------------------


def test_suggestions_rank_a_food_bank_first_for_no_money_for_food_in_its_district(council):
    load_directory(council=council)  # the demo's Northbridge directory, NB postcodes
    suggestions = suggested_services(
        council=council, crisis_reason=CrisisReason.NO_MONEY_FOR_FOOD, postcode="NB1 9ZZ"
    )
    assert suggestions[0].service.name == "Northbridge Food Bank parcels"
    assert suggestions[0].nearby == "In NB1"
    assert all(s.service.status == "active" for s in suggestions)
    assert "Winter fuel fund" not in [s.service.name for s in suggestions]


def test_a_nearer_food_bank_ranks_above_a_farther_one(council):
    far = make_referral_service(council=council, name="Aardvark food hub", postcode="NB9 1AA")
    near = make_referral_service(council=council, name="Zebra food hub", postcode="NB2 1AA")
    debt = make_referral_service(
        council=council, name="Debt help", needs=("debt",), postcode="NB2 1AA"
    )
    names = [
        s.service
        for s in suggested_services(
            council=council, crisis_reason=CrisisReason.NO_MONEY_FOR_FOOD, postcode="NB2 7XY"
        )
    ]
    assert names == [near, far, debt]


# -- council isolation ------------------------------------------------------------------------


def test_another_councils_referrals_are_not_found(council, adviser, application, service):
    referral = send(adviser, application, service)
    other = make_council()
    outsider = make_membership(role=Role.ADVISER, council=other)
    client = client_for(outsider)
    assert (
        client.get(
            reverse(
                "referrals:new",
                kwargs={"council_slug": other.slug, "reference": application.reference},
            )
        ).status_code
        == 404
    )
    assert (
        client.post(
            reverse(
                "referrals:close",
                kwargs={
                    "council_slug": other.slug,
                    "reference": application.reference,
                    "referral_id": referral.pk,
                },
            )
        ).status_code
        == 404
    )
    other_partner = make_partner_membership(council=other)
    assert (
        client_for(other_partner)
        .get(
            reverse(
                "partner_referrals:referral",
                kwargs={"council_slug": other.slug, "referral_id": referral.pk},
            )
        )
        .status_code
        == 404
    )
    assert referrals_for_organisation(organisation=other_partner.organisation).count() == 0
    assert referrals_for_application(application=application) == [referral]
    # Suggestions come only from the council's own directory.
    make_referral_service(council=other, name="Their food bank")
    assert [
        s.service.name
        for s in suggested_services(
            council=council, crisis_reason=CrisisReason.NO_MONEY_FOR_FOOD, postcode="NB1 1AA"
        )
    ] == ["Food parcels"]
    with pytest.raises(NotPermitted):
        referral_close(actor=outsider.user, referral=referral)


def test_the_household_view_shows_the_households_referrals(council, adviser, application, service):
    send(adviser, application, service)
    viewer = make_membership(role=Role.DECISION_MAKER, council=council)
    page = text_of(
        client_for(viewer)
        .get(
            reverse(
                "households:household",
                kwargs={"council_slug": council.slug, "household_id": application.household_id},
            )
        )
        .content
    )
    assert "To Food parcels" in page
    assert "Referred to Food parcels" in page  # on the timeline
    assert "Referrals to other services 1" in page


@pytest.mark.parametrize("role", list(Role))
def test_front_line_roles_may_refer_and_others_are_refused(council, application, role):
    from onestop.core.roles import Capability, role_can
    from tests.factories import make_referral_out, make_supplier_membership

    if role == Role.PARTNER:
        member = make_partner_membership(council=council)
    elif role == Role.SUPPLIER:
        member = make_supplier_membership(council=council)
    else:
        member = make_membership(role=role, council=council)
    referral = make_referral_out(application=application)
    slug, reference = council.slug, application.reference
    client = client_for(member)
    new = client.get(
        reverse("referrals:new", kwargs={"council_slug": slug, "reference": reference})
    )
    close = client.post(
        reverse(
            "referrals:close",
            kwargs={"council_slug": slug, "reference": reference, "referral_id": referral.pk},
        )
    )
    if role_can(role, Capability.ADD_CASE_NOTES):
        assert (new.status_code, close.status_code) == (200, 302)
        referral.refresh_from_db()
        assert referral.status == ReferralStatus.CLOSED
    else:
        assert (new.status_code, close.status_code) == (403, 403)
        assert "You do not have permission" in close.content.decode()


def test_the_partners_staff_are_emailed_about_a_referral(adviser, application, service):
    partner = service.organization.partner
    member = make_partner_membership(organisation=partner)

    send(adviser, application, service)

    (email,) = Message.objects.filter(template="referral_sent_to_partner")
    assert email.recipient == member.user.email
    assert service.name in email.subject
    assert application.applicant.last_name not in email.body  # details stay on the portal


def test_the_case_page_shows_each_referral_until_it_is_closed(adviser, application, service):
    referral = send(adviser, application, service)
    page = text_of(
        client_for(adviser)
        .get(
            reverse(
                "casework:case",
                kwargs={
                    "council_slug": application.council.slug,
                    "reference": application.reference,
                },
            )
        )
        .content
    )
    assert f"To {service.name}" in page
    assert "Sent" in page
    assert referral.status == ReferralStatus.SENT
