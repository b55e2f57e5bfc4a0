"""Read a council's address gazetteer extract (CSV) and check every line before anything is saved."""

import csv
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from onestop.core.postcodes import is_postcode, normalise_postcode

REQUIRED_COLUMNS = ("uprn", "address_line_1", "town", "postcode")
OPTIONAL_COLUMNS = ("address_line_2", "ward")
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
# The database's column sizes: a longer value would fail at the insert, half way through.
MAX_LENGTHS = {"address_line_1": 200, "address_line_2": 200, "town": 100, "ward": 100}
UPRN_MAX_DIGITS = 12
_CONTROL_CHARACTER = re.compile(r"[\x00-\x1f\x7f]")
EXAMPLE_HEADER = ",".join(("uprn", "address_line_1", "address_line_2", "town", "postcode", "ward"))


@dataclass(frozen=True)
class GazetteerRow:
    """One checked address: the postcode written as `normalise_postcode` writes it."""

    uprn: str
    address_line_1: str
    address_line_2: str
    town: str
    postcode: str
    ward: str


@dataclass(frozen=True)
class LineProblem:
    line: int  # 0 for a problem with the whole file
    message: str

    def __str__(self) -> str:
        return f"Line {self.line}: {self.message}" if self.line else self.message


@dataclass
class GazetteerFile:
    """What a file holds: its addresses if every line is good, else the problems to fix."""

    rows: list[GazetteerRow] = field(default_factory=list)
    problems: list[LineProblem] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)


def _header_problems(header: list[str]) -> tuple[list[LineProblem], list[str]]:
    problems = []
    seen = set()
    for name in header:
        if name in seen and name in COLUMNS:
            problems.append(
                LineProblem(1, f"The column '{name}' is in the header twice: keep only one.")
            )
        seen.add(name)
    missing = [name for name in REQUIRED_COLUMNS if name not in seen]
    if missing:
        listed = ", ".join(f"'{name}'" for name in missing)
        problems.append(
            LineProblem(
                1,
                f"The header has no {listed} column{'s' if len(missing) > 1 else ''}. The first "
                f"line must name the columns, for example: {EXAMPLE_HEADER}",
            )
        )
    ignored = [name for name in header if name not in COLUMNS and name]
    return problems, ignored


def _value_problems(values: dict[str, str]) -> list[str]:
    problems = []
    uprn = values["uprn"]
    if not uprn:
        problems.append("the UPRN is missing: every address needs its UPRN")
    elif not uprn.isascii() or not uprn.isdigit() or len(uprn) > UPRN_MAX_DIGITS:
        problems.append(
            f"the UPRN '{uprn}' is not a UPRN: it must be digits only, 1 to "
            f"{UPRN_MAX_DIGITS} of them"
        )
    if not values["address_line_1"]:
        problems.append("address_line_1 is empty: give the first line of the address")
    if not values["town"]:
        problems.append("town is empty: give the town or city")
    postcode = values["postcode"]
    if not postcode:
        problems.append("postcode is empty: give the address's postcode")
    elif not is_postcode(postcode):
        problems.append(f"the postcode '{postcode}' is not a UK postcode, like SW1A 2AA")
    for name, limit in MAX_LENGTHS.items():
        if len(values[name]) > limit:
            problems.append(f"{name} is longer than {limit} characters: shorten it")
    if _CONTROL_CHARACTER.search("".join(values.values())):
        for name, value in values.items():
            if _CONTROL_CHARACTER.search(value):
                problems.append(f"{name} has control characters (such as tabs): remove them")
    return problems


class _UnreadableLine(Exception):
    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.reason = reason


def _records(lines: Iterable[str]) -> Iterator[tuple[int, list[str]]]:
    """Each CSV record with the number of the line it starts on."""
    reader = csv.reader(lines)
    start = 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise _UnreadableLine(reader.line_num or 1, str(error)) from None
        yield start, record
        start = reader.line_num + 1


def gazetteer_file_read(lines: Iterable[str]) -> GazetteerFile:
    """Check every line of the file; a file with any problem gives no rows at all."""
    result = GazetteerFile()
    header: list[str] | None = None
    first_line_of_uprn: dict[str, int] = {}
    positions: list[tuple[str, int | None]] = []  # each column's place in a line
    records = _records(lines)
    try:
        for line, record in records:
            if header is None:
                header = [name.strip().lower().lstrip("\ufeff") for name in record]
                header_problems, result.ignored_columns = _header_problems(header)
                if header_problems:
                    result.problems.extend(header_problems)
                    return result
                positions = [
                    (name, header.index(name) if name in header else None) for name in COLUMNS
                ]
                continue
            if not any(value.strip() for value in record):
                continue  # a blank line, often at the end of a file
            if len(record) != len(header):
                result.problems.append(
                    LineProblem(
                        line,
                        f"it has {len(record)} values but the header has {len(header)} columns: "
                        "check for a missing or extra comma, and put any value that contains a "
                        'comma in double quotes ("Flat 2, The Mill")',
                    )
                )
                continue
            values = {
                name: record[position].strip() if position is not None else ""
                for name, position in positions
            }
            problems = _value_problems(values)
            uprn = values["uprn"]
            if not problems and uprn in first_line_of_uprn:
                problems.append(
                    f"the UPRN {uprn} is also on line {first_line_of_uprn[uprn]}: each address "
                    "must be in the file once"
                )
            result.problems.extend(LineProblem(line, message) for message in problems)
            if problems:
                continue
            first_line_of_uprn[uprn] = line
            if not result.problems:  # once anything is wrong, only the problems matter
                result.rows.append(
                    GazetteerRow(
                        uprn=uprn,
                        address_line_1=values["address_line_1"],
                        address_line_2=values["address_line_2"],
                        town=values["town"],
                        postcode=normalise_postcode(values["postcode"]),
                        ward=values["ward"],
                    )
                )
    except _UnreadableLine as error:
        result.problems.append(
            LineProblem(
                error.line,
                f"it cannot be read as CSV ({error.reason}): save the file again as CSV and "
                "check this line",
            )
        )
    except UnicodeDecodeError:
        result.problems.append(
            LineProblem(
                0,
                "The file is not UTF-8 text. Save it as 'CSV UTF-8 (comma delimited)' and try "
                "again.",
            )
        )
    if header is None and not result.problems:
        result.problems.append(
            LineProblem(
                0, f"The file is empty. Its first line must name the columns: {EXAMPLE_HEADER}"
            )
        )
    elif not result.rows and not result.problems:
        result.problems.append(
            LineProblem(
                0,
                "The file has a header but no addresses. Loading it would empty the council's "
                "address list: check you chose the right file.",
            )
        )
    if result.problems:
        result.rows = []
    return result


def gazetteer_file_open(path: str) -> io.TextIOWrapper:
    """The file as text; a byte order mark (as Excel writes) is dropped, new lines kept for csv."""
    return open(path, encoding="utf-8-sig", newline="")
