"""Every fulfilment page, in each state a person meets it in, passes an axe-core scan in Chromium.

Each test builds its data once and walks one person through many pages, scanning each, so the
live server and the world are set up once per role rather than once per page; a test fails
listing every page that had violations, not only the first.
"""

import datetime
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import FilePayload, Page, expect

from onestop.councils.models import Organisation
from onestop.councils.partner_staff import partner_membership_grant
from onestop.fulfilment.models import (
    Award,
    BankPayment,
    CardLoad,
    FulfilmentRequest,
    FulfilmentRequestStatus,
    GoodsOrder,
    PaymentFile,
    SupplierInvoice,
)
from onestop.fulfilment.services.goods import order_fail
from onestop.fulfilment.services.payments import payment_bounce_record
from onestop.intake.models import Application
from onestop.policy.models import Scheme
from tests.browser.conftest import AXE_SCRIPT, PASSWORD, StaffAccount, World, sign_in
from tests.browser.test_accessibility import AXE_RUN, describe
from tests.factories import (
    make_award_for_person,
    make_budget,
    make_catalogue_item,
    make_failed_fulfilment,
    make_goods_order,
    make_payment_file,
    make_placed_goods_order,
    make_queued_payment,
    make_scheme,
    make_supplier,
    make_supplier_invoice,
    make_typed_award,
    make_user,
    person_details,
    submit_application,
)

pytestmark = pytest.mark.browser

Site = Callable[[str], str]
SUPPORTED = re.compile(r"\bgovuk-frontend-supported\b")


class Scans:
    """Scans pages in turn and keeps each page's violations, to report them all at the end."""

    def __init__(self, page: Page, site: Site) -> None:
        self.page = page
        self.site = site
        self.violations: dict[str, list[dict[str, Any]]] = {}
        self.scanned: list[str] = []

    def visit(self, path: str, h1: str) -> None:
        self.page.goto(self.site(path))
        self.shows(h1)

    def shows(self, h1: str) -> None:
        expect(self.page.get_by_role("heading", name=h1, level=1)).to_be_visible()

    def scan(self, name: str, *, errors: bool = False) -> None:
        page = self.page
        if errors:
            expect(page.locator(".govuk-error-summary")).to_be_visible()
        # The scan means something only on the page as people see it: styled, and with
        # GOV.UK Frontend's JavaScript run (it adds this class to the body).
        expect(page.locator("body")).to_have_class(SUPPORTED)
        expect(page.locator("h1").first).to_have_css("font-family", re.compile("GDS Transport"))
        page.add_script_tag(path=AXE_SCRIPT)
        found = page.evaluate(AXE_RUN)["violations"]
        self.scanned.append(name)
        if found:
            self.violations[name] = found

    def visit_and_scan(self, name: str, path: str, h1: str) -> None:
        self.visit(path, h1)
        self.scan(name)

    def assert_no_violations(self) -> None:
        report = "\n\n".join(
            f"[{name}] {describe(found)}" for name, found in self.violations.items()
        )
        assert not self.violations, (
            f"{len(self.violations)} of {len(self.scanned)} pages have violations:\n\n{report}"
        )


def click(page: Page, button: str) -> None:
    page.get_by_role("button", name=button, exact=True).click()


def csv_file(name: str, text: str) -> FilePayload:
    return {"name": name, "mimeType": "text/csv", "buffer": text.encode()}


def fill_date(page: Page, legend: str, day: str, month: str, year: str) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(day)
    group.get_by_label("Month").fill(month)
    group.get_by_label("Year").fill(year)


def award_of(world: World, award_type: str, **kwargs: Any) -> Award:
    decision = make_typed_award(award_type=award_type, council=world.council, **kwargs)
    assert decision.award is not None
    return decision.award


# --- The data each role's pages show -------------------------------------------------------


def failed_and_waiting(world: World) -> FulfilmentRequest:
    """A cash-out award the outbox gave up on, and one waiting more than an hour."""
    failed = make_failed_fulfilment(
        council=world.council,
        award_type="cash_out",
        error="The cash-out provider refused the award. Call the provider, then try again.",
    )
    waiting = award_of(world, "cash_out", amount_pence=4_000)
    FulfilmentRequest.objects.filter(award=waiting).update(
        status=FulfilmentRequestStatus.PENDING,
        attempts=2,
        last_error="The cash-out provider did not answer. It is tried again automatically.",
        created_at=timezone.now() - datetime.timedelta(hours=3),
        next_attempt_at=timezone.now() + datetime.timedelta(minutes=5),
    )
    return failed


def payments(world: World, finance: StaffAccount) -> PaymentFile:
    """A payment file of two payments, one of them returned by the bank; one more waiting."""
    payment_file = make_payment_file(council=world.council, payments=2)
    returned = BankPayment.objects.filter(payment_file=payment_file).first()
    assert returned is not None
    payment_bounce_record(
        actor=finance.membership.user,
        council=world.council,
        payment=returned,
        reason="Account closed",
    )
    make_queued_payment(council=world.council)
    return payment_file


def supplier_of(world: World) -> Organisation:
    return make_supplier(council=world.council, name="Northshire Beds Ltd")


def invoices(supplier: Organisation) -> tuple[SupplierInvoice, SupplierInvoice]:
    """One invoice that matches, one with differences; and a delivered order not invoiced."""
    matching = make_supplier_invoice(supplier=supplier)
    charged = make_goods_order(supplier=supplier, total_pence=14_999)
    different = make_supplier_invoice(
        supplier=supplier, lines=[(charged.reference, 15_999), ("ORD-NOSUCH", 2_500)]
    )
    make_goods_order(supplier=supplier, total_pence=8_000)
    return matching, different


def failed_order(supplier: Organisation) -> GoodsOrder:
    order = make_placed_goods_order(supplier=supplier)
    return order_fail(
        actor=None, supplier=supplier, order=order, reason="Nobody was in, and no card left."
    )


def codes_and_cards(world: World) -> CardLoad:
    """A prepaid card waiting to be collected, and a cash-out code sent."""
    card_award = make_award_for_person(award_type="prepaid_card", council=world.council)
    make_award_for_person(award_type="cash_out", council=world.council)
    return CardLoad.objects.select_related("card").get(award=card_award)


# --- The tests, one per role ---------------------------------------------------------------


def test_finance_fulfilment_pages_have_no_accessibility_violations(
    page: Page, site: Site, world: World
) -> None:
    finance = world.finance
    slug = world.council.slug
    staff = f"/staff/{slug}"
    failed = failed_and_waiting(world)
    payment_file = payments(world, finance)
    supplier = supplier_of(world)
    make_supplier(council=world.council, name="Southside Cookers")  # a supplier with no items
    item = make_catalogue_item(supplier=supplier, name="Single bed with mattress")
    matching, different = invoices(supplier)
    placed = make_placed_goods_order(supplier=supplier)
    failed_delivery = failed_order(supplier)
    card_load = codes_and_cards(world)

    scans = Scans(page, site)
    sign_in(page, site, finance)

    scans.visit_and_scan("hub", f"{staff}/fulfilment/", "Fulfilment")
    scans.visit_and_scan(
        "exceptions", f"{staff}/fulfilment/exceptions/", "Fulfilment needing attention"
    )
    scans.visit_and_scan(
        "cancel-award",
        f"{staff}/fulfilment/exceptions/{failed.pk}/cancel/",
        "Cancel the award and return the money",
    )
    click(page, "Cancel the award and return the money")
    scans.scan("cancel-award-with-errors", errors=True)

    scans.visit_and_scan("exports", f"{staff}/fulfilment/exports/", "Finance exports")
    fill_date(page, "Start date", "1", "6", "2026")
    fill_date(page, "End date", "31", "5", "2026")
    click(page, "Show exports for these dates")
    scans.scan("exports-with-errors", errors=True)

    scans.visit_and_scan("payments", f"{staff}/payments/", "Bank payments")
    fill_date(page, "Processing day", "31", "2", "2026")
    click(page, "Create payment file")
    scans.scan("payments-with-errors", errors=True)
    scans.visit_and_scan(
        "payment-file",
        f"{staff}/payments/files/{payment_file.pk}/",
        f"Payment file {payment_file.serial_number:06d}",
    )
    scans.visit_and_scan(
        "bacs-details", f"{staff}/payments/bacs-details/", "The council's Bacs details"
    )
    page.get_by_label("Service user number (SUN)").fill("12")
    page.get_by_label("Sort code").fill("")
    page.get_by_label("Account number").fill("1234")
    click(page, "Save Bacs details")
    scans.scan("bacs-details-with-errors", errors=True)
    scans.visit_and_scan(
        "returned-payment", f"{staff}/payments/returned/", "Record a returned payment"
    )
    click(page, "Record returned payment")
    scans.scan("returned-payment-with-errors", errors=True)

    scans.visit_and_scan("invoices", f"{staff}/invoices/", "Supplier invoices")
    scans.visit_and_scan(
        "invoice-matching",
        f"{staff}/invoices/{matching.pk}/",
        f"Invoice {matching.invoice_number}",
    )
    scans.visit_and_scan(
        "invoice-with-differences",
        f"{staff}/invoices/{different.pk}/",
        f"Invoice {different.invoice_number}",
    )

    scans.visit_and_scan("codes-and-cards", f"{staff}/codes-and-cards/", "Codes and cards")
    scans.visit_and_scan(
        "collect-card",
        f"{staff}/codes-and-cards/cards/{card_load.card.pk}/collect/",
        "Hand over a prepaid card",
    )
    for name, path, h1, bad in (
        (
            "cash-out-report",
            "cash-out-report",
            "Upload a cash-out redemption report",
            "code,amount,redeemed_at,location\nNOT-A-CODE,sixty,yesterday,Cardiff\n",
        ),
        (
            "voucher-report",
            "voucher-report",
            "Upload an e-voucher redemption report",
            "code,redeemed_at\n!!,2027-13-45 25:00\nNTH-NOSUCH-1,2026-01-01 10:00\n",
        ),
    ):
        scans.visit_and_scan(name, f"{staff}/codes-and-cards/{path}/", h1)
        page.get_by_label("Upload the report").set_input_files(csv_file("report.csv", bad))
        click(page, "Upload report")
        expect(page.locator("#file-problems")).to_be_visible()
        scans.scan(f"{name}-with-line-problems", errors=True)

    scans.visit_and_scan("voucher-stock", f"{staff}/vouchers/", "Voucher stock")

    scans.visit_and_scan("catalogue", f"{staff}/catalogue/", "Goods catalogue")
    scans.visit_and_scan("add-item", f"{staff}/catalogue/items/add/", "Add an item")
    page.get_by_label("Price").fill("lots")
    page.get_by_label("Delivers to").fill("not a postcode!")
    click(page, "Add the item")
    scans.scan("add-item-with-errors", errors=True)
    scans.visit_and_scan(
        "change-item", f"{staff}/catalogue/items/{item.pk}/", f"Change {item.name}"
    )
    page.get_by_label("Item", exact=True).fill("")
    page.get_by_label("Price").fill("-3")
    click(page, "Save changes")
    scans.scan("change-item-with-errors", errors=True)
    scans.visit_and_scan("add-supplier", f"{staff}/catalogue/suppliers/add/", "Add a supplier")
    click(page, "Add the supplier")
    scans.scan("add-supplier-with-errors", errors=True)

    scans.visit_and_scan("goods-orders", f"{staff}/catalogue/orders/", "Goods orders")
    scans.visit_and_scan(
        "goods-order-placed",
        f"{staff}/catalogue/orders/{placed.reference}/",
        f"Order {placed.reference}",
    )
    order_page = f"{staff}/catalogue/orders/{failed_delivery.reference}"
    scans.visit_and_scan(
        "goods-order-failed", f"{order_page}/", f"Order {failed_delivery.reference}"
    )
    scans.visit_and_scan("rebook", f"{order_page}/rebook/", "Arrange another delivery")
    click(page, "Book the delivery")
    scans.scan("rebook-with-errors", errors=True)
    scans.visit_and_scan(
        "cancel-order", f"{order_page}/cancel/", "Cancel the order and return the money"
    )
    click(page, "Cancel the order")
    scans.scan("cancel-order-with-errors", errors=True)

    scans.assert_no_violations()


def test_team_leader_fulfilment_pages_have_no_accessibility_violations(
    page: Page, site: Site, world: World
) -> None:
    failed_and_waiting(world)
    failed_order(supplier_of(world))
    staff = f"/staff/{world.council.slug}"
    scans = Scans(page, site)
    sign_in(page, site, world.team_leader)
    scans.visit_and_scan("hub", f"{staff}/fulfilment/", "Fulfilment")
    scans.visit_and_scan(
        "exceptions", f"{staff}/fulfilment/exceptions/", "Fulfilment needing attention"
    )
    scans.assert_no_violations()


def test_admin_scheme_page_has_no_accessibility_violations(
    page: Page, site: Site, world: World
) -> None:
    scans = Scans(page, site)
    sign_in(page, site, world.admin)
    path = f"/staff/{world.council.slug}/schemes/{world.scheme.pk}/"
    scans.visit_and_scan("scheme-rules", path, "How this scheme is run")
    expect(page.get_by_role("group", name="How are this scheme's awards paid?")).to_be_visible()
    page.get_by_label("Decide applications within").fill("soon")
    click(page, "Save changes")
    scans.scan("scheme-rules-with-errors", errors=True)
    scans.assert_no_violations()


def _application_for(world: World, award_type: str) -> Application:
    scheme: Scheme = make_scheme(
        council=world.council, award_type=award_type, name=f"Crisis {award_type}"
    )
    make_budget(scheme=scheme)
    return submit_application(
        scheme=scheme,
        actor=world.adviser.membership.user,
        applicant=person_details(first_name="Morgan", last_name="Testerton"),
    )


def test_decision_maker_award_pages_have_no_accessibility_violations(
    page: Page, site: Site, world: World
) -> None:
    from onestop.core.postcodes import postcode_area

    staff = f"/staff/{world.council.slug}"
    to_pay = _application_for(world, "bank_payment")
    goods = _application_for(world, "goods")
    area = postcode_area(goods.household.postcode) or "CF"
    supplier = supplier_of(world)
    for name, price in (("Single bed with mattress", 14_999), ("Cooker", 24_999)):
        make_catalogue_item(supplier=supplier, name=name, price_pence=price, delivery_areas=area)
    fulfilled = {
        "e-voucher": award_of(world, "e_voucher"),
        "bank-payment": award_of(world, "bank_payment"),
        "cash-out": make_award_for_person(award_type="cash_out", council=world.council),
        "prepaid-card": make_award_for_person(award_type="prepaid_card", council=world.council),
        "goods": make_placed_goods_order(supplier=supplier).award,
    }

    scans = Scans(page, site)
    sign_in(page, site, world.decision_maker)

    scans.visit_and_scan(
        "decide-bank-payment",
        f"{staff}/cases/{to_pay.reference}/decide/",
        "Decide this application",
    )
    page.get_by_label("Award", exact=True).check()
    page.get_by_label("Name on the account").fill("Morgan Testerton")
    page.get_by_label("Sort code").fill("12-34")
    page.get_by_label("Account number").fill("12345678")
    click(page, "Record decision")
    scans.scan("decide-bank-payment-with-errors", errors=True)

    scans.visit_and_scan(
        "decide-goods", f"{staff}/cases/{goods.reference}/decide/", "Decide this application"
    )
    expect(
        page.get_by_role("checkbox", name=re.compile("Single bed with mattress"))
    ).to_be_visible()
    page.get_by_label("Award", exact=True).check()
    click(page, "Record decision")
    scans.scan("decide-goods-with-errors", errors=True)

    for award_type, award in fulfilled.items():
        reference = award.application.reference
        page.goto(site(f"{staff}/cases/{reference}/"))
        expect(page.locator("#awards")).to_be_visible()
        scans.scan(f"case-with-{award_type}-award")

    scans.assert_no_violations()


def test_supplier_portal_pages_have_no_accessibility_violations(
    page: Page, site: Site, world: World
) -> None:
    supplier = supplier_of(world)
    email = "sol.supplier@example.org"
    user = make_user(email=email, full_name="Sol Supplier", password=PASSWORD)
    membership = partner_membership_grant(actor=None, user=user, organisation=supplier)
    account = StaffAccount(
        email=email, password=PASSWORD, name="Sol Supplier", membership=membership
    )
    placed = make_placed_goods_order(supplier=supplier)
    failed = failed_order(supplier)
    matching, different = invoices(supplier)
    delivered = GoodsOrder.objects.filter(supplier=supplier, status="delivered").first()
    assert delivered is not None
    portal = f"/suppliers/{world.council.slug}"

    scans = Scans(page, site)
    sign_in(page, site, account)
    scans.shows("Your orders")
    scans.scan("orders")
    scans.visit_and_scan(
        "order", f"{portal}/orders/{placed.reference}/", f"Order {placed.reference}"
    )
    scans.visit_and_scan(
        "could-not-deliver",
        f"{portal}/orders/{placed.reference}/could-not-deliver/",
        "Could not deliver",
    )
    click(page, "Record that it could not be delivered")
    scans.scan("could-not-deliver-with-errors", errors=True)
    for name, order in (("order-failed", failed), ("order-delivered", delivered)):
        scans.visit_and_scan(
            name, f"{portal}/orders/{order.reference}/", f"Order {order.reference}"
        )

    scans.visit_and_scan("invoices", f"{portal}/invoices/", "Your invoices")
    scans.visit_and_scan("upload-invoice", f"{portal}/invoices/upload/", "Upload an invoice")
    today = datetime.date.today().isoformat()
    page.get_by_label("Upload a CSV file").set_input_files(
        csv_file(
            "invoice.csv",
            "invoice_number,invoice_date,order_reference,amount\n"
            f"INV-77,{today},{placed.reference},two hundred\n"
            f"INV-77,not a date,,10.00\n",
        )
    )
    click(page, "Upload invoice")
    expect(page.locator("#file-problems")).to_be_visible()
    scans.scan("upload-invoice-with-line-problems", errors=True)
    for name, invoice in (("invoice-matching", matching), ("invoice-with-differences", different)):
        scans.visit_and_scan(
            name, f"{portal}/invoices/{invoice.pk}/", f"Invoice {invoice.invoice_number}"
        )

    scans.assert_no_violations()
