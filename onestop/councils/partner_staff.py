"""Give a person a role at a partner organisation: partner staff of one council, for one partner."""

from django.db import transaction

from onestop.core.audit import audit_record
from onestop.core.errors import ServiceError
from onestop.core.roles import Role
from onestop.councils.models import Membership, Organisation, User


@transaction.atomic
def partner_membership_grant(
    *, actor: User | None, user: User, organisation: Organisation
) -> Membership:
    """Make `user` partner staff of `organisation`, in the council the organisation works with.

    A person who already works for the council in another role keeps that role: one person has
    one role per council, and council staff must not become partner staff by accident.
    """
    existing = Membership.objects.filter(user=user, council=organisation.council).first()
    if existing is not None and existing.role != Role.PARTNER:
        raise ServiceError(
            f"{user.display_name} already works for {organisation.council.name} as "
            f"{existing.get_role_display().lower()}. Use a separate account for partner work.",
            field="user",
        )
    membership, _ = Membership.objects.update_or_create(
        user=user,
        council=organisation.council,
        defaults={"role": Role.PARTNER, "organisation": organisation, "team": None},
    )
    audit_record(
        actor=actor,
        council=organisation.council,
        action="membership.granted",
        subject=membership,
        summary=f"{user.display_name} given the role {Role.PARTNER.label} for {organisation.name}",
        details={"organisation": organisation.name},
    )
    return membership
