"""Reads about councils and staff: whose membership lets them into which council."""

from django.db.models import QuerySet

from onestop.councils.models import Council, Membership, User


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
        .order_by("user__full_name")
    )
