"""The adviser console in a real browser: search first, then the form with the keyboard, and
"where is my application?" answered by one search; with axe scans of its pages."""

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from onestop.intake.models import Application
from tests.browser.conftest import AXE_SCRIPT, REFERENCE_PATTERN, World, sign_in
from tests.browser.test_accessibility import AXE_RUN, describe
from tests.factories import make_gazetteer_address, person_details, submit_application

pytestmark = pytest.mark.browser

Site = Callable[[str], str]


def type_into(page: Page, label: str, text: str, *, first: bool = True) -> None:
    """Focus a field and type into it key by key, as an adviser does."""
    field = page.get_by_label(label, exact=True)
    field = field.first if first else field.last
    field.focus()
    page.keyboard.type(text)


def no_accessibility_violations(page: Page) -> None:
    expect(page.locator("body")).to_have_class(re.compile(r"\bgovuk-frontend-supported\b"))
    page.add_script_tag(path=AXE_SCRIPT)
    violations = page.evaluate(AXE_RUN)["violations"]
    assert violations == [], describe(violations)


def test_an_adviser_searches_finds_nobody_and_takes_the_application_by_keyboard(
    page: Page, site: Site, world: World
) -> None:
    for number in (3, 5):
        make_gazetteer_address(
            council=world.council,
            uprn=f"10000000000{number}",
            address_line_1=f"{number} Keyboard Row",
            town="Northtown",
            postcode="NT2 4CD",
            ward="Harbour",
        )
    sign_in(page, site, world.adviser)
    page.goto(site(f"/staff/{world.council.slug}/applications/"))

    # Search first: the cursor is already in the box.
    search_box = page.get_by_label("Name, date of birth, postcode or reference")
    expect(search_box).to_be_focused()
    page.keyboard.type("Sam Keyes")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Nobody we know matches \u2018Sam Keyes\u2019")).to_be_visible()
    page.get_by_role("button", name="Someone new").click()

    # The form starts with what was searched for, and the cursor on the first question.
    expect(page.get_by_role("heading", name="New application", level=1)).to_be_visible()
    expect(page.get_by_label("First name", exact=True).first).to_have_value("Sam")
    expect(page.get_by_label("Last name", exact=True).first).to_have_value("Keyes")
    scheme = page.get_by_role("radio", name="Crisis Payment")
    expect(scheme).to_be_focused()
    page.keyboard.press("Space")
    expect(scheme).to_be_checked()

    born = page.get_by_role("group", name="Date of birth", exact=True).first
    born.get_by_label("Day").focus()
    page.keyboard.type("14")
    page.keyboard.press("Tab")
    page.keyboard.type("3")
    page.keyboard.press("Tab")
    page.keyboard.type("1988")
    page.get_by_role("radio", name="Text message").focus()
    page.keyboard.press("Space")
    type_into(page, "Mobile phone number", "07700 900456")

    # The address: find it by postcode, then choose it from the list.
    type_into(page, "Postcode", "nt2 4cd")
    page.get_by_role("button", name="Find address").focus()
    page.keyboard.press("Enter")
    chosen = page.get_by_label("Choose their address")
    expect(chosen).to_be_focused()
    expect(page.get_by_label("First name", exact=True).first).to_have_value("Sam")  # kept
    chosen.select_option(label="5 Keyboard Row, Northtown")

    # The household: one other person, then "Add another person" for a second.
    page.get_by_role("group", name="Does anyone else live with them?").get_by_label(
        "Yes", exact=True
    ).check()
    first_other = page.get_by_role("group", name="Other person 1", exact=True)
    first_other.get_by_label("First name").focus()
    page.keyboard.type("Robin")
    first_other.get_by_label("Last name").focus()
    page.keyboard.type("Keyes")
    first_other.get_by_label("Day").focus()
    page.keyboard.type("2")
    page.keyboard.press("Tab")
    page.keyboard.type("11")
    page.keyboard.press("Tab")
    page.keyboard.type("1990")
    first_other.get_by_label("Relationship to the applicant").select_option(label="Partner")
    page.get_by_role("button", name="Add another person").focus()
    page.keyboard.press("Enter")

    second_other = page.get_by_role("group", name="Other person 2", exact=True)
    expect(second_other.get_by_label("First name")).to_be_focused()
    expect(first_other.get_by_label("First name")).to_have_value("Robin")  # kept
    page.keyboard.type("Ash")
    second_other.get_by_label("Last name").focus()
    page.keyboard.type("Keyes")
    second_other.get_by_label("Day").focus()
    page.keyboard.type("5")
    page.keyboard.press("Tab")
    page.keyboard.type("6")
    page.keyboard.press("Tab")
    page.keyboard.type("2015")
    second_other.get_by_label("Relationship to the applicant").select_option(label="Child")

    page.get_by_role("radio", name="No money for food").focus()
    page.keyboard.press("Space")
    type_into(page, "Weekly household income", "95")
    type_into(page, "Weekly rent or mortgage", "70")
    type_into(page, "Savings", "0")
    page.get_by_role("checkbox", name="The applicant agrees").focus()
    page.keyboard.press("Space")
    # Enter in a field submits the application (not "Find address" or "Add another person").
    page.get_by_label("Savings", exact=True).focus()
    page.keyboard.press("Enter")

    panel = page.locator(".govuk-panel")
    expect(panel.get_by_role("heading", name="Application submitted")).to_be_visible()
    reference = panel.locator("strong")
    expect(reference).to_have_text(re.compile(REFERENCE_PATTERN))
    reference_text = reference.inner_text()

    application = Application.objects.get(reference=reference_text)
    assert application.applicant.full_name == "Sam Keyes"
    assert application.household.uprn == "100000000005"
    assert application.household.ward == "Harbour"
    assert [m.person.first_name for m in application.members.all()] == ["Robin", "Ash"]

    # The caller rings back: "where is my application?" is one search by the reference.
    page.get_by_role("link", name="Take the next call").click()  # names match any case
    page.get_by_label("Name, date of birth, postcode or reference").fill(reference_text.lower())
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name=f"Application {reference_text}")).to_be_visible()
    status = page.locator(".govuk-summary-list__row").filter(has_text="Status").first
    expect(status).to_contain_text("Awaiting decision")
    expect(page.get_by_role("link", name=f"View the case {reference_text}")).to_be_visible()


def test_the_search_results_have_no_accessibility_violations(
    page: Page, site: Site, world: World
) -> None:
    for first_name in ("Morgan", "Morwenna"):
        submit_application(
            council=world.council,
            scheme=world.scheme,
            applicant=person_details(first_name=first_name, last_name="Testerton"),
        )
    sign_in(page, site, world.adviser)
    page.goto(site(f"/staff/{world.council.slug}/applications/?q=Testerton"))
    expect(page.get_by_text("2 people found")).to_be_visible()
    no_accessibility_violations(page)


def test_the_form_with_an_error_has_no_accessibility_violations(
    page: Page, site: Site, world: World
) -> None:
    sign_in(page, site, world.adviser)
    page.goto(site(f"/staff/{world.council.slug}/applications/new/"))
    page.get_by_role("button", name="Add another person").click()
    page.get_by_label("Postcode").fill("NOT A POSTCODE")
    page.get_by_role("button", name="Submit application").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.get_by_role("group", name="Other person 2", exact=True)).to_be_visible()
    no_accessibility_violations(page)
