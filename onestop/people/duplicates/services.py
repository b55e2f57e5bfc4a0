"""Raise, confirm and dismiss match flags, and set a council's thresholds for raising them.

A flag is a question for staff. Confirming that two records are one person records the
answer on both people's cases; it merges nothing and refuses nothing, because a wrong merge
or refusal would harm someone who is entitled to help.
"""

import dataclasses
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from onestop.core.audit import audit_record
from onestop.core.errors import ServiceError
from onestop.councils.models import Council, Membership, User
from onestop.people.linkage.dedupe import ScoredPair
from onestop.people.models import (
    Household,
    MatchFlag,
    MatchFlagKind,
    MatchFlagSource,
    MatchFlagStatus,
    MatchingSettings,
    Person,
)


def matching_settings_for(*, council: Council) -> MatchingSettings:
    """The council's settings, made with the defaults the first time they are asked for."""
    found = MatchingSettings.objects.filter(council=council).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return MatchingSettings.objects.create(council=council)
    except IntegrityError:  # made by a concurrent first check
        return MatchingSettings.objects.get(council=council)


def pair_subject(first_id: int, second_id: int) -> str:
    low, high = sorted((first_id, second_id))
    return f"people:{low}:{high}"


def _flag_create(
    *, council: Council, summary: str, details: dict[str, Any] | None = None, **fields: Any
) -> MatchFlag | None:
    """A new flag with its audit event, or None when a concurrent check raised it first."""
    try:
        with transaction.atomic():
            flag = MatchFlag.objects.create(council=council, **fields)
            audit_record(
                actor=None,
                council=council,
                action="match_flag.raised",
                subject=flag,
                case_reference=fields.get("application_reference", ""),
                summary=summary,
                details=details,
            )
    except IntegrityError:
        return None
    return flag


def duplicate_flag_raise(
    *,
    council: Council,
    pair: ScoredPair,
    found_by: MatchFlagSource,
    application_reference: str = "",
) -> MatchFlag | None:
    """Flag two people as possibly one, or refresh the evidence on the flag already raised.

    Staff's answer stands: a confirmed or dismissed pair is not reopened by being found again.
    Returns the flag when it is new.
    """
    subject = pair_subject(pair.left, pair.right)
    existing = MatchFlag.objects.filter(council=council, subject=subject).first()
    fields: dict[str, Any] = {
        "match_probability": pair.match_probability,
        "match_weight": pair.match_weight,
        "evidence": {"comparisons": pair.evidence},
    }
    if existing is not None:
        if existing.status == MatchFlagStatus.OPEN:
            MatchFlag.objects.filter(pk=existing.pk).update(**fields, updated_at=timezone.now())
        return None
    return _flag_create(
        council=council,
        summary=f"Possible duplicate flagged ({pair.match_probability:.0%} likely)",
        details={"people": [pair.left, pair.right]},
        kind=MatchFlagKind.POSSIBLE_DUPLICATE,
        subject=subject,
        person_id=pair.left,
        other_person_id=pair.right,
        found_by=found_by,
        application_reference=application_reference,
        **fields,
    )


def signal_flag_raise(
    *,
    council: Council,
    kind: MatchFlagKind,
    subject: str,
    count: int,
    evidence: dict[str, Any],
    found_by: MatchFlagSource,
    household: Household | None = None,
    person: Person | None = None,
    application_reference: str = "",
) -> MatchFlag | None:
    """Raise a signal (a shared bank account, many applications at an address), or update it.

    A dismissed signal opens again only when its count has grown since staff dismissed it:
    a fifth household on an account is news even if four were explained.
    """
    existing = (
        MatchFlag.objects.select_for_update().filter(council=council, subject=subject).first()
    )
    evidence = {**evidence, "count": count}
    if existing is not None:
        reopen = (
            existing.status == MatchFlagStatus.DISMISSED and count > existing.count_when_decided
        )
        if existing.status == MatchFlagStatus.OPEN or reopen:
            existing.evidence = evidence
            if reopen:
                existing.status = MatchFlagStatus.OPEN
                existing.decided_by, existing.decided_at, existing.decision_reason = None, None, ""
                audit_record(
                    actor=None,
                    council=council,
                    action="match_flag.reopened",
                    subject=existing,
                    case_reference=application_reference,
                    summary=f"{existing.get_kind_display()}: opened again, now {count}",
                )
            existing.save(
                update_fields=[
                    "evidence",
                    "status",
                    "decided_by",
                    "decided_at",
                    "decision_reason",
                    "updated_at",
                ]
            )
        return None
    return _flag_create(
        council=council,
        summary=f"{MatchFlagKind(kind).label} ({count})",
        kind=kind,
        subject=subject,
        household=household,
        person=person,
        evidence=evidence,
        found_by=found_by,
        application_reference=application_reference,
    )


def _signal_count(flag: MatchFlag) -> int:
    return int(flag.evidence.get("count", 0)) if isinstance(flag.evidence, dict) else 0


@transaction.atomic
def match_flag_decide(*, actor: User, flag: MatchFlag, confirmed: bool, reason: str) -> MatchFlag:
    """Staff's answer to a flag: confirmed (they are one person, or the signal is a concern)
    or dismissed (they are not, or the signal is explained), with the reason."""
    locked = MatchFlag.objects.select_for_update().get(pk=flag.pk, council=flag.council_id)
    if locked.status != MatchFlagStatus.OPEN:
        raise ServiceError(
            f"{locked.decided_by.display_name if locked.decided_by else 'Someone'} has already "
            f"answered this flag. Refresh the page to see their answer."
        )
    reason = reason.strip()
    if not reason:
        raise ServiceError("Enter why you confirmed or dismissed this flag")
    locked.status = MatchFlagStatus.CONFIRMED if confirmed else MatchFlagStatus.DISMISSED
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.decision_reason = reason
    locked.count_when_decided = _signal_count(locked)
    locked.save()
    audit_record(
        actor=actor,
        council=locked.council,
        action=f"match_flag.{locked.status}",
        subject=locked,
        case_reference=locked.application_reference,
        summary=f"{locked.get_kind_display()}: {locked.get_status_display().lower()}",
        reason=reason,
    )
    return locked


def match_flag_view_record(*, membership: Membership, flag: MatchFlag) -> None:
    """Who opened a flag: it shows people's details side by side, so each viewing is logged as
    a case viewing is."""
    audit_record(
        actor=membership.user,
        council=membership.council,
        action="match_flag.viewed",
        subject=flag,
        summary=f"{flag.get_kind_display()} flag viewed ({membership.get_role_display().lower()})",
        details={"status": flag.status, "application_reference": flag.application_reference},
    )


@dataclasses.dataclass(frozen=True)
class ThresholdChanges:
    duplicate_threshold: float
    households_per_bank_account: int
    applications_per_address: int
    address_window_days: int


@transaction.atomic
def matching_thresholds_set(
    *, actor: User, council: Council, changes: ThresholdChanges
) -> MatchingSettings:
    if not 0.5 < changes.duplicate_threshold < 1:
        raise ServiceError("The match probability must be more than 50% and less than 100%")
    if changes.households_per_bank_account < 2:
        raise ServiceError("A bank account can be flagged from 2 households upwards")
    if changes.applications_per_address < 2 or changes.address_window_days < 1:
        raise ServiceError("An address can be flagged from 2 applications in at least 1 day")
    current = matching_settings_for(council=council)
    before = {name: getattr(current, name) for name in dataclasses.asdict(changes)}
    for name, value in dataclasses.asdict(changes).items():
        setattr(current, name, value)
    current.save()
    audit_record(
        actor=actor,
        council=council,
        action="matching.thresholds_set",
        subject=current,
        summary="Thresholds for duplicate and fraud flags changed",
        details={"before": before, "after": dataclasses.asdict(changes)},
    )
    return current
