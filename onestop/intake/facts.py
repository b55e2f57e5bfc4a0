"""Work out the facts the rules need from an application and the applicant's history."""

import datetime

from onestop.intake.models import Application, ApplicationStatus
from onestop.policy.rules import ApplicationFacts


def facts_for(
    application: Application, *, members_dates_of_birth: list[datetime.date]
) -> ApplicationFacts:
    on = application.submitted_at.date()
    under_5 = sum(1 for born in members_dates_of_birth if (on - born).days < 5 * 365.25)
    earlier_awards = (
        Application.objects.filter(
            council=application.council,
            applicant=application.applicant,
            status=ApplicationStatus.AWARDED,
            decided_at__isnull=False,
            decided_at__lt=application.submitted_at,
            decided_at__gte=application.submitted_at - datetime.timedelta(days=365),
        )
        .exclude(pk=application.pk)
        .order_by("-decided_at")
        .values_list("decided_at", flat=True)
    )
    award_times = [moment for moment in earlier_awards if moment is not None]
    return ApplicationFacts(
        household_size=1 + len(members_dates_of_birth),
        children_under_5=under_5,
        weekly_income_after_housing_pence=application.weekly_income_after_housing_pence,
        savings_pence=application.savings_pence,
        crisis_reason=application.crisis_reason,
        awards_in_last_365_days=len(award_times),
        days_since_last_award=(on - award_times[0].date()).days if award_times else None,
    )
