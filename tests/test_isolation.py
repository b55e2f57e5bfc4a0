"""Council and role isolation, for every staff page: nobody sees a council they do not work for.

The list of pages is read from the URL configuration, so a new staff page that this module
does not know how to open fails the test until it is added here.
"""

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from onestop.core.roles import Capability, Role, role_can
from onestop.councils.models import Council, Membership
from onestop.fulfilment.models import FulfilmentRequest, FulfilmentRequestStatus, PrepaidCard
from onestop.intake.models import Application
from tests import factories

PASSWORD = "correct-horse-battery-staple"


def _staff_patterns() -> dict[str, tuple[str, object]]:
    """Every named URL that takes a council: {name: (route, view)}."""
    found: dict[str, tuple[str, object]] = {}

    def walk(patterns: list, prefix: str, namespace: str) -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
                walk(p.url_patterns, prefix + str(p.pattern), ns)
            elif isinstance(p, URLPattern) and p.name:
                route = prefix + str(p.pattern)
                if route.startswith("staff/") and "<slug:council_slug>" in route:
                    found[f"{namespace}{p.name}"] = (route, p.callback)

    walk(get_resolver().url_patterns, "", "")
    return found


STAFF_PAGES = _staff_patterns()
POST_ONLY = {
    "fulfilment:retry",
    "casework:take",
    "casework:review_assign",
    "casework:complaint_acknowledge",
    "notifications:template_reset",
    "councils_api_keys:revoke",
    "fulfilment_hub:retry",
    "catalogue:item_availability",
    "directory:service_status",
    "referrals:close",
}


@dataclass
class World:
    home: Council
    other: Council
    application: Application
    other_application: Application
    failed_request: FulfilmentRequest
    members: dict[Role, Membership]
    outsider: Membership
    document_id: int = 0
    review_id: int = 0
    complaint_reference: str = ""
    letter_id: int = 0
    api_key_id: int = 0
    payment_file_id: int = 0
    invoice_id: int = 0
    card_id: int = 0
    catalogue_item_id: int = 0
    order_reference: str = ""
    service_id: int = 0
    referral_id: int = 0
    flag_id: int = 0

    def url(self, name: str, council: Council) -> str:
        route, _ = STAFF_PAGES[name]
        application = self.application if council == self.home else self.other_application
        samples = {
            "<slug:council_slug>": council.slug,
            "<str:reference>": application.reference,
            "<int:request_id>": str(self.failed_request.pk),
            "<int:document_id>": str(self.document_id),
            "<int:budget_id>": str(self.failed_request.award.commitment.budget_id),
            "<int:review_id>": str(self.review_id),
            "<str:complaint_reference>": self.complaint_reference,
            "<int:letter_id>": str(self.letter_id),
            "<int:scheme_id>": str(self.application.scheme_id),
            "<slug:template>": "application_received",
            "<slug:language>": "cy",
            "<int:api_key_id>": str(self.api_key_id),
            "<int:payment_file_id>": str(self.payment_file_id),
            "<int:invoice_id>": str(self.invoice_id),
            "<int:card_id>": str(self.card_id),
            "<int:household_id>": str(application.household_id),
            "<int:service_id>": str(self.service_id),
            "<int:referral_id>": str(self.referral_id),
            "<int:flag_id>": str(self.flag_id),
            "<int:catalogue_item_id>": str(self.catalogue_item_id),
            "<str:order_reference>": self.order_reference,
            "<slug:export_name>": "award-spend",
            "<slug:file_format>": "xlsx",
            "<slug:table>": "channel",
            "<str:period>": "2025-26-H1",
        }
        for parameter, value in samples.items():
            route = route.replace(parameter, value)
        assert "<" not in route, f"{name}: add a sample value for {route}"
        return "/" + route


@pytest.fixture(scope="module")
def _module_world(django_db_setup, django_db_blocker) -> Iterator[World]:
    """One world for the whole module, made once and undone at the end: each test runs in its
    own savepoint inside it (the `db` fixture), so what one test writes never reaches the next.
    Building it per test cost a couple of minutes of every run, for hundreds of tests."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield _world_build()
        transaction.set_rollback(True)


@pytest.fixture
def world(_module_world: World, db: None) -> World:
    return _module_world


def _world_build() -> World:
    home = factories.make_council(name="Home Council", slug="home")
    other = factories.make_council(name="Other Council", slug="other")
    scheme = factories.make_scheme(council=home)
    factories.make_budget(scheme=scheme)
    other_scheme = factories.make_scheme(council=other)
    factories.make_budget(scheme=other_scheme)
    application = factories.submit_application(
        scheme=scheme, applicant=factories.person_details(first_name="Homer")
    )
    other_application = factories.submit_application(
        scheme=other_scheme, applicant=factories.person_details(first_name="Otto")
    )
    # An award with no stock behind it: its fulfilment goes to the "needs attention" list.
    awarded = factories.submit_application(scheme=scheme)
    decision = factories.make_award(application=awarded)
    failed = FulfilmentRequest.objects.get(award=decision.award)
    FulfilmentRequest.objects.filter(pk=failed.pk).update(status=FulfilmentRequestStatus.FAILED)
    members = {
        role: factories.make_membership(role=role, council=home, user=factories.make_user())
        for role in Role
        if role not in (Role.PARTNER, Role.SUPPLIER)
    }
    members[Role.PARTNER] = factories.make_partner_membership(council=home)
    members[Role.SUPPLIER] = factories.make_supplier_membership(council=home)
    outsider = factories.make_membership(role=Role.TEAM_LEADER, council=other)
    document = factories.make_case_document(application=application)
    review = factories.make_review(application=awarded)
    complaint = factories.make_complaint(application=application)
    letter = factories.make_letter(council=home, case_reference=application.reference)
    goods_order = factories.make_placed_goods_order(council=home)
    card_award = factories.fulfil_now(
        factories.make_award_for_person(award_type="prepaid_card", council=home)
    )
    return World(
        home,
        other,
        application,
        other_application,
        failed,
        members,
        outsider,
        document.pk,
        review_id=review.pk,
        complaint_reference=complaint.reference,
        letter_id=letter.pk,
        api_key_id=factories.make_api_key(council=home)[0].pk,
        payment_file_id=factories.make_payment_file(council=home).pk,
        invoice_id=factories.make_supplier_invoice(supplier=members[Role.SUPPLIER].organisation).pk,
        card_id=PrepaidCard.objects.get(loads__award=card_award).pk,
        catalogue_item_id=goods_order.lines.get().catalogue_item_id,
        order_reference=goods_order.reference,
        service_id=factories.make_directory_service(council=home).pk,
        referral_id=factories.make_referral_out(application=application).pk,
        flag_id=factories.make_duplicate_flag(
            person=application.applicant, other_person=awarded.applicant
        ).pk,
    )


def _client_for(membership: Membership) -> Client:
    client = Client()
    client.force_login(membership.user)
    return client


def test_every_staff_page_is_covered_and_declares_its_capability():
    assert STAFF_PAGES, "no staff pages found"
    for name, (_, view) in STAFF_PAGES.items():
        assert hasattr(view, "required_capability"), f"{name} is not wrapped in staff_page"


@pytest.mark.parametrize("name", sorted(STAFF_PAGES))
@pytest.mark.parametrize("role", list(Role))
def test_each_role_gets_exactly_the_pages_its_capabilities_allow(world, name, role):
    capability: Capability | None = STAFF_PAGES[name][1].required_capability  # type: ignore[attr-defined]
    client = _client_for(world.members[role])
    url = world.url(name, world.home)
    response = client.post(url) if name in POST_ONLY else client.get(url)
    allowed = capability is None or role_can(role, capability)
    if allowed:
        assert response.status_code in (200, 302), f"{role} should open {url}"
    else:
        assert response.status_code == 403, f"{role} should be refused {url}"
        assert "You do not have permission" in response.content.decode()


@pytest.mark.parametrize("name", sorted(STAFF_PAGES))
def test_a_member_of_another_council_gets_page_not_found(world, name):
    client = _client_for(world.outsider)
    url = world.url(name, world.home)
    response = client.post(url) if name in POST_ONLY else client.get(url)
    assert response.status_code == 404
    assert "Homer" not in response.content.decode()


@pytest.mark.parametrize("name", sorted(STAFF_PAGES))
def test_signed_out_people_are_sent_to_sign_in(world, name):
    url = world.url(name, world.home)
    response = Client().post(url) if name in POST_ONLY else Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/sign-in/")


@pytest.mark.parametrize("name", ["casework:case", "casework:decide", "intake:submitted"])
def test_a_case_cannot_be_opened_through_another_councils_address(world, name):
    """Even a team leader at both councils cannot reach council A's case under council B's slug."""
    both = world.members[Role.TEAM_LEADER]
    factories.make_membership(role=Role.TEAM_LEADER, council=world.other, user=both.user)
    client = _client_for(both)
    route, _ = STAFF_PAGES[name]
    url = "/" + route.replace("<slug:council_slug>", world.other.slug).replace(
        "<str:reference>", world.application.reference
    )
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "name",
    [
        "casework:queue",
        "casework:find",
        "audit_log",
        "notifications:outbox",
        "fulfilment_hub:exceptions",
    ],
)
def test_lists_show_only_the_councils_own_records(world, name):
    membership = world.members[Role.TEAM_LEADER]
    page = _client_for(membership).get(world.url(name, world.home)).content.decode()
    assert world.other_application.reference not in page
    assert "Otto" not in page
    if name == "fulfilment_hub:exceptions":
        assert world.failed_request.award.application.reference in page
    elif name != "notifications:outbox":
        assert world.application.reference in page


def test_case_viewing_is_audited_per_council(world):
    from onestop.core.models import AuditEvent

    client = _client_for(world.members[Role.ADVISER])
    client.get(world.url("casework:case", world.home))
    viewed = AuditEvent.objects.filter(
        action="case.viewed", case_reference=world.application.reference
    )
    assert viewed.count() == 1
    assert viewed.get().council == world.home
    assert viewed.get().actor == world.members[Role.ADVISER].user
