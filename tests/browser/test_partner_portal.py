"""The partner portal in a real browser: a food bank's worker signs in, refers a client with
their consent, and sees the referral in their list; with axe scans of the portal's pages."""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from onestop.councils.models import Organisation
from onestop.intake.models import Application, Channel
from tests.browser.conftest import AXE_SCRIPT, PASSWORD, REFERENCE_PATTERN, StaffAccount, World
from tests.browser.conftest import sign_in as staff_sign_in
from tests.browser.test_accessibility import AXE_RUN, describe
from tests.factories import make_organisation, make_partner_membership, make_user

pytestmark = pytest.mark.browser

Site = Callable[[str], str]


@pytest.fixture
def food_bank(world: World) -> Organisation:
    return make_organisation(council=world.council, name="Northtown Food Bank")


@pytest.fixture
def partner(food_bank: Organisation) -> StaffAccount:
    email = "fran.foodbank@example.org"
    user = make_user(email=email, full_name="Fran Foodbank", password=PASSWORD)
    membership = make_partner_membership(organisation=food_bank, user=user)
    return StaffAccount(email=email, password=PASSWORD, name="Fran Foodbank", membership=membership)


def no_accessibility_violations(page: Page) -> None:
    expect(page.locator("body")).to_have_class(re.compile(r"\bgovuk-frontend-supported\b"))
    page.add_script_tag(path=AXE_SCRIPT)
    violations = page.evaluate(AXE_RUN)["violations"]
    assert violations == [], describe(violations)


def fill_referral(page: Page) -> None:
    page.get_by_role("radio", name="Crisis Payment").check()
    page.get_by_label("First name", exact=True).first.fill("Riley")
    page.get_by_label("Last name", exact=True).first.fill("Testerton")
    born = page.get_by_role("group", name="Date of birth", exact=True).first
    born.get_by_label("Day").fill("9")
    born.get_by_label("Month").fill("7")
    born.get_by_label("Year").fill("1979")
    page.get_by_role("radio", name="Text message").check()
    page.get_by_label("Mobile phone number").fill("07700 900789")
    page.get_by_label("Postcode").fill("NT3 1AA")
    page.get_by_label("Address line 1").fill("4 Referral Road")
    page.get_by_label("Town or city").fill("Northtown")
    page.get_by_role("group", name="Does anyone else live with them?").get_by_label(
        "No, they live alone"
    ).check()
    page.get_by_role("radio", name="No money for food").check()
    page.get_by_label("Weekly household income").fill("80")
    page.get_by_label("Weekly rent or mortgage").fill("60")
    page.get_by_label("Savings").fill("0")


def test_a_partner_refers_a_client_and_sees_the_referral_in_their_list(
    page: Page, site: Site, world: World, partner: StaffAccount, food_bank: Organisation
) -> None:
    staff_sign_in(page, site, partner)
    expect(page.get_by_role("heading", name="Your referrals", level=1)).to_be_visible()
    expect(page.get_by_text("You have not referred anyone yet.")).to_be_visible()
    no_accessibility_violations(page)

    page.get_by_role("button", name="Refer a client").click()
    expect(page.get_by_role("heading", name="Refer a client", level=1)).to_be_visible()
    fill_referral(page)
    # Without the client's consent, nothing is sent.
    page.get_by_role("button", name="Send referral").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Confirm the client agreed to the referral")
    expect(page.get_by_label("First name", exact=True).first).to_have_value("Riley")
    no_accessibility_violations(page)

    page.get_by_label("The client agreed to this referral").check()
    page.get_by_label("Who gave consent").fill("Riley Testerton")
    page.get_by_role("radio", name="In person").check()
    page.get_by_role("button", name="Send referral").click()

    panel = page.locator(".govuk-panel")
    expect(panel.get_by_role("heading", name="Referral sent")).to_be_visible()
    expect(panel.locator("strong")).to_have_text(re.compile(REFERENCE_PATTERN))
    reference = panel.locator("strong").inner_text()
    application = Application.objects.get(reference=reference)
    assert application.channel == Channel.PARTNER
    assert application.organisation == food_bank

    page.get_by_role("link", name="See your referrals").click()
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=reference))
    expect(row).to_contain_text("Riley Testerton")
    expect(row).to_contain_text("Waiting for a decision")
    no_accessibility_violations(page)
    row.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", name="Riley Testerton", level=1)).to_be_visible()
    expect(page.get_by_text("The council will decide by the end of")).to_be_visible()
