"""Reads for referrals: a case's, a household's and a partner's referrals, and the services to
suggest for a crisis in a place."""

from dataclasses import dataclass

from django.db.models import QuerySet

from onestop.core.postcodes import postcode_area, postcode_district
from onestop.councils.models import Council, Organisation
from onestop.directory.models import Referral, Service, ServiceStatus
from onestop.intake.models import Application
from onestop.people.models import Household
from onestop.policy.vocabulary import CrisisReason

# The needs each crisis usually brings, most pressing first; matched against the directory's
# taxonomy terms by code or name.
NEEDS_BY_CRISIS: dict[str, tuple[str, ...]] = {
    CrisisReason.NO_MONEY_FOR_FOOD: ("food", "benefits", "debt"),
    CrisisReason.NO_MONEY_FOR_FUEL: ("energy", "debt", "benefits"),
    CrisisReason.LOSS_OF_INCOME: ("benefits", "debt", "food"),
    CrisisReason.FIRE_OR_FLOOD: ("housing", "food"),
    CrisisReason.DOMESTIC_ABUSE: ("housing", "advice"),
    CrisisReason.LEAVING_CARE_PRISON_HOSPITAL: ("housing", "benefits"),
    CrisisReason.SETTING_UP_HOME: ("housing", "benefits", "energy"),
    CrisisReason.STAY_IN_COMMUNITY: ("benefits", "advice"),
    CrisisReason.RENT_SHORTFALL: ("housing", "benefits", "debt"),
    CrisisReason.THREAT_OF_EVICTION: ("housing", "debt", "advice"),
    CrisisReason.OTHER: ("advice", "benefits"),
}

# A need matched outweighs being nearby; the first need outweighs the later ones.
_NEED_WEIGHT = 10
_SAME_DISTRICT = 3
_SAME_AREA = 1


def _with_people(referrals: QuerySet[Referral]) -> QuerySet[Referral]:
    return referrals.select_related(
        "application", "service__organization", "partner", "created_by", "household"
    )


def referrals_for_application(*, application: Application) -> list[Referral]:
    """Every referral about the case, newest first."""
    return list(
        _with_people(Referral.objects.filter(council=application.council, application=application))
    )


def referrals_for_household(*, council: Council, household: Household) -> list[Referral]:
    return list(_with_people(Referral.objects.filter(council=council, household=household)))


def referrals_for_organisation(*, organisation: Organisation) -> QuerySet[Referral]:
    """Only the referrals made to the organisation or by it: a partner sees nothing else."""
    return _with_people(
        Referral.objects.filter(council_id=organisation.council_id, partner=organisation)
    )


def referral_for_organisation(*, organisation: Organisation, referral_id: int) -> Referral | None:
    """One of the organisation's referrals; another's, or none, is the same: not found."""
    return referrals_for_organisation(organisation=organisation).filter(pk=referral_id).first()


def referral_for_application(*, application: Application, referral_id: int) -> Referral | None:
    return (
        _with_people(Referral.objects.filter(council=application.council, application=application))
        .filter(pk=referral_id)
        .first()
    )


@dataclass(frozen=True)
class Suggestion:
    service: Service
    score: int
    needs_met: list[str]
    nearby: str  # "In NB1", "In the NB area" or ""


def _needs_met(service: Service, needs: tuple[str, ...]) -> list[str]:
    terms = [(term.code.lower(), term.name.lower()) for term in service.taxonomy_terms.all()]
    return [need for need in needs if any(code == need or need in name for code, name in terms)]


def suggested_services(
    *, council: Council, crisis_reason: str, postcode: str, limit: int = 10
) -> list[Suggestion]:
    """Active services that meet the crisis's needs, best first: the more pressing the need met
    the higher, then those with a location in the postcode's district, then in its area."""
    needs = NEEDS_BY_CRISIS.get(crisis_reason, NEEDS_BY_CRISIS[CrisisReason.OTHER])
    district, area = postcode_district(postcode), postcode_area(postcode)
    services = (
        Service.objects.filter(council=council, status=ServiceStatus.ACTIVE)
        .select_related("organization")
        .prefetch_related("taxonomy_terms", "at_locations__location__addresses")
    )
    suggestions = []
    for service in services:
        met = _needs_met(service, needs)
        if not met:
            continue
        score = sum(_NEED_WEIGHT * (len(needs) - needs.index(need)) for need in met)
        postcodes = [
            address.postal_code
            for at in service.at_locations.all()
            for address in at.location.addresses.all()
        ]
        nearby = ""
        if district and any(postcode_district(code) == district for code in postcodes):
            score += _SAME_DISTRICT
            nearby = f"In {district}"
        elif area and any(postcode_area(code) == area for code in postcodes):
            score += _SAME_AREA
            nearby = f"In the {area} area"
        suggestions.append(Suggestion(service=service, score=score, needs_met=met, nearby=nearby))
    suggestions.sort(key=lambda s: (-s.score, s.service.name.lower(), s.service.pk))
    return suggestions[:limit]


def services_to_refer_to(*, council: Council) -> QuerySet[Service]:
    """Every active service of the council, for choosing one not suggested."""
    return (
        Service.objects.filter(council=council, status=ServiceStatus.ACTIVE)
        .select_related("organization")
        .order_by("name", "pk")
    )
