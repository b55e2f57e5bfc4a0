"""The pages on which council staff record an organisation's reply to a referral and its outcome,
for an organisation that does not use the partner portal, pass an axe-core scan in each state a
person meets them in: empty, with errors, and on the case afterwards.
"""

import pytest
from playwright.sync_api import Page, expect

from onestop.directory.referral_services import referral_send
from onestop.intake.models import Application
from tests.browser.conftest import World, sign_in
from tests.browser.test_fulfilment_a11y import Scans, Site, award_of, click
from tests.factories import make_referral_service

pytestmark = pytest.mark.browser


def test_recording_pages_have_no_accessibility_violations(
    page: Page, site: Site, world: World
) -> None:
    award = award_of(world, "e_voucher")
    application: Application = award.application
    service = make_referral_service(council=world.council, name="Hillside food parcels")
    organisation = service.organization.name
    referral = referral_send(
        actor=world.adviser.membership.user,
        application=application,
        service=service,
        needs="Food this week",
        consent=True,
    )
    recording = f"/staff/{world.council.slug}/directory/referrals/{application.reference}"
    scans = Scans(page, site)
    sign_in(page, site, world.adviser)

    scans.visit_and_scan(
        "record-reply", f"{recording}/{referral.pk}/reply/", f"Record {organisation}'s reply"
    )
    click(page, "Record the reply")
    scans.scan("record-reply-with-errors", errors=True)
    page.get_by_label(f"{organisation} cannot take the referral").check()
    click(page, "Record the reply")
    scans.scan("record-reply-without-a-reason", errors=True)
    page.get_by_label(f"{organisation} accepted the referral").check()
    page.get_by_label("If it cannot take the referral, why not?").fill("")
    click(page, "Record the reply")
    expect(page.get_by_text(f"Recorded that {organisation} accepted the referral.")).to_be_visible()
    scans.scan("case-with-an-accepted-referral")

    page.get_by_role("link", name="Record the outcome").click()
    scans.shows("Record the outcome")
    scans.scan("record-outcome")
    click(page, "Record the outcome")
    scans.scan("record-outcome-with-errors", errors=True)
    page.get_by_label("What came of the referral?").fill("Food parcel collected on Tuesday")
    click(page, "Record the outcome")
    expect(page.get_by_text("Outcome recorded.")).to_be_visible()
    scans.scan("case-with-an-outcome")

    scans.visit_and_scan(
        "update-outcome", f"{recording}/{referral.pk}/outcome/", "Update the outcome"
    )

    scans.assert_no_violations()
