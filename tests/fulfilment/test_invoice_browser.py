"""Invoice pages in a real browser: a supplier uploads a file (a bad one first), finance reads the
differences; every page in each state passes an axe-core scan."""

from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import FilePayload, Page, expect

from onestop.councils.models import Membership, Organisation
from tests.browser import conftest as browser
from tests.browser.conftest import World
from tests.browser.test_partner_portal import no_accessibility_violations
from tests.factories import (
    make_goods_order,
    make_supplier,
    make_supplier_invoice,
    make_supplier_membership,
)

pytestmark = pytest.mark.browser

# The browser tests' own fixtures, used here too: Debian's Chromium, the live site, two councils.
browser_type_launch_args = browser.browser_type_launch_args
site = browser.site
world = browser.world

Site = Callable[[str], str]
HEADER = "invoice_number,invoice_date,order_reference,amount\n"


def signed_in(page: Page, live_server: Any, membership: Membership) -> None:
    """Signed in with a session made directly: the supplier portal's home page, where the
    sign-in page sends supplier staff, is another part of the portal."""
    client = Client()
    client.force_login(membership.user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )


def csv_payload(text: str) -> FilePayload:
    return {"name": "may-invoice.csv", "mimeType": "text/csv", "buffer": text.encode()}


@pytest.fixture
def supplier(world: World) -> Organisation:
    return make_supplier(council=world.council, name="Northshire Beds Ltd")


def test_a_supplier_uploads_an_invoice_after_correcting_it(
    page: Page, site: Site, live_server: Any, world: World, supplier: Organisation
):
    bed = make_goods_order(supplier=supplier, total_pence=22_999)
    today = timezone.localdate().isoformat()
    signed_in(page, live_server, make_supplier_membership(organisation=supplier))
    slug = world.council.slug

    page.goto(site(f"/suppliers/{slug}/invoices/"))
    expect(page.get_by_role("heading", name="Your invoices", level=1)).to_be_visible()
    expect(page.get_by_text(bed.reference)).to_be_visible()  # delivered, not yet invoiced
    no_accessibility_violations(page)

    page.get_by_role("button", name="Upload an invoice").click()
    expect(page.get_by_role("heading", name="Upload an invoice", level=1)).to_be_visible()
    no_accessibility_violations(page)

    page.get_by_label("Upload a CSV file").set_input_files(
        csv_payload(HEADER + f"INV-77,{today},{bed.reference},two hundred\n")
    )
    page.get_by_role("button", name="Upload invoice").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page.locator("#file-problems")).to_contain_text("Line 2: the amount must be in pounds")
    no_accessibility_violations(page)

    page.get_by_label("Upload a CSV file").set_input_files(
        csv_payload(HEADER + f"INV-77,{today},{bed.reference},249.99\n")
    )
    page.get_by_role("button", name="Upload invoice").click()
    expect(page.get_by_role("heading", name="Invoice INV-77", level=1)).to_be_visible()
    expect(page.locator("#differences")).to_contain_text(
        "Invoiced £249.99 but the order is £229.99 (difference £20.00)"
    )
    no_accessibility_violations(page)


def test_finance_reads_the_invoices_and_their_differences(
    page: Page, site: Site, live_server: Any, world: World, supplier: Organisation
):
    order = make_goods_order(supplier=supplier, total_pence=10_000)
    make_goods_order(supplier=supplier, total_pence=6_000)  # delivered, not invoiced
    invoice = make_supplier_invoice(
        supplier=supplier, invoice_number="INV-5", lines=[(order.reference, 12_000)]
    )
    signed_in(page, live_server, world.finance.membership)

    page.goto(site(f"/staff/{world.council.slug}/invoices/"))
    expect(page.get_by_role("heading", name="Supplier invoices", level=1)).to_be_visible()
    expect(page.locator("#not-invoiced-orders")).to_be_visible()
    no_accessibility_violations(page)

    page.get_by_role("link", name="INV-5").click()
    expect(page.get_by_role("heading", name="Invoice INV-5", level=1)).to_be_visible()
    expect(page.locator("#differences")).to_contain_text(
        "Invoiced £120.00 but the order is £100.00 (difference £20.00)"
    )
    assert page.url.endswith(f"/invoices/{invoice.pk}/")
    no_accessibility_violations(page)
