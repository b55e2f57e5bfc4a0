"""Read a legacy system's export of people (CSV) for `onestop people dedupe`, refusing it whole.

The columns are documented in docs/linkage.md. Only `person_id`, `first_name`, `last_name` and
`date_of_birth` are required; every other column may be missing or blank. A file with a
problem on any line is refused with each line's number and what is wrong, so a council fixes
its export once rather than finding out half-way.
"""

import csv
import dataclasses
import datetime
import io
from collections.abc import Iterable, Sequence

from onestop.core.postcodes import is_postcode
from onestop.people.linkage.records import (
    Record,
    bank_account_key,
    clean_ni_number,
    person_record,
)
from onestop.people.linkage.synthetic import LEGACY_COLUMNS

REQUIRED_COLUMNS = ("person_id", "first_name", "last_name", "date_of_birth")
_MAX_PROBLEMS_SHOWN = 20
_UNREADABLE = "cannot be read: check its quote marks, and that no value is very long"


@dataclasses.dataclass(frozen=True)
class LineProblem:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"Line {self.line}: {self.reason}"


class LegacyFileRefused(Exception):
    def __init__(self, problems: Sequence[LineProblem]) -> None:
        self.problems = list(problems)
        shown = "\n".join(str(problem) for problem in self.problems[:_MAX_PROBLEMS_SHOWN])
        more = len(self.problems) - _MAX_PROBLEMS_SHOWN
        tail = f"\n…and {more} more problems" if more > 0 else ""
        super().__init__(f"The file was not used. Fix these lines and try again:\n{shown}{tail}")


def _row_problems(row: dict[str, str], seen_ids: set[str]) -> list[str]:
    problems = []
    person_id = row["person_id"].strip()
    if not person_id:
        problems.append("person_id is empty: give every row its record's id")
    elif person_id in seen_ids:
        problems.append(f"person_id {person_id} is used by an earlier line: ids must be unique")
    for column in ("first_name", "last_name"):
        if not row[column].strip():
            problems.append(f"{column} is empty")
    try:
        born = datetime.date.fromisoformat(row["date_of_birth"].strip())
    except ValueError:
        problems.append(
            f"date_of_birth '{row['date_of_birth']}' is not a date: write it as YYYY-MM-DD"
        )
    else:
        if born > datetime.date.today():  # noqa: DTZ011 - a calendar date, not a moment
            problems.append(f"date_of_birth {born} is in the future")
    postcode = row.get("postcode", "").strip()
    if postcode and not is_postcode(postcode):
        problems.append(f"postcode '{postcode}' is not a UK postcode")
    ni_number = row.get("national_insurance_number", "").strip()
    if ni_number and clean_ni_number(ni_number) is None:
        problems.append(
            f"national_insurance_number '{ni_number}' is not a National Insurance number"
        )
    sort_code = row.get("sort_code", "").strip()
    account = row.get("account_number", "").strip()
    if (sort_code or account) and bank_account_key(
        sort_code=sort_code, account_number=account
    ) is None:
        problems.append("sort_code and account_number must be 6 digits and 6 to 8 digits")
    return problems


def legacy_file_read(text: str) -> list[dict[str, str]]:
    """The file's rows, each with every column in LEGACY_COLUMNS ("" when not given)."""
    if text.startswith("\ufeff"):
        text = text[1:]  # Excel's byte order mark
    # newline="" lets the csv module see each line's own ending (\r\n, \n or an old Mac's \r).
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        fieldnames = reader.fieldnames
    except csv.Error:
        raise LegacyFileRefused([LineProblem(1, _UNREADABLE)]) from None
    header = [name.strip() for name in fieldnames or []]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise LegacyFileRefused(
            [LineProblem(1, f"the header has no {', '.join(missing)} column: see docs/linkage.md")]
        )
    unknown = [name for name in header if name not in (*LEGACY_COLUMNS, "true_person")]
    if unknown:
        raise LegacyFileRefused(
            [LineProblem(1, f"unknown column {', '.join(unknown)}: see docs/linkage.md")]
        )
    reader.fieldnames = header
    rows: list[dict[str, str]] = []
    problems: list[LineProblem] = []
    seen_ids: set[str] = set()
    while True:
        try:
            raw = next(reader)
        except StopIteration:
            break
        except csv.Error:
            # The DictReader's own count moves only on success; its reader's has the line.
            problems.append(LineProblem(reader.reader.line_num, _UNREADABLE))
            continue
        # The file's own line (the last, for a value written over several lines): blank
        # lines are skipped, so counting rows would name the wrong line.
        line = reader.line_num
        if None in raw:
            problems.append(LineProblem(line, "has more values than the header has columns"))
            continue
        row = {name: (raw.get(name) or "") for name in (*LEGACY_COLUMNS, "true_person")}
        for reason in _row_problems(row, seen_ids):
            problems.append(LineProblem(line, reason))
        seen_ids.add(row["person_id"].strip())
        rows.append(row)
    if problems:
        raise LegacyFileRefused(problems)
    if not rows:
        raise LegacyFileRefused([LineProblem(2, "the file has a header but no people")])
    return rows


def legacy_records(rows: Iterable[dict[str, str]], *, secret: str) -> list[Record]:
    """Records numbered from 0 in file order; the caller keeps the row for each number."""
    return [
        person_record(
            unique_id=number,
            first_name=row["first_name"],
            surname=row["last_name"],
            # Checked by legacy_file_read; "19840312" is compared as "1984-03-12".
            date_of_birth=datetime.date.fromisoformat(row["date_of_birth"].strip()),
            postcode=row.get("postcode"),
            uprn=row.get("uprn"),
            address_line_1=row.get("address_line_1"),
            phone=row.get("phone"),
            email=row.get("email"),
            ni_number=row.get("national_insurance_number"),
            sort_code=row.get("sort_code"),
            account_number=row.get("account_number"),
            secret=secret,
        )
        for number, row in enumerate(rows)
    ]
