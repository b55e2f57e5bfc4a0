"""Redemption reports: codes people used are recorded; a report with any bad line is refused
whole, line by line, and changes nothing."""

import datetime
from typing import Any

import pytest
from django.utils import timezone

from onestop.core.models import AuditEvent
from onestop.councils.models import Council
from onestop.fulfilment.models import Award, CashOutCode, CashOutStatus, VoucherCode
from onestop.fulfilment.providers.cash_out import grouped
from onestop.fulfilment.redemption_files import (
    RedemptionFileError,
    parse_cash_out_redemptions,
    parse_voucher_redemptions,
)
from onestop.fulfilment.services.codes_and_cards import (
    cash_out_redemptions_load,
    voucher_redemptions_load,
)
from tests.factories import fulfil_now, load_vouchers, make_award_for_person

TODAY = timezone.localdate()
YESTERDAY = TODAY - datetime.timedelta(days=1)


def cash_out_report(*lines: str) -> bytes:
    return ("code,amount,redeemed_at,location\n" + "\n".join(lines) + "\n").encode()


def voucher_report(*lines: str) -> bytes:
    return ("code,redeemed_at\n" + "\n".join(lines) + "\n").encode()


def problems_of(error: pytest.ExceptionInfo[RedemptionFileError]) -> list[str]:
    return error.value.problems


# Reading the files.


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "The file is empty. Add a header row and at least one redeemed code."),
        (
            b"code,value,when,where\n1,2,3,4\n",
            "Line 1: the header must be code,amount,redeemed_at,location (it is "
            "code,value,when,where).",
        ),
        (cash_out_report(), "The file has no lines. Add one redeemed code on each line."),
        (b"\xff\xfe", "Line 1: the file must be a CSV file saved as UTF-8 text."),
    ],
)
def test_a_report_that_is_not_a_report_is_refused(data: bytes, problem: str) -> None:
    with pytest.raises(RedemptionFileError) as error:
        parse_cash_out_redemptions(data)
    assert problems_of(error)[0].startswith(problem)


def test_every_bad_line_is_named() -> None:
    future = (timezone.localtime() + datetime.timedelta(days=2)).strftime("%Y-%m-%d %H:%M")
    data = cash_out_report(
        "1234 5678 9012 3456 782,60.00,2027-02-30 10:00,PayPoint",
        "12345,60.00,2026-03-01 10:00,PayPoint",
        "1111222233334444555,sixty,2026-03-01 10:00,PayPoint",
        f"9876543210987654321,10.00,{future},PayPoint",
        "1234567890123456782,60.00,2026-03-01 10:00,PayPoint",
        "1234567890123456782,60.00",
    )
    with pytest.raises(RedemptionFileError) as error:
        parse_cash_out_redemptions(data)
    assert problems_of(error) == [
        "Line 2: the redemption date and time must be like 2027-03-01 14:32.",
        "Line 3: the code must be 12 to 20 digits.",
        "Line 4: the amount must be in pounds, like 60.00.",
        f"Line 5: the redemption time {future} is in the future. Check the date.",
        "Line 6: the code ending 6782 is also on line 2.",
        "Line 7: expected 4 values, found 2.",
    ]


def test_a_good_report_is_read_with_uk_times() -> None:
    (line,) = parse_cash_out_redemptions(
        cash_out_report("1234 5678 9012 3456 782,60.00,2026-03-01 10:15,PayPoint Spar High St")
    )
    assert line.code == "1234567890123456782"
    assert line.amount_pence == 6_000
    assert line.location == "PayPoint Spar High St"
    assert timezone.localtime(line.redeemed_at).hour == 10
    (voucher,) = parse_voucher_redemptions(
        voucher_report("TEST-00000001,2026-07-01T09:00:00+00:00")
    )
    assert timezone.localtime(voucher.redeemed_at).hour == 10  # 9am GMT is 10am BST


# Loading cash-out reports.


A_DAY_AGO = datetime.timedelta(days=1)


def issued_code(**award_fields: Any) -> CashOutCode:
    """A code sent yesterday, so that it can have been used since."""
    award = fulfil_now(make_award_for_person(award_type="cash_out", **award_fields))
    CashOutCode.objects.filter(award=award).update(created_at=timezone.now() - A_DAY_AGO)
    return CashOutCode.objects.get(award=award)


@pytest.mark.django_db
def test_collected_codes_are_recorded_on_their_cases() -> None:
    code = issued_code(amount_pence=6_000)
    when = timezone.localtime().replace(microsecond=0) - datetime.timedelta(minutes=5)

    loaded = cash_out_redemptions_load(
        actor=None,
        council=code.council,
        file_name="paypoint-report.csv",
        data=cash_out_report(
            f"{grouped(code.code)},60.00,{when:%Y-%m-%d %H:%M:%S},Post Office Northbridge"
        ),
    )

    assert (loaded.codes, loaded.total_pence) == (1, 6_000)
    code.refresh_from_db()
    assert code.status == CashOutStatus.REDEEMED
    assert code.redeemed_at == when
    assert code.redeemed_at_location == "Post Office Northbridge"
    event = AuditEvent.objects.get(action="cash_out.redeemed")
    assert event.case_reference == code.award.application.reference
    assert "collected at Post Office Northbridge" in event.summary
    assert code.code not in event.summary


@pytest.mark.django_db
def test_a_report_with_any_wrong_line_is_refused_and_records_nothing() -> None:
    good = issued_code(amount_pence=6_000)
    council: Council = good.council
    wrong_amount = issued_code(council=council, amount_pence=4_000)
    collected = issued_code(council=council)
    expired = issued_code(council=council)
    late = issued_code(council=council)
    other_council = issued_code()
    CashOutCode.objects.filter(pk=collected.pk).update(
        status=CashOutStatus.REDEEMED, redeemed_at=timezone.now() - datetime.timedelta(hours=1)
    )
    CashOutCode.objects.filter(pk=expired.pk).update(
        status=CashOutStatus.EXPIRED, expires_on=YESTERDAY
    )
    CashOutCode.objects.filter(pk=late.pk).update(expires_on=YESTERDAY - datetime.timedelta(days=1))
    now = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    lines = [
        f"{good.code},60.00,{now},PayPoint",
        f"{wrong_amount.code},60.00,{now},PayPoint",
        f"{collected.code},60.00,{now},PayPoint",
        f"{expired.code},60.00,{now},PayPoint",
        f"{late.code},60.00,{now},PayPoint",
        f"{other_council.code},60.00,{now},PayPoint",
    ]

    with pytest.raises(RedemptionFileError) as error:
        cash_out_redemptions_load(
            actor=None, council=council, file_name="report.csv", data=cash_out_report(*lines)
        )

    problems = problems_of(error)
    assert [p.split(":")[0] for p in problems] == ["Line 3", "Line 4", "Line 5", "Line 6", "Line 7"]
    assert problems[0].startswith(
        f"Line 3: the amount is £60.00, but the code ending {wrong_amount.code[-4:]} was issued "
        "for £40.00."
    )
    assert "is already recorded as collected on" in problems[1]
    assert "expired on" in problems[2]
    assert "its money went back to the fund" in problems[2]
    assert "after it expired on" in problems[3]
    assert f"was not issued by {council.name}" in problems[4]
    for problem in problems:
        for code in (good, wrong_amount, collected, expired, late, other_council):
            assert code.code not in problem  # only the last four digits are shown
    good.refresh_from_db()
    assert good.status == CashOutStatus.ISSUED
    assert not AuditEvent.objects.filter(action="cash_out.redeemed").exists()


# Loading e-voucher reports.


def voucher_award() -> Award:
    award = make_award_for_person(award_type="e_voucher", amount_pence=2_000)
    load_vouchers(award.council, values=[2_000])
    fulfil_now(award)
    VoucherCode.objects.filter(award=award).update(issued_at=timezone.now() - A_DAY_AGO)
    return award


@pytest.mark.django_db
def test_used_e_vouchers_are_recorded() -> None:
    award = voucher_award()
    code = VoucherCode.objects.get(award=award)
    when = timezone.localtime().replace(microsecond=0) - datetime.timedelta(minutes=1)
    loaded = voucher_redemptions_load(
        actor=None,
        council=award.council,
        file_name="tesco.csv",
        data=voucher_report(f"{code.code},{when:%Y-%m-%d %H:%M:%S}"),
    )
    assert (loaded.codes, loaded.total_pence) == (1, 2_000)
    code.refresh_from_db()
    assert code.redeemed_at == when
    event = AuditEvent.objects.get(action="voucher.redeemed")
    assert event.case_reference == award.application.reference


@pytest.mark.django_db
def test_an_e_voucher_report_with_a_bad_line_is_refused_whole() -> None:
    award = voucher_award()
    issued = VoucherCode.objects.get(award=award)
    load_vouchers(award.council, values=[1_000])
    in_stock = VoucherCode.objects.get(award__isnull=True)
    now = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    with pytest.raises(RedemptionFileError) as error:
        voucher_redemptions_load(
            actor=None,
            council=award.council,
            file_name="tesco.csv",
            data=voucher_report(
                f"{issued.code},{now}",
                f"{in_stock.code},{now}",
                f"NOT-OURS-1,{now}",
                "ABCDEFG,soon",
            ),
        )
    assert problems_of(error) == [
        "Line 5: the redemption date and time must be like 2027-03-01 14:32."
    ]
    with pytest.raises(RedemptionFileError) as error:
        voucher_redemptions_load(
            actor=None,
            council=award.council,
            file_name="tesco.csv",
            data=voucher_report(
                f"{issued.code},{now}", f"{in_stock.code},{now}", f"NOT-OURS-1,{now}"
            ),
        )
    problems = problems_of(error)
    assert problems[0].startswith(
        f"Line 3: the code ending {in_stock.code[-4:]} was never issued to anyone."
    )
    assert problems[1].startswith("Line 4: the code ending RS-1 is not in")
    issued.refresh_from_db()
    assert issued.redeemed_at is None
