"""Reads about applications, always within one council: by reference, by person, by partner,
and the adviser console's search for the people and households already known."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from onestop.core.references import normalise_reference
from onestop.councils.models import Council, Organisation
from onestop.intake.models import Application, ApplicationMember, Assessment
from onestop.people.models import Household, HouseholdMember, Person
from onestop.people.services import MemberDetails


def application_by_reference(*, council: Council, reference: str) -> Application | None:
    normalised = normalise_reference(reference)
    if normalised is None:
        return None
    return (
        Application.objects.select_related("scheme", "applicant", "household", "submitted_by")
        .filter(council=council, reference=normalised)
        .first()
    )


def application_latest_assessment(*, application: Application) -> Assessment | None:
    return application.assessments.order_by("-created_at", "-id").first()


def applications_recent(*, council: Council, limit: int = 50) -> QuerySet[Application]:
    return (
        Application.objects.select_related("scheme", "applicant")
        .filter(council=council)
        .order_by("-submitted_at")[:limit]
    )


def applications_of_person(*, application: Application) -> QuerySet[Application]:
    """The applicant's other applications to this council, newest first."""
    return (
        Application.objects.select_related("scheme")
        .filter(council=application.council, applicant=application.applicant)
        .exclude(pk=application.pk)
        .order_by("-submitted_at")
    )


def application_by_submission_key(*, council: Council, submission_key: str) -> Application | None:
    return (
        Application.objects.select_related("scheme")
        .filter(council=council, submission_key=submission_key)
        .first()
    )


def application_of_organisation(
    *, organisation: Organisation, reference: str
) -> Application | None:
    """A partner's own application; another organisation's, or none, is the same: not found."""
    normalised = normalise_reference(reference)
    if normalised is None:
        return None
    return (
        Application.objects.select_related("scheme", "applicant")
        .filter(council_id=organisation.council_id, organisation=organisation, reference=normalised)
        .first()
    )


def referrals_of_organisation(*, organisation: Organisation) -> QuerySet[Application]:
    """What a partner has sent the council, through its portal or its API key, newest first."""
    return (
        Application.objects.select_related("scheme", "applicant")
        .filter(council_id=organisation.council_id, organisation=organisation)
        .order_by("-submitted_at", "-id")
    )


# --- the adviser console's search ------------------------------------------------------------

SEARCH_LIMIT = 25


@dataclass(frozen=True)
class SearchTerms:
    """What an adviser typed, understood: a reference, names, a date of birth and a postcode
    (or the start of one), any of them. Several together narrow the search."""

    text: str
    reference: str = ""
    names: tuple[str, ...] = ()
    date_of_birth: datetime.date | None = None
    postcode: str = ""
    postcode_district: str = ""

    @property
    def searches_people(self) -> bool:
        return bool(self.names or self.date_of_birth or self.postcode or self.postcode_district)

    @property
    def keys(self) -> list[str]:
        """What the search was by, for the audit log's summary."""
        return [
            key
            for key, given in (
                ("reference", self.reference),
                ("name", self.names),
                ("date of birth", self.date_of_birth),
                ("postcode", self.postcode or self.postcode_district),
            )
            if given
        ]


@dataclass(frozen=True)
class PersonFound:
    person: Person
    household: Household | None  # where they last lived, as far as the council knows
    applications: list[Application]  # theirs, and those that named them in the household


@dataclass(frozen=True)
class PeopleFound:
    people: list[PersonFound]
    more: bool  # more people matched than are shown: the adviser should narrow the search


def people_search(
    *, council: Council, terms: SearchTerms, limit: int = SEARCH_LIMIT
) -> PeopleFound:
    """The council's people matching every term given, each with their applications."""
    if not terms.searches_people:
        return PeopleFound(people=[], more=False)
    people = Person.objects.filter(council=council)
    for name in terms.names:
        people = people.filter(Q(first_name__istartswith=name) | Q(last_name__istartswith=name))
    if terms.date_of_birth:
        people = people.filter(date_of_birth=terms.date_of_birth)
    if terms.postcode:
        people = people.filter(memberships__household__postcode=terms.postcode)
    if terms.postcode_district:
        people = people.filter(
            memberships__household__postcode__startswith=f"{terms.postcode_district} "
        )
    found = list(
        people.distinct().order_by("last_name", "first_name", "date_of_birth", "id")[: limit + 1]
    )
    shown = found[:limit]
    return PeopleFound(people=_with_homes_and_applications(council, shown), more=len(found) > limit)


def person_found(*, council: Council, person: Person) -> PersonFound:
    return _with_homes_and_applications(council, [person])[0]


def _latest_homes(council: Council, person_ids: list[int]) -> dict[int, Household]:
    homes: dict[int, Household] = {}
    for link in (
        HouseholdMember.objects.select_related("household")
        .filter(council=council, person_id__in=person_ids)
        .order_by("-created_at", "-id")
    ):
        homes.setdefault(link.person_id, link.household)
    return homes


def _with_homes_and_applications(council: Council, people: list[Person]) -> list[PersonFound]:
    ids = [p.pk for p in people]
    homes = _latest_homes(council, ids)
    applications: dict[int, dict[int, Application]] = {pk: {} for pk in ids}
    for application in Application.objects.select_related("scheme").filter(
        council=council, applicant_id__in=ids
    ):
        applications[application.applicant_id][application.pk] = application
    for member in ApplicationMember.objects.select_related(
        "application__scheme", "application__applicant"
    ).filter(council=council, person_id__in=ids):
        applications[member.person_id][member.application_id] = member.application
    return [
        PersonFound(
            person=p,
            household=homes.get(p.pk),
            applications=sorted(
                applications[p.pk].values(), key=lambda a: a.submitted_at, reverse=True
            ),
        )
        for p in people
    ]


@dataclass(frozen=True)
class KnownHousehold:
    """A person already known, as a new application for them starts: their details, where
    they live and who they live with, as their latest application said."""

    person: Person
    household: Household | None
    members: list[MemberDetails]


def person_by_id(*, council: Council, person_id: int) -> Person | None:
    return Person.objects.filter(council=council, pk=person_id).first()


def known_household(*, council: Council, person: Person) -> KnownHousehold:
    latest = (
        Application.objects.select_related("household")
        .filter(council=council, applicant=person)
        .order_by("-submitted_at", "-id")
        .first()
    )
    if latest is None:
        # Known only as someone else's household member: their address, not that household.
        home = _latest_homes(council, [person.pk]).get(person.pk)
        return KnownHousehold(person=person, household=home, members=[])
    members = [
        MemberDetails(
            m.person.first_name, m.person.last_name, m.person.date_of_birth, m.relationship
        )
        for m in latest.members.select_related("person")
    ]
    return KnownHousehold(person=person, household=latest.household, members=members)


def applications_at_households(
    council: Council, household_ids: Sequence[int] | None, since: datetime.datetime
) -> dict[int, list[str]]:
    """The references of applications made from each household since a moment: registered
    with people's duplicate checks for the "many applications from one address" signal."""
    applications = Application.objects.filter(council=council, submitted_at__gte=since)
    if household_ids is not None:
        applications = applications.filter(household_id__in=list(household_ids))
    found: dict[int, list[str]] = {}
    for household_id, reference in applications.order_by("submitted_at").values_list(
        "household_id", "reference"
    ):
        found.setdefault(household_id, []).append(reference)
    return found
