"""The kiosk in Chromium: a person applies to a reference, and when the kiosk is left alone,
nothing of them survives for the next person: not on screen, not behind Back, not in the session."""

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.sessions.backends.db import SessionStore
from playwright.sync_api import Page, expect

from onestop.intake.models import Application, Channel
from tests.browser.conftest import AXE_SCRIPT, REFERENCE_PATTERN, World
from tests.browser.test_accessibility import AXE_RUN, describe

pytestmark = pytest.mark.browser

Site = Callable[[str], str]
SHORT_TIMEOUT_SECONDS = 4


def heading(page: Page, text: str) -> None:
    expect(page.get_by_role("heading", name=text, level=1)).to_be_visible()


def click_continue(page: Page) -> None:
    page.get_by_role("button", name="Continue").click()


def adviser_numbers_shown(page: Page) -> None:
    bar = page.locator(".onestop-kiosk-bar")
    expect(bar).to_contain_text("01632 960000")
    expect(bar).to_contain_text("0808 157 0000")
    expect(bar.get_by_role("link", name="Start again or finish")).to_be_visible()


def test_a_person_applies_at_the_kiosk_and_the_screen_clears_after(
    page: Page, site: Site, world: World
) -> None:
    slug = world.council.slug
    page.goto(site(f"/councils/{slug}/kiosk/"))
    adviser_numbers_shown(page)
    page.get_by_role("button", name="Start").click()
    heading(page, "What has happened?")
    adviser_numbers_shown(page)
    # On a shared screen, Exit this page clears the kiosk rather than leaving for another site.
    expect(page.get_by_role("button", name="Exit this page")).to_have_attribute(
        "href", f"/councils/{slug}/kiosk/clear/"
    )
    # A kiosk page is scanned too. Its timed refresh is the point of the kiosk (it wipes the
    # last person's answers) and the page says so, so axe's meta-refresh rule is left out.
    page.add_script_tag(path=AXE_SCRIPT)
    violations = [v for v in page.evaluate(AXE_RUN)["violations"] if v["id"] != "meta-refresh"]
    assert violations == [], describe(violations)

    page.get_by_label("I have no money for gas or electricity").check()
    click_continue(page)
    click_continue(page)  # tell us more is optional
    page.get_by_label("First name").fill("Kit")
    page.get_by_label("Last name").fill("Kioskson")
    click_continue(page)
    page.get_by_label("Day").fill("5")
    page.get_by_label("Month").fill("6")
    page.get_by_label("Year").fill("1979")
    click_continue(page)
    page.get_by_label("Address line 1").fill("1 Kiosk Lane")
    page.get_by_label("Town or city").fill("Northtown")
    page.get_by_label("Postcode").fill("NT1 1AA")
    click_continue(page)
    page.get_by_label("No").check()
    click_continue(page)
    page.get_by_label("None of these").check()
    click_continue(page)
    for amount in ("60", "0"):
        page.get_by_role("textbox").fill(amount)
        click_continue(page)
    page.get_by_label("No").check()
    click_continue(page)
    page.get_by_role("textbox").fill("0")
    click_continue(page)
    page.get_by_label("Text message").check()
    click_continue(page)
    page.get_by_role("textbox").fill("07700 900777")
    click_continue(page)
    page.get_by_label(re.compile("I agree to")).check()
    click_continue(page)
    heading(page, "Check your answers before sending your application")
    adviser_numbers_shown(page)
    page.get_by_role("button", name="Send application").click()

    reference = page.locator(".onestop-kiosk-reference")
    expect(reference).to_have_text(re.compile(REFERENCE_PATTERN))
    application = Application.objects.get()
    assert application.reference == reference.inner_text()
    assert application.channel == Channel.KIOSK
    assert application.applicant.full_name == "Kit Kioskson"
    adviser_numbers_shown(page)
    page.get_by_role("button", name="Finish").click()
    expect(page.get_by_text("We cleared the screen")).to_be_visible()
    expect(page.get_by_text(application.reference)).to_have_count(0)


@pytest.fixture
def short_kiosk_timeout(settings: Any) -> None:
    """The live server runs in this process, so it reads the changed setting."""
    settings.KIOSK_INACTIVITY_SECONDS = SHORT_TIMEOUT_SECONDS


def session_data(page: Page) -> dict[str, Any]:
    cookies = {c["name"]: c["value"] for c in page.context.cookies()}
    return dict(SessionStore(session_key=cookies["sessionid"]).load())


def test_when_the_kiosk_is_left_alone_nothing_of_the_last_person_survives(
    page: Page, site: Site, world: World, short_kiosk_timeout: None
) -> None:
    slug = world.council.slug
    page.goto(site(f"/councils/{slug}/kiosk/"))
    page.get_by_role("button", name="Start").click()
    page.get_by_label("I am fleeing domestic abuse").check()
    click_continue(page)
    page.get_by_role("textbox").fill("He has the keys to the flat.")
    click_continue(page)
    heading(page, "What is your name?")
    page.get_by_label("First name").fill("Private")  # typed, never sent
    assert "He has the keys" in str(session_data(page))

    # Nobody touches the screen: the page's own timer opens the clear page, no script needed.
    expect(page.get_by_text("We cleared the screen")).to_be_visible(timeout=30_000)
    assert "He has the keys" not in str(session_data(page))
    assert not any(key.startswith("kiosk:") for key in session_data(page))

    # Back shows nothing the last person typed: the pages are not kept, and the server has
    # nothing to fill them with.
    page.go_back()
    heading(page, "What has happened?")  # the name page is asked for again, and redirected
    assert "Private" not in page.content()
    assert "He has the keys" not in page.content()
    for field in page.locator("input[type=text], textarea").all():
        expect(field).to_have_value("")
    expect(page.get_by_label("I am fleeing domestic abuse")).not_to_be_checked()

    # The next person starts with empty questions.
    page.goto(site(f"/councils/{slug}/kiosk/"))
    page.get_by_role("button", name="Start").click()
    heading(page, "What has happened?")
    for radio in page.get_by_role("radio").all():
        expect(radio).not_to_be_checked()
    answers = session_data(page).get(f"kiosk:{world.council.pk}", {}).get("answers")
    assert not answers
