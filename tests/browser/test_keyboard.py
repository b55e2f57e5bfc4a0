"""The staff pages can be used with a keyboard alone: Tab, typing, Space, arrow keys and Enter."""

import re
from collections.abc import Callable
from typing import Literal

import pytest
from playwright.sync_api import Locator, Page, expect

from onestop.intake.models import Application
from tests.browser.conftest import REFERENCE_PATTERN, World, sign_in

pytestmark = pytest.mark.browser

Site = Callable[[str], str]
FirstRole = Literal["textbox", "link"]


def tab_to(page: Page, field: Locator) -> None:
    """One press of Tab must land on exactly this field: the next one in the page's order."""
    page.keyboard.press("Tab")
    expect(field).to_be_focused()


def skip_to_main_content(page: Page) -> None:
    """The skip link is the first thing Tab reaches, and it moves focus to the main content."""
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    # Hidden until focused, then shown for sighted keyboard users (not a 1px clip any more).
    box = skip_link.bounding_box()
    assert box is not None
    assert box["width"] > 1
    assert box["height"] > 1
    page.keyboard.press("Enter")
    expect(page.locator("main#main-content")).to_be_focused()


# What the adviser does when focus reaches each field, by the field's id. Every other field
# is passed over with Tab, as an adviser would for questions that do not apply.
TYPE = "type"
SPACE = "space"
ANSWERS: dict[str, tuple[str, str]] = {
    "scheme": (SPACE, ""),  # the first (here the only) scheme: Crisis Payment
    "first_name": (TYPE, "Morgan"),
    "last_name": (TYPE, "Keyes"),
    "date_of_birth_day": (TYPE, "14"),
    "date_of_birth_month": (TYPE, "3"),
    "date_of_birth_year": (TYPE, "1988"),
    "contact_preference": (SPACE, ""),  # the first choice: text message
    "phone": (TYPE, "07700 900456"),
    "address_line_1": (TYPE, "3 Keyboard Row"),
    "town": (TYPE, "Northtown"),
    "postcode": (TYPE, "NT2 4CD"),
    "lives_with_others": ("ArrowRight", ""),  # from "No, they live alone" on to "Yes"
    "members-0-first_name": (TYPE, "Robin"),
    "members-0-last_name": (TYPE, "Keyes"),
    "members-0-date_of_birth_day": (TYPE, "2"),
    "members-0-date_of_birth_month": (TYPE, "11"),
    "members-0-date_of_birth_year": (TYPE, "1990"),
    "members-0-relationship": (TYPE, "Partner"),  # a closed select chooses the option typed
    "crisis_reason": (SPACE, ""),  # the first choice: no money for food
    "crisis_details": (TYPE, "No food until payday."),
    "weekly_income": (TYPE, "95"),
    "weekly_housing_costs": (TYPE, "70"),
    "savings": (TYPE, "0"),
    "consent": (SPACE, ""),
}

# The stops Tab should make in the main content, in the order of the page: every visible
# control and link; for a group of radios, the one that is chosen, or the first if none is.
EXPECTED_TAB_STOPS = """() => {
    const stops = [];
    const seenRadioGroups = new Set();
    const candidates = document.querySelectorAll(
        "main input, main select, main textarea, main button, main a[href]");
    for (const el of candidates) {
        if (el.type === "hidden" || el.disabled || el.tabIndex < 0) continue;
        if (el.getClientRects().length === 0) continue;
        if (el.type === "radio") {
            if (seenRadioGroups.has(el.name)) continue;
            seenRadioGroups.add(el.name);
            const group = [...document.getElementsByName(el.name)];
            stops.push((group.find((radio) => radio.checked) || group[0]).id);
            continue;
        }
        stops.push(el.id || el.name || el.textContent.trim());
    }
    return stops;
}"""
FOCUSED = (
    "() => { const el = document.activeElement; return el.id || el.name || el.textContent.trim(); }"
)
SUBMIT = "Submit application"


def test_an_adviser_completes_the_application_form_with_the_keyboard_alone(
    page: Page, site: Site, world: World
) -> None:
    sign_in(page, site, world.adviser)
    page.goto(site(f"/staff/{world.council.slug}/applications/new/"))
    expect(page.get_by_role("heading", name="New application", level=1)).to_be_visible()
    expected_stops: list[str] = page.evaluate(EXPECTED_TAB_STOPS)
    assert expected_stops[-1] == SUBMIT
    assert set(ANSWERS) <= set(expected_stops), "every question needed is on the page"
    skip_to_main_content(page)

    stops: list[str] = []
    for _ in expected_stops:
        page.keyboard.press("Tab")
        focused: str = page.evaluate(FOCUSED)
        stops.append(focused)
        action, text = ANSWERS.get(focused, ("", ""))
        field = page.locator(f"[id='{focused}']")
        if action == TYPE:
            page.keyboard.type(text)
            if field.evaluate("el => el.tagName") == "SELECT":
                expect(field.locator("option:checked")).to_have_text(text)
            else:
                expect(field).to_have_value(text)
        elif action == SPACE:
            page.keyboard.press("Space")
            expect(field).to_be_checked()
        elif action:
            page.keyboard.press(action)
        if focused == SUBMIT:
            break
    # Focus went through every field, in the order of the page, and ended on the button.
    assert stops == expected_stops

    for chosen in ("Crisis Payment", "Text message", "Yes", "No money for food"):
        expect(page.get_by_role("radio", name=chosen, exact=True)).to_be_checked()
    expect(page.get_by_role("checkbox", name="The applicant agrees")).to_be_checked()
    page.keyboard.press("Enter")

    panel = page.locator(".govuk-panel")
    expect(panel.get_by_role("heading", name="Application submitted")).to_be_visible()
    expect(panel.locator("strong")).to_have_text(re.compile(REFERENCE_PATTERN))
    application = Application.objects.get()
    assert application.reference == panel.locator("strong").inner_text()
    assert application.applicant.full_name == "Morgan Keyes"
    assert application.applicant.contact_preference == "sms"
    assert application.crisis_reason == "no_money_for_food"
    assert application.members.get().relationship == "partner"


@pytest.mark.parametrize(
    ("who", "path", "first_in_main"),
    [
        pytest.param(None, "/staff/sign-in/", ("textbox", "Email address"), id="sign-in"),
        pytest.param("adviser", "/staff/{slug}/", ("link", "Take an application"), id="staff-home"),
        pytest.param(
            "decision_maker",
            "/staff/{slug}/cases/",
            ("textbox", "Application reference"),
            id="find-a-case",
        ),
    ],
)
def test_the_skip_link_comes_first_and_moves_focus_to_the_main_content(
    page: Page,
    site: Site,
    world: World,
    who: str | None,
    path: str,
    first_in_main: tuple[FirstRole, str],
) -> None:
    if who is not None:
        sign_in(page, site, world.staff(who))
    page.goto(site(path.format(slug=world.council.slug)))
    skip_to_main_content(page)
    role, name = first_in_main
    # The next Tab goes on from the start of the main content, past the header and navigation.
    tab_to(page, page.get_by_role(role, name=name))
