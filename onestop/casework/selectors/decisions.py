"""Reads about deciding: open information requests and awards waiting for approval."""

from django.db.models import Count, QuerySet

from onestop.casework.models import (
    ApprovalStatus,
    AwardApproval,
    Decision,
    DiscretionReason,
    InformationRequest,
    InformationRequestStatus,
)
from onestop.councils.models import Council
from onestop.intake.models import Application


def information_requests_for(*, application: Application) -> QuerySet[InformationRequest]:
    return InformationRequest.objects.select_related("requested_by", "resolved_by").filter(
        council=application.council, application=application
    )


def information_request_open(*, application: Application) -> InformationRequest | None:
    return (
        information_requests_for(application=application)
        .filter(status=InformationRequestStatus.WAITING)
        .first()
    )


def approvals_waiting(*, council: Council) -> QuerySet[AwardApproval]:
    return (
        AwardApproval.objects.select_related("application__applicant", "application__scheme")
        .select_related("proposed_by")
        .filter(council=council, status=ApprovalStatus.WAITING)
        .order_by("created_at", "id")
    )


def approvals_for(*, application: Application) -> QuerySet[AwardApproval]:
    return AwardApproval.objects.select_related("proposed_by", "approver").filter(
        council=application.council, application=application
    )


def approval_waiting_for(*, application: Application) -> AwardApproval | None:
    return approvals_for(application=application).filter(status=ApprovalStatus.WAITING).first()


def discretion_report(*, council: Council) -> list[tuple[str, int]]:
    """How often each discretion reason was used: the report managers read for consistency."""
    counts = dict(
        Decision.objects.filter(council=council, departs_from_assessment=True)
        .values_list("discretion_reason")
        .annotate(n=Count("id"))
        .values_list("discretion_reason", "n")
    )
    return [(label, counts[value]) for value, label in DiscretionReason.choices if value in counts]


def discretion_decisions(*, council: Council, limit: int = 200) -> QuerySet[Decision]:
    return (
        Decision.objects.select_related("application__scheme", "decided_by", "approved_by")
        .filter(council=council, departs_from_assessment=True)
        .order_by("-created_at")[:limit]
    )
