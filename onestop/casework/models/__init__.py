"""Casework's models, one module per part of the work; imported here so Django finds them."""

from onestop.casework.models.approvals import ApprovalStatus, AwardApproval
from onestop.casework.models.complaints import (
    Complaint,
    ComplaintChannel,
    ComplaintOutcome,
    ComplaintStatus,
)
from onestop.casework.models.decisions import Decision, DecisionOutcome, DiscretionReason
from onestop.casework.models.information import InformationRequest, InformationRequestStatus
from onestop.casework.models.notes import CaseDocument, CaseNote
from onestop.casework.models.reviews import Review, ReviewChannel, ReviewOutcome, ReviewStatus

__all__ = [
    "ApprovalStatus",
    "AwardApproval",
    "CaseDocument",
    "CaseNote",
    "Complaint",
    "ComplaintChannel",
    "ComplaintOutcome",
    "ComplaintStatus",
    "Decision",
    "DecisionOutcome",
    "DiscretionReason",
    "InformationRequest",
    "InformationRequestStatus",
    "Review",
    "ReviewChannel",
    "ReviewOutcome",
    "ReviewStatus",
]
