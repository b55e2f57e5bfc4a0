"""Recording and importing other support a household has had: Discretionary Housing Payments,
Council Tax Reduction hardship awards, earlier Household Support Fund awards and the like.

An import file is checked whole before anything is saved; any bad line refuses the file, with
"Line N: what is wrong and what to do" for each one. Its columns are in docs/household-view.md.
"""

import csv
import datetime
import io
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from onestop.core.audit import audit_record
from onestop.core.errors import ServiceError
from onestop.core.money import MoneyFormatError, format_pounds, parse_pounds
from onestop.core.postcodes import is_postcode, normalise_postcode
from onestop.core.roles import Capability
from onestop.councils.access import membership_require
from onestop.councils.models import Council, User
from onestop.people.models import (
    Household,
    OtherSupport,
    OtherSupportKind,
    OtherSupportSource,
    Person,
)

IMPORT_REQUIRED_COLUMNS = (
    "uprn",
    "postcode",
    "address_line_1",
    "kind",
    "amount",
    "awarded_on",
    "description",
)
IMPORT_OPTIONAL_COLUMNS = ("period_from", "period_to")
MAX_IMPORT_LINES = 50_000
DESCRIPTION_MAX = 200
DOING = "record other support"


class OtherSupportFileRefused(ServiceError):
    """The file has problems; `problems` lists each one, with its line. Nothing was saved."""

    def __init__(self, problems: Sequence[str]) -> None:
        count = len(problems)
        super().__init__(
            f"Nothing was imported: the file has {count} "
            f"{'problem' if count == 1 else 'problems'}. Correct the file and import it again."
        )
        self.problems = list(problems)


@dataclass(frozen=True)
class OtherSupportImported:
    file_name: str
    records: int
    total_pence: int


def _kind_from(text: str) -> OtherSupportKind | None:
    """A kind by its code (ctr_hardship) or its name (Council Tax Reduction hardship)."""
    wanted = " ".join(text.replace("_", " ").split()).lower()
    for kind in OtherSupportKind:
        if wanted in (kind.value.replace("_", " "), str(kind.label).lower()):
            return kind
    return None


def _date_from(text: str) -> datetime.date | None:
    """2026-03-31 or 31/03/2026, as spreadsheets save dates."""
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a date
        except ValueError:
            continue
    return None


def _check_support(
    *,
    amount_pence: int,
    awarded_on: datetime.date,
    period_from: datetime.date | None,
    period_to: datetime.date | None,
    today: datetime.date,
) -> list[tuple[str, str]]:
    """What is wrong with these details, as (field, message) pairs."""
    problems = []
    if amount_pence <= 0:
        problems.append(("amount_pence", "The amount must be more than £0"))
    if awarded_on > today:
        problems.append(("awarded_on", "The date it was awarded must be today or in the past"))
    if period_from and period_to and period_to < period_from:
        problems.append(
            ("period_to", "The date the support ended must be on or after the date it started")
        )
    return problems


def _kind_label(kind: str) -> str:
    return str(OtherSupportKind(kind).label)


@transaction.atomic
def other_support_record(
    *,
    actor: User,
    household: Household,
    kind: str,
    amount_pence: int,
    awarded_on: datetime.date,
    person: Person | None = None,
    period_from: datetime.date | None = None,
    period_to: datetime.date | None = None,
    description: str = "",
) -> OtherSupport:
    """Record one piece of other support a member of staff has typed in."""
    council = household.council
    membership_require(
        actor=actor, council=council, capability=Capability.RECORD_OTHER_SUPPORT, doing=DOING
    )
    if kind not in OtherSupportKind.values:
        raise ServiceError("Select the kind of support", field="kind")
    if person is not None and person.council_id != council.pk:
        raise ServiceError(
            "Select someone in this household, or the whole household", field="person"
        )
    problems = _check_support(
        amount_pence=amount_pence,
        awarded_on=awarded_on,
        period_from=period_from,
        period_to=period_to,
        today=timezone.localdate(),
    )
    if problems:
        field, message = problems[0]
        raise ServiceError(message, field=field)
    record = OtherSupport.objects.create(
        council=council,
        household=household,
        person=person,
        kind=kind,
        amount_pence=amount_pence,
        awarded_on=awarded_on,
        period_from=period_from,
        period_to=period_to,
        description=description.strip()[:DESCRIPTION_MAX],
        source=OtherSupportSource.RECORDED,
        recorded_by=actor,
    )
    audit_record(
        actor=actor,
        council=council,
        action="other_support.recorded",
        subject=record,
        summary=(
            f"{_kind_label(kind)} of {format_pounds(amount_pence)} recorded for the household "
            f"(household {household.pk})"
        ),
        details={"household_id": household.pk},
    )
    return record


@dataclass(frozen=True)
class _Line:
    line: int
    household: Household
    kind: str
    amount_pence: int
    awarded_on: datetime.date
    period_from: datetime.date | None
    period_to: datetime.date | None
    description: str


def _rows(data: bytes) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise OtherSupportFileRefused(
            [f"Line {line}: the file is not UTF-8 text. Save it as CSV UTF-8 and import it again."]
        ) from None
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise OtherSupportFileRefused(
            ["The file is empty. Add a header line and one line for each award."]
        )
    header = [cell.strip().lower() for cell in rows[0]]
    missing = [name for name in IMPORT_REQUIRED_COLUMNS if name not in header]
    unknown = [
        name
        for name in header
        if name not in IMPORT_REQUIRED_COLUMNS and name not in IMPORT_OPTIONAL_COLUMNS
    ]
    repeated = sorted({name for name in header if header.count(name) > 1})
    problems = []
    if missing:
        problems.append(
            f"Line 1: the header has no {', '.join(missing)} column. Add "
            f"{'it' if len(missing) == 1 else 'them'}: the header must name "
            f"{','.join(IMPORT_REQUIRED_COLUMNS)}."
        )
    if unknown:
        problems.append(
            f"Line 1: the header has a column this import does not know: {', '.join(unknown)}. "
            f"Remove it, or rename it to one of {','.join(IMPORT_REQUIRED_COLUMNS + IMPORT_OPTIONAL_COLUMNS)}."
        )
    if repeated:
        problems.append(f"Line 1: the header names {', '.join(repeated)} twice. Remove one.")
    if problems:
        raise OtherSupportFileRefused(problems)
    body = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            problems.append(
                f"Line {number}: it has {len(row)} values but the header has {len(header)}. "
                "Check for a missing value or an extra comma (put a value with a comma in quotes)."
            )
            continue
        body.append((number, {name: cell.strip() for name, cell in zip(header, row, strict=True)}))
    if problems:
        raise OtherSupportFileRefused(problems)
    if not body:
        raise OtherSupportFileRefused(
            ["The file has no awards in it. Add one line for each award under the header."]
        )
    if len(body) > MAX_IMPORT_LINES:
        raise OtherSupportFileRefused(
            [f"The file has more than {MAX_IMPORT_LINES:,} lines. Split it into smaller files."]
        )
    return header, body


class _Households:
    """The council's households, looked up by UPRN or by postcode and first line."""

    def __init__(self, council: Council) -> None:
        self.by_uprn: dict[str, Household] = {}
        self.by_address: dict[tuple[str, str], Household] = {}
        # Oldest first, so the first household at an address wins, as matching does.
        for household in Household.objects.filter(council=council, no_fixed_address=False).order_by(
            "pk"
        ):
            if household.uprn:
                self.by_uprn.setdefault(household.uprn, household)
            key = (normalise_postcode(household.postcode), household.address_line_1.strip().lower())
            self.by_address.setdefault(key, household)

    def find(self, uprn: str, postcode: str, address_line_1: str) -> Household | None:
        if uprn and uprn in self.by_uprn:
            return self.by_uprn[uprn]
        if postcode and address_line_1:
            return self.by_address.get((normalise_postcode(postcode), address_line_1.lower()))
        return None


def _household_problem(number: int, values: dict[str, str], council: Council) -> str:
    uprn, postcode, line_1 = values["uprn"], values["postcode"], values["address_line_1"]
    if not (uprn or postcode or line_1):
        return (
            f"Line {number}: it does not say which household. Give the UPRN, or the postcode "
            "and first line of the address."
        )
    if not uprn and not (postcode and line_1):
        return (
            f"Line {number}: give both the postcode and the first line of the address, or the UPRN."
        )
    if postcode and not is_postcode(postcode):
        return f"Line {number}: {postcode} is not a real postcode. Check it, like SW1A 2AA."
    where = f"UPRN {uprn}" if uprn else f"{line_1}, {normalise_postcode(postcode)}"
    return (
        f"Line {number}: {council.name} has no household at {where}. Check the address: "
        "only households that have applied to the council can have other support recorded."
    )


def _parse_lines(*, council: Council, data: bytes, today: datetime.date) -> list[_Line]:
    _, body = _rows(data)
    households = _Households(council)
    problems: list[str] = []
    lines: list[_Line] = []
    seen: dict[tuple[int, str, int, datetime.date], int] = {}
    for number, values in body:
        line_problems: list[str] = []
        household = households.find(values["uprn"], values["postcode"], values["address_line_1"])
        if household is None:
            line_problems.append(_household_problem(number, values, council))
        kind = _kind_from(values["kind"])
        if kind is None:
            line_problems.append(
                f"Line {number}: the kind '{values['kind'][:40]}' is not one we know. Use one of "
                + ", ".join(k.value for k in OtherSupportKind)
                + "."
            )
        try:
            amount_pence = parse_pounds(values["amount"])
        except MoneyFormatError:
            line_problems.append(
                f"Line {number}: the amount must be in pounds, like 120 or 120.50."
            )
            amount_pence = 0
        else:
            if amount_pence <= 0:
                line_problems.append(f"Line {number}: the amount must be more than £0.")
        awarded_on = _date_from(values["awarded_on"])
        if awarded_on is None:
            line_problems.append(
                f"Line {number}: the date awarded must be a real date, like 2026-03-31."
            )
        dates: dict[str, datetime.date | None] = {}
        for name, words in (("period_from", "start"), ("period_to", "end")):
            text = values.get(name, "")
            dates[name] = _date_from(text) if text else None
            if text and dates[name] is None:
                line_problems.append(
                    f"Line {number}: the date the support was to {words} must be a real date, "
                    "like 2026-03-31, or left empty."
                )
        if len(values["description"]) > DESCRIPTION_MAX:
            line_problems.append(
                f"Line {number}: the description is longer than {DESCRIPTION_MAX} characters. "
                "Shorten it."
            )
        if awarded_on is not None and amount_pence > 0:
            for _, message in _check_support(
                amount_pence=amount_pence,
                awarded_on=awarded_on,
                period_from=dates["period_from"],
                period_to=dates["period_to"],
                today=today,
            ):
                line_problems.append(f"Line {number}: {message[:1].lower()}{message[1:]}.")
        if line_problems or household is None or kind is None or awarded_on is None:
            problems.extend(line_problems)
            continue
        key = (household.pk, kind.value, amount_pence, awarded_on)
        if key in seen:
            problems.append(
                f"Line {number}: it is the same award as line {seen[key]}. Remove one of them."
            )
            continue
        seen[key] = number
        lines.append(
            _Line(
                line=number,
                household=household,
                kind=kind.value,
                amount_pence=amount_pence,
                awarded_on=awarded_on,
                period_from=dates["period_from"],
                period_to=dates["period_to"],
                description=values["description"],
            )
        )
    if problems:
        raise OtherSupportFileRefused(problems)
    return lines


def _already_recorded(council: Council, lines: list[_Line]) -> list[str]:
    """Lines the council already holds: the same household, kind, amount and date."""
    if not lines:
        return []
    held = set(
        OtherSupport.objects.filter(
            council=council, household_id__in={line.household.pk for line in lines}
        ).values_list("household_id", "kind", "amount_pence", "awarded_on")
    )
    return [
        f"Line {line.line}: this {_kind_label(line.kind)} is already recorded for the household. "
        "Remove the line: the file may have been imported before."
        for line in lines
        if (line.household.pk, line.kind, line.amount_pence, line.awarded_on) in held
    ]


@transaction.atomic
def other_support_import(
    *, actor: User, council: Council, file_name: str, data: bytes
) -> OtherSupportImported:
    """Import other support from a CSV file: every line is checked first, and a file with any
    problem saves nothing."""
    membership_require(
        actor=actor, council=council, capability=Capability.RECORD_OTHER_SUPPORT, doing=DOING
    )
    lines = _parse_lines(council=council, data=data, today=timezone.localdate())
    duplicates = _already_recorded(council, lines)
    if duplicates:
        raise OtherSupportFileRefused(duplicates)
    file_name = file_name[:200]
    for line in lines:
        record = OtherSupport.objects.create(
            council=council,
            household=line.household,
            kind=line.kind,
            amount_pence=line.amount_pence,
            awarded_on=line.awarded_on,
            period_from=line.period_from,
            period_to=line.period_to,
            description=line.description,
            source=OtherSupportSource.IMPORTED,
            file_name=file_name,
            recorded_by=actor,
        )
        # The household's case references are not known here (people comes before intake),
        # so the record itself is the subject; the household view joins them up.
        audit_record(
            actor=actor,
            council=council,
            action="other_support.imported",
            subject=record,
            summary=(
                f"{_kind_label(line.kind)} of {format_pounds(line.amount_pence)} imported for "
                f"household {line.household.pk}, from {file_name}"
            )[:300],
            details={"household_id": line.household.pk, "file_name": file_name, "line": line.line},
        )
    return OtherSupportImported(
        file_name=file_name,
        records=len(lines),
        total_pence=sum(line.amount_pence for line in lines),
    )
