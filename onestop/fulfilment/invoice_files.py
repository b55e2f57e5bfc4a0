"""Read a supplier's invoice file; a file with any bad line is refused whole, saying where.

The file is CSV with a header row: invoice_number,invoice_date,order_reference,amount
One line per order charged for; every line carries the same invoice number and date
(invoice_date as YYYY-MM-DD, amount in pounds, for example 249.99). docs/invoices.md has an
example.
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass

from onestop.core.money import MoneyFormatError, parse_pounds

EXPECTED_HEADER = ["invoice_number", "invoice_date", "order_reference", "amount"]
HEADER_TEXT = ",".join(EXPECTED_HEADER)
MAX_LINES_PER_INVOICE = 10_000
MAX_INVOICE_NUMBER_LENGTH = 40
MAX_ORDER_REFERENCE_LENGTH = 30
# A hundred thousand pounds: far above any order, and well inside the database's column.
MAX_LINE_PENCE = 10_000_000
# Suppliers' own numbering: letters, digits and the separators invoices commonly use.
_INVOICE_NUMBER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ./_-]*$")
_ORDER_REFERENCE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9/_-]*$")


@dataclass(frozen=True)
class InvoiceLineIn:
    """One order charged for: its line in the file, the reference as given, the amount."""

    line_number: int
    order_reference: str
    amount_pence: int


@dataclass(frozen=True)
class InvoiceIn:
    invoice_number: str
    invoice_date: datetime.date
    lines: tuple[InvoiceLineIn, ...]

    @property
    def total_pence(self) -> int:
        return sum(line.amount_pence for line in self.lines)


class InvoiceFileError(ValueError):
    """The file was refused; `problems` are sentences, each "Line N: what is wrong and what
    to do"."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def invoice_number_problem(number: str) -> str | None:
    """What is wrong with an invoice number, as the end of a sentence; shared with the API."""
    if not number:
        return "enter the invoice number, as it is on your invoice"
    if len(number) > MAX_INVOICE_NUMBER_LENGTH:
        return (
            f"the invoice number must be {MAX_INVOICE_NUMBER_LENGTH} characters or fewer "
            f"(it has {len(number)})"
        )
    if not _INVOICE_NUMBER.match(number):
        return (
            "the invoice number can only have letters, numbers, spaces, full stops, hyphens, "
            "underscores and slashes"
        )
    return None


def order_reference_problem(reference: str) -> str | None:
    """What is wrong with an order reference, as the end of a sentence; shared with the API."""
    if not reference:
        return "enter the order reference, as it is on the delivery note, like ORD-000123"
    if len(reference) > MAX_ORDER_REFERENCE_LENGTH or not _ORDER_REFERENCE.match(reference):
        return (
            "the order reference must be as it is on the delivery note, like ORD-000123: "
            f"up to {MAX_ORDER_REFERENCE_LENGTH} letters, numbers and hyphens"
        )
    return None


def invoice_date_problem(day: datetime.date, *, today: datetime.date) -> str | None:
    if day > today:
        return f"the invoice date {day.isoformat()} is in the future: use the date on your invoice"
    if day.year < 2000:
        return f"the invoice date {day.isoformat()} is too long ago: check the year"
    return None


def _decoded(data: bytes) -> str:
    try:
        # utf-8-sig drops the byte-order mark Excel puts at the start of a UTF-8 CSV.
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InvoiceFileError(
            [
                f"Line {line}: the file must be a CSV file saved as UTF-8 text. In your "
                "spreadsheet, save it again as “CSV UTF-8” and upload that."
            ]
        ) from None


def _rows(text: str) -> list[tuple[int, list[str]]]:
    """Each row with the file line it starts on."""
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise InvoiceFileError(
            [f"Line {line}: the file is not a CSV text file. Save it as CSV and upload that."]
        )
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for row in reader:
            rows.append((start, row))
            start = reader.line_num + 1
    except csv.Error:
        raise InvoiceFileError(
            [
                f"Line {start}: a value's quotation marks are not closed. Check the line in "
                "your spreadsheet and save the file as CSV again."
            ]
        ) from None
    return rows


def _is_blank(row: list[str]) -> bool:
    return not any(cell.strip() for cell in row)


def _parse_date(text: str) -> datetime.date | None:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


def _amount_pence(text: str) -> tuple[int, str | None]:
    try:
        pence = parse_pounds(text)
    except MoneyFormatError:
        shown = f" (it is “{text}”)" if text else ""
        return 0, f"the amount must be in pounds and pence, like 249.99{shown}"
    if pence == 0:
        return 0, "the amount must be more than 0.00: leave out orders you are not charging for"
    if pence > MAX_LINE_PENCE:
        return 0, "the amount must be 100,000.00 or less: check it is in pounds, not pence"
    return pence, None


def parse_invoice_file(data: bytes, *, today: datetime.date) -> InvoiceIn:
    """The invoice in the file, or InvoiceFileError listing every problem found."""
    rows = _rows(_decoded(data))
    while rows and _is_blank(rows[-1][1]):
        rows.pop()
    if not rows:
        raise InvoiceFileError(
            [
                f"Line 1: the file is empty. Start it with the header row {HEADER_TEXT}, then "
                "add one line for each order you are charging for."
            ]
        )
    header_line, header_row = rows[0]
    header = [cell.strip().lower() for cell in header_row]
    if header != EXPECTED_HEADER:
        raise InvoiceFileError(
            [
                f"Line {header_line}: the first line must be the header row {HEADER_TEXT} "
                f"(it is {','.join(cell.strip() for cell in header_row)}). Correct it and "
                "upload the file again."
            ]
        )
    body = [(number, row) for number, row in rows[1:] if not _is_blank(row)]
    if not body:
        raise InvoiceFileError(
            [
                f"Line {header_line + 1}: the file has no orders. Add one line for each order "
                "you are charging for, after the header row."
            ]
        )
    if len(body) > MAX_LINES_PER_INVOICE:
        raise InvoiceFileError(
            [
                f"Line {body[MAX_LINES_PER_INVOICE][0]}: an invoice can have at most "
                f"{MAX_LINES_PER_INVOICE:,} orders. Split it into more than one invoice."
            ]
        )

    problems: list[str] = []
    lines: list[InvoiceLineIn] = []
    first: tuple[int, str, str] | None = None  # line, invoice number, date as written
    invoice_date: datetime.date | None = None
    for number, row in body:
        if len(row) != len(EXPECTED_HEADER):
            problems.append(
                f"Line {number}: expected 4 values (invoice number, invoice date, order "
                f"reference, amount), found {len(row)}. Check for a missing or extra comma."
            )
            continue
        invoice_number, date_text, reference, amount = (cell.strip() for cell in row)
        found: list[str] = []
        if problem := invoice_number_problem(invoice_number):
            found.append(problem)
        day = _parse_date(date_text)
        if day is None:
            shown = f" (it is “{date_text}”)" if date_text else ""
            found.append(f"the invoice date must be a real date like 2026-05-31{shown}")
        elif problem := invoice_date_problem(day, today=today):
            found.append(problem)
        if first is None:
            if invoice_number and day is not None:
                first = (number, invoice_number, date_text)
                invoice_date = day
        elif invoice_number and invoice_number != first[1]:
            found.append(
                f"the invoice number is {invoice_number} but line {first[0]} has {first[1]}: "
                "put each invoice in a file of its own"
            )
        elif day is not None and date_text != first[2]:
            found.append(
                f"the invoice date is {date_text} but line {first[0]} has {first[2]}: every "
                "line of an invoice has the invoice's date"
            )
        if problem := order_reference_problem(reference):
            found.append(problem)
        pence, problem = _amount_pence(amount)
        if problem:
            found.append(problem)
        problems.extend(f"Line {number}: {problem}." for problem in found)
        lines.append(InvoiceLineIn(number, reference, pence))
    if problems or first is None or invoice_date is None:
        raise InvoiceFileError(problems)
    return InvoiceIn(invoice_number=first[1], invoice_date=invoice_date, lines=tuple(lines))
