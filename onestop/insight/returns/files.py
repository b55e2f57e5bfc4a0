"""The return as files in the department's layout: a CSV of the figures, and an XLSX workbook
with the same figures under a heading that says whose return it is and whether it is final.

The figures digest is the SHA-256 of the CSV file, which holds exactly the figures table of
the workbook: anyone can check a sent file against a sign-off with `sha256sum`.
"""

import csv
import datetime
import hashlib
import io
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils import timezone
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # type: ignore[import-untyped]
from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

from onestop.core.formatting import govuk_datetime
from onestop.core.money import format_pounds
from onestop.insight.facts import CHILD_UNDER, PENSIONER_FROM
from onestop.insight.returns.build import DIMENSIONS, Line, ReturnFigures

if TYPE_CHECKING:
    from onestop.insight.models import ReturnSignOff

COLUMNS = (
    *(name for name, _ in DIMENSIONS),
    "Value in pounds",
    "Number of awards",
    "Number of households",
)
TITLE = "Crisis and Resilience Fund: management return"
SHEET = "Return"
MONEY_FORMAT = "#,##0.00"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

NOTES = (
    "Each award counts once, in the period it was made, under one household type, one spend "
    "type, one delivery method and one route.",
    "Each household has one household type for the whole return, from its latest "
    f"application: with a child under {CHILD_UNDER} first, then with someone "
    f"{PENSIONER_FROM} or over, then with a disabled person, then other.",
    "Awards whose money came back to the fund (a code unused, a card not collected, goods "
    "not delivered, a payment that bounced) are taken off: they are in no value and no count.",
    "Lines where a column says All are totals. A household helped in two ways is counted on "
    "both lines but once in a total, so households on the lines can add up to more than "
    "the total.",
    "Advice is money spent on advice services; no award counts as advice.",
)


def file_stem(figures: ReturnFigures) -> str:
    """'onestop-return-northshire-2026-27-H1'."""
    return f"onestop-return-{figures.council_slug}-{figures.period.code}"


def pounds_text(pence: int) -> str:
    """1234550 -> '12345.50': pounds and pence, no sign or commas, for a machine to read."""
    sign = "-" if pence < 0 else ""
    whole, part = divmod(abs(pence), 100)
    return f"{sign}{whole}.{part:02d}"


def _all_lines(figures: ReturnFigures) -> list[Line]:
    return [*figures.lines, *figures.totals]


def table_rows(figures: ReturnFigures) -> list[list[str]]:
    """The figures table as text, header first: what the CSV holds and the workbook shows."""
    rows = [list(COLUMNS)]
    for line in _all_lines(figures):
        rows.append(
            [
                *line.labels,
                pounds_text(line.value_pence),
                str(line.awards),
                str(line.households),
            ]
        )
    return rows


def return_csv(figures: ReturnFigures) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(table_rows(figures))
    return buffer.getvalue().encode("utf-8")


def figures_digest(figures: ReturnFigures) -> str:
    """The SHA-256 of the figures, as hex: the CSV file's own digest."""
    return hashlib.sha256(return_csv(figures)).hexdigest()


def _status(figures: ReturnFigures, today: datetime.date) -> str:
    period = figures.period
    if period.has_ended(today):
        return "Final: the period has ended"
    return (
        f"Draft: the period runs until {period.last_day.day} {period.last_day:%B %Y}, "
        "so these figures will change"
    )


def _signed(figures: ReturnFigures, sign_off: "ReturnSignOff | None") -> str:
    if sign_off is None:
        return "Not signed off"
    if sign_off.figures_digest != figures_digest(figures):
        return (
            "Not signed off: these figures differ from the ones signed off on "
            f"{govuk_datetime(sign_off.signed_at)}"
        )
    return (
        f"Signed off by {sign_off.signed_by.display_name} on "
        f"{govuk_datetime(sign_off.signed_at)}, approved by {sign_off.approved_by_name}, "
        "finance director"
    )


def heading_rows(
    figures: ReturnFigures, *, today: datetime.date, sign_off: "ReturnSignOff | None" = None
) -> list[tuple[str, str]]:
    """What the workbook says above the figures: whose return, when, and its standing."""
    period = figures.period
    returned = figures.returned_awards
    return [
        ("Council", figures.council_name),
        ("Period", f"{period.name}: {period.dates}"),
        ("Status", _status(figures, today)),
        ("Built", govuk_datetime(timezone.now())),
        (
            "Taken off: money returned to the fund",
            f"{format_pounds(figures.returned_pence)} from {returned} "
            f"{'award' if returned == 1 else 'awards'} made in the period",
        ),
        ("Figures digest (SHA-256 of the CSV file)", figures_digest(figures)),
        ("Sign-off", _signed(figures, sign_off)),
    ]


def return_xlsx(
    figures: ReturnFigures, *, today: datetime.date, sign_off: "ReturnSignOff | None" = None
) -> bytes:
    """One sheet: the title, the heading, a blank row, then the figures table with a bold
    header; values are numbers (pounds to two places), so the department can add them up.
    A second sheet has the notes on how the figures are counted."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET
    bold = Font(bold=True)
    sheet.append([TITLE])
    sheet["A1"].font = Font(bold=True, size=14)
    for label, value in heading_rows(figures, today=today, sign_off=sign_off):
        sheet.append([label])
        sheet.cell(row=sheet.max_row, column=1).font = bold
        cell = sheet.cell(row=sheet.max_row, column=2, value=ILLEGAL_CHARACTERS_RE.sub("", value))
        # Names people typed (the council's, the finance director's) stay text, never a formula.
        cell.data_type = "s"
    sheet.append([])
    header, *rows = table_rows(figures)
    sheet.append(header)
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = bold
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for line, row in zip(_all_lines(figures), rows, strict=True):
        sheet.append([*row[:4], Decimal(line.value_pence) / 100, line.awards, line.households])
        sheet.cell(row=sheet.max_row, column=5).number_format = MONEY_FORMAT
        if None in (line.household_type, line.spend_type, line.delivery_method, line.route):
            for cell in sheet[sheet.max_row]:
                cell.font = bold
    for index, width in enumerate((40, 38, 22, 20, 16, 12, 12), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = f"A{header_row + 1}"
    notes = workbook.create_sheet("Notes")
    notes.append(["How these figures are counted"])
    notes["A1"].font = bold
    for note in NOTES:
        notes.append([note])
    notes.column_dimensions["A"].width = 120
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
