"""Voucher files from finance: a good file loads; any bad line refuses the whole file, saying where."""

import datetime

import pytest
from django.utils import timezone

from onestop.core.models import AuditEvent
from onestop.councils.models import Council
from onestop.fulfilment.models import VoucherBatch, VoucherCode
from onestop.fulfilment.services.vouchers import voucher_stock_load
from onestop.fulfilment.voucher_files import VoucherFileError, parse_voucher_file
from tests.factories import make_council, make_user, voucher_csv

TODAY = datetime.date(2026, 6, 1)
HEADER = "code,retailer,value,expires_on\n"


def refused(text: str | bytes) -> list[str]:
    data = text.encode() if isinstance(text, str) else text
    with pytest.raises(VoucherFileError) as error:
        parse_voucher_file(data, today=TODAY)
    assert str(error.value) == "; ".join(error.value.problems)
    return error.value.problems


def test_a_good_file_is_read_line_by_line() -> None:
    lines = parse_voucher_file(
        (
            "\ufeffCode,Retailer,Value,Expires_on\r\n"  # Excel's BOM, capitals and CRLF
            "TESCO-0001,Tesco,10.00,2027-03-31\r\n"
            "\r\n"
            "TESCO-0002, Tesco ,£5,2027-03-31\r\n"
        ).encode(),
        today=TODAY,
    )
    assert [(v.line, v.code, v.retailer, v.value_pence, v.expires_on) for v in lines] == [
        (2, "TESCO-0001", "Tesco", 1_000, datetime.date(2027, 3, 31)),
        (4, "TESCO-0002", "Tesco", 500, datetime.date(2027, 3, 31)),
    ]


def test_a_wrong_header_is_refused_on_line_1() -> None:
    assert refused("voucher,shop,amount,expiry\nTESCO-0001,Tesco,10.00,2027-03-31\n") == [
        "Line 1: the header must be code,retailer,value,expires_on "
        "(it is voucher,shop,amount,expiry)."
    ]


def test_a_code_twice_in_the_file_is_refused_naming_both_lines() -> None:
    problems = refused(
        HEADER
        + "TESCO-0001,Tesco,10.00,2027-03-31\n"
        + "TESCO-0002,Tesco,10.00,2027-03-31\n"
        + "TESCO-0001,Tesco,10.00,2027-03-31\n"
    )
    assert problems == ["Line 4: code TESCO-0001 is also on line 2."]


@pytest.mark.parametrize("value", ["ten", "0.00", "-5.00", "10.001", ""])
def test_a_bad_value_is_refused_with_its_line(value: str) -> None:
    problems = refused(
        HEADER + "TESCO-0001,Tesco,10.00,2027-03-31\n" + f"TESCO-0002,Tesco,{value},2027-03-31\n"
    )
    assert problems == ["Line 3: the value must be an amount in pounds, like 10.00."]


@pytest.mark.parametrize("expires", ["2026-06-01", "2025-12-31"])
def test_a_code_already_expired_is_refused_with_its_line(expires: str) -> None:
    problems = refused(HEADER + f"TESCO-0001,Tesco,10.00,{expires}\n")
    assert problems == [f"Line 2: the code has already expired ({expires})."]


def test_a_bad_date_code_or_retailer_and_a_short_line_are_all_reported() -> None:
    problems = refused(
        HEADER
        + "TESCO-0001,Tesco,10.00,31/03/2027\n"
        + "AB!,Tesco,10.00,2027-03-31\n"
        + "TESCO-0003,,10.00,2027-03-31\n"
        + "TESCO-0004,Tesco,10.00\n"
    )
    assert problems == [
        "Line 2: the expiry date must be like 2027-03-31.",
        "Line 3: the code must be 6 to 64 letters, numbers or hyphens.",
        "Line 4: enter the retailer.",
        "Line 5: expected 4 values, found 3.",
    ]


def test_an_empty_file_is_refused() -> None:
    assert refused(b"") == ["The file is empty. Add a header row and at least one code."]


def test_a_file_with_only_a_header_is_refused() -> None:
    assert refused(HEADER + "\n\n") == [
        "The file has no codes. Add one code on each line after the header."
    ]


def test_a_file_not_saved_as_utf8_is_refused_saying_which_line() -> None:
    # "Café" saved by a spreadsheet as Windows-1252 on line 3.
    data = (HEADER + "SHOP-00001,Shop,10.00,2027-03-31\n").encode() + (
        "SHOP-00002,Caf\xe9 Nero,10.00,2027-03-31\n".encode("cp1252")
    )
    (problem,) = refused(data)
    assert "UTF-8" in problem
    assert problem.startswith("Line 3:")


@pytest.mark.django_db
def test_a_good_file_loads_into_stock(council: Council) -> None:
    finance = make_user()
    batch = voucher_stock_load(
        actor=finance,
        council=council,
        file_name="tesco-june.csv",
        data=voucher_csv(values=[1_000, 1_000, 500]),
    )
    assert batch.code_count == 3
    assert batch.total_value_pence == 2_500
    assert VoucherCode.objects.filter(council=council, award__isnull=True).count() == 3
    event = AuditEvent.objects.get(action="vouchers.loaded", subject_id=str(batch.pk))
    assert event.actor == finance
    assert event.summary == "3 e-voucher codes worth £25.00 loaded"


@pytest.mark.django_db
def test_a_file_that_clashes_with_stock_saves_nothing(council: Council, row_counts) -> None:
    expires = timezone.localdate() + datetime.timedelta(days=90)
    voucher_stock_load(
        actor=None,
        council=council,
        file_name="first.csv",
        data=voucher_csv(values=[1_000], codes=["TESCO-0001"], expires_on=expires),
    )
    before = row_counts(VoucherBatch, VoucherCode, AuditEvent)
    with pytest.raises(VoucherFileError) as error:
        voucher_stock_load(
            actor=None,
            council=council,
            file_name="second.csv",
            data=voucher_csv(
                values=[1_000, 1_000], codes=["TESCO-0002", "TESCO-0001"], expires_on=expires
            ),
        )
    assert error.value.problems == ["Line 3: code TESCO-0001 is already in stock."]
    assert row_counts(VoucherBatch, VoucherCode, AuditEvent) == before
    assert not VoucherCode.objects.filter(code="TESCO-0002").exists()


@pytest.mark.django_db
def test_another_councils_codes_do_not_clash(council: Council) -> None:
    data = voucher_csv(values=[1_000], codes=["SHARED-0001"])
    voucher_stock_load(actor=None, council=make_council(), file_name="a.csv", data=data)
    voucher_stock_load(actor=None, council=council, file_name="b.csv", data=data)
    assert VoucherCode.objects.filter(code="SHARED-0001").count() == 2


@pytest.mark.django_db
def test_a_bad_file_saves_nothing(council: Council, row_counts) -> None:
    before = row_counts(VoucherBatch, VoucherCode, AuditEvent)
    with pytest.raises(VoucherFileError):
        voucher_stock_load(
            actor=None,
            council=council,
            file_name="bad.csv",
            data=(
                HEADER + "TESCO-0001,Tesco,10.00,2099-01-01\nTESCO-0002,Tesco,ten,2099-01-01\n"
            ).encode(),
        )
    assert row_counts(VoucherBatch, VoucherCode, AuditEvent) == before
