"""Reads for the pages where staff work through duplicate and fraud flags, and the case panel.

Every read takes the council, so a flag of another council is never found. Applications are
intake's records: they are reached through the registry intake fills in (people comes first in
the walk and never imports intake), and only their references are shown here.
"""

import datetime
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, CharField, Count, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Concat

from onestop.core.formatting import govuk_date
from onestop.councils.models import Council
from onestop.people.duplicates.registry import applications_at_households
from onestop.people.models import (
    Household,
    HouseholdMember,
    MatchFlag,
    MatchFlagKind,
    MatchFlagStatus,
    MatchingSettings,
    MatchKey,
    MatchKeyKind,
    Person,
)

FLAGS_PER_PAGE = 50
# Applications are counted from the first one a council recorded: any moment before that will do.
_EVER = datetime.datetime(1900, 1, 1, tzinfo=datetime.UTC)

# The comparisons a pair's evidence holds, in the order the page shows them.
COMPARED_DETAILS = (
    ("first_name", "First name"),
    ("surname", "Last name"),
    ("dob", "Date of birth"),
    ("home", "Address"),
    ("phone", "Phone"),
    ("email", "Email"),
    ("ni", "National Insurance number"),
    ("bank", "Bank account"),
)
NOT_COMPARED = "Not compared"


# What a flag is, in plain words ------------------------------------------------------------


def percent_likely(probability: float | None) -> str:
    """A match probability as a whole percentage that never claims certainty it lacks."""
    if probability is None:
        return "unknown"
    whole = math.floor(probability * 100 + 0.5)
    if whole >= 100 and probability < 1:
        return "more than 99%"
    return f"{whole}%"


def _count(flag: MatchFlag, listed: str) -> int:
    evidence = flag.evidence if isinstance(flag.evidence, dict) else {}
    if "count" in evidence:
        return int(evidence["count"])
    return len(evidence.get(listed, []))


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def flag_headline(flag: MatchFlag) -> str:
    """One line saying what the flag is: "Jane Smith and Jane Smyth may be the same person, 97%
    likely"; "One bank account given by 3 households"; "6 applications from 12 Acacia Road in
    90 days". Reads only the flag and the rows `flags_for_listing` selects with it."""
    if flag.kind == MatchFlagKind.POSSIBLE_DUPLICATE:
        first = flag.person.full_name if flag.person else "Someone"
        second = flag.other_person.full_name if flag.other_person else "someone else"
        return (
            f"{first} and {second} may be the same person, "
            f"{percent_likely(flag.match_probability)} likely"
        )
    if flag.kind == MatchFlagKind.SHARED_BANK_ACCOUNT:
        households = _count(flag, "households")
        return f"One bank account given by {_plural(households, 'household', 'households')}"
    if flag.kind == MatchFlagKind.MANY_APPLICATIONS_AT_ADDRESS:
        applications = _count(flag, "applications")
        place = flag.household.address_line_1 if flag.household else "one address"
        days = int(flag.evidence.get("window_days", 0)) if isinstance(flag.evidence, dict) else 0
        within = f" in {_plural(days, 'day', 'days')}" if days else ""
        return f"{_plural(applications, 'application', 'applications')} from {place}{within}"
    return flag.get_kind_display()


@dataclass(frozen=True)
class FlagRow:
    flag: MatchFlag
    headline: str


def flag_rows(flags: Iterable[MatchFlag]) -> list[FlagRow]:
    return [FlagRow(flag=flag, headline=flag_headline(flag)) for flag in flags]


# The list of flags ------------------------------------------------------------------------


def _with_names(flags: QuerySet[MatchFlag]) -> QuerySet[MatchFlag]:
    return flags.select_related("person", "other_person", "household", "decided_by")


def _open_first() -> Case:
    return Case(
        When(status=MatchFlagStatus.OPEN, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )


def flags_for_listing(*, council: Council, status: str = "", kind: str = "") -> QuerySet[MatchFlag]:
    """The council's flags, those still to check first, then newest first."""
    flags = MatchFlag.objects.filter(council=council)
    if status:
        flags = flags.filter(status=status)
    if kind:
        flags = flags.filter(kind=kind)
    return _with_names(flags).order_by(_open_first(), "-created_at", "-id")


def flag_counts(*, council: Council, kind: str = "") -> dict[str, int]:
    """How many flags there are in each status (and "all"), of one kind or every kind."""
    flags = MatchFlag.objects.filter(council=council)
    if kind:
        flags = flags.filter(kind=kind)
    counts = {status.value: 0 for status in MatchFlagStatus}
    for row in flags.order_by().values("status").annotate(n=Count("id")):
        counts[row["status"]] = row["n"]
    counts["all"] = sum(counts.values())
    return counts


def flag_by_id(*, council: Council, flag_id: int) -> MatchFlag | None:
    return _with_names(MatchFlag.objects.filter(council=council, pk=flag_id)).first()


# One flag's page --------------------------------------------------------------------------


@dataclass(frozen=True)
class PersonSummary:
    """Someone a flag names, as staff need to see them beside the flag. The NI number and bank
    account themselves are never read out: only whether the person has given one."""

    person: Person
    household: Household | None  # the one they most recently applied from
    ni_number_given: bool
    bank_account_given: bool
    applications: list[str]  # references of applications from their households


@dataclass(frozen=True)
class ComparisonRow:
    detail: str
    first: str
    second: str
    level: str


@dataclass(frozen=True)
class HouseholdSummary:
    household: Household
    people: list[Person]  # those the flag names who live here (or everyone who does)
    applications: list[str]


@dataclass(frozen=True)
class FlagDetails:
    people: list[PersonSummary] = field(default_factory=list)
    comparison: list[ComparisonRow] = field(default_factory=list)
    households: list[HouseholdSummary] = field(default_factory=list)
    applications: list[str] = field(default_factory=list)
    window_days: int = 0


def _memberships(person_ids: Sequence[int]) -> dict[int, list[Household]]:
    """Each person's households, oldest first."""
    found: dict[int, list[Household]] = {}
    for member in (
        HouseholdMember.objects.filter(person_id__in=list(person_ids))
        .select_related("household")
        .order_by("household__created_at", "household_id")
    ):
        found.setdefault(member.person_id, []).append(member.household)
    return found


def _applications_by_household(
    council: Council, household_ids: Iterable[int]
) -> dict[int, list[str]]:
    ids = sorted(set(household_ids))
    if not ids:
        return {}
    return applications_at_households(council=council, household_ids=ids, since=_EVER)


def people_summaries(*, council: Council, person_ids: Sequence[int]) -> list[PersonSummary]:
    """The people named, in the order named; anyone no longer recorded is left out."""
    people = Person.objects.filter(council=council, pk__in=list(person_ids)).in_bulk()
    memberships = _memberships(list(people))
    with_bank = set(
        MatchKey.objects.filter(
            council=council, kind=MatchKeyKind.BANK_ACCOUNT, person_id__in=list(people)
        ).values_list("person_id", flat=True)
    )
    applications = _applications_by_household(
        council, (h.pk for homes in memberships.values() for h in homes)
    )
    summaries = []
    for person_id in dict.fromkeys(person_ids):
        person = people.get(person_id)
        if person is None:
            continue
        homes = memberships.get(person_id, [])
        references = [ref for home in homes for ref in applications.get(home.pk, [])]
        summaries.append(
            PersonSummary(
                person=person,
                household=homes[-1] if homes else None,
                ni_number_given=bool(person.national_insurance_number),
                bank_account_given=person_id in with_bank,
                applications=list(dict.fromkeys(references)),
            )
        )
    return summaries


def _given(held: bool) -> str:
    return "Given" if held else "Not given"


def _address(summary: PersonSummary) -> str:
    return ", ".join(summary.household.postal_lines) if summary.household else "Not known"


def comparison_rows(
    first: PersonSummary, second: PersonSummary, comparisons: dict[str, Any]
) -> list[ComparisonRow]:
    """Each detail of the two people side by side, with the level the check found it at."""

    def shown(summary: PersonSummary) -> dict[str, str]:
        person = summary.person
        return {
            "first_name": person.first_name,
            "surname": person.last_name,
            "dob": govuk_date(person.date_of_birth),
            "home": _address(summary),
            "phone": person.phone or "Not given",
            "email": person.email or "Not given",
            "ni": _given(summary.ni_number_given),
            "bank": _given(summary.bank_account_given),
        }

    left, right = shown(first), shown(second)
    return [
        ComparisonRow(
            detail=label,
            first=left[name],
            second=right[name],
            level=str(comparisons.get(name) or NOT_COMPARED),
        )
        for name, label in COMPARED_DETAILS
    ]


def _household_summaries(
    council: Council, household_ids: Sequence[int], people: Sequence[PersonSummary]
) -> list[HouseholdSummary]:
    households = Household.objects.filter(council=council, pk__in=list(household_ids)).in_bulk()
    applications = _applications_by_household(council, households)
    return [
        HouseholdSummary(
            household=households[household_id],
            people=[s.person for s in people if s.household and s.household.pk == household_id],
            applications=applications.get(household_id, []),
        )
        for household_id in dict.fromkeys(household_ids)
        if household_id in households
    ]


def flag_details(*, flag: MatchFlag) -> FlagDetails:
    """What the flag's page shows beside the flag itself, by the kind of flag."""
    council = flag.council
    evidence: dict[str, Any] = flag.evidence if isinstance(flag.evidence, dict) else {}
    if flag.kind == MatchFlagKind.POSSIBLE_DUPLICATE:
        ids = [i for i in (flag.person_id, flag.other_person_id) if i is not None]
        people = people_summaries(council=council, person_ids=ids)
        comparison = (
            comparison_rows(people[0], people[1], evidence.get("comparisons") or {})
            if len(people) == 2
            else []
        )
        return FlagDetails(people=people, comparison=comparison)
    if flag.kind == MatchFlagKind.SHARED_BANK_ACCOUNT:
        people = people_summaries(
            council=council, person_ids=[int(i) for i in evidence.get("people", [])]
        )
        household_ids = [int(i) for i in evidence.get("households", [])]
        return FlagDetails(
            people=people, households=_household_summaries(council, household_ids, people)
        )
    if flag.kind == MatchFlagKind.MANY_APPLICATIONS_AT_ADDRESS:
        households = []
        if flag.household is not None:
            residents = [
                member.person
                for member in HouseholdMember.objects.filter(household=flag.household)
                .select_related("person")
                .order_by("person__last_name", "person__first_name", "person_id")
            ]
            households = [
                HouseholdSummary(household=flag.household, people=residents, applications=[])
            ]
        return FlagDetails(
            households=households,
            applications=[str(ref) for ref in evidence.get("applications", [])],
            window_days=int(evidence.get("window_days", 0)),
        )
    return FlagDetails()


# The council's thresholds -----------------------------------------------------------------


def matching_settings_current(*, council: Council) -> MatchingSettings:
    """The council's thresholds, or the defaults (unsaved) if it has never had them: reading
    the page does not create anything."""
    found = MatchingSettings.objects.filter(council=council).first()
    return found if found is not None else MatchingSettings(council=council)


# The case page's panel --------------------------------------------------------------------


def case_match_flags(*, application: Any) -> list[FlagRow]:
    """Flags still to check, or confirmed, about the application's applicant, anyone in its
    household, its household's address, or a bank account any of them gave. One query: the
    case page shows this on every opening, so it must stay cheap."""
    council_id = application.council_id
    household_people = HouseholdMember.objects.filter(household_id=application.household_id).values(
        "person_id"
    )
    people = Q(person_id=application.applicant_id) | Q(other_person_id=application.applicant_id)
    people |= Q(person_id__in=household_people) | Q(other_person_id__in=household_people)
    bank_subjects = (
        MatchKey.objects.filter(council_id=council_id, kind=MatchKeyKind.BANK_ACCOUNT)
        .filter(Q(person_id=application.applicant_id) | Q(person_id__in=household_people))
        .annotate(flag_subject=Concat(Value("bank:"), "value", output_field=CharField()))
        .values("flag_subject")
    )
    flags = _with_names(
        MatchFlag.objects.filter(
            council_id=council_id,
            status__in=[MatchFlagStatus.OPEN, MatchFlagStatus.CONFIRMED],
        ).filter(
            people
            | Q(household_id=application.household_id)
            | Q(kind=MatchFlagKind.SHARED_BANK_ACCOUNT, subject__in=bank_subjects)
        )
    ).order_by(_open_first(), "-created_at", "-id")
    return flag_rows(flags)
