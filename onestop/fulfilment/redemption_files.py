"""Read redemption reports: which cash-out codes and e-voucher codes were used, when and where.

A file with any bad line is refused whole. Two formats, CSV with a header row:

- cash-out codes, from the cash-out provider: code,amount,redeemed_at,location
- e-voucher codes, from the retailer: code,redeemed_at

`amount` is in pounds (60.00); `redeemed_at` is a date and time like 2027-03-01 14:32 (UK
time unless it says otherwise, as in 2027-03-01T14:32:00+00:00). Spaces inside a code are
ignored, so a code written in groups of four is read as the same code.
"""

import csv
import datetime
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import timezone

from onestop.core.money import MoneyFormatError, parse_pounds

CASH_OUT_HEADER = ["code", "amount", "redeemed_at", "location"]
VOUCHER_HEADER = ["code", "redeemed_at"]
MAX_LINES_PER_FILE = 100_000
_CASH_OUT_CODE = re.compile(r"^[0-9]{12,20}$")
_VOUCHER_CODE = re.compile(r"^[A-Za-z0-9-]{6,64}$")


class RedemptionFileError(ValueError):
    """The file was refused; `problems` says, line by line, what to fix."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class CashOutRedemption:
    line: int
    code: str
    amount_pence: int
    redeemed_at: datetime.datetime
    location: str


@dataclass(frozen=True)
class VoucherRedemption:
    line: int
    code: str
    redeemed_at: datetime.datetime


def code_ending(code: str) -> str:
    """How a code is named in messages: its last four characters, never the whole code."""
    return f"the code ending {code[-4:]}"


def _rows(data: bytes, header: Sequence[str], what: str) -> list[tuple[int, list[str]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise RedemptionFileError(
            [
                f"Line {line}: the file must be a CSV file saved as UTF-8 text. Save it again as UTF-8."
            ]
        ) from None
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise RedemptionFileError([f"The file is empty. Add a header row and at least one {what}."])
    found = [cell.strip().lower() for cell in rows[0]]
    if found != list(header):
        raise RedemptionFileError(
            [f"Line 1: the header must be {','.join(header)} (it is {','.join(found)})."]
        )
    body = [
        (number, row)
        for number, row in enumerate(rows[1:], start=2)
        if any(cell.strip() for cell in row)
    ]
    if not body:
        raise RedemptionFileError([f"The file has no lines. Add one {what} on each line."])
    if len(body) > MAX_LINES_PER_FILE:
        raise RedemptionFileError(
            [f"The file has more than {MAX_LINES_PER_FILE:,} lines. Split it."]
        )
    return body


def _when(
    value: str, number: int, now: datetime.datetime, problems: list[str]
) -> datetime.datetime:
    try:
        moment = datetime.datetime.fromisoformat(value)
    except ValueError:
        problems.append(
            f"Line {number}: the redemption date and time must be like 2027-03-01 14:32."
        )
        return now
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    if moment > now:
        problems.append(
            f"Line {number}: the redemption time {value} is in the future. Check the date."
        )
    return moment


def _code(
    value: str,
    pattern: re.Pattern[str],
    rule: str,
    number: int,
    seen: dict[str, int],
    problems: list[str],
) -> str:
    code = re.sub(r"\s+", "", value)
    if not pattern.match(code):
        problems.append(f"Line {number}: the code must be {rule}.")
    elif code in seen:
        problems.append(f"Line {number}: {code_ending(code)} is also on line {seen[code]}.")
    else:
        seen[code] = number
    return code


def parse_cash_out_redemptions(data: bytes) -> list[CashOutRedemption]:
    """The lines of a cash-out redemption report, each checked on its own; the service then
    checks them against the codes issued."""
    now = timezone.now()
    problems: list[str] = []
    lines: list[CashOutRedemption] = []
    seen: dict[str, int] = {}
    for number, row in _rows(data, CASH_OUT_HEADER, "redeemed code"):
        if len(row) != len(CASH_OUT_HEADER):
            problems.append(f"Line {number}: expected 4 values, found {len(row)}.")
            continue
        code_text, amount, redeemed_at, location = (cell.strip() for cell in row)
        code = _code(code_text, _CASH_OUT_CODE, "12 to 20 digits", number, seen, problems)
        try:
            amount_pence = parse_pounds(amount)
            if amount_pence <= 0:
                raise MoneyFormatError(amount)
        except MoneyFormatError:
            problems.append(f"Line {number}: the amount must be in pounds, like 60.00.")
            amount_pence = 0
        moment = _when(redeemed_at, number, now, problems)
        lines.append(CashOutRedemption(number, code, amount_pence, moment, location[:120]))
    if problems:
        raise RedemptionFileError(problems)
    return lines


def parse_voucher_redemptions(data: bytes) -> list[VoucherRedemption]:
    """The lines of an e-voucher redemption report, each checked on its own."""
    now = timezone.now()
    problems: list[str] = []
    lines: list[VoucherRedemption] = []
    seen: dict[str, int] = {}
    for number, row in _rows(data, VOUCHER_HEADER, "redeemed code"):
        if len(row) != len(VOUCHER_HEADER):
            problems.append(f"Line {number}: expected 2 values, found {len(row)}.")
            continue
        code_text, redeemed_at = (cell.strip() for cell in row)
        code = _code(
            code_text, _VOUCHER_CODE, "6 to 64 letters, numbers or hyphens", number, seen, problems
        )
        lines.append(VoucherRedemption(number, code, _when(redeemed_at, number, now, problems)))
    if problems:
        raise RedemptionFileError(problems)
    return lines
