"""The online application in Chromium: by keyboard alone to a reference, and every page and
error state scanned with axe-core."""

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from onestop.intake.models import Application, Channel
from tests.browser.conftest import AXE_SCRIPT, REFERENCE_PATTERN, World
from tests.browser.test_accessibility import AXE_RUN, describe
from tests.factories import make_gazetteer_address

pytestmark = pytest.mark.browser

Site = Callable[[str], str]
MAX_TABS = 60


def heading(page: Page, text: str) -> None:
    expect(page.get_by_role("heading", name=text, level=1)).to_be_visible()


def tab_to(page: Page, target: Locator) -> None:
    """Press Tab until the target has focus, as a keyboard user moves through the page."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if target.evaluate("el => el === document.activeElement"):
            return
    raise AssertionError(f"Tab never reached {target}")


def key_type(page: Page, field: Locator, text: str) -> None:
    tab_to(page, field)
    page.keyboard.type(text)
    expect(field).to_have_value(text)


def key_choose(page: Page, option: Locator) -> None:
    """Tab to a radio or checkbox and press Space. Tab stops on the first radio of a group."""
    tab_to(page, option)
    page.keyboard.press("Space")
    expect(option).to_be_checked()


def key_continue(page: Page, name: str = "Continue") -> None:
    tab_to(page, page.get_by_role("button", name=name))
    page.keyboard.press("Enter")


def key_date(page: Page, day: str, month: str, year: str) -> None:
    key_type(page, page.get_by_label("Day"), day)
    key_type(page, page.get_by_label("Month"), month)
    key_type(page, page.get_by_label("Year"), year)


def test_a_person_applies_online_with_the_keyboard_alone(
    page: Page, site: Site, world: World
) -> None:
    slug = world.council.slug
    page.goto(site(f"/councils/{slug}/apply/"))
    heading(page, "Apply for crisis support")
    tab_to(page, page.get_by_role("button", name="Start now"))
    page.keyboard.press("Enter")

    heading(page, "What has happened?")
    # The crisis page is about safety too: Exit this page is there, and reached first.
    exit_button = page.get_by_role("button", name="Exit this page")
    expect(exit_button).to_be_visible()
    key_choose(page, page.get_by_label("I have no money for food"))
    key_continue(page)

    heading(page, "Tell us more about what has happened (optional)")
    expect(page.get_by_role("button", name="Exit this page")).to_be_visible()
    key_type(page, page.get_by_role("textbox"), "My benefits were stopped.")
    key_continue(page)

    heading(page, "What is your name?")
    key_type(page, page.get_by_label("First name"), "Morgan")
    key_type(page, page.get_by_label("Last name"), "Keyes")
    page.keyboard.press("Enter")  # Enter in a text box sends the form, as Continue

    heading(page, "What is your date of birth?")
    key_date(page, "14", "3", "1988")
    key_continue(page)

    heading(page, "What is your address?")
    key_type(page, page.get_by_label("Address line 1"), "3 Keyboard Row")
    key_type(page, page.get_by_label("Town or city"), "Northtown")
    key_type(page, page.get_by_label("Postcode"), "NT2 4CD")
    key_continue(page)

    heading(page, "Does anyone else live with you?")
    key_choose(page, page.get_by_label("Yes"))
    key_continue(page)

    heading(page, "Tell us about someone who lives with you")
    key_type(page, page.get_by_label("First name"), "Robin")
    key_type(page, page.get_by_label("Last name"), "Keyes")
    key_date(page, "2", "11", "2015")
    key_choose(page, page.get_by_label("My partner"))
    key_continue(page)

    heading(page, "You have added 1 person")
    expect(page.get_by_role("term").filter(has_text="Robin Keyes")).to_be_visible()
    tab_to(page, page.get_by_label("Yes"))
    page.keyboard.press("ArrowRight")  # within a group of radios, arrows move the choice
    expect(page.get_by_label("No")).to_be_checked()
    key_continue(page)

    heading(page, "Do any of these apply to you or anyone you live with?")
    key_choose(page, page.get_by_label("Someone gets Universal Credit, Pension Credit"))
    key_continue(page)

    heading(page, "How much money does your household get each week?")
    key_type(page, page.get_by_role("textbox"), "95")
    key_continue(page)
    heading(page, "How much do you pay each week for rent or a mortgage?")
    key_type(page, page.get_by_role("textbox"), "70")
    key_continue(page)
    heading(page, "Do you rent your home?")
    key_choose(page, page.get_by_label("Yes"))
    key_continue(page)
    heading(page, "Your rent")
    key_type(page, page.get_by_label("How much rent do you owe"), "250")
    key_continue(page)
    heading(page, "How much do you have in savings?")
    key_type(page, page.get_by_role("textbox"), "0")
    key_continue(page)

    heading(page, "How should we contact you?")
    key_choose(page, page.get_by_label("Text message"))
    key_continue(page)
    heading(page, "What is your mobile phone number?")
    key_type(page, page.get_by_role("textbox"), "07700 900456")
    key_continue(page)

    heading(page, "Using your information")
    key_choose(page, page.get_by_label(re.compile("I agree to")))
    key_continue(page)

    heading(page, "Check your answers before sending your application")
    expect(page.get_by_role("term").filter(has_text="Robin Keyes")).to_be_visible()
    key_continue(page, "Send application")

    panel = page.locator(".govuk-panel")
    expect(panel.get_by_role("heading", name="Application sent")).to_be_visible()
    expect(panel.locator("strong")).to_have_text(re.compile(REFERENCE_PATTERN))
    application = Application.objects.get()
    assert application.reference == panel.locator("strong").inner_text()
    assert application.channel == Channel.WEB
    assert application.applicant.full_name == "Morgan Keyes"
    assert application.rent_arrears_pence == 25_000
    assert application.receives_qualifying_benefit is True
    assert application.members.get().relationship == "partner"


def scan(page: Page, name: str, found: dict[str, list[dict[str, Any]]]) -> None:
    """Run axe-core on the page as people see it, styled and with GOV.UK Frontend's script."""
    expect(page.locator("body")).to_have_class(re.compile(r"\bgovuk-frontend-supported\b"))
    page.add_script_tag(path=AXE_SCRIPT)
    violations = page.evaluate(AXE_RUN)["violations"]
    if violations:
        found[name] = violations


def scan_error(page: Page, name: str, found: dict[str, list[dict[str, Any]]]) -> None:
    page.get_by_role("button", name=re.compile("^(Continue|Save and send code)$")).click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    scan(page, f"{name} (with errors)", found)


def click_continue(page: Page) -> None:
    page.get_by_role("button", name="Continue").click()


def test_every_page_and_error_state_of_the_online_application_passes_axe(
    page: Page, site: Site, world: World
) -> None:
    council = world.council
    make_gazetteer_address(council=council, postcode="NB1 2AB", address_line_1="12 Axe Street")
    make_gazetteer_address(council=council, postcode="NB1 2AB", address_line_1="14 Axe Street")
    found: dict[str, list[dict[str, Any]]] = {}
    page.goto(site(f"/councils/{council.slug}/apply/"))
    scan(page, "start", found)
    page.get_by_role("button", name="Start now").click()

    heading(page, "What has happened?")
    scan(page, "what happened", found)
    scan_error(page, "what happened: radios", found)
    page.get_by_label("I am fleeing domestic abuse").check()
    click_continue(page)
    scan(page, "tell us more", found)
    page.get_by_role("textbox").fill("x" * 2001)
    scan_error(page, "tell us more: textarea", found)
    page.get_by_role("textbox").fill("I had to leave with nothing.")
    click_continue(page)

    heading(page, "What is your name?")
    scan(page, "name", found)
    scan_error(page, "name: text inputs", found)
    page.get_by_label("First name").fill("Alex")
    page.get_by_label("Last name").fill("Axeworth")
    click_continue(page)

    scan(page, "date of birth", found)
    scan_error(page, "date of birth: date input", found)
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill("1990")
    click_continue(page)

    heading(page, "What is your postcode?")
    scan(page, "postcode", found)
    scan_error(page, "postcode", found)
    page.get_by_role("link", name="I do not have a fixed address").click()
    heading(page, "Where can we reach you?")
    scan(page, "no fixed address", found)
    page.goto(site(f"/councils/{council.slug}/apply/postcode/"))
    page.get_by_label("What is your postcode?").fill("NB1 2AB")
    click_continue(page)

    heading(page, "Select your address")
    scan(page, "address picker", found)
    scan_error(page, "address picker: select", found)
    page.get_by_role("link", name="I cannot find my address in the list").click()
    heading(page, "What is your address?")
    scan(page, "address typed", found)
    page.get_by_label("Postcode").fill("")
    scan_error(page, "address typed", found)
    page.goto(site(f"/councils/{council.slug}/apply/address/"))
    page.get_by_label("2 addresses found").select_option(
        label="12 Axe Street, Northbridge, NB1 2AB"
    )
    click_continue(page)

    heading(page, "Does anyone else live with you?")
    page.get_by_label("Yes").check()
    click_continue(page)
    heading(page, "Tell us about someone who lives with you")
    scan(page, "add a person", found)
    scan_error(page, "add a person: several fields", found)
    page.get_by_label("First name").fill("Sam")
    page.get_by_label("Last name").fill("Axeworth")
    page.get_by_label("Day").fill("3")
    page.get_by_label("Month").fill("4")
    page.get_by_label("Year").fill("2016")
    page.get_by_label("My child").check()
    click_continue(page)
    heading(page, "You have added 1 person")
    scan(page, "people who live with you", found)
    scan_error(page, "people who live with you", found)
    page.get_by_role("link", name="Remove Sam Axeworth").click()
    scan(page, "remove a person", found)
    page.get_by_label("No").check()
    click_continue(page)
    page.get_by_label("No").check()
    click_continue(page)

    heading(page, "Do any of these apply to you or anyone you live with?")
    scan(page, "circumstances", found)
    scan_error(page, "circumstances: checkboxes", found)
    page.get_by_label("None of these").check()
    click_continue(page)
    heading(page, "Do you need any of these things?")
    scan(page, "items", found)
    page.get_by_label("A bed").check()
    click_continue(page)

    scan(page, "income", found)
    page.get_by_role("textbox").fill("lots")
    scan_error(page, "income: money", found)
    page.get_by_role("textbox").fill("80")
    click_continue(page)
    scan(page, "housing costs", found)
    page.get_by_role("textbox").fill("0")
    click_continue(page)
    scan(page, "renting", found)
    page.get_by_label("Yes").check()
    click_continue(page)
    scan(page, "rent", found)
    page.get_by_label("How much rent do you owe").fill("-3")
    scan_error(page, "rent", found)
    page.get_by_label("How much rent do you owe").fill("")
    click_continue(page)
    scan(page, "savings", found)
    page.get_by_role("textbox").fill("0")
    click_continue(page)

    heading(page, "How should we contact you?")
    scan(page, "contact", found)
    scan_error(page, "contact", found)
    page.get_by_label("Email", exact=True).check()
    click_continue(page)
    heading(page, "What is your email address?")
    scan(page, "email", found)
    page.get_by_role("textbox").fill("alex@")
    scan_error(page, "email", found)
    page.get_by_role("textbox").fill("alex@example.com")
    click_continue(page)
    scan(page, "consent", found)
    scan_error(page, "consent: one checkbox", found)
    page.get_by_label(re.compile("I agree to")).check()

    page.get_by_role("button", name="Save and come back later").click()
    heading(page, "Save your answers and come back later")
    scan(page, "save", found)
    scan_error(page, "save", found)
    page.get_by_label("Email address or mobile phone number").fill("alex@example.com")
    page.get_by_role("button", name="Save and send code").click()
    heading(page, "Your answers have been saved")
    scan(page, "saved", found)
    page.goto(site(f"/councils/{council.slug}/apply/return/"))
    scan(page, "return", found)
    scan_error(page, "return", found)

    page.goto(site(f"/councils/{council.slug}/apply/check-your-answers/"))
    heading(page, "Check your answers before sending your application")
    scan(page, "check answers", found)
    page.get_by_role("button", name="Send application").click()
    expect(page.locator(".govuk-panel")).to_be_visible()
    scan(page, "confirmation", found)

    assert found == {}, "\n".join(f"{name}: {describe(v)}" for name, v in found.items())
