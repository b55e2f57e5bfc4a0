"""The walk from a phone call to an e-voucher, in a real browser, as the staff would do it."""

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from onestop.core.money import format_pounds
from onestop.fulfilment.models import VoucherCode
from onestop.intake.models import Application, Assessment
from onestop.notifications.models import Message
from onestop.people.models import Household, Person
from tests.browser.conftest import (
    REFERENCE_PATTERN,
    StaffAccount,
    World,
    sign_in,
    sign_out,
)

pytestmark = pytest.mark.browser

Site = Callable[[str], str]


@dataclass(frozen=True)
class Caller:
    """What the applicant tells the adviser on the phone (synthetic, never a real person)."""

    first_name: str = "Morgan"
    last_name: str = "Testerton"
    born: tuple[str, str, str] = ("14", "3", "1988")
    mobile: str = "07700 900123"
    address_line_1: str = "12 Example Street"
    town: str = "Northtown"
    postcode: str = "NT1 2AB"
    partner_first_name: str = "Robin"
    partner_last_name: str = "Testerton"
    partner_born: tuple[str, str, str] = ("2", "11", "1990")
    details: str = "Their wages were paid late and the cupboards are empty."
    weekly_income: str = "120"
    weekly_rent: str = "85.50"
    savings: str = "0"


def applicant_field(page: Page, label: str) -> Locator:
    """A field about the applicant. Each "Other person" row repeats the same labels inside its
    own fieldset, after the applicant's, so the applicant's field is the first with the label."""
    return page.get_by_label(label, exact=True).first


def fill_date(group: Locator, day: str, month: str, year: str) -> None:
    group.get_by_label("Day").fill(day)
    group.get_by_label("Month").fill(month)
    group.get_by_label("Year").fill(year)


def fill_phone_application(page: Page, caller: Caller) -> None:
    """Every question on the phone application form, answered by its label."""
    page.get_by_role("group", name="Which scheme are they applying to?").get_by_label(
        "Crisis Payment"
    ).check()
    applicant_field(page, "First name").fill(caller.first_name)
    applicant_field(page, "Last name").fill(caller.last_name)
    fill_date(page.get_by_role("group", name="Date of birth", exact=True).first, *caller.born)
    page.get_by_role("group", name="How should we contact them about the decision?").get_by_label(
        "Text message"
    ).check()
    page.get_by_label("Mobile phone number").fill(caller.mobile)
    page.get_by_role(
        "group", name="Which language should letters and messages be in?"
    ).get_by_label("English").check()
    page.get_by_label("Address line 1").fill(caller.address_line_1)
    page.get_by_label("Town or city").fill(caller.town)
    page.get_by_label("Postcode").fill(caller.postcode)
    page.get_by_role("group", name="Does anyone else live with them?").get_by_label(
        "Yes", exact=True
    ).check()
    partner = page.get_by_role("group", name="Other person 1", exact=True)
    partner.get_by_label("First name").fill(caller.partner_first_name)
    partner.get_by_label("Last name").fill(caller.partner_last_name)
    fill_date(partner.get_by_role("group", name="Date of birth"), *caller.partner_born)
    partner.get_by_label("Relationship to the applicant").select_option(label="Partner")
    page.get_by_role("group", name="What is the main reason they need help?").get_by_label(
        "No money for food"
    ).check()
    page.get_by_label("Tell us more (optional)").fill(caller.details)
    page.get_by_label("Weekly household income").fill(caller.weekly_income)
    page.get_by_label("Weekly rent or mortgage").fill(caller.weekly_rent)
    page.get_by_label("Savings").fill(caller.savings)
    page.get_by_label("The applicant agrees").check()


def open_new_application(page: Page, site: Site, account: StaffAccount) -> None:
    sign_in(page, site, account)
    page.get_by_role("link", name="New application").click()
    # The console asks who the caller is first; this walk is about someone new.
    page.get_by_role("link", name="Start an empty application").click()
    expect(page.get_by_role("heading", name="New application", level=1)).to_be_visible()


def confirmed_reference(page: Page) -> str:
    panel = page.locator(".govuk-panel")
    expect(panel.get_by_role("heading", name="Application submitted")).to_be_visible()
    reference = panel.locator("strong")
    expect(reference).to_have_text(re.compile(REFERENCE_PATTERN))
    return reference.inner_text()


def summary_value(page: Page | Locator, key: str) -> Locator:
    """The value beside `key` in the first GOV.UK summary list row with that key, on the page
    or within a part of it."""
    # `has` takes a locator made from the page; it is matched inside each row.
    root = page.page if isinstance(page, Locator) else page
    row = page.locator(".govuk-summary-list__row").filter(
        has=root.locator(".govuk-summary-list__key", has_text=re.compile(f"^\\s*{key}\\s*$"))
    )
    return row.first.locator(".govuk-summary-list__value")


def test_adviser_takes_a_phone_application_and_a_decision_maker_awards_it(
    page: Page, site: Site, world: World
) -> None:
    caller = Caller()

    # The adviser takes the call.
    open_new_application(page, site, world.adviser)
    fill_phone_application(page, caller)
    page.get_by_role("button", name="Submit application").click()

    reference = confirmed_reference(page)
    expect(page.get_by_text(f"Read the reference to {caller.first_name}")).to_be_visible()
    expect(page.get_by_text("We will send a text message with the reference now.")).to_be_visible()
    sign_out(page)

    # The decision maker finds it in the work queue.
    sign_in(page, site, world.decision_maker)
    page.get_by_role("link", name="Work queue").first.click()
    expect(page.get_by_role("heading", name="Work queue", level=1)).to_be_visible()
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=reference))
    expect(row).to_contain_text(f"{caller.first_name} {caller.last_name}")
    expect(row).to_contain_text("Crisis Payment")
    expect(row).to_contain_text("High")  # no money for food is high priority
    row.get_by_role("link", name=reference).click()

    # The case: the rules' verdict, criterion by criterion.
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        f"{caller.first_name} {caller.last_name} {reference}"
    )
    expect(page.get_by_text("Awaiting decision", exact=True)).to_be_visible()
    assessment = page.get_by_role("table", name="Each rule and why")
    # However many rules the policy has, each one is shown, and each one is met.
    rules = assessment.locator("tbody").get_by_role("row")
    expect(rules.first).to_be_visible()
    expect(assessment.get_by_role("cell", name="Met", exact=True)).to_have_count(rules.count())
    expect(assessment.get_by_role("cell", name="Not met", exact=True)).to_have_count(0)
    # The award the policy proposes, as stored with the assessment: the page must show it.
    proposed_pence = (
        Assessment.objects.filter(application__reference=reference)
        .values_list("proposed_award_pence", flat=True)
        .first()
    )
    assert proposed_pence, "an eligible application has a proposed award"
    proposed = format_pounds(proposed_pence)
    expect(summary_value(page, "The policy says")).to_have_text("Eligible")
    expect(summary_value(page, "Proposed award")).to_have_text(proposed)
    household = page.get_by_role("table", name="Who lives there, as the application says")
    partner = household.get_by_role("row").filter(
        has_text=f"{caller.partner_first_name} {caller.partner_last_name}"
    )
    expect(partner).to_contain_text("2 November 1990")

    # The decision.
    page.get_by_role("button", name="Decide", exact=True).click()
    expect(page.get_by_role("heading", name="Decide this application", level=1)).to_be_visible()
    page.get_by_role("group", name="What is your decision?").get_by_label(
        "Award", exact=True
    ).check()
    amount = page.get_by_label("Amount to award")
    expect(amount).to_be_visible()
    expect(amount).to_have_value(proposed.removeprefix("£"))  # prefilled from the assessment
    page.get_by_label("Reasons for the decision").fill(
        "You have no money for food and you meet every rule of the Crisis Payment scheme."
    )
    page.get_by_role("button", name="Record decision").click()

    # Back on the case: awarded, vouchers issued, the applicant told, the letter written.
    expect(page.get_by_text(f"Decision recorded for {reference}.")).to_be_visible()
    expect(page.get_by_text("Awarded", exact=True).first).to_be_visible()
    expect(summary_value(page, "Outcome")).to_have_text(f"Award {proposed}")
    expect(summary_value(page, "Decided by")).to_contain_text("Dev Decider")
    expect(summary_value(page, "Follows the assessment")).to_have_text("Yes")

    issued = list(
        VoucherCode.objects.filter(award__application__reference=reference)
        .order_by("code")
        .values_list("code", "value_pence")
    )
    assert issued, "codes were issued from stock straight after the decision"
    assert sum(value for _, value in issued) == proposed_pence
    codes = [code for code, _ in issued]
    # The award panel: staff see each code's last four characters, never the whole code.
    panel = page.locator("#awards ~ dl.govuk-summary-list").first
    expect(summary_value(panel, "Award")).to_have_text(f"E-voucher, {proposed}")
    expect(summary_value(panel, "Status")).to_have_text("Fulfilled")
    vouchers = summary_value(panel, "Tesco e-vouchers")
    for code in codes:
        expect(vouchers).to_contain_text(f"ending {code[-4:]}")
        expect(vouchers).not_to_contain_text(code)

    sent = page.get_by_role("table", name="Messages to the applicant").locator("tbody tr")
    expect(sent).to_have_count(3)
    received = sent.filter(has_text="we have your Crisis Payment application")
    expect(received).to_contain_text("Text message, sent")
    expect(received).to_contain_text(f"Your reference is {reference}")
    approved = sent.filter(has_text=f"your application {reference} has been approved")
    expect(approved).to_contain_text(f"We have awarded {proposed}")
    voucher = sent.filter(has_text=f"here is your {proposed} e-voucher for Tesco")
    for code in codes:
        expect(voucher).to_contain_text(code)
    assert set(
        Message.objects.filter(case_reference=reference).values_list("recipient", flat=True)
    ) == {caller.mobile}
    letters = page.get_by_role("table", name="Letters to the applicant")
    expect(letters).to_contain_text("Decision: award (English)")

    timeline = page.locator(".moj-timeline__item")
    expect(timeline.filter(has_text="Application taken (phone)")).to_contain_text("by Ada Adviser")
    expect(timeline.filter(has_text="Assessed as eligible")).to_have_count(1)
    expect(timeline.filter(has_text=f"Awarded {proposed}")).to_contain_text("by Dev Decider")
    expect(timeline.filter(has_text=f"{proposed} committed from")).to_have_count(1)
    expect(
        timeline.filter(has_text=f"Issued {len(codes)} e-voucher code").filter(has_text="Tesco")
    ).to_have_count(1)
    # Opened once to decide, and again when the decision brought them back to it.
    # Each opening of the case is on the timeline with who opened it ("Case viewed ... by Dev
    # Decider"), whether the name is in the title or the byline.
    views = timeline.filter(has_text=re.compile(r"^\s*Case viewed")).filter(has_text="Dev Decider")
    expect(views.first).to_be_visible()
    assert views.count() >= 2
    expect(page.get_by_role("button", name="Decide", exact=True)).to_have_count(0)


def test_a_council_cannot_see_another_councils_case(page: Page, site: Site, world: World) -> None:
    open_new_application(page, site, world.adviser)
    fill_phone_application(page, Caller())
    page.get_by_role("button", name="Submit application").click()
    reference = confirmed_reference(page)
    sign_out(page)

    sign_in(page, site, world.other_decision_maker)
    page.goto(site(f"/staff/{world.other_council.slug}/cases/{reference}/"))
    expect(page.get_by_role("heading", name="Page not found", level=1)).to_be_visible()
    page.goto(site(f"/staff/{world.council.slug}/cases/{reference}/"))
    expect(page.get_by_role("heading", name="Page not found", level=1)).to_be_visible()
    page.goto(site(f"/staff/{world.other_council.slug}/cases/queue/"))
    expect(page.get_by_text("There is nothing waiting for a decision.")).to_be_visible()


def test_submitting_the_same_form_twice_creates_one_application(
    page: Page, site: Site, world: World
) -> None:
    open_new_application(page, site, world.adviser)
    fill_phone_application(page, Caller())

    # The first submission's response never reaches the adviser (a dropped connection, say)...
    first_landing = page.evaluate(
        """async () => {
            const form = document.querySelector("form[method=post][autocomplete=off]");
            const response = await fetch(form.action, {method: "POST", body: new FormData(form)});
            return response.url;
        }"""
    )
    # ...so they press the button again on the same page, with the same answers.
    page.get_by_role("button", name="Submit application").click()
    reference = confirmed_reference(page)

    assert first_landing.endswith(f"/applications/{reference}/submitted/")
    assert Application.objects.count() == 1
    assert Application.objects.get().reference == reference
    assert Person.objects.count() == 2  # the applicant and their partner, once each
    assert Message.objects.filter(template="application_received").count() == 1


def test_a_form_with_mistakes_shows_what_to_fix_and_saves_nothing(
    page: Page, site: Site, world: World
) -> None:
    caller = Caller()
    # A month ahead, so no difference between the server's and the UK's calendar day matters.
    future = timezone.localdate() + datetime.timedelta(days=30)
    open_new_application(page, site, world.adviser)
    fill_phone_application(page, caller)
    fill_date(
        page.get_by_role("group", name="Date of birth", exact=True).first,
        str(future.day),
        str(future.month),
        str(future.year),
    )
    page.get_by_label("Postcode").fill("NOTAPOSTCODE")
    page.get_by_label("Weekly household income").fill("-5")
    # "Yes", someone lives with them, but nobody entered.
    partner = page.get_by_role("group", name="Other person 1", exact=True)
    partner.get_by_label("First name").fill("")
    partner.get_by_label("Last name").fill("")
    fill_date(partner.get_by_role("group", name="Date of birth"), "", "", "")
    partner.get_by_label("Relationship to the applicant").select_option(label="Choose")
    page.get_by_role("button", name="Submit application").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()  # GOV.UK Frontend moves focus to the summary
    expect(page).to_have_title(re.compile(r"^Error: "))
    expected = [
        (
            "Date of birth must be in the past",
            "#date_of_birth_day",
            page.locator("#date_of_birth_day"),
        ),
        ("Enter a real postcode, like SW1A 2AA", "#postcode", page.get_by_label("Postcode")),
        (
            "Enter the details of at least one other person who lives with them, or select "
            "that they live alone",
            "#lives_with_others",
            page.get_by_role("radio", name="No, they live alone"),
        ),
        (
            "Weekly household income must be £0 or more",
            "#weekly_income",
            page.get_by_label("Weekly household income"),
        ),
    ]
    links = summary.get_by_role("link")
    expect(links).to_have_text([text for text, _, _ in expected])
    for text, anchor, field in expected:
        link = summary.get_by_role("link", name=text)
        expect(link).to_have_attribute("href", anchor)
        link.click()
        expect(field).to_be_focused()

    # Each message is also shown at its field, and the answers given are kept.
    expect(page.locator("#date_of_birth-error")).to_contain_text(
        "Date of birth must be in the past"
    )
    expect(page.locator("#postcode-error")).to_contain_text("Enter a real postcode")
    expect(page.locator("#weekly_income-error")).to_contain_text("must be £0 or more")
    expect(page.locator("#lives_with_others-error")).to_contain_text(
        "Enter the details of at least one"
    )
    expect(page.get_by_label("Postcode")).to_have_value("NOTAPOSTCODE")
    expect(applicant_field(page, "First name")).to_have_value(caller.first_name)

    assert Application.objects.count() == 0
    assert Person.objects.count() == 0
    assert Household.objects.count() == 0
    assert Message.objects.count() == 0


def test_answers_that_are_too_long_get_plain_english_messages(
    page: Page, site: Site, world: World
) -> None:
    open_new_application(page, site, world.adviser)
    fill_phone_application(page, Caller())
    page.get_by_label("Mobile phone number").fill("07700 900123 " + "9" * 20)
    page.get_by_label("Address line 2 (optional)").fill("Flat 1, " + "Long Building " * 15)
    page.get_by_label("Tell us more (optional)").fill("Their wages were late. " * 90)
    page.get_by_role("button", name="Submit application").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    links = summary.get_by_role("link")
    expect(links).to_have_count(3)
    for index, anchor in enumerate(["#phone", "#address_line_2", "#crisis_details"]):
        expect(links.nth(index)).to_have_attribute("href", anchor)
    # GOV.UK style says what to do in the words of the question, never Django's default text.
    django_defaults = [text for text in links.all_inner_texts() if "Ensure this value" in text]
    assert django_defaults == []
    assert Application.objects.count() == 0
