"""Finance exports: each one a table of columns and rows, written as CSV or as an Excel
workbook, with every download recorded in the audit log.

docs/finance-exports.md lists the columns of each export. Money is pence until it is written:
pounds with two decimals in CSV, numbers in a £ format in Excel, so finance can add them up.
"""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.db import transaction
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # type: ignore[import-untyped]
from openpyxl.styles import Font  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

from onestop.core.audit import audit_record
from onestop.core.errors import ServiceError
from onestop.core.formatting import govuk_date
from onestop.core.roles import Capability
from onestop.councils.access import membership_require
from onestop.councils.models import Council, User
from onestop.fulfilment.selectors.exports import (
    DateRange,
    award_spend_rows,
    payment_file_rows,
    supplier_spend_rows,
)

MONEY_FORMAT = '"£"#,##0.00;-"£"#,##0.00'
DATE_FORMAT = "dd/mm/yyyy"
# A cell starting with one of these is run as a formula by spreadsheet programs; names and
# reasons typed by people must never be (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class Kind(StrEnum):
    TEXT = "text"
    COUNT = "count"
    MONEY = "money"
    DATE = "date"


@dataclass(frozen=True)
class Column:
    header: str
    kind: Kind = Kind.TEXT
    width: int = 16
    # Whether the last row adds this column up.
    totalled: bool = False


@dataclass(frozen=True)
class Table:
    title: str
    columns: tuple[Column, ...]
    rows: list[tuple[Any, ...]]

    def total_row(self) -> tuple[Any, ...] | None:
        """ "Total" in the first column and the sum of each totalled column, or None when no
        column is totalled."""
        if not any(column.totalled for column in self.columns):
            return None
        cells: list[Any] = []
        for index, column in enumerate(self.columns):
            if column.totalled:
                cells.append(sum(row[index] or 0 for row in self.rows))
            else:
                cells.append("Total" if index == 0 else None)
        return tuple(cells)

    def all_rows(self) -> list[tuple[Any, ...]]:
        total = self.total_row()
        return [*self.rows, total] if total is not None else list(self.rows)


# --- writing ---------------------------------------------------------------------------------


def _safe_text(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def _csv_cell(column: Column, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):  # text, or "Total" heading the total row in any column
        return _safe_text(value)
    if column.kind == Kind.MONEY:
        sign = "-" if value < 0 else ""
        pounds, pence = divmod(abs(int(value)), 100)
        return f"{sign}{pounds}.{pence:02d}"
    if column.kind == Kind.DATE:
        return value.isoformat()
    if column.kind == Kind.COUNT:
        return str(value)
    return _safe_text(str(value))


def table_csv(table: Table) -> bytes:
    """UTF-8 with a header row; money as pounds with two decimals (12.50) and dates as
    2026-06-04, which finance systems import without guessing."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(column.header for column in table.columns)
    for row in table.all_rows():
        writer.writerow(
            _csv_cell(column, value) for column, value in zip(table.columns, row, strict=True)
        )
    return buffer.getvalue().encode("utf-8")


def table_xlsx(table: Table) -> bytes:
    """One sheet: a bold header row that stays in view, money as numbers shown in pounds,
    dates as dates, and the total (if any) in bold at the bottom."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = table.title[:31]  # Excel's limit for a sheet name
    bold = Font(bold=True)
    for index, column in enumerate(table.columns, start=1):
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font = bold
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    total = table.total_row()
    for row_number, row in enumerate(table.all_rows(), start=2):
        is_total = total is not None and row_number == len(table.rows) + 2
        for index, (column, value) in enumerate(zip(table.columns, row, strict=True), start=1):
            cell = sheet.cell(row=row_number, column=index)
            if value is None:
                continue
            if isinstance(value, str):
                cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
                # Text people typed is stored as text, never run as a formula.
                cell.data_type = "s"
            elif column.kind == Kind.MONEY:
                cell.value = Decimal(int(value)) / 100
                cell.number_format = MONEY_FORMAT
            elif column.kind == Kind.DATE:
                cell.value = value
                cell.number_format = DATE_FORMAT
            elif column.kind == Kind.COUNT:
                cell.value = int(value)
            else:
                cell.value = str(value)
                cell.data_type = "s"
            if is_total:
                cell.font = bold
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- the exports -----------------------------------------------------------------------------


def _payment_files(council: Council, period: DateRange) -> Table:
    return Table(
        title="Payment files",
        columns=(
            Column("File name", width=28),
            Column("File serial number", Kind.COUNT, width=10),
            Column("Processing date", Kind.DATE, width=14),
            Column("Case reference", width=14),
            Column("Payment reference", width=20),
            Column("Account name", width=24),
            Column("Sort code", width=10),
            Column("Account number (last 4 digits)", width=14),
            Column("Amount", Kind.MONEY, width=12, totalled=True),
            Column("Payment status", width=28),
        ),
        rows=[
            (
                row.file_name,
                row.serial_number,
                row.processing_date,
                row.case_reference,
                row.payment_reference,
                row.account_name,
                row.sort_code,
                row.account_ending,
                row.amount_pence,
                row.status,
            )
            for row in payment_file_rows(council=council, period=period)
        ],
    )


def _supplier_spend(council: Council, period: DateRange) -> Table:
    return Table(
        title="Supplier spend",
        columns=(
            Column("Supplier", width=30),
            Column("Orders placed", Kind.COUNT, width=10, totalled=True),
            Column("Delivered", Kind.COUNT, width=10, totalled=True),
            Column("Failed or returned", Kind.COUNT, width=10, totalled=True),
            Column("Value delivered", Kind.MONEY, width=14, totalled=True),
            Column("Invoiced", Kind.MONEY, width=14, totalled=True),
            Column("Difference (invoiced less delivered)", Kind.MONEY, width=16, totalled=True),
        ),
        rows=[
            (
                row.supplier,
                row.orders_placed,
                row.delivered,
                row.failed_or_returned,
                row.value_delivered_pence,
                row.invoiced_pence,
                row.difference_pence,
            )
            for row in supplier_spend_rows(council=council, period=period)
        ],
    )


def _award_spend(council: Council, period: DateRange) -> Table:
    return Table(
        title="Award spend",
        columns=(
            Column("Date awarded", Kind.DATE, width=12),
            Column("Case reference", width=14),
            Column("Scheme", width=24),
            Column("Award type", width=16),
            Column("Value", Kind.MONEY, width=12, totalled=True),
            Column("Status", width=26),
            Column("Fulfilled on", Kind.DATE, width=12),
            Column("Money returned on", Kind.DATE, width=12),
            Column("Why the money was returned", width=40),
        ),
        rows=[
            (
                row.awarded_on,
                row.case_reference,
                row.scheme,
                row.award_type,
                row.value_pence,
                row.status,
                row.fulfilled_on,
                row.returned_on,
                row.returned_reason,
            )
            for row in award_spend_rows(council=council, period=period)
        ],
    )


@dataclass(frozen=True)
class Export:
    name: str
    title: str
    description: str
    build: Callable[[Council, DateRange], Table] = field(repr=False)


EXPORTS: dict[str, Export] = {
    export.name: export
    for export in (
        Export(
            "payment-files",
            "Payment files",
            "Every payment in the Bacs files made in these dates, with the account number's "
            "last 4 digits.",
            _payment_files,
        ),
        Export(
            "supplier-spend",
            "Supplier spend",
            "For each supplier: orders placed in these dates, what was delivered, and what "
            "the supplier has invoiced for them.",
            _supplier_spend,
        ),
        Export(
            "award-spend",
            "Award spend",
            "Every award made in these dates: its value, whether it was fulfilled and whether "
            "the money came back.",
            _award_spend,
        ),
    )
}

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
WRITERS: dict[str, Callable[[Table], bytes]] = {"csv": table_csv, "xlsx": table_xlsx}


@dataclass(frozen=True)
class ExportFile:
    file_name: str
    content_type: str
    content: bytes
    row_count: int


def export_file_name(
    *, council: Council, export_name: str, period: DateRange, file_format: str
) -> str:
    return (
        f"{council.slug}-{export_name}-{period.first.isoformat()}-to-{period.last.isoformat()}"
        f".{file_format}"
    )


@transaction.atomic
def export_download(
    *,
    actor: User,
    council: Council,
    export_name: str,
    file_format: str,
    period: DateRange,
) -> ExportFile:
    """Build one export for the council and record who downloaded what, for which dates."""
    membership_require(
        actor=actor,
        council=council,
        capability=Capability.MANAGE_PAYMENTS,
        doing="download finance exports",
    )
    export = EXPORTS.get(export_name)
    if export is None or file_format not in WRITERS:
        raise ServiceError("Choose one of the exports on the finance exports page.")
    if period.last < period.first:
        raise ServiceError("The end date must be the same as or after the start date.")
    table = export.build(council, period)
    content = WRITERS[file_format](table)
    audit_record(
        actor=actor,
        council=council,
        action="export.downloaded",
        subject=council,
        summary=(
            f"Downloaded the {export.title.lower()} export ({file_format.upper()}) for "
            f"{govuk_date(period.first)} to {govuk_date(period.last)}"
        ),
        details={
            "export": export_name,
            "format": file_format,
            "from": period.first.isoformat(),
            "to": period.last.isoformat(),
            "rows": len(table.rows),
        },
    )
    return ExportFile(
        file_name=export_file_name(
            council=council, export_name=export_name, period=period, file_format=file_format
        ),
        content_type=CONTENT_TYPES[file_format],
        content=content,
        row_count=len(table.rows),
    )


def export_row_counts(*, council: Council, period: DateRange) -> dict[str, int]:
    """How many rows each export would have, to show beside its download links."""
    return {name: len(export.build(council, period).rows) for name, export in EXPORTS.items()}
