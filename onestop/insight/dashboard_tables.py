"""The service dashboard's tables: one set of rows for the page, the CSV and the Excel download,
so all three always show the same figures.

A cell is a typed value: a count (int), money (Money, in pence), a percentage (Percent), a time
(Hours), a date, text, or None where there is nothing to show (a rate without decisions). The
page writes each as people read it (£1,234.50, 62%, 1.5 days); the downloads write numbers a
spreadsheet can add up: pounds with two decimals, percentages and hours to one decimal.
"""

import csv
import datetime
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # type: ignore[import-untyped]
from openpyxl.styles import Font  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

from onestop.core.formatting import govuk_date
from onestop.core.money import format_pounds
from onestop.insight.selectors.channels import duration_words
from onestop.insight.selectors.dashboard import Breakdown, Dashboard, Totals, headlines

MONEY_FORMAT = '"£"#,##0.00;-"£"#,##0.00'
ONE_DECIMAL_FORMAT = "0.0"
DATE_FORMAT = "dd/mm/yyyy"
# A cell starting with one of these is run as a formula by spreadsheet programs; ward and scheme
# names are typed by people and must never be (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A download's heading says the unit its numbers are in: "Spend (£)".
UNITS = re.compile(r" \((%|£|hours)\)$")


@dataclass(frozen=True)
class Money:
    pence: int


@dataclass(frozen=True)
class Percent:
    value: float


@dataclass(frozen=True)
class Hours:
    value: float


Value = int | Money | Percent | Hours | datetime.date | str | None


@dataclass(frozen=True)
class Table:
    name: str  # in the download's address and file name: "channel"
    title: str  # the caption, and the sheet's name in Excel
    columns: tuple[str, ...]
    rows: list[tuple[Value, ...]]

    @property
    def page_columns(self) -> tuple[str, ...]:
        """The headings without their units: the page writes each cell with its own (62%)."""
        return tuple(UNITS.sub("", column) for column in self.columns)


# --- the tables ------------------------------------------------------------------------------------


def _or_none(value: float | None, kind: type[Percent] | type[Hours]) -> Percent | Hours | None:
    return None if value is None else kind(value)


def _headline_cells(totals: Totals, name: str) -> Value:
    value = getattr(totals, name)
    if name == "spend_pence":
        return Money(value)
    if name == "mean_hours_to_decision":
        return _or_none(value, Hours)
    if name.endswith("_rate"):
        return _or_none(value, Percent)
    return int(value)


def figures_table(dashboard: Dashboard) -> Table:
    rows: list[tuple[Value, ...]] = [
        (
            headline.label,
            _headline_cells(dashboard.totals, headline.name),
            _headline_cells(dashboard.last_7_days, headline.name),
            _headline_cells(dashboard.previous_7_days, headline.name),
        )
        for headline in headlines(dashboard)
    ]
    return Table(
        "figures",
        "Headline figures",
        ("Figure", "Whole period", "Last 7 days", "7 days before"),
        rows,
    )


def weeks_table(dashboard: Dashboard) -> Table:
    return Table(
        "weeks",
        "By week",
        ("Week from", "Week to", "Applications", "Decisions", "Awards", "Spend (£)"),
        [
            (
                week.start,
                week.end,
                week.totals.applications,
                week.totals.decisions,
                week.totals.awards,
                Money(week.totals.spend_pence),
            )
            for week in dashboard.weeks
        ],
    )


BREAKDOWN_COLUMNS = (
    "Applications",
    "Decisions",
    "Awards",
    "Award rate (%)",
    "Spend (£)",
    "Decided in time (%)",
    "Mean time to decision (hours)",
)


def breakdown_table(breakdown: Breakdown) -> Table:
    return Table(
        breakdown.dimension.replace("_", "-"),
        f"By {breakdown.title.lower()}",
        (breakdown.title, *BREAKDOWN_COLUMNS),
        [
            (
                row.label,
                row.totals.applications,
                row.totals.decisions,
                row.totals.awards,
                _or_none(row.totals.award_rate, Percent),
                Money(row.totals.spend_pence),
                _or_none(row.totals.in_time_rate, Percent),
                _or_none(row.totals.mean_hours_to_decision, Hours),
            )
            for row in breakdown.rows
        ],
    )


def month_table(dashboard: Dashboard) -> Table:
    month = dashboard.month
    planned = month.planned_pence
    to_date = month.planned_to_date_pence
    against = month.forecast_against_plan_pence
    return Table(
        "month",
        "Spending this month",
        ("Figure", "Amount (£)"),
        [
            ("Awarded so far", Money(month.spent_pence)),
            ("Average a day so far", Money(month.daily_average_pence)),
            ("Forecast for the month", Money(month.forecast_pence)),
            ("Planned for the month", None if planned is None else Money(planned)),
            ("Planned by today", None if to_date is None else Money(to_date)),
            ("Forecast over plan (under if negative)", None if against is None else Money(against)),
        ],
    )


def dashboard_tables(dashboard: Dashboard) -> list[Table]:
    """Every table on the page, in page order; names are unique."""
    return [
        figures_table(dashboard),
        weeks_table(dashboard),
        month_table(dashboard),
        *(breakdown_table(breakdown) for breakdown in dashboard.breakdowns),
    ]


# --- for the page ----------------------------------------------------------------------------------


def cell_text(value: Value) -> str:
    """A cell as people read it on the page."""
    if value is None:
        return "No figure"
    if isinstance(value, Money):
        return format_pounds(value.pence)
    if isinstance(value, Percent):
        return f"{value.value:.0f}%"
    if isinstance(value, Hours):
        return duration_words(value.value)
    if isinstance(value, datetime.date):
        return govuk_date(value)
    if isinstance(value, int):
        return f"{value:,}"
    return value


def is_number(value: Value) -> bool:
    return not isinstance(value, str | datetime.date)


# --- downloads ------------------------------------------------------------------------------------


def _safe_text(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def _csv_cell(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, Money):
        sign = "-" if value.pence < 0 else ""
        pounds, pence = divmod(abs(value.pence), 100)
        return f"{sign}{pounds}.{pence:02d}"
    if isinstance(value, Percent | Hours):
        return f"{value.value:.1f}"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    return _safe_text(value)


def table_csv(table: Table) -> bytes:
    """UTF-8 with a header row: pounds with two decimals, percentages and hours with one,
    dates as 2026-06-04."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.columns)
    for row in table.rows:
        writer.writerow(_csv_cell(value) for value in row)
    return buffer.getvalue().encode("utf-8")


def tables_xlsx(tables: Sequence[Table]) -> bytes:
    """One sheet a table: a bold header row that stays in view, money in pounds, percentages
    and hours to one decimal place, dates as dates."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    bold = Font(bold=True)
    for table in tables:
        sheet = workbook.create_sheet(table.title[:31])  # Excel's limit for a sheet name
        for index, header in enumerate(table.columns, start=1):
            sheet.cell(row=1, column=index, value=header).font = bold
            sheet.column_dimensions[get_column_letter(index)].width = max(14, len(header) + 2)
        for row_number, row in enumerate(table.rows, start=2):
            for index, value in enumerate(row, start=1):
                cell = sheet.cell(row=row_number, column=index)
                if value is None:
                    continue
                if isinstance(value, Money):
                    cell.value = value.pence / 100
                    cell.number_format = MONEY_FORMAT
                elif isinstance(value, Percent | Hours):
                    cell.value = round(value.value, 1)
                    cell.number_format = ONE_DECIMAL_FORMAT
                elif isinstance(value, datetime.date):
                    cell.value = value
                    cell.number_format = DATE_FORMAT
                elif isinstance(value, int):
                    cell.value = value
                else:
                    cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
                    # Text people typed is stored as text, never run as a formula.
                    cell.data_type = "s"
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
