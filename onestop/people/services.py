"""Record people and households, matching exact keys so a known person is not created twice;
load the council's address gazetteer.

Only an exact match on name and date of birth (and on UPRN or address for the household)
reuses a record, which never merges two different people. Probabilistic matching (Splink)
runs after the application is stored and only ever raises a flag for staff
(`onestop.people.duplicates`).
"""

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from django.db import connection, transaction
from django.utils import timezone

from onestop.core.audit import audit_record
from onestop.core.errors import ServiceError
from onestop.core.postcodes import normalise_postcode
from onestop.councils.models import Council, User
from onestop.people.gazetteer_file import GazetteerRow, LineProblem, gazetteer_file_read
from onestop.people.models import (
    GazetteerAddress,
    Household,
    HouseholdMember,
    Person,
    Relationship,
)


@dataclass(frozen=True)
class PersonDetails:
    first_name: str
    last_name: str
    date_of_birth: datetime.date
    phone: str = ""
    email: str = ""
    contact_preference: str = "sms"
    language: str = "en"
    national_insurance_number: str = ""  # optional; cleaned by the channel that took it


@dataclass(frozen=True)
class MemberDetails:
    first_name: str
    last_name: str
    date_of_birth: datetime.date
    relationship: str


@dataclass(frozen=True)
class AddressDetails:
    address_line_1: str
    address_line_2: str
    town: str
    postcode: str
    uprn: str = ""
    ward: str = ""
    no_fixed_address: bool = False


def _person_match_or_create(
    *, council: Council, first_name: str, last_name: str, date_of_birth: datetime.date
) -> Person:
    existing = Person.objects.filter(
        council=council,
        first_name__iexact=first_name.strip(),
        last_name__iexact=last_name.strip(),
        date_of_birth=date_of_birth,
    ).first()
    if existing:
        return existing
    return Person.objects.create(
        council=council,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        date_of_birth=date_of_birth,
    )


def _gazetteer_address(*, council: Council, address: AddressDetails) -> AddressDetails:
    """The address as the council's gazetteer has it, where the gazetteer knows it.

    By UPRN, the gazetteer's lines, postcode and ward win over what was typed. By postcode
    alone, only the ward is taken, and only if every address at that postcode is in one ward.
    """
    postcode = normalise_postcode(address.postcode) if address.postcode.strip() else ""
    typed = AddressDetails(
        address_line_1=address.address_line_1.strip(),
        address_line_2=address.address_line_2.strip(),
        town=address.town.strip(),
        postcode=postcode,
        uprn=address.uprn.strip(),
        ward=address.ward.strip(),
        no_fixed_address=address.no_fixed_address,
    )
    if typed.no_fixed_address:
        return replace(typed, uprn="")  # nowhere to have a UPRN for
    if typed.uprn:
        known = GazetteerAddress.objects.filter(council=council, uprn=typed.uprn).first()
        if known is not None:
            return AddressDetails(
                address_line_1=known.address_line_1,
                address_line_2=known.address_line_2,
                town=known.town,
                postcode=known.postcode,
                uprn=known.uprn,
                ward=known.ward or typed.ward,
            )
    if postcode:
        wards = set(
            GazetteerAddress.objects.filter(council=council, postcode=postcode)
            .order_by()
            .values_list("ward", flat=True)
            .distinct()[:2]
        )
        if len(wards) == 1 and (ward := wards.pop()):
            return replace(typed, ward=ward)
    return typed


def _no_fixed_address_household(
    *, council: Council, person: Person, address: AddressDetails
) -> Household:
    """The applicant's own household, never anyone else's: reuse theirs if they have one."""
    membership = (
        HouseholdMember.objects.filter(
            council=council,
            person=person,
            relationship=Relationship.APPLICANT,
            household__no_fixed_address=True,
        )
        .select_related("household")
        .order_by("-household__created_at", "-household_id")
        .first()
    )
    household = membership.household if membership else Household(council=council)
    # The lines say where to reach them now: the applicant's latest word, like a phone number.
    household.address_line_1 = address.address_line_1
    household.address_line_2 = address.address_line_2
    household.town = address.town
    household.postcode = address.postcode
    household.uprn = ""
    household.ward = address.ward or household.ward
    household.no_fixed_address = True
    household.save()
    return household


def _household_at(*, council: Council, address: AddressDetails) -> Household:
    """The household at this address: the same UPRN, else the same first line and postcode."""
    households = Household.objects.filter(council=council, no_fixed_address=False)
    household = None
    if address.uprn:
        household = households.filter(uprn=address.uprn).order_by("pk").first()
    if household is None:
        household = (
            households.filter(
                postcode=address.postcode, address_line_1__iexact=address.address_line_1
            )
            .order_by("pk")
            .first()
        )
    if household is None:
        return Household.objects.create(
            council=council,
            address_line_1=address.address_line_1,
            address_line_2=address.address_line_2,
            town=address.town,
            postcode=address.postcode,
            uprn=address.uprn,
            ward=address.ward,
        )
    # Fill in what an earlier application did not know; never overwrite what it did.
    learned = {
        name: getattr(address, name)
        for name in ("uprn", "ward")
        if getattr(address, name) and not getattr(household, name)
    }
    if learned:
        for name, value in learned.items():
            setattr(household, name, value)
        household.save(update_fields=[*learned, "updated_at"])
    return household


@transaction.atomic
def household_record(
    *,
    council: Council,
    applicant: PersonDetails,
    address: AddressDetails,
    members: list[MemberDetails],
) -> tuple[Person, Household, list[Person]]:
    """The applicant, their household, and the other members in the order given.

    An applicant with no fixed address gets a household of their own (the one they had before,
    if any), so nobody else is ever matched into it.
    """
    person = _person_match_or_create(
        council=council,
        first_name=applicant.first_name,
        last_name=applicant.last_name,
        date_of_birth=applicant.date_of_birth,
    )
    # Contact details and preferences are the applicant's latest word.
    person.phone = applicant.phone
    person.email = applicant.email
    person.contact_preference = applicant.contact_preference
    person.language = applicant.language
    if applicant.national_insurance_number:  # not asked on every channel: keep what we know
        person.national_insurance_number = applicant.national_insurance_number
    person.save()

    recorded = _gazetteer_address(council=council, address=address)
    if recorded.no_fixed_address:
        household = _no_fixed_address_household(council=council, person=person, address=recorded)
    else:
        household = _household_at(council=council, address=recorded)
    membership, created = HouseholdMember.objects.get_or_create(
        council=council,
        household=household,
        person=person,
        defaults={"relationship": Relationship.APPLICANT},
    )
    if not created:  # they applied from here again: it is their latest home (matching reads it)
        membership.save(update_fields=["updated_at"])
    member_people = []
    for member in members:
        member_person = _person_match_or_create(
            council=council,
            first_name=member.first_name,
            last_name=member.last_name,
            date_of_birth=member.date_of_birth,
        )
        membership, created = HouseholdMember.objects.get_or_create(
            council=council,
            household=household,
            person=member_person,
            defaults={"relationship": member.relationship},
        )
        if not created:
            membership.save(update_fields=["updated_at"])
        member_people.append(member_person)
    return person, household, member_people


# The council's address gazetteer -------------------------------------------------------------

# Rows per DELETE: inside SQLite's limit on bound values.
_DELETE_BATCH = 900
_ADDRESS_FIELDS = ("address_line_1", "address_line_2", "town", "postcode", "ward")


_UPSERT_COLUMNS = 9  # council, UPRN, the five address fields, created_at, updated_at


def _upsert_rows_per_statement() -> int:
    """As many rows as the database takes bound values for (SQLite: 999), at most 500."""
    limit = connection.features.max_query_params
    return min(500, limit // _UPSERT_COLUMNS) if limit else 500


def _gazetteer_upsert_sql(rows: int) -> str:
    """INSERT ... VALUES (...), ... ON CONFLICT (council, UPRN) DO UPDATE, for `rows` rows: SQL
    that SQLite and PostgreSQL both speak.

    Not bulk_create: building a model instance per row made Django's own work most of a
    300,000-line load, and one statement per row is slow on PostgreSQL (benchmarks/addresses.py).
    The names come from the model and are quoted; values are bound, never put into the SQL.
    """
    quote = connection.ops.quote_name
    meta = GazetteerAddress._meta
    column = {field.name: str(field.column) for field in meta.concrete_fields}
    columns = [column[name] for name in ("council", "uprn", *_ADDRESS_FIELDS)]
    columns += ["created_at", "updated_at"]
    updated = [*_ADDRESS_FIELDS, "updated_at"]
    one_row = f"({', '.join(['%s'] * len(columns))})"
    return (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(c) for c in columns)}) "  # noqa: S608
        f"VALUES {', '.join([one_row] * rows)} "
        f"ON CONFLICT ({quote(column['council'])}, {quote(column['uprn'])}) DO UPDATE SET "
        + ", ".join(f"{quote(c)} = EXCLUDED.{quote(c)}" for c in updated)
    )


class GazetteerFileRefused(ServiceError):
    """The file has problems; `problems` lists each one with its line. Nothing was saved."""

    def __init__(self, problems: Sequence[LineProblem]) -> None:
        lines = {problem.line for problem in problems if problem.line}
        count = len(lines) if lines else len(problems)
        what = "line has" if count == 1 else "lines have"
        super().__init__(
            f"Nothing was loaded: {count} {what} problems. Correct the file and load it again."
            if lines
            else f"Nothing was loaded: {problems[0]}"
        )
        self.problems = list(problems)


@dataclass(frozen=True)
class GazetteerLoad:
    added: int
    updated: int
    removed: int
    unchanged: int
    ignored_columns: tuple[str, ...] = ()

    @property
    def summary(self) -> str:
        return (
            f"{self.added:,} added, {self.updated:,} updated, {self.removed:,} removed, "
            f"{self.unchanged:,} unchanged"
        )


def gazetteer_load(
    *,
    actor: User | None,
    council: Council,
    lines: Iterable[str],
    source: str = "",
    progress: Callable[[int, int], None] | None = None,
) -> GazetteerLoad:
    """Make the council's address gazetteer exactly the addresses in a CSV extract.

    Every line is checked first: a file with any problem raises GazetteerFileRefused listing
    them all, and nothing changes. A good file is applied in one transaction, matched on UPRN:
    new addresses are added, changed ones updated, and those no longer in the file removed.
    Households keep their own copy of an address, so removing one breaks nothing.
    `progress(done, total)` is called as rows are written.
    """
    read = gazetteer_file_read(lines)
    if read.problems:
        raise GazetteerFileRefused(read.problems)
    return _gazetteer_replace(
        actor=actor,
        council=council,
        rows=read.rows,
        source=source,
        ignored_columns=tuple(read.ignored_columns),
        progress=progress,
    )


@transaction.atomic
def _gazetteer_replace(
    *,
    actor: User | None,
    council: Council,
    rows: list[GazetteerRow],
    source: str,
    ignored_columns: tuple[str, ...],
    progress: Callable[[int, int], None] | None,
) -> GazetteerLoad:
    stored = {
        uprn: (pk, values)
        for uprn, pk, *values in GazetteerAddress.objects.filter(council=council)
        .values_list("uprn", "pk", *_ADDRESS_FIELDS)
        .order_by()
        .iterator(chunk_size=10_000)
    }
    writes: list[GazetteerRow] = []
    added = unchanged = 0
    for row in rows:
        before = stored.pop(row.uprn, None)
        if before is not None and before[1] == [getattr(row, f) for f in _ADDRESS_FIELDS]:
            unchanged += 1
            continue
        added += before is None
        writes.append(row)
    removed_ids = [pk for pk, _ in stored.values()]
    total = len(removed_ids) + len(writes)
    done = 0
    for start in range(0, len(removed_ids), _DELETE_BATCH):
        batch = removed_ids[start : start + _DELETE_BATCH]
        GazetteerAddress.objects.filter(council=council, pk__in=batch).delete()
        done += len(batch)
        if progress:
            progress(done, total)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    size = _upsert_rows_per_statement()
    with connection.cursor() as cursor:
        for start in range(0, len(writes), size):
            batch = writes[start : start + size]
            values = []
            for row in batch:
                values += [council.pk, row.uprn, *(getattr(row, f) for f in _ADDRESS_FIELDS)]
                values += [now, now]
            cursor.execute(_gazetteer_upsert_sql(len(batch)), values)
            done += len(batch)
            if progress:
                progress(done, total)
    result = GazetteerLoad(
        added=added,
        updated=len(writes) - added,
        removed=len(removed_ids),
        unchanged=unchanged,
        ignored_columns=ignored_columns,
    )
    audit_record(
        actor=actor,
        council=council,
        action="gazetteer.loaded",
        subject=council,
        summary=f"Address list loaded: {result.summary}",
        details={
            "source": source,
            "addresses": len(rows),
            "added": result.added,
            "updated": result.updated,
            "removed": result.removed,
        },
    )
    return result
