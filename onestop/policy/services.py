"""Changes to schemes."""

from django.db import transaction

from onestop.core.audit import audit_record
from onestop.councils.models import Council, User
from onestop.policy.models import Scheme


@transaction.atomic
def scheme_create(
    *,
    actor: User | None,
    council: Council,
    name: str,
    slug: str,
    reference_prefix: str,
    policy: str = "crisis-payment",
    decision_target_working_days: int = 1,
) -> Scheme:
    scheme = Scheme.objects.create(
        council=council,
        name=name,
        slug=slug,
        reference_prefix=reference_prefix,
        policy=policy,
        decision_target_working_days=decision_target_working_days,
    )
    audit_record(
        actor=actor,
        council=council,
        action="scheme.created",
        subject=scheme,
        summary=f"Scheme {name} set up",
    )
    return scheme
