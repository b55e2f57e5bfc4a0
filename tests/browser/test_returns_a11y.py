"""The management return pages, in each state a finance officer meets them in, pass an
axe-core scan: the periods, a period to sign off (and with errors), signed off, changed since
sign-off, and a period still in progress.

As for fulfilment, one person walks through every page and the violations are reported together.
"""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from onestop.fulfilment.services.returns import award_return
from onestop.insight.returns.periods import period_containing
from onestop.intake.models import Channel
from onestop.policy.models import AwardType
from onestop.policy.vocabulary import CrisisReason
from tests.browser.conftest import World, sign_in
from tests.browser.test_fulfilment_a11y import Scans, Site, click
from tests.insight.test_returns import Awards, in_period

pytestmark = pytest.mark.browser


def test_return_pages_have_no_accessibility_violations(
    page: Page, site: Site, world: World
) -> None:
    current = period_containing(timezone.localdate())
    ended = current.previous()
    make = Awards(world.council)
    make.award(on=in_period(ended, 10), award_type=AwardType.CASH_OUT, amount_pence=4_000)
    returned_later = make.award(
        on=in_period(ended, 20),
        award_type=AwardType.PREPAID_CARD,
        amount_pence=6_000,
        channel=Channel.PROACTIVE,
        crisis_reason=CrisisReason.NO_MONEY_FOR_FUEL,
        age=70,
    )
    returns = f"/staff/{world.council.slug}/insight/returns"
    scans = Scans(page, site)
    sign_in(page, site, world.finance)

    scans.visit_and_scan("periods", f"{returns}/", "Management returns")
    scans.visit_and_scan(
        "period-to-sign-off", f"{returns}/{ended.code}/", f"Management return for {ended.name}"
    )
    click(page, "Sign off the return")
    scans.scan("sign-off-with-errors", errors=True)

    page.get_by_label("I confirm these figures are correct").check()
    page.get_by_label("Name of the finance director who approved the return").fill(
        "Jordan Director"
    )
    click(page, "Sign off the return")
    expect(page.get_by_text(f"The return for {ended.name} is signed off.")).to_be_visible()
    scans.scan("signed-off")

    award_return(actor=None, award=returned_later, reason="The card was not collected.")
    page.reload()
    expect(page.get_by_text("These figures are different from the ones")).to_be_visible()
    scans.scan("changed-since-sign-off")
    scans.visit_and_scan("periods-with-a-change", f"{returns}/", "Management returns")

    scans.visit_and_scan(
        "period-in-progress",
        f"{returns}/{current.code}/",
        f"Management return for {current.name}",
    )
    scans.assert_no_violations()
