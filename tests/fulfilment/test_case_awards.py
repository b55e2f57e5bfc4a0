"""The case page's award panel: for each award type, the details a caseworker needs to answer
"where is my award?", with codes and account numbers shown by their last four digits only."""

import datetime
import re
from html import unescape

import pytest
from django.template.loader import render_to_string
from django.utils import timezone

from onestop.core.formatting import govuk_date
from onestop.fulfilment.models import (
    Award,
    BankPayment,
    BankPaymentStatus,
    CardLoadStatus,
    CashOutCode,
    CashOutStatus,
    GoodsOrderStatus,
    PrepaidCard,
    PrepaidCardStatus,
    VoucherCode,
)
from onestop.fulfilment.selectors.case_awards import AwardPanel, award_panels
from onestop.fulfilment.services.returns import award_return
from tests.factories import (
    bank_details,
    load_vouchers,
    make_card_load_for,
    make_cash_out_code_for,
    make_failed_fulfilment,
    make_goods_order_for,
    make_payment_file_with,
    make_supplier,
    make_typed_award,
)

pytestmark = pytest.mark.django_db


def award_of(award_type: str, **kwargs: object) -> Award:
    return make_typed_award(award_type=award_type, **kwargs).award


def panel_for(award: Award) -> AwardPanel:
    (panel,) = award_panels(application=award.application)
    return panel


def rows_of(panel: AwardPanel) -> dict[str, str]:
    return {row.key: row.value for row in panel.rows}


def rendered(award: Award) -> str:
    html = render_to_string(
        "fulfilment/case_awards.html",
        {"award_panels": award_panels(application=award.application)},
    )
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def test_e_voucher_codes_show_retailer_count_use_by_and_last_four_digits():
    award = award_of("e_voucher", amount_pence=6_000)
    use_by = datetime.date.today() + datetime.timedelta(days=90)
    load_vouchers(award.council, values=[5_000, 1_000], retailer="Iceland", expires_on=use_by)
    codes = list(VoucherCode.objects.filter(council=award.council).order_by("id"))
    VoucherCode.objects.filter(pk__in=[c.pk for c in codes]).update(
        award=award, issued_at=timezone.now()
    )

    rows = rows_of(panel_for(award))
    text = rendered(award)

    assert rows["Iceland e-vouchers"].startswith(
        f"2 codes worth £60.00, use by {govuk_date(use_by)}."
    )
    for code in codes:
        assert f"ending {code.code[-4:]}" in text
        assert code.code not in text
    assert "E-voucher, £60.00" in text
    assert "Awaiting fulfilment" in text


def test_e_voucher_with_no_codes_yet_says_so():
    award = award_of("e_voucher")
    assert rows_of(panel_for(award)) == {"E-voucher codes": "None issued yet"}


def test_bank_payment_shows_the_account_ending_and_where_the_payment_is():
    award = award_of(
        "bank_payment", amount_pence=12_550, details=bank_details(account_number="12345678")
    )
    assert rows_of(panel_for(award)) == {
        "Paid into": "Account ending 5678",
        "Payment": "Not queued yet",
    }

    make_payment_file_with(
        awards=[award], serial_number=12, processing_date=datetime.date(2026, 6, 15)
    )
    sent = rows_of(panel_for(award))
    assert sent["Payment"] == "Sent in payment file 12, to be paid on 15 June 2026"
    assert sent["Paid into"].endswith("account ending 5678")
    assert "12345678" not in rendered(award)

    BankPayment.objects.filter(award=award).update(
        status=BankPaymentStatus.BOUNCED,
        bounced_at=timezone.now(),
        bounce_reason="The account is closed",
    )
    bounced = rows_of(panel_for(award))["Payment"]
    assert bounced.startswith("Returned by the bank on ")
    assert bounced.endswith(": The account is closed")


def test_a_queued_bank_payment_waits_for_the_next_file():
    award = award_of("bank_payment")
    make_payment_file_with(awards=[award])
    BankPayment.objects.filter(award=award).update(
        status=BankPaymentStatus.QUEUED, payment_file=None
    )
    assert rows_of(panel_for(award))["Payment"] == "Waiting for the next payment file"


def test_cash_out_code_shows_last_four_digits_expiry_how_sent_and_collection():
    award = award_of("cash_out", amount_pence=4_000)
    code = make_cash_out_code_for(
        award=award, code="981234567890", expires_on=datetime.date(2026, 7, 14), sent_by="sms"
    )

    rows = rows_of(panel_for(award))
    assert rows == {
        "Cash-out code": "ending 7890",
        "Sent by": "Text message",
        "Expires": "14 July 2026",
        "Collection": "Not collected yet",
    }
    assert "981234567890" not in rendered(award)

    CashOutCode.objects.filter(pk=code.pk).update(
        status=CashOutStatus.REDEEMED,
        redeemed_at=timezone.now(),
        redeemed_at_location="Post Office, Queen Street",
    )
    collected = rows_of(panel_for(award))["Collection"]
    assert collected.startswith("Collected on ")
    assert collected.endswith("at Post Office, Queen Street")

    CashOutCode.objects.filter(pk=code.pk).update(status=CashOutStatus.EXPIRED)
    assert (
        rows_of(panel_for(award))["Collection"] == "Expired on 14 July 2026 without being collected"
    )


def test_prepaid_card_shows_card_ending_and_collection():
    award = award_of("prepaid_card", amount_pence=7_500)
    load = make_card_load_for(award=award, last_four="4321")

    rows = rows_of(panel_for(award))
    assert rows["Prepaid card"] == "ending 4321"
    assert rows["Amount loaded"] == "£75.00"
    assert rows["Card"] == (
        f"Waiting to be collected from Civic Centre, Cardiff by {govuk_date(load.card.collect_by)}"
    )

    PrepaidCard.objects.filter(pk=load.card_id).update(
        status=PrepaidCardStatus.ACTIVE, collected_at=timezone.now()
    )
    load.__class__.objects.filter(pk=load.pk).update(status=CardLoadStatus.LOADED)
    assert rows_of(panel_for(award))["Card"].startswith("Loaded, ready to spend")

    load.__class__.objects.filter(pk=load.pk).update(status=CardLoadStatus.CANCELLED)
    assert rows_of(panel_for(award))["Card"] == "Cancelled: the card was not collected"


def test_goods_show_supplier_items_delivery_and_status():
    supplier = make_supplier(name="Acme Beds")
    award = award_of("goods", council=supplier.council, amount_pence=30_000, supplier=supplier)
    order = make_goods_order_for(
        award=award, supplier=supplier, description="Double bed", quantity=2
    )

    rows = rows_of(panel_for(award))
    assert rows[f"Order {order.reference}"] == "Double bed (2) from Acme Beds"
    assert rows["Delivery"] == f"{govuk_date(order.delivery_date)}, morning (8am to 1pm)"
    assert rows["Order status"] == "Ordered"

    order.__class__.objects.filter(pk=order.pk).update(
        status=GoodsOrderStatus.FAILED, failure_reason="Nobody was in"
    )
    assert rows_of(panel_for(award))["Order status"] == "Delivery failed: Nobody was in"


def test_returned_money_is_shown_with_its_date_and_reason():
    award = award_of("cash_out")
    make_cash_out_code_for(award=award, status=CashOutStatus.EXPIRED)
    award_return(
        actor=None, award=award, reason="The cash-out code expired without being collected"
    )

    panel = panel_for(award)
    assert panel.returned == (
        f"Money returned to the fund on {govuk_date(timezone.now())}: "
        "The cash-out code expired without being collected"
    )
    text = rendered(award)
    assert "Money returned to the fund on" in text
    assert "Money returned" in text


def test_failed_fulfilment_says_it_needs_attention_and_why():
    failed = make_failed_fulfilment(error="There are no £60.00 codes left in stock.")

    panel = panel_for(failed.award)

    assert panel.needs_attention == "Needs attention: There are no £60.00 codes left in stock."
    assert "Needs attention: There are no £60.00 codes left in stock." in rendered(failed.award)


def test_every_award_on_the_application_gets_a_panel():
    award = award_of("e_voucher")
    panels = award_panels(application=award.application)
    assert [panel.award_id for panel in panels] == [award.pk]
    assert panels[0].heading == "E-voucher, £60.00"


def test_nothing_is_rendered_without_awards():
    assert render_to_string("fulfilment/case_awards.html", {"award_panels": []}).strip() == ""
