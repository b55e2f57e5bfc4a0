"""Read a council's file of e-voucher codes; a file with any bad line is refused whole.

The file is CSV with a header row: code,retailer,value,expires_on
(value in pounds, for example 10.00; expires_on as YYYY-MM-DD).
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass

from onestop.core.money import MoneyFormatError, parse_pounds

EXPECTED_HEADER = ["code", "retailer", "value", "expires_on"]
_CODE = re.compile(r"^[A-Za-z0-9-]{6,64}$")
MAX_CODES_PER_FILE = 100_000


@dataclass(frozen=True)
class VoucherLine:
    line: int
    code: str
    retailer: str
    value_pence: int
    expires_on: datetime.date


class VoucherFileError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def parse_voucher_file(data: bytes, *, today: datetime.date) -> list[VoucherLine]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise VoucherFileError(
            [
                f"Line {line}: the file must be a CSV file saved as UTF-8 text. Save it again as UTF-8."
            ]
        ) from None
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise VoucherFileError(["The file is empty. Add a header row and at least one code."])
    header = [cell.strip().lower() for cell in rows[0]]
    if header != EXPECTED_HEADER:
        raise VoucherFileError(
            [f"Line 1: the header must be {','.join(EXPECTED_HEADER)} (it is {','.join(header)})."]
        )
    problems: list[str] = []
    lines: list[VoucherLine] = []
    seen: dict[str, int] = {}
    body = rows[1:]
    if not any(any(cell.strip() for cell in row) for row in body):
        raise VoucherFileError(
            ["The file has no codes. Add one code on each line after the header."]
        )
    if len(body) > MAX_CODES_PER_FILE:
        raise VoucherFileError([f"The file has more than {MAX_CODES_PER_FILE:,} codes. Split it."])
    for number, row in enumerate(body, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != 4:
            problems.append(f"Line {number}: expected 4 values, found {len(row)}.")
            continue
        code, retailer, value, expires = (cell.strip() for cell in row)
        if not _CODE.match(code):
            problems.append(f"Line {number}: the code must be 6 to 64 letters, numbers or hyphens.")
        elif code in seen:
            problems.append(f"Line {number}: code {code} is also on line {seen[code]}.")
        else:
            seen[code] = number
        if not retailer:
            problems.append(f"Line {number}: enter the retailer.")
        try:
            value_pence = parse_pounds(value)
            if value_pence <= 0:
                raise MoneyFormatError(value)
        except MoneyFormatError:
            problems.append(f"Line {number}: the value must be an amount in pounds, like 10.00.")
            value_pence = 0
        try:
            expires_on = datetime.date.fromisoformat(expires)
            if expires_on <= today:
                problems.append(f"Line {number}: the code has already expired ({expires}).")
        except ValueError:
            problems.append(f"Line {number}: the expiry date must be like 2027-03-31.")
            expires_on = today
        lines.append(VoucherLine(number, code, retailer, value_pence, expires_on))
    if problems:
        raise VoucherFileError(problems)
    return lines
