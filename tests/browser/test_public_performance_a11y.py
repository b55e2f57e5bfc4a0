"""The public performance page passes an axe-core scan in Chromium: last quarter's figures with
small numbers hidden, another period chosen with the form, and the page in Welsh.

One test walks through them all: each browser test costs seconds.
"""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from onestop.insight.models import DailyFact, FactBuild, FactMeasure
from onestop.insight.selectors.public import last_full_month, last_full_quarter
from onestop.intake.models import Channel
from onestop.notifications.language import written_date
from tests.browser.conftest import World
from tests.browser.test_fulfilment_a11y import Scans, Site, click
from tests.factories import make_scheme

pytestmark = pytest.mark.browser


def fact(world: World, scheme, day: datetime.date, measure: str, channel: str, count: int):
    return DailyFact(
        council=world.council,
        scheme=scheme,
        day=day,
        measure=measure,
        channel=channel,
        priority="medium",
        crisis_reason="loss_of_income",
        household_type="other",
        count=count,
        pence=count * 6_000 if measure == FactMeasure.AWARDED else 0,
        hours=count * 20.0 if measure == FactMeasure.DECIDED else 0.0,
    )


def test_public_performance_page_passes_axe(page: Page, site: Site, world: World) -> None:
    today = timezone.localdate()
    quarter, month = last_full_quarter(today), last_full_month(today)
    items = make_scheme(council=world.council, name="Household Items", slug="household-items")
    crisis = world.scheme
    rows = []
    for day in (quarter.start + datetime.timedelta(days=3), month.start):
        rows += [
            fact(world, crisis, day, FactMeasure.APPLIED, Channel.WEB, 40),
            fact(world, crisis, day, FactMeasure.APPLIED, Channel.PHONE, 12),
            fact(world, crisis, day, FactMeasure.APPLIED, Channel.KIOSK, 2),
            fact(world, crisis, day, FactMeasure.DECIDED, Channel.WEB, 30),
            fact(world, crisis, day, FactMeasure.AWARDED, Channel.WEB, 22),
            fact(world, crisis, day, FactMeasure.DECIDED_IN_TIME, Channel.WEB, 27),
            fact(world, crisis, day, FactMeasure.REVIEW_ASKED, Channel.WEB, 3),
            fact(world, items, day, FactMeasure.APPLIED, Channel.WEB, 9),
            fact(world, items, day, FactMeasure.DECIDED, Channel.WEB, 4),
            fact(world, items, day, FactMeasure.AWARDED, Channel.WEB, 4),
        ]
    DailyFact.objects.bulk_create(rows)
    FactBuild.objects.create(council=world.council, changes_until=timezone.now())
    address = f"/councils/{world.council.slug}/performance/"
    scans = Scans(page, site)

    scans.visit_and_scan("last quarter", address, "Crisis support figures")
    expect(page.get_by_role("heading", name=quarter.name, level=2)).to_be_visible()
    expect(page.get_by_text("fewer than 5").first).to_be_visible()

    page.get_by_label("Show figures for").select_option(month.key)
    click(page, "Show figures")
    expect(page.get_by_role("heading", name=month.name, level=2)).to_be_visible()
    scans.scan("last month")

    page.get_by_role("link", name="Cymraeg").click()
    welsh_month = written_date(month.start, "cy").split(" ", 1)[1]
    expect(page.get_by_role("heading", name=welsh_month, level=2)).to_be_visible()
    scans.scan("in Welsh")

    scans.assert_no_violations()
