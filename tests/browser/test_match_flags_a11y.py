"""The pages for working through duplicate and fraud flags, in each state a person meets them
in, pass an axe-core scan: the list, each kind of flag, an answer with errors, an answered flag,
the thresholds and the case page's panel."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from onestop.people.duplicates.selectors import flag_headline
from tests.browser.conftest import World, sign_in
from tests.browser.test_fulfilment_a11y import Scans, Site, click
from tests.factories import (
    address_details,
    make_address_flag,
    make_bank_account_flag,
    make_duplicate_flag,
    person_details,
    submit_application,
)

pytestmark = pytest.mark.browser


def test_match_flag_pages_have_no_accessibility_violations(
    page: Page, site: Site, world: World
) -> None:
    born = datetime.date(1988, 3, 14)
    jane = submit_application(
        scheme=world.scheme,
        applicant=person_details(first_name="Jane", last_name="Smith", date_of_birth=born),
    )
    jane_again = submit_application(
        scheme=world.scheme,
        applicant=person_details(first_name="Jane", last_name="Smyth", date_of_birth=born),
    )
    duplicate = make_duplicate_flag(person=jane.applicant, other_person=jane_again.applicant)
    payees = [submit_application(scheme=world.scheme).applicant for _ in range(3)]
    bank_flag = make_bank_account_flag(people=payees)
    acacia_road = address_details(address_line_1="12 Acacia Road", postcode="NB1 4XY")
    at_address = [submit_application(scheme=world.scheme, address=acacia_road) for _ in range(3)]
    address_flag = make_address_flag(
        household=at_address[0].household, references=[a.reference for a in at_address]
    )
    flags = f"/staff/{world.council.slug}/people/flags"
    scans = Scans(page, site)
    sign_in(page, site, world.team_leader)

    scans.visit_and_scan("flags", f"{flags}/", "Possible duplicates and signals")
    scans.visit_and_scan(
        "flags-confirmed", f"{flags}/?status=confirmed&kind=", "Possible duplicates and signals"
    )
    scans.visit_and_scan("bank-account-flag", f"{flags}/{bank_flag.pk}/", flag_headline(bank_flag))
    scans.visit_and_scan("address-flag", f"{flags}/{address_flag.pk}/", flag_headline(address_flag))
    scans.visit_and_scan("duplicate-flag", f"{flags}/{duplicate.pk}/", flag_headline(duplicate))
    click(page, "Save your answer")
    scans.scan("answer-with-errors", errors=True)

    page.get_by_label("No, they are different people").check()
    page.get_by_label("Why?").fill("Different middle names on their letters; sisters-in-law.")
    click(page, "Save your answer")
    expect(
        page.get_by_text("You recorded that Jane Smith and Jane Smyth are different people.")
    ).to_be_visible()
    scans.scan("flags-after-an-answer")
    scans.visit_and_scan("answered-flag", f"{flags}/{duplicate.pk}/", flag_headline(duplicate))

    scans.visit_and_scan(
        "case-with-flags",
        f"/staff/{world.council.slug}/cases/{at_address[0].reference}/",
        f"{at_address[0].applicant.full_name} {at_address[0].reference}",
    )

    scans.visit_and_scan("thresholds", f"{flags}/thresholds/", "Thresholds for raising flags")
    page.get_by_label("How likely must two records be to belong to one person?").fill("50")
    page.get_by_label("Within how many days?").fill("")
    click(page, "Save thresholds")
    scans.scan("thresholds-with-errors", errors=True)

    scans.assert_no_violations()
