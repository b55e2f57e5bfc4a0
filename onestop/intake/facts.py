"""Work out the facts the rules need from an application and the applicant's history."""

import datetime

from django.utils import timezone

from onestop.intake.models import Application, ApplicationStatus
from onestop.policy.rules import ApplicationFacts


def age_on(born: datetime.date, day: datetime.date) -> int:
    """Age in whole years, so a child is no longer under 5 on their fifth birthday."""
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def facts_for(
    application: Application, *, members_dates_of_birth: list[datetime.date], on: datetime.date
) -> ApplicationFacts:
    """`on` is the UK calendar day the application was made; awards count by UK days too."""
    under_5 = sum(1 for born in members_dates_of_birth if age_on(born, on) < 5)
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
        days_since_last_award=(
            (on - timezone.localtime(award_times[0]).date()).days if award_times else None
        ),
    )
