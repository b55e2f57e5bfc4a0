"""Screen a benefits caseload extract against a scheme's policy: who would qualify, for what.

A council exports one row per household from its Housing Benefit or Council Tax Reduction
system (the columns are in `COLUMNS` and docs/policy-authoring.md). `read_caseload` checks
the whole file before anything is assessed and refuses it whole, with the line and the
reason for each problem (the first `MAX_PROBLEMS`). `screen_caseload` assesses every
household with the policy in force on one date and writes those who would qualify to a CSV.

Speed: the file is read once into memory; its shape (values per line) is checked with NumPy
over the raw bytes, the values with Polars expressions over whole columns. Only when
something is wrong does the slower work of finding each problem's line run.
"""

import csv
import datetime
import os
import re
import tempfile
import zoneinfo
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click
import numpy as np
import polars as pl

from onestop.core.money import format_pounds
from onestop.policy.engine import (
    ELIGIBLE,
    NEEDS_DECISION_MAKER,
    NOT_ELIGIBLE,
    CompiledPolicy,
    NotInForce,
)
from onestop.policy.facts import INPUTS
from onestop.policy.vocabulary import CrisisReason

MAX_PROBLEMS = 20
CHUNK_ROWS = 250_000  # households assessed and written at a time, so progress can be shown
# Pounds, with pence or without: 250, 250.5, 250.00. Up to £999,999,999.99, so that pounds
# as a float times 100, rounded, is exactly the pence.
MONEY_PATTERN = r"^[0-9]{1,9}(\.[0-9]{1,2})?$"
YES = ("yes", "Yes", "YES")
NO = ("no", "No", "NO")
OUTPUT_COLUMNS = ("household_id", "outcome", "award", "priority", "failed_criteria")

ID, WHOLE, MONEY, YES_NO, REASON = "id", "whole number", "money", "yes or no", "crisis reason"
_BAD = "__bad"  # the working column that flags a row with a bad value


@dataclass(frozen=True)
class CaseloadColumn:
    name: str
    kind: str  # ID, WHOLE, MONEY, YES_NO or REASON
    required: bool
    description: str
    minimum: int = 0
    maximum: int | None = None

    @property
    def default(self) -> Any:
        return INPUTS[self.name].default if self.name in INPUTS else None

    @property
    def format(self) -> str:
        """What a good value looks like, as error messages and the docs say it."""
        if self.kind == MONEY:
            return "an amount in pounds, like 250.00"
        if self.kind == WHOLE:
            return (
                "a whole number, like 3"
                if self.name != "applicant_age"
                else "a whole number of years, like 42"
            )
        if self.kind == YES_NO:
            return "yes or no"
        if self.kind == REASON:
            return "one of the crisis reason codes, like no_money_for_food"
        return "the household's reference in the benefits system"

    @property
    def default_text(self) -> str:
        value = self.default
        if self.kind == MONEY:
            return f"{value / 100:.2f}"
        if self.kind == YES_NO:
            return "yes" if value else "no"
        return str(value)


# The policy inputs a Housing Benefit or Council Tax Reduction system holds. Everything else a
# policy reads (the items a household needs, earlier crisis awards) is taken as its default:
# no items needed and no earlier awards.
COLUMNS: tuple[CaseloadColumn, ...] = (
    CaseloadColumn("household_id", ID, True, "The household's reference in the benefits system"),
    CaseloadColumn("applicant_age", WHOLE, True, "The claimant's age in whole years", 16, 120),
    CaseloadColumn(
        "household_size", WHOLE, True, "People in the household, the claimant included", 1, 30
    ),
    CaseloadColumn("children_under_5", WHOLE, True, "Children in the household under 5", 0, 30),
    CaseloadColumn("weekly_income", MONEY, True, "Household income a week, before housing costs"),
    CaseloadColumn(
        "weekly_housing_costs", MONEY, True, "Rent or mortgage the household pays a week"
    ),
    CaseloadColumn("savings", MONEY, True, "Household savings and other capital"),
    CaseloadColumn("pregnant", YES_NO, False, "Someone in the household is pregnant"),
    CaseloadColumn("disabled", YES_NO, False, "Someone in the household has a disability"),
    CaseloadColumn(
        "receives_qualifying_benefit",
        YES_NO,
        False,
        "Gets Universal Credit, Pension Credit, income-related ESA or JSA, or Income Support",
    ),
    CaseloadColumn(
        "receives_housing_support",
        YES_NO,
        False,
        "Gets Housing Benefit or the housing element of Universal Credit",
    ),
    CaseloadColumn(
        "weekly_rent_shortfall", MONEY, False, "Rent a week not covered by housing support"
    ),
    CaseloadColumn("rent_arrears", MONEY, False, "Rent owed"),
    CaseloadColumn("at_risk_of_eviction", YES_NO, False, "The landlord has started eviction"),
    CaseloadColumn("is_resident", YES_NO, False, "Lives in the council's area"),
    CaseloadColumn(
        "crisis_reason",
        REASON,
        False,
        "A crisis to screen everyone for, as a code (the benefits system does not know one)",
    ),
)
COLUMNS_BY_NAME = {c.name: c for c in COLUMNS}
CRISIS_REASONS = tuple(str(r.value) for r in CrisisReason)


class CaseloadError(ValueError):
    """A caseload file that cannot be screened; `problems` are the first few, each saying the
    line and what is wrong, in line order."""

    def __init__(self, problems: Sequence[str], *, more: int = 0) -> None:
        self.problems = list(problems)
        self.more = more  # problems found beyond those listed
        super().__init__(self.problems[0] if self.problems else "The file cannot be screened")

    def one_line(self) -> str:
        text = self.problems[0]
        others = len(self.problems) - 1 + self.more
        if others:
            text += f" ({others} more problem{'s' if others != 1 else ''} after it)"
        return text


# Reading and checking ------------------------------------------------------------------------


def _shown(value: str) -> str:
    return value if len(value) <= 40 else value[:37] + "..."


def _header(data: bytes) -> tuple[list[str], int]:
    """The column names (trimmed, lower case) and where the first household starts."""
    end = data.find(b"\n")
    end = len(data) if end == -1 else end
    try:
        line = data[:end].decode("utf-8-sig").rstrip("\r")
    except UnicodeDecodeError:
        raise CaseloadError(
            ["Line 1 is not UTF-8 text: save the file as CSV UTF-8 and try again"]
        ) from None
    names = [name.strip().lower() for name in next(csv.reader([line]), [])]
    problems = []
    seen: set[str] = set()
    for name in names:
        if name in seen:
            problems.append(f"Line 1: the column {name} is named twice")
        elif name not in COLUMNS_BY_NAME:
            problems.append(
                f'Line 1: "{_shown(name)}" is not a caseload column. The columns are: '
                + ", ".join(COLUMNS_BY_NAME)
            )
        seen.add(name)
    missing = [c.name for c in COLUMNS if c.required and c.name not in seen]
    if missing:
        problems.append(
            f"Line 1: the header has no {', '.join(missing)} column{'s' if len(missing) > 1 else ''}"
            f" (required: {', '.join(c.name for c in COLUMNS if c.required)})"
        )
    if problems:
        raise CaseloadError(problems[:MAX_PROBLEMS], more=max(0, len(problems) - MAX_PROBLEMS))
    return names, min(end + 1, len(data))


def _body_end(data: bytes, start: int) -> int:
    """Where the households end: blank lines at the very end of a file are not households."""
    end = len(data)
    while end > start and data[end - 1] in b"\r\n \t":
        end -= 1
    return end


def _records(body: np.ndarray, columns: int) -> np.ndarray:
    """Each household's first physical line number; CaseloadError for any problem of shape
    (a blank line, too few or too many values, an unclosed quote). Quoted values may hold
    commas and line breaks, so a comma or a line break counts only outside quotes."""
    quotes = body == ord('"')
    inside = np.bitwise_xor.accumulate(quotes) if quotes.any() else np.zeros(len(body), dtype=bool)
    newlines = body == ord("\n")
    breaks = np.flatnonzero(newlines & ~inside)
    commas = np.flatnonzero((body == ord(",")) & ~inside)
    starts = np.concatenate(([0], breaks + 1))
    ends = np.concatenate((breaks, [len(body)]))
    values = np.searchsorted(commas, ends) - np.searchsorted(commas, starts) + 1
    lines = 2 + np.searchsorted(np.flatnonzero(newlines), starts)
    lengths = ends - starts
    first_byte = body[np.minimum(starts, len(body) - 1)]
    blank = (lengths == 0) | ((lengths == 1) & (first_byte == ord("\r")))
    wrong = (values != columns) & ~blank
    problems: list[tuple[int, str]] = []
    if len(body) and inside[-1]:
        # The rest of the file after an opening quote is one value: that is the problem.
        wrong[-1] = False
        problems.append((int(lines[-1]), f"Line {lines[-1]}: a quoted value is never closed"))
    for index in np.flatnonzero(blank)[:MAX_PROBLEMS]:
        problems.append((int(lines[index]), f"Line {lines[index]} is blank: remove it"))
    for index in np.flatnonzero(wrong)[:MAX_PROBLEMS]:
        count = int(values[index])
        problems.append(
            (
                int(lines[index]),
                f"Line {lines[index]} has {count} value{'s' if count != 1 else ''} but the "
                f"header names {columns} columns",
            )
        )
    if problems:
        problems.sort(key=lambda problem: problem[0])
        raise CaseloadError(
            [text for _, text in problems[:MAX_PROBLEMS]],
            more=max(0, len(problems) - MAX_PROBLEMS),
        )
    return lines


def _plain_records(body: np.ndarray, columns: int) -> int | None:
    """The number of household lines, if the quick test shows every line has as many values
    as the header: with no quotes, the commas must number exactly (columns - 1) per line.
    (A line with too many values is refused by the CSV reader, so a total that matches
    cannot hide a short line.) None if the lines must be looked at one by one."""
    if (body == ord('"')).any():
        return None
    lines = int(np.count_nonzero(body == ord("\n"))) + 1
    return lines if int(np.count_nonzero(body == ord(","))) == (columns - 1) * lines else None


def _unreadable_line(body: bytes) -> int | None:
    for number, line in enumerate(body.split(b"\n"), start=2):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            return number
    return None


def _check_expressions(
    names: Sequence[str],
) -> list[tuple[str, pl.Expr, Callable[[str], str]]]:
    """(check name, expression true where a row is bad, message for a bad value)."""
    checks: list[tuple[str, pl.Expr, Callable[[str], str]]] = []
    for name in names:
        column = COLUMNS_BY_NAME[name]
        value = pl.col(name)
        blank = value == ""
        if column.required:

            def blank_message(_: str, column: CaseloadColumn = column) -> str:
                return f"{column.name} is blank; it must be {column.format}"

            checks.append((f"{name}:blank", blank, blank_message))
        if column.kind == ID:
            continue
        if column.kind == MONEY:
            wrong = ~value.str.contains(MONEY_PATTERN)
        elif column.kind == WHOLE:
            wrong = value.cast(pl.Int64, strict=False).is_null()
        elif column.kind == YES_NO:
            wrong = ~value.is_in([*YES, *NO])
        else:
            wrong = ~value.is_in(CRISIS_REASONS)

        def format_message(bad: str, column: CaseloadColumn = column) -> str:
            return f'{column.name} must be {column.format} (it is "{_shown(bad)}")'

        checks.append((f"{name}:format", ~blank & wrong, format_message))
        if column.kind == WHOLE:
            number = value.cast(pl.Int64, strict=False)
            limits = (
                f"from {column.minimum} to {column.maximum}"
                if column.maximum is not None
                else f"at least {column.minimum}"
            )
            too_big = number > column.maximum if column.maximum is not None else pl.lit(False)

            def range_message(
                bad: str, column: CaseloadColumn = column, limits: str = limits
            ) -> str:
                return f"{column.name} must be {limits} (it is {bad})"

            checks.append((f"{name}:range", (number < column.minimum) | too_big, range_message))
    if "children_under_5" in names and "household_size" in names:
        children = pl.col("children_under_5").cast(pl.Int64, strict=False)
        size = pl.col("household_size").cast(pl.Int64, strict=False)
        checks.append(
            (
                "children_under_5:size",
                ((children >= size) & (size >= 1)).fill_null(False),
                lambda bad: (
                    "children_under_5 must be fewer than household_size, which counts the claimant"
                ),
            )
        )
    return checks


def _value_problems(raw: pl.DataFrame, lines: np.ndarray | None) -> list[tuple[int, str]]:
    """Each bad value with its line: which checks fail over whole columns, then the first
    rows that fail each. `lines` maps rows to lines where quoted line breaks shift them."""
    checks = _check_expressions(raw.columns)
    failed = raw.select([bad.any().alias(name) for name, bad, _ in checks]).row(0)
    ids = pl.col("household_id")
    duplicated = raw.select(ids.hash().n_unique()).item() != raw.height
    if not any(failed) and not duplicated:
        return []

    def line_of(row: int) -> int:
        return int(lines[row]) if lines is not None else row + 2

    problems: list[tuple[int, str]] = []
    for (name, bad, message), hit in zip(checks, failed, strict=True):
        if not hit:
            continue
        column = name.split(":")[0]
        rows = raw.with_row_index("row").filter(bad).head(MAX_PROBLEMS)
        for row, value in zip(rows["row"], rows[column], strict=True):
            problems.append((line_of(row), f"Line {line_of(row)}: {message(value)}"))
    if duplicated:
        repeats = (
            raw.select(ids)
            .with_row_index("row")
            .with_columns(pl.col("row").min().over("household_id").alias("first"))
            .filter(pl.col("row") != pl.col("first"))
            .head(MAX_PROBLEMS)
        )
        for row, first, household in zip(
            repeats["row"], repeats["first"], repeats["household_id"], strict=True
        ):
            problems.append(
                (
                    line_of(row),
                    f"Line {line_of(row)}: household_id {_shown(household)} is also on line "
                    f"{line_of(first)}; each household must be on one line",
                )
            )
    return sorted(problems, key=lambda problem: problem[0])  # by line, then column order


def _typed(names: Sequence[str]) -> list[pl.Expr]:
    """The checked text as policy inputs: money in pence, yes/no as true or false, and each
    blank optional value as its default."""
    columns = []
    for name in names:
        column = COLUMNS_BY_NAME[name]
        value = pl.col(name)
        if column.kind == ID:
            converted = value
        elif column.kind == WHOLE:
            converted = value.cast(pl.Int64, strict=False).fill_null(column.default)
        elif column.kind == MONEY:
            pence = (value.cast(pl.Float64, strict=False) * 100).round().cast(pl.Int64)
            converted = pence.fill_null(column.default)
        elif column.kind == YES_NO:
            converted = ~value.is_in(NO) if column.default else value.is_in(YES)
        else:
            converted = pl.when(value == "").then(pl.lit(column.default)).otherwise(value)
        columns.append(converted.alias(name))
    return columns


def read_caseload(path: Path) -> pl.DataFrame:
    """The caseload's households as a frame of policy inputs (money in pence), or
    CaseloadError with the first problems if the file is malformed in any way."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise CaseloadError([f"There is no file at {path}"]) from None
    except IsADirectoryError:
        raise CaseloadError([f"{path} is a folder, not a CSV file"]) from None
    except OSError as error:
        raise CaseloadError([f"{path} cannot be read: {error.strerror}"]) from None
    if not data[:4096].strip() and not data.strip():
        raise CaseloadError(
            ["The file is empty: it needs a header line, then one line per household"]
        )
    names, start = _header(data)
    end = _body_end(data, start)
    if end <= start:
        raise CaseloadError(["The file has a header line but no households after it"])
    array = np.frombuffer(data, dtype=np.uint8, count=end - start, offset=start)
    lines: np.ndarray | None = None
    records = _plain_records(array, len(names))
    if records is None:
        # Quoted values, or a line with a wrong number of values: find the lines exactly.
        lines = _records(array, len(names))
        records = len(lines)
        if bool((lines == np.arange(2, records + 2)).all()):
            lines = None
    try:
        raw = pl.read_csv(
            data,
            has_header=True,
            new_columns=names,  # as checked: trimmed and in lower case
            infer_schema=False,  # every value as text, to be checked here
            n_rows=records,  # not the blank lines at the end
            empty_string_is_null=False,
            truncate_ragged_lines=False,
        )
    except pl.exceptions.PolarsError as error:
        line = _unreadable_line(data[start:end])
        if line is not None:
            raise CaseloadError(
                [f"Line {line} is not UTF-8 text: save the file as CSV UTF-8 and try again"]
            ) from None
        _records(array, len(names))  # a line with too many values, found exactly
        raise CaseloadError([f"The file cannot be read as CSV: {error}"]) from None
    # One pass converts every column and flags each row with any bad value; the casts the
    # checks and the conversion share are worked out once.
    bad = pl.any_horizontal([check for _, check, _ in _check_expressions(names)])
    typed = raw.lazy().select(*_typed(names), bad.alias(_BAD)).collect()
    unique = typed.select(pl.col("household_id").hash().n_unique()).item() == typed.height
    if typed[_BAD].any() or not unique:
        problems = _value_problems(raw, lines)
        if problems:
            raise CaseloadError(
                [text for _, text in problems[:MAX_PROBLEMS]],
                more=max(0, len(problems) - MAX_PROBLEMS),
            )
    return typed.drop(_BAD)


# Screening ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScreeningSummary:
    rows: int
    eligible: int
    needs_decision_maker: int
    not_eligible: int
    award_pence: int  # proposed awards of those eligible or needing a decision maker
    written: int  # lines written to the output file
    output: Path
    policy_version: str
    on: datetime.date


Progress = Callable[[str, float], None]  # (what is happening, fraction of the work done)


def _outcome_columns(policy: CompiledPolicy) -> list[pl.Expr]:
    criteria = [c.name for c in policy.definition.criteria]
    failed = (
        pl.concat_str(
            [pl.when(~pl.col(f"criterion_{name}")).then(pl.lit(name)) for name in criteria],
            separator="; ",
            ignore_nulls=True,
        )
        if criteria
        else pl.lit("")
    )
    award = pl.col("award")
    return [
        pl.col("household_id"),
        pl.col("outcome"),
        ((award // 100).cast(pl.String) + "." + (award % 100).cast(pl.String).str.zfill(2)).alias(
            "award"
        ),
        pl.col("priority"),
        # Empty, not "", where nothing failed: the CSV writer quotes an empty text.
        pl.when(failed.str.len_bytes() > 0).then(failed).alias("failed_criteria"),
    ]


def screen_caseload(
    *,
    path: Path,
    policy: CompiledPolicy,
    on: datetime.date,
    output: Path,
    include_not_eligible: bool = False,
    progress: Progress | None = None,
) -> ScreeningSummary:
    """Check the caseload file whole, assess every household with the parameters in force
    on `on`, and write those who would qualify (eligible, or needing a decision maker; every
    household with `include_not_eligible`) to `output`. Nothing is written if the file has
    problems (CaseloadError) or the policy is not in force on that date (NotInForce)."""

    def report(phase: str, done: float) -> None:
        if progress is not None:
            progress(phase, done)

    report("Reading the caseload", 0.0)
    policy.parameters_on(on)  # NotInForce now, before the work, if there are no values
    frame = read_caseload(path)
    report("Assessing", 0.5)
    rows = frame.height
    counts = dict.fromkeys((ELIGIBLE, NEEDS_DECISION_MAKER, NOT_ELIGIBLE), 0)
    award_pence = 0
    written = 0
    columns = _outcome_columns(policy)
    output.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(
        dir=output.parent, prefix=f".{output.name}.", suffix=".part"
    )
    try:
        with os.fdopen(handle, "wb") as out:
            out.write((",".join(OUTPUT_COLUMNS) + "\n").encode())
            done = 0
            for chunk in frame.iter_slices(CHUNK_ROWS):
                assessed = policy.assess_frame(chunk, on=on)
                tally = assessed.group_by("outcome").agg(pl.len(), pl.col("award").sum())
                for outcome, count, total in tally.iter_rows():
                    counts[outcome] += int(count)
                    award_pence += int(total or 0)
                chosen = (
                    assessed
                    if include_not_eligible
                    else assessed.filter(pl.col("outcome") != NOT_ELIGIBLE)
                )
                result = chosen.select(columns)
                result.write_csv(out, include_header=False)
                written += result.height
                done += chunk.height
                report("Assessing", 0.5 + 0.5 * done / max(rows, 1))
        os.replace(temporary, output)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return ScreeningSummary(
        rows=rows,
        eligible=counts[ELIGIBLE],
        needs_decision_maker=counts[NEEDS_DECISION_MAKER],
        not_eligible=counts[NOT_ELIGIBLE],
        award_pence=award_pence,
        written=written,
        output=output,
        policy_version=policy.version,
        on=on,
    )


# The command ---------------------------------------------------------------------------------

_SCHEME_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def _policy(scheme: str) -> CompiledPolicy:
    from onestop.policy.engine import policies_dir, policy_for
    from onestop.policy.loader import PolicyError

    known = sorted(p.parent.name for p in policies_dir().glob("*/policy.yaml"))
    if not _SCHEME_NAME.match(scheme) or scheme not in known:
        raise click.ClickException(
            f"There is no policy for a scheme called {scheme!r}. "
            f"The schemes are: {', '.join(known) or 'none'}."
        )
    try:
        return policy_for(scheme)
    except PolicyError as error:
        first = error.problems[0] if error.problems else None
        where = f" (line {first.line}: {first.message})" if first else ""
        raise click.ClickException(
            f"The {scheme} policy does not load{where}. Run `onestop policy test {scheme}`."
        ) from None


def _uk_today() -> datetime.date:
    return datetime.datetime.now(tz=zoneinfo.ZoneInfo("Europe/London")).date()


@click.command(name="screen")
@click.option(
    "--scheme",
    required=True,
    help="The scheme's policy: its folder under policies/, for example crisis-payment.",
)
@click.option(
    "--caseload",
    required=True,
    type=click.Path(path_type=Path, dir_okay=True),
    help="The caseload extract: a CSV file, one line per household (see docs/policy-authoring.md).",
)
@click.option(
    "--on",
    "on",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Assess with the policy in force on this date (YYYY-MM-DD). Default: today.",
)
@click.option(
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=Path("qualifying.csv"),
    show_default=True,
    help="Where to write those who would qualify.",
)
@click.option(
    "--all",
    "include_not_eligible",
    is_flag=True,
    help="Write every household, with the criteria each fails, not only those who qualify.",
)
def screen_command(
    scheme: str,
    caseload: Path,
    on: datetime.datetime | None,
    output: Path,
    include_not_eligible: bool,
) -> None:
    """Screen a benefits caseload: who would qualify for the scheme, and for what.

    Every line of the file is checked first; a file with any problem is refused whole,
    with the line and what is wrong. The output has household_id, outcome, award (in
    pounds), priority and failed_criteria.
    """
    from onestop.cli import _django_setup

    _django_setup()
    policy = _policy(scheme)
    day = on.date() if on is not None else _uk_today()

    with click.progressbar(
        length=1000,
        label="Screening",
        show_eta=False,
        item_show_func=lambda phase: phase,
    ) as bar:

        def progress(phase: str, done: float) -> None:
            bar.update(int(done * 1000) - bar.pos, phase)

        try:
            summary = screen_caseload(
                path=caseload,
                policy=policy,
                on=day,
                output=output,
                include_not_eligible=include_not_eligible,
                progress=progress,
            )
        except CaseloadError as error:
            raise click.ClickException(
                f"{caseload.name} was not screened. {error.one_line()}"
            ) from None
        except NotInForce as error:
            raise click.ClickException(f"{error}. Choose another date with --on.") from None
        except OSError as error:
            raise click.ClickException(
                f"Cannot write {output}: {error.strerror or error}. Choose another --output."
            ) from None
    click.echo(
        "\n".join(
            [
                f"Screened {summary.rows:,} households against {summary.policy_version} "
                f"as on {day.day} {day:%B %Y}.",
                f"  Eligible:               {summary.eligible:,}",
                f"  Needs a decision maker: {summary.needs_decision_maker:,}",
                f"  Not eligible:           {summary.not_eligible:,}",
                f"  Total award:            {format_pounds(summary.award_pence)}",
                f"Wrote {summary.written:,} households to {summary.output}.",
            ]
        )
    )
