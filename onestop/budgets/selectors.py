"""Reads about budgets, always within one council."""

import datetime

from django.db.models import QuerySet

from onestop.budgets.models import Budget
from onestop.councils.models import Council
from onestop.policy.models import Scheme


def budgets_of(*, council: Council) -> QuerySet[Budget]:
    return Budget.objects.select_related("scheme").filter(council=council)


def budget_in_force(*, council: Council, scheme: Scheme, on: datetime.date) -> Budget | None:
    return Budget.objects.filter(
        council=council, scheme=scheme, starts_on__lte=on, ends_on__gte=on
    ).first()
