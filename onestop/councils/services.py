"""Changes to councils and staff: creating councils, accounts, and granting roles."""

from django.db import transaction

from onestop.core.audit import audit_record
from onestop.core.errors import ServiceError
from onestop.core.roles import Role
from onestop.councils.models import Council, Membership, User


@transaction.atomic
def council_create(
    *,
    actor: User | None,
    name: str,
    slug: str,
    bank_holiday_region: str = "ENG",
    phone_number: str = "",
    freephone_number: str = "",
) -> Council:
    if Council.objects.filter(slug=slug).exists():
        raise ServiceError(
            f"A council with the address name '{slug}' already exists.", field="slug"
        )
    council = Council.objects.create(
        name=name,
        slug=slug,
        bank_holiday_region=bank_holiday_region,
        phone_number=phone_number,
        freephone_number=freephone_number,
    )
    audit_record(
        actor=actor,
        council=council,
        action="council.created",
        subject=council,
        summary=f"Council {name} set up",
    )
    return council


@transaction.atomic
def user_create(*, actor: User | None, email: str, full_name: str, password: str) -> User:
    email = email.strip().lower()
    if User.objects.filter(email=email).exists():
        raise ServiceError("An account with this email address already exists.", field="email")
    user = User.objects.create_user(email=email, password=password, full_name=full_name)
    audit_record(
        actor=actor,
        council=None,
        action="user.created",
        subject=user,
        summary=f"Account created for {full_name}",
    )
    return user


@transaction.atomic
def membership_grant(*, actor: User | None, user: User, council: Council, role: Role) -> Membership:
    membership, _ = Membership.objects.update_or_create(
        user=user, council=council, defaults={"role": role}
    )
    audit_record(
        actor=actor,
        council=council,
        action="membership.granted",
        subject=membership,
        summary=f"{user.display_name} given the role {role.label}",
    )
    return membership
