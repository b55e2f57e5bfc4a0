"""Bacs Standard 18 files: what is written reads back the same, and bad files are refused."""

import datetime
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onestop.fulfilment.bacs import (
    BacsFileMalformed,
    BacsFileRefused,
    BacsOriginatorDetails,
    BacsPayment,
    bacs_file_build,
    bacs_file_parse,
    julian,
)

ORIGINATOR = BacsOriginatorDetails(
    service_user_number="123456",
    account_name="CARDIFF COUNCIL",
    sort_code="200000",
    account_number="55779911",
)
CREATED = datetime.date(2027, 3, 1)
PROCESSING = datetime.date(2027, 3, 3)

BACS_TEXT = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .&/-", min_size=1, max_size=18)
CLEAN_TEXT = BACS_TEXT.map(str.strip).filter(bool)
PAYMENTS = st.builds(
    BacsPayment,
    sort_code=st.from_regex(r"[0-9]{6}", fullmatch=True).filter(lambda s: s != "000000"),
    account_number=st.from_regex(r"[0-9]{8}", fullmatch=True).filter(lambda s: s != "00000000"),
    account_name=CLEAN_TEXT,
    amount_pence=st.integers(min_value=1, max_value=50_000_000),
    reference=CLEAN_TEXT.filter(lambda s: s != "CONTRA"),
)


def payment(**overrides: object) -> BacsPayment:
    values: dict = {
        "sort_code": "309430",
        "account_number": "00733445",
        "account_name": "MEGAN JONES",
        "amount_pence": 6_000,
        "reference": "CR-7K4M-2Q",
    }
    values.update(overrides)
    return BacsPayment(**values)


def build(payments: list[BacsPayment], **overrides: object) -> str:
    arguments: dict = {
        "originator": ORIGINATOR,
        "payments": payments,
        "processing_date": PROCESSING,
        "serial_number": 7,
        "created_on": CREATED,
    }
    arguments.update(overrides)
    return bacs_file_build(**arguments)


@settings(max_examples=60)
@given(
    payments=st.lists(PAYMENTS, min_size=1, max_size=30),
    processing_date=st.dates(
        min_value=datetime.date(2026, 1, 1), max_value=datetime.date(2099, 12, 31)
    ),
    serial_number=st.integers(min_value=1, max_value=999_999),
)
def test_a_file_reads_back_as_the_same_payments_totals_and_day(
    payments: list[BacsPayment], processing_date: datetime.date, serial_number: int
) -> None:
    text = build(
        payments,
        processing_date=processing_date,
        serial_number=serial_number,
        created_on=processing_date - datetime.timedelta(days=2),
    )
    parsed = bacs_file_parse(text)
    assert list(parsed.payments) == payments
    total = sum(p.amount_pence for p in payments)
    assert parsed.credit_total_pence == parsed.debit_total_pence == parsed.contra_pence == total
    assert (parsed.credit_count, parsed.debit_count) == (len(payments), 1)
    assert parsed.processing_date == processing_date
    assert parsed.serial_number == serial_number
    assert parsed.service_user_number == "123456"
    assert parsed.originator == ORIGINATOR
    # Every record, labels included, is 100 characters, each ended by CRLF.
    assert text.endswith("\r\n")
    records = text.split("\r\n")[:-1]
    assert len(records) == len(payments) + 8
    assert all(len(record) == 100 for record in records)
    assert text.isascii()


def test_the_records_are_in_the_standard_order_with_the_fields_where_bacs_expects_them() -> None:
    records = build([payment(), payment(amount_pence=1_250, reference="CR-9ABC-3D")]).split("\r\n")
    assert [r[:4] for r in records[:4]] == ["VOL1", "HDR1", "HDR2", "UHL1"]
    assert [r[:4] for r in records[-4:-1]] == ["EOF1", "EOF2", "UTL1"]
    vol1, hdr1, _, uhl1 = records[:4]
    assert vol1[4:10] == "000007"
    assert vol1[41:47] == "123456"
    assert vol1[79] == "1"
    assert hdr1[4:21] == "A123456S  1123456"
    assert hdr1[21:27] == "000007"
    assert hdr1[41:47] == " 27060"
    assert hdr1[47:53] == " 27062"
    assert uhl1[4:10] == " 27062"
    assert uhl1[28:37] == "1 DAILY  "
    first = records[4]
    assert first[0:6] == "309430"
    assert first[6:14] == "00733445"
    assert first[14:17] == "099"
    assert first[17:31] == "20000055779911"
    assert first[35:46] == "00000006000"
    assert first[46:64].rstrip() == "CARDIFF COUNCIL"
    assert first[64:82].rstrip() == "CR-7K4M-2Q"
    assert first[82:100].rstrip() == "MEGAN JONES"
    contra = records[6]
    assert contra[0:14] == contra[17:31] == "20000055779911"
    assert contra[15:17] == "17"
    assert contra[35:46] == "00000007250"
    assert contra[64:82].rstrip() == "CONTRA"
    utl1 = records[-2]
    assert utl1[4:17] == utl1[17:30] == "0000000007250"
    assert utl1[30:37] == "0000001"
    assert utl1[37:44] == "0000002"


def test_julian_days_count_from_the_first_of_january() -> None:
    assert julian(datetime.date(2027, 1, 1)) == " 27001"
    assert julian(datetime.date(2028, 12, 31)) == " 28366"


def test_every_bad_payment_is_named_and_no_file_is_made() -> None:
    with pytest.raises(BacsFileRefused) as refused:
        build(
            [
                payment(reference="CR-AAAA-1A", sort_code="000000"),
                payment(reference="CR-BBBB-2B"),
                payment(reference="CR-CCCC-3C", account_number="1234567"),
                payment(reference="CR-DDDD-4D", account_name="Megan Jones", amount_pence=0),
            ]
        )
    assert "3 payments have problems" in refused.value.message
    problems = refused.value.problems
    assert problems == [
        "CR-AAAA-1A: the sort code must be 6 digits, not all zeros",
        "CR-CCCC-3C: the account number must be 8 digits, not all zeros",
        "CR-DDDD-4D: the amount must be from 1p to £999,999,999.99; the name on the account "
        "has characters Bacs cannot carry (use A to Z, 0 to 9, space, . & / -)",
    ]


def test_the_councils_own_details_and_the_serial_number_are_checked_too() -> None:
    bad = BacsOriginatorDetails("12345", "CARDIFF COUNCIL", "200000", "55779911")
    with pytest.raises(BacsFileRefused) as refused:
        build([payment()], originator=bad, serial_number=1_000_000)
    assert refused.value.problems == [
        "The council's Bacs details: the service user number must be 6 digits",
        "The file's serial number must be from 1 to 999999",
    ]


def test_an_empty_list_of_payments_makes_no_file() -> None:
    with pytest.raises(BacsFileRefused, match="No payment file was made"):
        build([])


def test_files_with_lf_line_ends_and_80_character_labels_are_read() -> None:
    records = build([payment()]).split("\r\n")[:-1]
    labels = {"VOL1", "HDR1", "HDR2", "UHL1", "EOF1", "EOF2", "UTL1"}
    relaxed = "\n".join(r[:80] if r[:4] in labels else r for r in records) + "\n"
    assert bacs_file_parse(relaxed).payments == (payment(),)


def _with_line(text: str, number: int, change) -> str:
    records = text.split("\r\n")
    records[number - 1] = change(records[number - 1])
    return "\r\n".join(records)


@pytest.mark.parametrize(
    ("line", "change", "message"),
    [
        (1, lambda r: "VOL2" + r[4:], "Line 1: expected the VOL1 record"),
        (2, lambda r: r[:5] + "654321" + r[11:], "Line 2: the file identifier"),
        (
            4,
            lambda r: r[:4] + " 27400" + r[10:],
            "Line 4: the processing day has no day 400 in 2027",
        ),
        (5, lambda r: r[:99], "Line 5: a payment record must be 100 characters, not 99"),
        (5, lambda r: "ABCDEF" + r[6:], "Line 5: the sort code must be 6 digits"),
        (5, lambda r: r[:15] + "01" + r[17:], "Line 5: transaction code '01'"),
        (
            5,
            lambda r: r[:35] + "00000006001" + r[46:],
            "Line 6: the contra is 6000p but the payments add up to 6001p",
        ),
        (
            6,
            lambda r: r[:64] + "NOT CONTRA".ljust(18) + r[82:],
            "Line 6: the last record before EOF1 must be the contra",
        ),
        (7, lambda r: r[:50] + "9" + r[51:], "Line 7: EOF1 must repeat HDR1"),
        (
            9,
            lambda r: r[:43] + "2" + r[44:],
            "Line 9: the totals say 1 debit of 6000p and 2 credits",
        ),
        (9, lambda r: r + "X", "Line 9: the UTL1 record is 101 characters long"),
    ],
)
def test_a_malformed_file_is_refused_with_the_line_and_what_is_wrong(line, change, message) -> None:
    text = _with_line(build([payment()]), line, change)
    with pytest.raises(BacsFileMalformed) as malformed:
        bacs_file_parse(text)
    assert malformed.value.message.startswith(message), malformed.value.message


def test_a_file_cut_short_is_refused() -> None:
    text = "\r\n".join(build([payment()]).split("\r\n")[:7])
    with pytest.raises(BacsFileMalformed, match=re.escape("Line 8: the file ends early")):
        bacs_file_parse(text)


def test_anything_after_the_trailer_is_refused() -> None:
    with pytest.raises(BacsFileMalformed, match="Line 10: nothing may follow"):
        bacs_file_parse(build([payment()]) + "VOL1\r\n")


def test_digits_from_other_scripts_are_not_taken_for_a_sort_code() -> None:
    with pytest.raises(BacsFileRefused) as refused:
        build([payment(sort_code="٣٠٩٤٣٠")])
    assert refused.value.problems == ["CR-7K4M-2Q: the sort code must be 6 digits, not all zeros"]
