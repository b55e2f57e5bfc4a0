"""Four eyes: a high-value award proposed by one person waits for a team leader's approval."""

from django.conf import settings
from django.db import models

from onestop.casework.models.decisions import DiscretionReason
from onestop.core.models import CouncilOwnedModel


class ApprovalStatus(models.TextChoices):
    WAITING = "waiting", "Waiting for approval"
    APPROVED = "approved", "Approved"
    RETURNED = "returned", "Returned to the decision maker"


class AwardApproval(CouncilOwnedModel):
    """An award proposed above the scheme's four-eyes value. Nothing is committed until approved."""

    application = models.ForeignKey(
        "intake.Application", on_delete=models.PROTECT, related_name="+"
    )
    assessment = models.ForeignKey("intake.Assessment", on_delete=models.PROTECT, related_name="+")
    amount_pence = models.PositiveIntegerField()
    reasons = models.TextField(help_text="Told to the applicant once approved")
    discretion_reason = models.CharField(
        max_length=40, choices=DiscretionReason.choices, blank=True
    )
    discretion_details = models.TextField(blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        max_length=20, choices=ApprovalStatus.choices, default=ApprovalStatus.WAITING
    )
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approver_comment = models.TextField(blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(approver__isnull=True)
                | ~models.Q(approver=models.F("proposed_by")),
                name="nobody_approves_their_own_proposal",
            ),
            models.UniqueConstraint(
                fields=["application"],
                condition=models.Q(status="waiting"),
                name="one_waiting_approval_per_application",
            ),
        ]
