"""Reads about one case: its deadline, decision and timeline, and the council's audit log."""

import datetime
from dataclasses import dataclass
from enum import StrEnum

from django.db.models import QuerySet

from onestop.casework.models import Decision
from onestop.core.models import AuditEvent
from onestop.core.working_days import add_working_days
from onestop.councils.models import Council
from onestop.intake.models import Application


class Rag(StrEnum):
    """Red, amber or green against a deadline, as team leaders count them."""

    RED = "red"
    AMBER = "amber"
    GREEN = "green"


@dataclass(frozen=True)
class DeadlineStatus:
    rag: Rag
    label: str
    colour: str  # a GOV.UK tag colour


def due_soon_until(*, today: datetime.date, region: str) -> datetime.date:
    """The last day a deadline counts as due soon (amber): the next working day.

    On the Friday before a bank holiday Monday that is the Tuesday, so a case due on the Tuesday
    already shows amber on the Friday.
    """
    return add_working_days(today, 1, region=region)


def deadline_status(*, due: datetime.date, today: datetime.date, region: str) -> DeadlineStatus:
    """Red when overdue, amber when due today or the next working day, green otherwise."""
    if due < today:
        return DeadlineStatus(Rag.RED, "Overdue", "red")
    if due == today:
        return DeadlineStatus(Rag.AMBER, "Due today", "orange")
    if due <= due_soon_until(today=today, region=region):
        return DeadlineStatus(Rag.AMBER, "Due next working day", "orange")
    return DeadlineStatus(Rag.GREEN, "On time", "green")


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
