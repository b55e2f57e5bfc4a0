"""Reads about complaints: the council's list with each one's next deadline, and the report."""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from onestop.casework.models import Complaint, ComplaintOutcome, ComplaintStatus
from onestop.core.models import AuditEvent
from onestop.councils.models import Council
from onestop.intake.models import Application

_RELATED = ("application", "logged_by", "stage_1_answered_by", "stage_2_answered_by")


@dataclass(frozen=True)
class NextDeadline:
    what: str  # what is due, as a list of complaints says it
    due_on: datetime.date


def complaint_next_deadline(complaint: Complaint) -> NextDeadline | None:
    """What the council owes the complainant next, and by when; None once nothing is owed."""
    if complaint.status == ComplaintStatus.STAGE_1:
        if complaint.acknowledged_at is None:
            return NextDeadline("Acknowledge", complaint.acknowledge_by)
        return NextDeadline("Stage 1 answer", complaint.stage_1_due_on)
    if complaint.status == ComplaintStatus.STAGE_2 and complaint.stage_2_due_on is not None:
        return NextDeadline("Stage 2 answer", complaint.stage_2_due_on)
    return None


def complaints_open(*, council: Council) -> list[Complaint]:
    """Complaints still owed an acknowledgement or an answer, the earliest deadline first."""
    waiting = Complaint.objects.select_related(*_RELATED).filter(
        council=council, status__in=[ComplaintStatus.STAGE_1, ComplaintStatus.STAGE_2]
    )

    def due(complaint: Complaint) -> tuple[datetime.date, int]:
        deadline = complaint_next_deadline(complaint)
        return (deadline.due_on if deadline else datetime.date.max, complaint.pk)

    return sorted(waiting, key=due)


def complaints_not_open(*, council: Council, limit: int = 50) -> QuerySet[Complaint]:
    """Answered at stage 1 (and perhaps going further) or closed: the latest received first."""
    return (
        Complaint.objects.select_related(*_RELATED)
        .filter(
            council=council,
            status__in=[ComplaintStatus.STAGE_1_ANSWERED, ComplaintStatus.CLOSED],
        )
        .order_by("-received_on", "-id")[:limit]
    )


def complaint_by_reference(*, council: Council, reference: str) -> Complaint | None:
    return (
        Complaint.objects.select_related(*_RELATED)
        .filter(council=council, reference=reference.strip().upper())
        .first()
    )


def complaint_history(*, complaint: Complaint) -> QuerySet[AuditEvent]:
    """What was done with the complaint and why, newest first (openings of the page left out)."""
    return (
        AuditEvent.objects.filter(
            council=complaint.council,
            subject_type=Complaint._meta.label,
            subject_id=str(complaint.pk),
        )
        .exclude(action="complaint.viewed")
        .order_by("-occurred_at", "-id")
    )


def complaints_for_case(*, application: Application) -> QuerySet[Complaint]:
    return Complaint.objects.select_related(*_RELATED).filter(
        council=application.council, application=application
    )


@dataclass(frozen=True)
class OnTime:
    on_time: int
    of: int


@dataclass(frozen=True)
class ComplaintReport:
    """Counts for the council's complaints: where they are, how they ended, what was on time."""

    total: int
    by_stage: list[tuple[str, int]]
    by_outcome: list[tuple[str, int]]
    acknowledged: OnTime
    stage_1_answered: OnTime
    stage_2_answered: OnTime


def _on_time(answers: list[tuple[datetime.datetime | None, datetime.date | None]]) -> OnTime:
    """Of the (done at, due on) pairs that are done, how many were done by the end of the day due."""
    done = [(at, due) for at, due in answers if at is not None and due is not None]
    return OnTime(sum(timezone.localtime(at).date() <= due for at, due in done), len(done))


def complaint_report(*, council: Council) -> ComplaintReport:
    complaints = list(Complaint.objects.filter(council=council))
    stages = Counter(c.status for c in complaints)
    # A complaint's outcome is its latest answer's: stage 2's if it went that far.
    outcomes = Counter(c.stage_2_outcome or c.stage_1_outcome for c in complaints)
    return ComplaintReport(
        total=len(complaints),
        by_stage=[(s.label, stages[s.value]) for s in ComplaintStatus],
        by_outcome=[(o.label, outcomes[o.value]) for o in ComplaintOutcome],
        acknowledged=_on_time([(c.acknowledged_at, c.acknowledge_by) for c in complaints]),
        stage_1_answered=_on_time([(c.stage_1_answered_at, c.stage_1_due_on) for c in complaints]),
        stage_2_answered=_on_time([(c.stage_2_answered_at, c.stage_2_due_on) for c in complaints]),
    )
