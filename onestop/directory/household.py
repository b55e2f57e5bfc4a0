"""Reads for the household view: everyone in a household, every application with what came of
it, other support, one timeline of it all, and the support received in the last 12 months."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from onestop.casework.models import Complaint, Decision, Review
from onestop.casework.selectors.cases import decision_for
from onestop.casework.selectors.complaints import complaints_for_case
from onestop.casework.selectors.reviews import reviews_for_case
from onestop.core.models import AuditEvent
from onestop.core.money import format_pounds
from onestop.councils.models import Council
from onestop.directory.models import Referral, ReferralDirection
from onestop.directory.referral_selectors import referrals_for_household
from onestop.fulfilment.models import Award, AwardStatus
from onestop.fulfilment.selectors.case_awards import AwardPanel, award_panels
from onestop.intake.models import Application, ApplicationMember, Assessment
from onestop.intake.selectors import application_latest_assessment
from onestop.people.models import (
    Household,
    HouseholdMember,
    OtherSupport,
    OtherSupportKind,
    Person,
    Relationship,
)

TIMELINE_LIMIT = 300


def household_by_id(*, council: Council, household_id: int) -> Household | None:
    return Household.objects.filter(council=council, pk=household_id).first()


def household_applications(*, council: Council, household: Household) -> list[Application]:
    """Every application made for this household, newest first."""
    return list(
        Application.objects.select_related("scheme", "applicant")
        .filter(council=council, household=household)
        .order_by("-submitted_at", "-id")
    )


@dataclass(frozen=True)
class PersonRow:
    person: Person
    relationship: str
    age: int
    # "Lives here" for the household's members; otherwise the applications naming them.
    known_from: str


def _relationship_label(value: str) -> str:
    try:
        return str(Relationship(value).label)
    except ValueError:
        return value.replace("_", " ").capitalize()


def household_people(
    *, household: Household, applications: list[Application], today: datetime.date
) -> list[PersonRow]:
    """The household's members, then anyone else named on its applications; each once."""
    rows: dict[int, PersonRow] = {}
    for member in (
        HouseholdMember.objects.select_related("person")
        .filter(council=household.council, household=household)
        .order_by("id")
    ):
        rows[member.person_id] = PersonRow(
            person=member.person,
            relationship=_relationship_label(member.relationship),
            age=member.person.age_on(today),
            known_from="Lives here",
        )
    named: dict[int, tuple[Person, str, list[str]]] = {}
    for application in sorted(applications, key=lambda a: (a.submitted_at, a.pk)):
        listed = [(application.applicant, Relationship.APPLICANT.value)] + [
            (m.person, m.relationship)
            for m in ApplicationMember.objects.select_related("person").filter(
                council=household.council, application=application
            )
        ]
        for person, relationship in listed:
            if person.pk in rows:
                continue
            entry = named.setdefault(person.pk, (person, relationship, []))
            entry[2].append(application.reference)
    for person, relationship, references in named.values():
        rows[person.pk] = PersonRow(
            person=person,
            relationship=_relationship_label(relationship),
            age=person.age_on(today),
            known_from="Named on " + ", ".join(references),
        )
    return list(rows.values())


@dataclass(frozen=True)
class ApplicationRow:
    application: Application
    assessment: Assessment | None
    decision: Decision | None
    award_panels: list[AwardPanel]
    reviews: list[Review]
    complaints: list[Complaint]


def household_application_rows(*, applications: list[Application]) -> list[ApplicationRow]:
    """Each application with its assessment, decision, awards (as the case page shows them),
    reviews and complaints."""
    return [
        ApplicationRow(
            application=application,
            assessment=application_latest_assessment(application=application),
            decision=decision_for(application=application),
            award_panels=award_panels(application=application),
            reviews=list(reviews_for_case(application=application)),
            complaints=list(complaints_for_case(application=application)),
        )
        for application in applications
    ]


def household_referrals(*, council: Council, household: Household) -> list[Referral]:
    """Every referral about the household's cases, out to services and in from partners."""
    return referrals_for_household(council=council, household=household)


def household_other_support(*, council: Council, household: Household) -> list[OtherSupport]:
    return list(
        OtherSupport.objects.select_related("person", "recorded_by")
        .filter(council=council, household=household)
        .order_by("-awarded_on", "-id")
    )


@dataclass(frozen=True)
class TimelineEntry:
    """One thing on the household's timeline: an event on one of its cases, or other support."""

    sort_key: datetime.datetime
    title: str
    byline: str
    description: str = ""
    case_reference: str = ""
    # Other support is known by the day it was awarded, not the moment.
    occurred_at: datetime.datetime | None = None
    occurred_on: datetime.date | None = None


def _moment_of(record: OtherSupport) -> datetime.datetime:
    """Where other support sits on the timeline: when it was recorded, if that was the day it
    was awarded; otherwise the start of the day it was awarded (imported history, say)."""
    if timezone.localdate(record.created_at) == record.awarded_on:
        return record.created_at
    return timezone.make_aware(datetime.datetime.combine(record.awarded_on, datetime.time.min))


def household_timeline(
    *,
    council: Council,
    applications: list[Application],
    other_support: list[OtherSupport],
    limit: int = TIMELINE_LIMIT,
) -> list[TimelineEntry]:
    """What happened on the household's cases and the other support it had, newest first.

    Openings of pages ("case viewed", "household viewed") are left out: they are in the audit
    log, and here they would bury what happened to the household.
    """
    references = [a.reference for a in applications]
    events = (
        AuditEvent.objects.filter(council=council, case_reference__in=references)
        .exclude(action__endswith=".viewed")
        .order_by("-occurred_at", "-id")[:limit]
    )
    entries = [
        TimelineEntry(
            sort_key=event.occurred_at,
            title=event.summary,
            byline=event.actor_label,
            description=event.reason,
            case_reference=event.case_reference,
            occurred_at=event.occurred_at,
        )
        for event in events
    ]
    for record in other_support:
        who = f" for {record.person.full_name}" if record.person else ""
        entries.append(
            TimelineEntry(
                sort_key=_moment_of(record),
                title=f"{record.get_kind_display()} of {format_pounds(record.amount_pence)}{who}",
                byline=(
                    f"imported from {record.file_name}"
                    if record.file_name
                    else (record.recorded_by.display_name if record.recorded_by else "staff")
                ),
                description=record.description,
                occurred_on=record.awarded_on,
            )
        )
    entries.sort(key=lambda entry: entry.sort_key, reverse=True)
    return entries[:limit]


def twelve_months_before(today: datetime.date) -> datetime.date:
    """The same day a year earlier (28 February for 29 February): the summary's first day."""
    try:
        return today.replace(year=today.year - 1)
    except ValueError:
        return today.replace(year=today.year - 1, day=28)


@dataclass(frozen=True)
class SchemeLine:
    scheme: str
    award_type: str
    awards: int
    total_pence: int


@dataclass(frozen=True)
class KindLine:
    kind: str
    records: int
    total_pence: int


@dataclass(frozen=True)
class SupportSummary:
    since: datetime.date
    until: datetime.date
    applications: int
    awards_by_scheme: list[SchemeLine] = field(default_factory=list)
    other_support_by_kind: list[KindLine] = field(default_factory=list)
    # Referrals out to other services made in the period (their audit events are on the
    # timeline already, as each carries the case reference).
    referrals_out: int = 0

    @property
    def awards_total_pence(self) -> int:
        return sum(line.total_pence for line in self.awards_by_scheme)

    @property
    def other_support_total_pence(self) -> int:
        return sum(line.total_pence for line in self.other_support_by_kind)

    @property
    def total_pence(self) -> int:
        return self.awards_total_pence + self.other_support_total_pence


def household_support_summary(
    *, council: Council, household: Household, today: datetime.date
) -> SupportSummary:
    """The support the household received in the 12 months to today.

    Awards count from the day they were made; an award whose money went back to the fund (a
    code never collected, a payment the bank returned) is left out, because the household never
    had it. Other support counts from the day it was awarded.
    """
    since = twelve_months_before(today)
    applications = Application.objects.filter(council=council, household=household)
    submitted = sum(
        1
        for moment in applications.values_list("submitted_at", flat=True)
        if since <= timezone.localdate(moment) <= today
    )
    by_scheme: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    awards = (
        Award.objects.select_related("application__scheme")
        .filter(council=council, application__household=household)
        .exclude(status=AwardStatus.RETURNED)
        .order_by("created_at", "id")
    )
    for award in awards:
        if not since <= timezone.localdate(award.created_at) <= today:
            continue
        key = (award.application.scheme.name, str(award.get_award_type_display()))
        by_scheme[key][0] += 1
        by_scheme[key][1] += award.value_pence
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for kind, amount in OtherSupport.objects.filter(
        council=council, household=household, awarded_on__gte=since, awarded_on__lte=today
    ).values_list("kind", "amount_pence"):
        by_kind[kind][0] += 1
        by_kind[kind][1] += amount
    referred = sum(
        1
        for moment in Referral.objects.filter(
            council=council, household=household, direction=ReferralDirection.OUT
        ).values_list("created_at", flat=True)
        if since <= timezone.localdate(moment) <= today
    )
    return SupportSummary(
        since=since,
        until=today,
        applications=submitted,
        referrals_out=referred,
        awards_by_scheme=[
            SchemeLine(scheme=scheme, award_type=award_type, awards=count, total_pence=total)
            for (scheme, award_type), (count, total) in sorted(by_scheme.items())
        ],
        other_support_by_kind=[
            KindLine(kind=str(kind.label), records=by_kind[kind][0], total_pence=by_kind[kind][1])
            for kind in OtherSupportKind
            if kind in by_kind
        ],
    )
