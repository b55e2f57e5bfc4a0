"""Changes to councils and staff: councils, accounts, roles, and partner organisations' API keys."""

import datetime

from django.db import transaction
from django.utils import timezone

from onestop.core.audit import audit_record
from onestop.core.errors import ServiceError
from onestop.core.roles import Role
from onestop.councils.api_keys import key_generate, key_matches, key_prefix
from onestop.councils.models import (
    ApiKey,
    Council,
    Membership,
    Organisation,
    OrganisationKind,
    User,
)


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


# --- partner organisations and their API keys -------------------------------------------


@transaction.atomic
def organisation_create(
    *, actor: User | None, council: Council, name: str, kind: str = OrganisationKind.OTHER
) -> Organisation:
    name = " ".join(name.split())
    if not name:
        raise ServiceError("Enter the organisation's name.", field="organisation")
    if Organisation.objects.filter(council=council, name__iexact=name).exists():
        raise ServiceError(f"{name} is already a partner organisation.", field="organisation")
    organisation = Organisation.objects.create(council=council, name=name, kind=kind)
    audit_record(
        actor=actor,
        council=council,
        action="organisation.created",
        subject=organisation,
        summary=f"Partner organisation {name} added",
        details={"kind": kind},
    )
    return organisation


@transaction.atomic
def api_key_issue(
    *, actor: User | None, organisation: Organisation, name: str = ""
) -> tuple[ApiKey, str]:
    """A new key for the organisation, and the key itself: show it once, it is not kept."""
    new = key_generate()
    api_key = ApiKey.objects.create(
        organisation=organisation,
        prefix=new.prefix,
        secret_hash=new.secret_hash,
        name=name.strip(),
        created_by=actor,
    )
    audit_record(
        actor=actor,
        council=organisation.council,
        action="api_key.issued",
        subject=api_key,
        summary=f"API key {new.prefix} issued to {organisation.name}",
        details={"organisation": organisation.name, "name": api_key.name},
    )
    return api_key, new.key


@transaction.atomic
def api_key_revoke(*, actor: User | None, api_key: ApiKey, reason: str = "") -> ApiKey:
    locked = (
        ApiKey.objects.select_related("organisation__council")
        .select_for_update()
        .get(pk=api_key.pk)
    )
    if locked.revoked_at is not None:
        raise ServiceError(f"API key {locked.prefix} is already revoked.")
    locked.revoked_at = timezone.now()
    locked.save(update_fields=["revoked_at", "updated_at"])
    audit_record(
        actor=actor,
        council=locked.organisation.council,
        action="api_key.revoked",
        subject=locked,
        summary=f"API key {locked.prefix} of {locked.organisation.name} revoked",
        reason=reason,
    )
    return locked


# How often a key's "last used" time is written: often enough to tell a key in use from one that
# is not, without a write on every request.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


def api_key_authenticate(*, presented: str) -> ApiKey | None:
    """The live key matching what a request presented, or None; notes when it was last used.

    Not audited per request: the key's last-used time is the record, and everything a key does
    (an application submitted) is audited in its own right.
    """
    prefix = key_prefix(presented.strip())
    if prefix is None:
        return None
    api_key = (
        ApiKey.objects.select_related("organisation__council")
        .filter(prefix=prefix, revoked_at__isnull=True)
        .first()
    )
    if api_key is None or not key_matches(presented.strip(), api_key.secret_hash):
        return None
    now = timezone.now()
    if api_key.last_used_at is None or now - api_key.last_used_at >= LAST_USED_RESOLUTION:
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
        api_key.last_used_at = now
    return api_key
