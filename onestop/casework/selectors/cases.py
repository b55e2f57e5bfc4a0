"""Reads for casework: the work queue, the case and its timeline, always within one council."""

import datetime
from dataclasses import dataclass

from django.db.models import Case, IntegerField, QuerySet, Value, When

from onestop.casework.models import Decision
from onestop.core.models import AuditEvent
from onestop.councils.models import Council
from onestop.intake.models import Application, ApplicationStatus
from onestop.policy.vocabulary import Priority


@dataclass(frozen=True)
class DeadlineStatus:
    label: str
    colour: str  # a GOV.UK tag colour


def deadline_status(*, due: datetime.date, today: datetime.date) -> DeadlineStatus:
    if due < today:
        return DeadlineStatus("Overdue", "red")
    if due == today:
        return DeadlineStatus("Due today", "orange")
    return DeadlineStatus("On time", "green")


def work_queue(*, council: Council) -> QuerySet[Application]:
    """Applications waiting for a decision: highest priority first, then the earliest deadline."""
    priority_rank = Case(
        When(priority=Priority.HIGH, then=Value(0)),
        When(priority=Priority.MEDIUM, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return (
        Application.objects.select_related("scheme", "applicant")
        .filter(council=council, status=ApplicationStatus.AWAITING_DECISION)
        .annotate(priority_rank=priority_rank)
        .order_by("priority_rank", "decision_due", "submitted_at")
    )


def case_timeline(*, council: Council, reference: str) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(council=council, case_reference=reference).order_by(
        "-occurred_at", "-id"
    )


def decision_for(*, application: Application) -> Decision | None:
    return (
        Decision.objects.select_related("decided_by", "award")
        .filter(council=application.council, application=application)
        .first()
    )


def audit_log(*, council: Council, limit: int = 200) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(council=council).order_by("-occurred_at", "-id")[:limit]
