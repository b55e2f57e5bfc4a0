"""Reads about schemes, always within one council."""

from django.db.models import QuerySet

from onestop.councils.models import Council
from onestop.policy.models import Scheme


def schemes_open(*, council: Council) -> QuerySet[Scheme]:
    return Scheme.objects.filter(council=council, is_open=True)


def schemes_all(*, council: Council) -> QuerySet[Scheme]:
    return Scheme.objects.filter(council=council).order_by("name")


def scheme_get(*, council: Council, scheme_id: int) -> Scheme | None:
    return Scheme.objects.filter(council=council, pk=scheme_id).first()
