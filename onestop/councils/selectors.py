"""Reads about councils, staff and partners: memberships, organisations and their API keys."""

from django.db.models import Prefetch, QuerySet

from onestop.core.roles import ORGANISATION_ROLES
from onestop.councils.models import ApiKey, Council, Membership, Organisation, User


def membership_for(*, user: User, council_slug: str) -> Membership | None:
    if not user.is_authenticated or not user.is_active:
        return None
    return (
        Membership.objects.select_related("council")
        .filter(user=user, council__slug=council_slug)
        .first()
    )


def memberships_of(*, user: User) -> QuerySet[Membership]:
    return Membership.objects.select_related("council").filter(user=user).order_by("council__name")


def council_staff(*, council: Council) -> QuerySet[Membership]:
    return (
        Membership.objects.select_related("user")
        .filter(council=council)
        # Partner and supplier organisations' staff are not the council's.
        .exclude(role__in=ORGANISATION_ROLES)
        .order_by("user__full_name")
    )


def organisations_with_keys(*, council: Council) -> QuerySet[Organisation]:
    return (
        Organisation.objects.filter(council=council)
        .prefetch_related(
            Prefetch("api_keys", queryset=ApiKey.objects.select_related("created_by"))
        )
        .order_by("name")
    )


def organisation_by_name(*, council: Council, name: str) -> Organisation | None:
    return Organisation.objects.filter(council=council, name__iexact=" ".join(name.split())).first()


def organisation_get(*, council: Council, organisation_id: int) -> Organisation | None:
    return Organisation.objects.filter(council=council, pk=organisation_id).first()


def api_key_get(*, council: Council, api_key_id: int) -> ApiKey | None:
    return (
        ApiKey.objects.select_related("organisation")
        .filter(organisation__council=council, pk=api_key_id)
        .first()
    )


def council_by_slug(*, slug: str) -> Council | None:
    return Council.objects.filter(slug=slug).first()
