"""Changes to schemes: setting one up, and how it is run."""

from dataclasses import asdict, dataclass

from django.db import transaction

from onestop.core.audit import audit_record
from onestop.core.errors import ServiceError
from onestop.councils.models import Council, User
from onestop.policy.models import AwardType, Scheme


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
    award_type: str = AwardType.E_VOUCHER,
) -> Scheme:
    scheme = Scheme.objects.create(
        council=council,
        name=name,
        slug=slug,
        reference_prefix=reference_prefix,
        policy=policy,
        decision_target_working_days=decision_target_working_days,
        award_type=award_type,
    )
    audit_record(
        actor=actor,
        council=council,
        action="scheme.created",
        subject=scheme,
        summary=f"Scheme {name} set up",
    )
    return scheme


@dataclass(frozen=True)
class SchemeRules:
    """How a scheme is run, as a council admin sets it: targets, four eyes, auto-decision, and
    how its awards are paid."""

    decision_target_working_days: int
    approval_above_pence: int | None
    auto_decide: bool
    auto_award_limit_pence: int
    review_target_working_days: int
    information_wait_working_days: int
    award_type: str


# A person must confirm the bank account or choose the items, so these are never automatic.
NEEDS_A_PERSON = frozenset({AwardType.BANK_PAYMENT, AwardType.GOODS})


def scheme_rules_change(*, actor: User, scheme: Scheme, rules: SchemeRules, reason: str) -> Scheme:
    """Change how a scheme is run. The change applies to decisions made from now on."""
    if not reason.strip():
        raise ServiceError("Enter why the scheme's rules are changing.", field="reason")
    for name, days in (
        ("decision_target_working_days", rules.decision_target_working_days),
        ("review_target_working_days", rules.review_target_working_days),
        ("information_wait_working_days", rules.information_wait_working_days),
    ):
        if not 1 <= days <= 60:
            raise ServiceError("Enter a number of working days from 1 to 60.", field=name)
    if rules.award_type not in AwardType.values:
        raise ServiceError("Select how the scheme's awards are paid.", field="award_type")
    if rules.auto_decide and rules.award_type in NEEDS_A_PERSON:
        raise ServiceError(
            "Awards paid by bank payment or as goods cannot be made automatically: a person "
            "must confirm the bank details or choose the items. Switch auto-decision off.",
            field="auto_decide",
        )
    if rules.auto_decide and rules.auto_award_limit_pence <= 0:
        raise ServiceError(
            "Enter the largest award that may be made automatically, or switch auto-decision off.",
            field="auto_award_limit_pence",
        )
    if (
        rules.auto_decide
        and rules.approval_above_pence is not None
        and rules.auto_award_limit_pence > rules.approval_above_pence
    ):
        raise ServiceError(
            "The automatic limit cannot be above the value that needs a team leader's approval.",
            field="auto_award_limit_pence",
        )
    with transaction.atomic():
        locked = Scheme.objects.select_for_update().get(pk=scheme.pk)
        before = {f: getattr(locked, f) for f in SchemeRules.__dataclass_fields__}
        for field_name, value in asdict(rules).items():
            setattr(locked, field_name, value)
        locked.save()
        after = asdict(rules)
        changed = {f: [before[f], after[f]] for f in after if before[f] != after[f]}
        audit_record(
            actor=actor,
            council=locked.council,
            action="scheme.rules_changed",
            subject=locked,
            summary=f"How {locked.name} is run was changed",
            reason=reason.strip(),
            details={"changed": changed},
        )
    return locked
