"""The council's own people as linkage records, and the match keys that find candidates fast.

A person's record is their details now with the home they most recently applied from; the
keys keep every detail they have ever given, so a person who moved or changed phone is still
found. Bank accounts arrive from fulfilment (`bank_account_key_record`), which knows them.
"""

from collections.abc import Iterable, Sequence

from django.conf import settings
from django.db import transaction
from django.db.models import OuterRef, Subquery

from onestop.councils.models import Council
from onestop.people.linkage.records import (
    Record,
    bank_account_key,
    clean_ni_number,
    identifier_digest,
    person_record,
)
from onestop.people.models import HouseholdMember, MatchKey, MatchKeyKind, Person

# Keys that only ever need to agree exactly; the rest (names, dates) are scored by the model.
_EXACT_KINDS = {
    MatchKeyKind.PHONE: "phone",
    MatchKeyKind.EMAIL: "email",
    MatchKeyKind.NI_NUMBER: "ni",
    MatchKeyKind.BANK_ACCOUNT: "bank",
    MatchKeyKind.UPRN: "uprn",
    MatchKeyKind.POSTCODE: "postcode",
}


def digest_secret() -> str:
    return str(settings.SECRET_KEY)


def record_keys(record: Record) -> set[tuple[str, str]]:
    """The keys a record is found by: each one a way two records of one person may agree."""
    keys: set[tuple[str, str]] = set()
    if record["dob"]:
        keys.add((MatchKeyKind.DATE_OF_BIRTH, record["dob"]))
    if record["surname"]:
        keys.update(
            (MatchKeyKind.NAME, f"{record['surname']}|{root}")
            for root in record["first_name_roots"]
        )
    for kind, column in _EXACT_KINDS.items():
        if record[column]:
            keys.add((kind, record[column]))
    return keys


def _latest_home() -> dict[str, Subquery]:
    # The household they last applied from (household_record touches the membership).
    latest = HouseholdMember.objects.filter(person=OuterRef("pk")).order_by("-updated_at", "-id")
    return {
        f"home_{field}": Subquery(latest.values(f"household__{field}")[:1])
        for field in ("postcode", "uprn", "address_line_1", "no_fixed_address")
    }


def _latest_bank_keys(person_ids: Iterable[int]) -> dict[int, str]:
    latest: dict[int, str] = {}
    for person_id, value in (
        MatchKey.objects.filter(person_id__in=list(person_ids), kind=MatchKeyKind.BANK_ACCOUNT)
        .order_by("id")
        .values_list("person_id", "value")
    ):
        latest[person_id] = value  # ordered by id: the last one given wins
    return latest


def people_records(*, council: Council, person_ids: Sequence[int] | None = None) -> list[Record]:
    """Linkage records for the council's people (all of them, or those named)."""
    people = Person.objects.filter(council=council)
    if person_ids is not None:
        people = people.filter(pk__in=list(person_ids))
    rows = list(
        people.annotate(**_latest_home()).values(  # type: ignore[misc]
            "pk",
            "first_name",
            "last_name",
            "date_of_birth",
            "phone",
            "email",
            "national_insurance_number",
            "home_postcode",
            "home_uprn",
            "home_address_line_1",
            "home_no_fixed_address",
        )
    )
    banks = _latest_bank_keys(row["pk"] for row in rows)
    secret = digest_secret()
    records = []
    for row in rows:
        housed = not row["home_no_fixed_address"]
        record = person_record(
            unique_id=row["pk"],
            first_name=row["first_name"],
            surname=row["last_name"],
            date_of_birth=row["date_of_birth"],
            # "No fixed address" lines say where to reach someone, not where they live.
            postcode=row["home_postcode"] if housed else None,
            uprn=row["home_uprn"] if housed else None,
            address_line_1=row["home_address_line_1"] if housed else None,
            phone=row["phone"],
            email=row["email"],
            ni_number=row["national_insurance_number"],
            secret=secret,
        )
        record["bank"] = banks.get(row["pk"])
        records.append(record)
    return records


def match_keys_record(*, person: Person, record: Record) -> None:
    """Add the record's keys to the person's (keys are never taken away: see the module)."""
    MatchKey.objects.bulk_create(
        [
            MatchKey(council_id=person.council_id, person=person, kind=kind, value=value)
            for kind, value in record_keys(record)
        ],
        ignore_conflicts=True,
    )


def bank_account_key_record(*, person: Person, sort_code: str, account_number: str) -> str | None:
    """Remember that the person gave this bank account; the account's digest, or None if the
    details are not an account."""
    digest = identifier_digest(
        kind="bank",
        value=bank_account_key(sort_code=sort_code, account_number=account_number),
        secret=digest_secret(),
    )
    if digest is not None:
        with transaction.atomic():
            MatchKey.objects.bulk_create(
                [
                    MatchKey(
                        council_id=person.council_id,
                        person=person,
                        kind=MatchKeyKind.BANK_ACCOUNT,
                        value=digest,
                    )
                ],
                ignore_conflicts=True,
            )
    return digest


def candidate_ids(
    *, council: Council, keys: set[tuple[str, str]], exclude: Iterable[int], limit: int = 500
) -> list[int]:
    """People who share at least one key with the record: the ones worth scoring."""
    if not keys:
        return []
    by_kind: dict[str, list[str]] = {}
    for kind, value in keys:
        by_kind.setdefault(kind, []).append(value)
    found: set[int] = set()
    for kind, values in by_kind.items():
        found.update(
            MatchKey.objects.filter(council=council, kind=kind, value__in=values)
            .exclude(person_id__in=list(exclude))
            .values_list("person_id", flat=True)[:limit]
        )
    return sorted(found)[:limit]


NI_NUMBER_FORMAT_MESSAGE = (
    "Enter a National Insurance number in the correct format, like QQ 12 34 56 C"
)


def ni_number_clean(text: str) -> str:
    """A National Insurance number as it is stored: upper case, no spaces ("" if not one)."""
    return clean_ni_number(text) or ""
