"""Give a person a role at an organisation: partner or supplier staff of one council, for one
organisation."""

from django.db import transaction

from onestop.core.audit import audit_record
from onestop.core.errors import ServiceError
from onestop.core.roles import Role
from onestop.councils.models import Membership, Organisation, OrganisationKind, User


@transaction.atomic
def partner_membership_grant(
    *, actor: User | None, user: User, organisation: Organisation
) -> Membership:
    """Make `user` staff of `organisation` (supplier staff for a supplier, partner staff for any
    other), in the council the organisation works with.

    A person who already works for the council in another role keeps that role: one person has
    one role per council, and council staff must not become partner staff by accident.
    """
    role = Role.SUPPLIER if organisation.kind == OrganisationKind.SUPPLIER else Role.PARTNER
    existing = Membership.objects.filter(user=user, council=organisation.council).first()
    if existing is not None and existing.role != role:
        raise ServiceError(
            f"{user.display_name} already works for {organisation.council.name} as "
            f"{existing.get_role_display().lower()}. Use a separate account for work for "
            f"{organisation.name}.",
            field="user",
        )
    membership, _ = Membership.objects.update_or_create(
        user=user,
        council=organisation.council,
        defaults={"role": role, "organisation": organisation, "team": None},
    )
    audit_record(
        actor=actor,
        council=organisation.council,
        action="membership.granted",
        subject=membership,
        summary=f"{user.display_name} given the role {role.label} for {organisation.name}",
        details={"organisation": organisation.name},
    )
    return membership
