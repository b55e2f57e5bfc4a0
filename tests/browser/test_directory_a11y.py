"""The one-stop shop's staff pages, in each state a person meets them in, pass an axe-core scan.

As for fulfilment, one person walks through many pages per test and every page's violations are
reported together.
"""

import pytest
from playwright.sync_api import Page

from onestop.councils.partner_staff import partner_membership_grant
from onestop.directory.referral_services import referral_send
from onestop.intake.models import Application
from tests.browser.conftest import PASSWORD, StaffAccount, World, sign_in
from tests.browser.test_fulfilment_a11y import Scans, Site, award_of, click, csv_file
from tests.factories import (
    load_directory,
    make_directory_service,
    make_organisation,
    make_other_support,
    make_referral_service,
    make_user,
)

pytestmark = pytest.mark.browser


def test_household_pages_have_no_accessibility_violations(
    page: Page, site: Site, world: World
) -> None:
    award = award_of(world, "e_voucher")
    application: Application = award.application
    household = application.household
    make_other_support(household=household)
    staff = f"/staff/{world.council.slug}"
    scans = Scans(page, site)
    sign_in(page, site, world.team_leader)

    page.goto(site(f"{staff}/households/{household.pk}/"))
    scans.shows(", ".join(household.postal_lines))
    scans.scan("household")

    scans.visit_and_scan(
        "record-other-support",
        f"{staff}/households/{household.pk}/other-support/new/",
        "Record other support",
    )
    click(page, "Record the support")
    scans.scan("record-other-support-with-errors", errors=True)

    scans.visit_and_scan(
        "import-other-support", f"{staff}/households/other-support/import/", "Import other support"
    )
    page.get_by_label("Upload a CSV file").set_input_files(
        csv_file("support.csv", "not,the,right,columns\n1,2,3,4\n")
    )
    click(page, "Import the file")
    scans.scan("import-other-support-with-errors", errors=True)

    scans.assert_no_violations()


def test_directory_pages_have_no_accessibility_violations(
    page: Page, site: Site, world: World
) -> None:
    load_directory(council=world.council)
    service = make_directory_service(council=world.council, name="Northshire Debt Advice")
    staff = f"/staff/{world.council.slug}/directory"
    scans = Scans(page, site)
    sign_in(page, site, world.admin)

    scans.visit_and_scan("services", f"{staff}/", "Directory of support services")
    scans.visit_and_scan("service", f"{staff}/{service.pk}/", "Northshire Debt Advice")
    scans.visit_and_scan(
        "change-service", f"{staff}/{service.pk}/change/", "Change Northshire Debt Advice"
    )
    scans.visit_and_scan("add-service", f"{staff}/add/", "Add a service")
    click(page, "Add the service")
    scans.scan("add-service-with-errors", errors=True)

    scans.assert_no_violations()


def test_referral_pages_have_no_accessibility_violations(
    page: Page, site: Site, world: World
) -> None:
    award = award_of(world, "e_voucher")
    application: Application = award.application
    partner = make_organisation(council=world.council, name="Northshire Food Bank")
    referral = referral_send(
        actor=world.adviser.membership.user,
        application=application,
        service=make_referral_service(council=world.council, partner=partner),
        needs="Food this week",
        consent=True,
    )
    email = "pat.partner@example.org"
    user = make_user(email=email, full_name="Pat Partner", password=PASSWORD)
    membership = partner_membership_grant(actor=None, user=user, organisation=partner)
    partner_account = StaffAccount(
        email=email, password=PASSWORD, name="Pat Partner", membership=membership
    )
    scans = Scans(page, site)

    sign_in(page, site, world.adviser)
    scans.visit_and_scan(
        "refer",
        f"/staff/{world.council.slug}/directory/referrals/{application.reference}/new/",
        "Refer to other support",
    )
    click(page, "Send the referrals")
    scans.scan("refer-with-errors", errors=True)
    scans.visit_and_scan(
        "case-with-a-referral",
        f"/staff/{world.council.slug}/cases/{application.reference}/",
        f"{application.applicant.full_name} {application.reference}",
    )
    page.get_by_role("button", name="Sign out").click()

    portal = f"/partners/{world.council.slug}/referrals"
    sign_in(page, site, partner_account)
    scans.visit_and_scan("partner-referrals", f"{portal}/", "Referrals")
    scans.visit_and_scan(
        "partner-referral", f"{portal}/{referral.pk}/", application.applicant.full_name
    )
    click(page, "Decline the referral")
    scans.scan("decline-without-a-reason", errors=True)
    scans.assert_no_violations()
