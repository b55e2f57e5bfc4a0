"""The household on a case and the other applications its people and home have made."""

import datetime
from dataclasses import dataclass

from django.db.models import Q

from onestop.councils.models import Council
from onestop.fulfilment.models import Award
from onestop.intake.models import Application, ApplicationMember
from onestop.people.models import Relationship

HISTORY_LIMIT = 50


@dataclass(frozen=True)
class HouseholdRow:
    name: str
    relationship: str
    date_of_birth: datetime.date
    age: int


@dataclass(frozen=True)
class HistoryRow:
    application: Application
    applicant_name: str
    awards: list[Award]


def _relationship_label(value: str) -> str:
    try:
        return str(Relationship(value).label)
    except ValueError:
        return value.replace("_", " ").capitalize()


def case_household(*, application: Application, today: datetime.date) -> list[HouseholdRow]:
    """Everyone the application declared, the applicant first, with their age today."""
    people = [(application.applicant, Relationship.APPLICANT.value)] + [
        (member.person, member.relationship)
        for member in application.members.select_related("person")
    ]
    return [
        HouseholdRow(
            name=person.full_name,
            relationship=_relationship_label(relationship),
            date_of_birth=person.date_of_birth,
            age=person.age_on(today),
        )
        for person, relationship in people
    ]


def case_history(*, council: Council, application: Application) -> list[HistoryRow]:
    """Other applications by or for anyone in this household, or from the same home; newest first.

    Each comes with its awards, so a decision maker sees what was given before and whether it
    reached the person.
    """
    people = {application.applicant_id} | set(
        application.members.values_list("person_id", flat=True)
    )
    listed_in = ApplicationMember.objects.filter(council=council, person_id__in=people).values(
        "application_id"
    )
    others = list(
        Application.objects.select_related("scheme", "applicant")
        .filter(council=council)
        .filter(
            Q(applicant_id__in=people)
            | Q(household_id=application.household_id)
            | Q(pk__in=listed_in)
        )
        .exclude(pk=application.pk)
        .order_by("-submitted_at", "-id")[:HISTORY_LIMIT]
    )
    awards: dict[int, list[Award]] = {}
    for award in Award.objects.filter(council=council, application__in=others).order_by(
        "created_at"
    ):
        awards.setdefault(award.application_id, []).append(award)
    return [
        HistoryRow(
            application=other,
            applicant_name=other.applicant.full_name,
            awards=awards.get(other.pk, []),
        )
        for other in others
    ]
