"""Finance exports: the right rows and totals for a known set of awards, payments and orders,
as CSV and as an Excel workbook read back, only for finance, and every download audited."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from onestop.core.models import AuditEvent
from onestop.core.roles import Role
from onestop.councils.models import Council, Membership
from onestop.fulfilment.exports import Column, Kind, Table, table_csv, table_xlsx
from onestop.fulfilment.models import Award, AwardStatus, BankPayment, GoodsOrderStatus
from onestop.fulfilment.services.returns import award_return
from tests.factories import (
    bank_details,
    london_time,
    make_council,
    make_goods_order_for,
    make_invoice_for_orders,
    make_membership,
    make_payment_file_with,
    make_supplier,
    make_typed_award,
    set_created_at,
)

pytestmark = pytest.mark.django_db

JUNE = {"from": "2026-06-01", "to": "2026-06-30"}


def client_for(membership: Membership) -> Client:
    client = Client()
    client.force_login(membership.user)
    return client


def export_url(council: Council, export_name: str, file_format: str) -> str:
    return reverse(
        "fulfilment_hub:export",
        kwargs={
            "council_slug": council.slug,
            "export_name": export_name,
            "file_format": file_format,
        },
    )


def award_made(
    council: Council, award_type: str, pence: int, when: datetime.datetime, **kwargs: object
) -> Award:
    award = make_typed_award(
        award_type=award_type, council=council, amount_pence=pence, **kwargs
    ).award
    set_created_at(award, when)
    return award


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8"))))


def xlsx_sheet(response):
    return load_workbook(io.BytesIO(response.content)).active


@pytest.fixture
def finance(council: Council) -> Membership:
    return make_membership(role=Role.FINANCE, council=council)


@pytest.fixture
def client(finance: Membership) -> Client:
    return client_for(finance)


@pytest.fixture
def awards(council: Council) -> dict[str, Award]:
    """Three awards made in June 2026, and others either side of it on the UK clock."""
    made = {
        "voucher": award_made(council, "e_voucher", 6_000, london_time(2026, 6, 10, 9)),
        "bank": award_made(
            council,
            "bank_payment",
            12_550,
            london_time(2026, 6, 11, 14),
            details=bank_details(account_name="Ceri Jones", account_number="12345678"),
        ),
        "cash": award_made(council, "cash_out", 4_000, london_time(2026, 6, 30, 23, 30)),
        # 00:30 on 1 July in London is still 30 June in UTC: not in June's export.
        "july": award_made(council, "e_voucher", 9_900, london_time(2026, 7, 1, 0, 30)),
        "may": award_made(council, "e_voucher", 9_800, london_time(2026, 5, 31, 23, 30)),
    }
    Award.objects.filter(pk=made["bank"].pk).update(
        status=AwardStatus.FULFILLED, fulfilled_at=london_time(2026, 6, 12, 10)
    )
    award_return(
        actor=None,
        award=made["cash"],
        reason="The cash-out code expired on 14 July 2026 without being collected",
    )
    # Another council's June award never appears in this council's exports.
    award_made(make_council(), "e_voucher", 7_700, london_time(2026, 6, 15))
    return made


def test_award_spend_lists_each_award_made_in_the_range_with_a_total(client, council, awards):
    response = client.get(export_url(council, "award-spend", "csv"), JUNE)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert (
        f'filename="{council.slug}-award-spend-2026-06-01-to-2026-06-30.csv"'
        in response["Content-Disposition"]
    )
    header, *rows, total = csv_rows(response)
    assert header == [
        "Date awarded",
        "Case reference",
        "Scheme",
        "Award type",
        "Value",
        "Status",
        "Fulfilled on",
        "Money returned on",
        "Why the money was returned",
    ]
    references = [row[1] for row in rows]
    assert references == [
        awards["voucher"].application.reference,
        awards["bank"].application.reference,
        awards["cash"].application.reference,
    ]
    voucher, bank, cash = rows
    assert voucher[0] == "2026-06-10"
    assert voucher[3:6] == ["E-voucher", "60.00", "Awaiting fulfilment"]
    assert bank[3:7] == ["Bank payment", "125.50", "Fulfilled", "2026-06-12"]
    assert cash[0] == "2026-06-30"
    assert cash[3:6] == ["Cash-out code", "40.00", "Money returned to the fund"]
    assert cash[7] != ""
    assert cash[8] == "The cash-out code expired on 14 July 2026 without being collected"
    assert total[0] == "Total"
    assert total[4] == "225.50"


def test_award_spend_as_excel_has_numbers_in_pounds_and_real_dates(client, council, awards):
    response = client.get(export_url(council, "award-spend", "xlsx"), JUNE)

    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]
    sheet = xlsx_sheet(response)
    assert sheet.title == "Award spend"
    rows = list(sheet.iter_rows(min_row=1))
    assert rows[0][4].value == "Value"
    assert rows[0][0].font.bold
    bank = rows[2]
    assert bank[1].value == awards["bank"].application.reference
    assert bank[4].value == pytest.approx(125.50)
    assert "£" in bank[4].number_format
    assert bank[0].value == datetime.datetime(2026, 6, 11)
    assert bank[6].value == datetime.datetime(2026, 6, 12)
    total = rows[-1]
    assert total[0].value == "Total"
    assert total[4].value == pytest.approx(225.50)
    assert len(rows) == 5  # header, three awards, total


def test_payment_files_list_each_payment_with_the_account_number_masked(client, council, awards):
    earlier = award_made(council, "bank_payment", 8_000, london_time(2026, 5, 20))
    in_june = make_payment_file_with(
        awards=[awards["bank"], earlier],
        serial_number=7,
        processing_date=datetime.date(2026, 6, 15),
        made_at=london_time(2026, 6, 12, 16),
    )
    make_payment_file_with(
        awards=[award_made(council, "bank_payment", 5_000, london_time(2026, 6, 29))],
        serial_number=8,
        made_at=london_time(2026, 7, 2),
    )

    response = client.get(export_url(council, "payment-files", "csv"), JUNE)

    header, *rows, total = csv_rows(response)
    assert header[:3] == ["File name", "File serial number", "Processing date"]
    assert header[7] == "Account number (last 4 digits)"
    assert len(rows) == 2
    bank = rows[0]
    assert bank[0] == in_june.file_name
    assert bank[1:4] == ["7", "2026-06-15", awards["bank"].application.reference]
    assert bank[5] == "CERI JONES"
    assert bank[6] == "30-94-30"
    assert bank[7] == "5678"
    assert bank[8] == "125.50"
    assert bank[9] == "Sent in a payment file"
    assert rows[1][8] == "80.00"
    assert total[8] == "205.50"
    assert "12345678" not in response.content.decode()

    sheet = xlsx_sheet(client.get(export_url(council, "payment-files", "xlsx"), JUNE))
    values = [list(row) for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert values[0][7] == "5678"
    assert values[-1][8] == pytest.approx(205.50)
    assert all("12345678" not in str(value) for row in values for value in row)


def test_supplier_spend_reconciles_orders_with_invoices(client, council):
    beds = make_supplier(council=council, name="Acme Beds")
    homes = make_supplier(council=council, name="Bright Homes")

    def order(supplier, status, pence, when):
        award = make_typed_award(award_type="goods", council=council, amount_pence=pence).award
        return make_goods_order_for(
            award=award, supplier=supplier, status=status, total_pence=pence, placed_at=when
        )

    delivered = order(beds, GoodsOrderStatus.DELIVERED, 30_000, london_time(2026, 6, 3))
    overcharged = order(beds, GoodsOrderStatus.DELIVERED, 15_000, london_time(2026, 6, 4))
    order(beds, GoodsOrderStatus.FAILED, 20_000, london_time(2026, 6, 5))
    order(homes, GoodsOrderStatus.RETURNED, 10_000, london_time(2026, 6, 6))
    may = order(homes, GoodsOrderStatus.DELIVERED, 5_000, london_time(2026, 5, 28))
    make_invoice_for_orders(supplier=beds, charges=[(delivered, 30_000), (overcharged, 16_000)])
    make_invoice_for_orders(supplier=homes, charges=[(may, 5_000)])

    response = client.get(export_url(council, "supplier-spend", "csv"), JUNE)

    header, *rows, total = csv_rows(response)
    assert header == [
        "Supplier",
        "Orders placed",
        "Delivered",
        "Failed or returned",
        "Value delivered",
        "Invoiced",
        "Difference (invoiced less delivered)",
    ]
    assert rows == [
        ["Acme Beds", "3", "2", "1", "450.00", "460.00", "10.00"],
        ["Bright Homes", "1", "0", "1", "0.00", "0.00", "0.00"],
    ]
    assert total == ["Total", "4", "2", "2", "450.00", "460.00", "10.00"]

    sheet = xlsx_sheet(client.get(export_url(council, "supplier-spend", "xlsx"), JUNE))
    last = list(sheet.iter_rows(values_only=True))[-1]
    assert last[:4] == ("Total", 4, 2, 2)
    assert last[5] == pytest.approx(460.00)


def test_text_people_typed_is_never_run_as_a_formula(client, council, awards):
    make_payment_file_with(awards=[awards["bank"]], made_at=london_time(2026, 6, 12))
    BankPayment.objects.filter(award=awards["bank"]).update(account_name="=HYPERLINK(1)")

    rows = csv_rows(client.get(export_url(council, "payment-files", "csv"), JUNE))
    assert rows[1][5] == "'=HYPERLINK(1)"

    sheet = xlsx_sheet(client.get(export_url(council, "payment-files", "xlsx"), JUNE))
    cell = sheet.cell(row=2, column=6)
    assert cell.value == "=HYPERLINK(1)"
    assert cell.data_type == "s"


def test_each_download_is_audited(client, council, finance, awards):
    client.get(export_url(council, "award-spend", "xlsx"), JUNE)

    event = AuditEvent.objects.get(action="export.downloaded")
    assert event.actor == finance.user
    assert event.council == council
    assert event.summary == (
        "Downloaded the award spend export (XLSX) for 1 June 2026 to 30 June 2026"
    )
    assert event.details == {
        "export": "award-spend",
        "format": "xlsx",
        "from": "2026-06-01",
        "to": "2026-06-30",
        "rows": 3,
    }


@pytest.mark.parametrize("role", [Role.DECISION_MAKER, Role.TEAM_LEADER, Role.ADVISER])
def test_only_finance_can_open_the_exports(council, role):
    client = client_for(make_membership(role=role, council=council))
    page = client.get(reverse("fulfilment_hub:exports", kwargs={"council_slug": council.slug}))
    download = client.get(export_url(council, "award-spend", "csv"), JUNE)
    assert page.status_code == 403
    assert download.status_code == 403
    assert not AuditEvent.objects.filter(action="export.downloaded").exists()


def test_the_page_offers_every_export_for_this_month_by_default(client, council):
    response = client.get(reverse("fulfilment_hub:exports", kwargs={"council_slug": council.slug}))
    html = response.content.decode()
    assert response.status_code == 200
    for name in ("payment-files", "supplier-spend", "award-spend"):
        for file_format in ("csv", "xlsx"):
            assert export_url(council, name, file_format) in html
    today = timezone.localdate()
    assert f"from={today.replace(day=1).isoformat()}" in html


def test_the_page_carries_chosen_dates_into_the_download_links(client, council):
    response = client.get(
        reverse("fulfilment_hub:exports", kwargs={"council_slug": council.slug}),
        {
            "date_from_day": "1",
            "date_from_month": "6",
            "date_from_year": "2026",
            "date_to_day": "30",
            "date_to_month": "6",
            "date_to_year": "2026",
        },
    )
    html = response.content.decode()
    assert "from=2026-06-01&amp;to=2026-06-30" in html
    assert "1 June 2026 to 30 June 2026" in html


def test_dates_the_wrong_way_round_are_explained(client, council):
    response = client.get(
        reverse("fulfilment_hub:exports", kwargs={"council_slug": council.slug}),
        {
            "date_from_day": "30",
            "date_from_month": "6",
            "date_from_year": "2026",
            "date_to_day": "1",
            "date_to_month": "6",
            "date_to_year": "2026",
        },
    )
    html = response.content.decode()
    assert "There is a problem" in html
    assert "The end date must be the same as or after the start date" in html


def test_a_download_link_with_bad_dates_goes_back_to_the_page(client, council):
    response = client.get(
        export_url(council, "award-spend", "csv"), {"from": "2026-06-31", "to": "2026-07-01"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "fulfilment_hub:exports", kwargs={"council_slug": council.slug}
    )
    assert not AuditEvent.objects.filter(action="export.downloaded").exists()


def test_an_unknown_export_is_not_found(client, council):
    assert client.get(export_url(council, "everything", "csv")).status_code == 404
    assert client.get(export_url(council, "award-spend", "pdf")).status_code == 404


@settings(max_examples=30, deadline=None)
@given(amounts=st.lists(st.integers(min_value=-10_000_000, max_value=10_000_000), max_size=12))
def test_money_is_written_exactly_and_adds_up(amounts):
    """Whatever the amounts, pounds in CSV and numbers in Excel come back to the same pence,
    and the total row is their sum."""
    table = Table(
        title="Money",
        columns=(Column("Name"), Column("Amount", Kind.MONEY, totalled=True)),
        rows=[(f"Row {n}", pence) for n, pence in enumerate(amounts)],
    )
    _header, *rows, total = list(csv.reader(io.StringIO(table_csv(table).decode())))
    assert [round(Decimal(row[1]) * 100) for row in rows] == amounts
    assert round(Decimal(total[1]) * 100) == sum(amounts)
    sheet = load_workbook(io.BytesIO(table_xlsx(table))).active
    cells = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert [round(Decimal(str(value)) * 100) for value in cells[:-1]] == amounts
    assert round(Decimal(str(cells[-1])) * 100) == sum(amounts)
