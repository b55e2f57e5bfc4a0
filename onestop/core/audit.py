"""Write audit events: the one way any service records who did or viewed what, and why."""

from typing import TYPE_CHECKING, Any

from django.db import models

from onestop.core.models import AuditEvent

if TYPE_CHECKING:
    from onestop.councils.models import Council, User

SYSTEM_ACTOR_LABEL = "onestop (automatic)"


def actor_label(actor: "User | None") -> str:
    if actor is None:
        return SYSTEM_ACTOR_LABEL
    return actor.display_name


def audit_record(
    *,
    actor: "User | None",
    council: "Council | None",
    action: str,
    subject: models.Model,
    summary: str,
    case_reference: str = "",
    reason: str = "",
    details: dict[str, Any] | None = None,
    on_behalf_of: str = "",
) -> AuditEvent:
    """`on_behalf_of` names who acted when it was not staff, such as "The applicant, online"."""
    return AuditEvent.objects.create(
        council=council,
        actor=actor,
        actor_label=on_behalf_of or actor_label(actor),
        action=action,
        subject_type=subject._meta.label,
        subject_id=str(subject.pk),
        case_reference=case_reference,
        summary=summary,
        reason=reason,
        details=details or {},
    )
