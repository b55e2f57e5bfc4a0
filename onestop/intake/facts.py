"""Turn an application and the applicant's history into the inputs a scheme's policy reads."""

import datetime
from typing import Any

from django.utils import timezone

from onestop.intake.models import Application, ApplicationStatus
from onestop.people.selectors import is_resident
from onestop.policy.facts import AWARD_HISTORY, earlier_award_ages


def age_on(born: datetime.date, day: datetime.date) -> int:
    """Age in whole years, so a child is no longer under 5 on their fifth birthday."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def earlier_award_days(application: Application) -> list[datetime.date]:
    """UK calendar days of the applicant's awards from this scheme decided before this
    application was made. A scheme's limits (3 awards a year, 7 days apart) are its own:
    a housing payment does not use up a crisis payment."""
    decided = (
        Application.objects.filter(
            council_id=application.council_id,
            scheme_id=application.scheme_id,
            applicant_id=application.applicant_id,
            status=ApplicationStatus.AWARDED,
            decided_at__isnull=False,
            decided_at__lt=application.submitted_at,
            decided_at__gte=application.submitted_at - datetime.timedelta(days=400),
        )
        .exclude(pk=application.pk)
        .values_list("decided_at", flat=True)
    )
    return [timezone.localtime(moment).date() for moment in decided if moment is not None]


def policy_inputs(
    application: Application, *, members_dates_of_birth: list[datetime.date], on: datetime.date
) -> dict[str, Any]:
    """`on` is the UK calendar day the application was made; ages and award gaps count from it."""
    return {
        "applicant_age": age_on(application.applicant.date_of_birth, on),
        "household_size": 1 + len(members_dates_of_birth),
        "children_under_5": sum(1 for born in members_dates_of_birth if age_on(born, on) < 5),
        "pregnant": application.pregnant,
        "disabled": application.disabled,
        "weekly_income": application.weekly_income_pence,
        "weekly_housing_costs": application.weekly_housing_costs_pence,
        "savings": application.savings_pence,
        "crisis_reason": application.crisis_reason,
        # By the council's address gazetteer: see people.selectors.residency_decide.
        "is_resident": is_resident(household=application.household),
        "receives_qualifying_benefit": application.receives_qualifying_benefit,
        "receives_housing_support": application.receives_housing_support,
        "weekly_rent_shortfall": application.weekly_rent_shortfall_pence,
        "rent_arrears": application.rent_arrears_pence,
        "at_risk_of_eviction": application.at_risk_of_eviction,
        "needs_bed": application.needs_bed,
        "needs_cooker": application.needs_cooker,
        "needs_fridge": application.needs_fridge,
        "needs_washing_machine": application.needs_washing_machine,
        AWARD_HISTORY: earlier_award_ages(earlier_award_days(application), on),
    }
