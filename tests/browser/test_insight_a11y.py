"""The service dashboard, with figures, filtered, empty and with wrong dates, passes an axe-core
scan, charts and all."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from onestop.insight.facts import facts_build
from onestop.intake.models import Channel
from onestop.policy.vocabulary import CrisisReason, Priority
from tests import factories
from tests.browser.conftest import World, sign_in
from tests.browser.test_fulfilment_a11y import Scans, Site, click, fill_date
from tests.insight.test_dashboard import make_case

pytestmark = pytest.mark.browser


def test_the_service_dashboard_has_no_accessibility_violations(
    page: Page, site: Site, world: World
) -> None:
    # A few weeks of work, so every chart and table has something in it.
    for days_ago, channel, outcome in (
        (3, Channel.WEB, "award"),
        (5, Channel.PHONE, "refuse"),
        (12, Channel.KIOSK, "award"),
        (20, Channel.WEB, "undecided"),
    ):
        make_case(
            world.scheme,
            days_ago=days_ago + timezone.localdate().weekday(),
            channel=channel,
            outcome=outcome,
            priority=Priority.HIGH,
            crisis_reason=CrisisReason.NO_MONEY_FOR_FOOD,
            address=factories.address_details(ward="Abbey & Priory"),
        )
    facts_build(council=world.council)
    scans = Scans(page, site)
    sign_in(page, site, world.team_leader)

    scans.visit_and_scan("dashboard", f"/staff/{world.council.slug}/insight/", "Service dashboard")
    expect(page.get_by_role("img", name="Applications each week")).to_be_visible()
    expect(page.get_by_role("table", name="By channel")).to_be_visible()

    page.get_by_label("Channel", exact=True).select_option(label="Online")
    click(page, "Show figures")
    expect(page.get_by_text("Applications matching: Online.")).to_be_visible()
    scans.scan("dashboard-filtered")

    page.get_by_label("Ward", exact=True).select_option(label="Abbey & Priory")
    page.get_by_label("Channel", exact=True).select_option(label="Kiosk")
    page.get_by_label("Priority", exact=True).select_option(label="All priorities")
    fill_date(page, "From", "1", "1", "2020")
    fill_date(page, "To", "31", "1", "2020")
    click(page, "Show figures")
    expect(page.get_by_role("img", name="Applications each week")).to_contain_text("No data")
    scans.scan("dashboard-with-no-figures")

    fill_date(page, "To", "1", "13", "2026")
    click(page, "Show figures")
    scans.scan("dashboard-with-errors", errors=True)

    scans.assert_no_violations()
